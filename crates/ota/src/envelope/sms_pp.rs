//! The SMS-PP data download ENVELOPE (3GPP TS 31.111 7.1.1.2; ETSI TS 102 223 7.1.1).

use super::tlv::{
    EnvelopeError, TAG_ADDRESS, TAG_DEVICE_IDENTITIES, TAG_SMS_TPDU, check_devices, elements, find,
    push_element, refuse_unknown, wrap,
};
use super::{DEVICE_NETWORK, DEVICE_UICC};
use crate::sms::Address;

/// The SMS-PP download template tag.
const TAG_SMS_PP_DOWNLOAD: u8 = 0xD1;

/// An SMS-PP data download from the network to the UICC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsPpDownload {
    /// The service centre address, if the terminal gives it.
    pub service_centre: Option<Address>,
    /// The SMS-DELIVER TPDU as received (see [`crate::sms::SmsDeliver`]).
    pub tpdu: Vec<u8>,
}

impl SmsPpDownload {
    /// The ENVELOPE data: `D1 L { 82 02 83 81 | [86 L address] | 8B L TPDU }`.
    pub fn encode(&self) -> Result<Vec<u8>, EnvelopeError> {
        let mut content = Vec::new();
        push_element(
            &mut content,
            TAG_DEVICE_IDENTITIES | 0x80,
            &[DEVICE_NETWORK, DEVICE_UICC],
        )?;
        if let Some(address) = &self.service_centre {
            push_element(
                &mut content,
                TAG_ADDRESS | 0x80,
                &address.encode_ton_npi_bcd(),
            )?;
        }
        push_element(&mut content, TAG_SMS_TPDU | 0x80, &self.tpdu)?;
        wrap(TAG_SMS_PP_DOWNLOAD, &content)
    }

    /// Parses the ENVELOPE data; the devices must be network → UICC.
    pub fn parse(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        let items = elements(bytes, TAG_SMS_PP_DOWNLOAD)?;
        refuse_unknown(&items, &[TAG_DEVICE_IDENTITIES, TAG_ADDRESS, TAG_SMS_TPDU])?;
        check_devices(&items, DEVICE_NETWORK, DEVICE_UICC)?;
        let service_centre = find(&items, TAG_ADDRESS)
            .map(Address::decode_ton_npi_bcd)
            .transpose()?;
        let tpdu = find(&items, TAG_SMS_TPDU).ok_or(EnvelopeError::Missing(TAG_SMS_TPDU | 0x80))?;
        Ok(SmsPpDownload {
            service_centre,
            tpdu: tpdu.to_vec(),
        })
    }
}
