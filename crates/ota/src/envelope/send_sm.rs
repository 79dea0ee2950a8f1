//! The proactive command SEND SHORT MESSAGE (ETSI TS 102 223 6.4.10, 6.6.9; 3GPP TS 31.111
//! 6.4.10).

use super::tlv::{
    EnvelopeError, TAG_ADDRESS, TAG_DEVICE_IDENTITIES, TAG_SMS_TPDU, check_devices, elements, find,
    push_element, refuse_unknown, wrap,
};
use super::{DEVICE_NETWORK, DEVICE_UICC};
use crate::sms::Address;

/// The proactive command template tag.
const TAG_PROACTIVE_COMMAND: u8 = 0xD0;
/// Command details element tag.
const TAG_COMMAND_DETAILS: u8 = 0x01;
/// Alpha identifier element tag.
const TAG_ALPHA: u8 = 0x05;
/// Type of command: SEND SHORT MESSAGE (ETSI TS 102 223 9.4).
pub const COMMAND_SEND_SHORT_MESSAGE: u8 = 0x13;

/// A SEND SHORT MESSAGE proactive command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendShortMessage {
    /// The command number (command details).
    pub number: u8,
    /// The command qualifier: b1 = 1 asks the terminal to pack the text (not for 8-bit
    /// OTA data, where it is 0).
    pub qualifier: u8,
    /// The alpha identifier, if the UICC wants the user told.
    pub alpha: Option<Vec<u8>>,
    /// The service centre address, if not the terminal's default.
    pub address: Option<Address>,
    /// The SMS-SUBMIT TPDU (see [`crate::sms::SmsSubmit`]).
    pub tpdu: Vec<u8>,
}

impl SendShortMessage {
    /// The command: `D0 L { 81 03 nn 13 qq | 82 02 81 83 | [05 alpha] | [06 address] |
    /// 8B L TPDU }`.
    pub fn encode(&self) -> Result<Vec<u8>, EnvelopeError> {
        let mut content = Vec::new();
        push_element(
            &mut content,
            TAG_COMMAND_DETAILS | 0x80,
            &[self.number, COMMAND_SEND_SHORT_MESSAGE, self.qualifier],
        )?;
        push_element(
            &mut content,
            TAG_DEVICE_IDENTITIES | 0x80,
            &[DEVICE_UICC, DEVICE_NETWORK],
        )?;
        if let Some(alpha) = &self.alpha {
            push_element(&mut content, TAG_ALPHA, alpha)?;
        }
        if let Some(address) = &self.address {
            push_element(&mut content, TAG_ADDRESS, &address.encode_ton_npi_bcd())?;
        }
        push_element(&mut content, TAG_SMS_TPDU | 0x80, &self.tpdu)?;
        wrap(TAG_PROACTIVE_COMMAND, &content)
    }

    /// Parses the command; other command types and devices are refused.
    pub fn parse(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        let items = elements(bytes, TAG_PROACTIVE_COMMAND)?;
        let details = find(&items, TAG_COMMAND_DETAILS)
            .ok_or(EnvelopeError::Missing(TAG_COMMAND_DETAILS | 0x80))?;
        let &[number, kind, qualifier] = details else {
            return Err(EnvelopeError::ValueLength(TAG_COMMAND_DETAILS | 0x80));
        };
        if kind != COMMAND_SEND_SHORT_MESSAGE {
            return Err(EnvelopeError::CommandType(kind));
        }
        let known = [
            TAG_COMMAND_DETAILS,
            TAG_DEVICE_IDENTITIES,
            TAG_ALPHA,
            TAG_ADDRESS,
            TAG_SMS_TPDU,
        ];
        refuse_unknown(&items, &known)?;
        check_devices(&items, DEVICE_UICC, DEVICE_NETWORK)?;
        let address = find(&items, TAG_ADDRESS)
            .map(Address::decode_ton_npi_bcd)
            .transpose()?;
        let tpdu = find(&items, TAG_SMS_TPDU).ok_or(EnvelopeError::Missing(TAG_SMS_TPDU | 0x80))?;
        Ok(SendShortMessage {
            number,
            qualifier,
            alpha: find(&items, TAG_ALPHA).map(<[u8]>::to_vec),
            address,
            tpdu: tpdu.to_vec(),
        })
    }
}
