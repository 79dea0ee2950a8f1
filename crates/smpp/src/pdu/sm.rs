//! submit_sm and deliver_sm (SMPP 3.4 4.4 and 4.6), which share one body layout, and their
//! responses.

use super::error::{DecodeError, EncodeError};
use super::fields::{Reader, put_c_string};
use super::status::CommandStatus;
use super::tlv::{self, Tlv};

/// The largest short_message (SMPP 3.4 5.2.22: sm_length 0 to 254).
pub const MAX_SHORT_MESSAGE: usize = 254;

/// The body of submit_sm (4.4.1) and deliver_sm (4.6.1).
///
/// ```text
/// service_type             C-Octet String, max 6
/// source_addr_ton, _npi    Integer, 1 each
/// source_addr              C-Octet String, max 21
/// dest_addr_ton, _npi      Integer, 1 each
/// destination_addr         C-Octet String, max 21
/// esm_class                Integer, 1
/// protocol_id              Integer, 1
/// priority_flag            Integer, 1
/// schedule_delivery_time   C-Octet String, 1 or 17   (NULL in deliver_sm)
/// validity_period          C-Octet String, 1 or 17   (NULL in deliver_sm)
/// registered_delivery      Integer, 1
/// replace_if_present_flag  Integer, 1                 (0 in deliver_sm)
/// data_coding              Integer, 1
/// sm_default_msg_id        Integer, 1                 (0 in deliver_sm)
/// sm_length                Integer, 1
/// short_message            Octet String, 0 to 254
/// optional parameters      TLVs
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShortMessage {
    /// The SMS application service (5.2.11), usually empty.
    pub service_type: String,
    /// Type of number of the source address (5.2.5).
    pub source_addr_ton: u8,
    /// Numbering plan of the source address (5.2.6).
    pub source_addr_npi: u8,
    /// The originator's address (max 21 with the NULL).
    pub source_addr: String,
    /// Type of number of the destination address (5.2.5).
    pub dest_addr_ton: u8,
    /// Numbering plan of the destination address (5.2.6).
    pub dest_addr_npi: u8,
    /// The recipient's address (max 21 with the NULL).
    pub destination_addr: String,
    /// Message mode and type (5.2.12): [`ShortMessage::ESM_CLASS_UDHI`],
    /// [`ShortMessage::ESM_CLASS_DELIVERY_RECEIPT`].
    pub esm_class: u8,
    /// TP-PID (5.2.13; GSM 03.40), e.g. 0x7F for (U)SIM data download.
    pub protocol_id: u8,
    /// Priority (5.2.14).
    pub priority_flag: u8,
    /// Absolute or relative time format (7.1), or empty for immediate delivery.
    pub schedule_delivery_time: String,
    /// Absolute or relative time format (7.1), or empty for the SMSC's default.
    pub validity_period: String,
    /// Receipts requested (5.2.17); bits 1..0 = 01 or 10 ask for a delivery receipt.
    pub registered_delivery: u8,
    /// Replace an earlier message (5.2.18).
    pub replace_if_present_flag: u8,
    /// Data coding scheme (5.2.19), e.g. 0x04 or 0xF6 for 8-bit data.
    pub data_coding: u8,
    /// A canned message's id (5.2.20), 0 for none.
    pub sm_default_msg_id: u8,
    /// The user data, UDH included when esm_class has UDHI (0 to 254 octets).
    pub short_message: Vec<u8>,
    /// Optional parameters (message_payload, user_message_reference, sar_*, others kept).
    pub tlvs: Vec<Tlv>,
}

impl ShortMessage {
    /// esm_class bit 6: the user data begins with a User Data Header (5.2.12).
    pub const ESM_CLASS_UDHI: u8 = 0x40;
    /// esm_class bits 5..2 = 0001: the message is an SMSC delivery receipt (5.2.12).
    pub const ESM_CLASS_DELIVERY_RECEIPT: u8 = 0x04;

    /// The user data: message_payload (5.3.2.32) when present, else short_message.
    pub fn user_data(&self) -> &[u8] {
        tlv::find(&self.tlvs, Tlv::MESSAGE_PAYLOAD).unwrap_or(&self.short_message)
    }

    /// Whether registered_delivery asks for an SMSC delivery receipt (5.2.17, bits 1..0:
    /// 01 on success or failure, 10 on failure only).
    pub fn wants_receipt(&self, delivered: bool) -> bool {
        receipt_wanted(self.registered_delivery, delivered)
    }

    pub(crate) fn decode(body: &[u8]) -> Result<ShortMessage, DecodeError> {
        use CommandStatus as S;
        let mut r = Reader::new(body);
        let mut sm = ShortMessage {
            service_type: r.c_string("service_type", 6, S::ESME_RINVSERTYP)?,
            source_addr_ton: r.u8("source_addr_ton")?,
            source_addr_npi: r.u8("source_addr_npi")?,
            source_addr: r.c_string("source_addr", 21, S::ESME_RINVSRCADR)?,
            dest_addr_ton: r.u8("dest_addr_ton")?,
            dest_addr_npi: r.u8("dest_addr_npi")?,
            destination_addr: r.c_string("destination_addr", 21, S::ESME_RINVDSTADR)?,
            esm_class: r.u8("esm_class")?,
            protocol_id: r.u8("protocol_id")?,
            priority_flag: r.u8("priority_flag")?,
            schedule_delivery_time: time_field(
                &mut r,
                "schedule_delivery_time",
                S::ESME_RINVSCHED,
            )?,
            validity_period: time_field(&mut r, "validity_period", S::ESME_RINVEXPIRY)?,
            registered_delivery: r.u8("registered_delivery")?,
            replace_if_present_flag: r.u8("replace_if_present_flag")?,
            data_coding: r.u8("data_coding")?,
            sm_default_msg_id: r.u8("sm_default_msg_id")?,
            ..ShortMessage::default()
        };
        let sm_length = usize::from(r.u8("sm_length")?);
        if sm_length > MAX_SHORT_MESSAGE {
            return Err(DecodeError::Field {
                field: "sm_length",
                status: S::ESME_RINVMSGLEN,
            });
        }
        sm.short_message = r.octets(sm_length, "short_message")?.to_vec();
        sm.tlvs = tlv::read_all(&mut r)?;
        Ok(sm)
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        put_c_string(out, "service_type", &self.service_type, 6)?;
        out.extend_from_slice(&[self.source_addr_ton, self.source_addr_npi]);
        put_c_string(out, "source_addr", &self.source_addr, 21)?;
        out.extend_from_slice(&[self.dest_addr_ton, self.dest_addr_npi]);
        put_c_string(out, "destination_addr", &self.destination_addr, 21)?;
        out.extend_from_slice(&[self.esm_class, self.protocol_id, self.priority_flag]);
        put_c_string(
            out,
            "schedule_delivery_time",
            &self.schedule_delivery_time,
            17,
        )?;
        put_c_string(out, "validity_period", &self.validity_period, 17)?;
        out.extend_from_slice(&[
            self.registered_delivery,
            self.replace_if_present_flag,
            self.data_coding,
            self.sm_default_msg_id,
        ]);
        let sm_length = u8::try_from(self.short_message.len())
            .ok()
            .filter(|&n| usize::from(n) <= MAX_SHORT_MESSAGE)
            .ok_or(EncodeError::ShortMessageTooLong(self.short_message.len()))?;
        out.push(sm_length);
        out.extend_from_slice(&self.short_message);
        tlv::write_all(out, &self.tlvs)
    }
}

/// Whether a registered_delivery value (5.2.17) asks for a receipt of a message that was,
/// or was not, delivered.
pub(crate) fn receipt_wanted(registered_delivery: u8, delivered: bool) -> bool {
    match registered_delivery & 0x03 {
        0x01 => true,
        0x02 => !delivered,
        _ => false,
    }
}

/// A time field (7.1): either empty or exactly 16 characters.
fn time_field(
    r: &mut Reader<'_>,
    field: &'static str,
    status: CommandStatus,
) -> Result<String, DecodeError> {
    let value = r.c_string(field, 17, status)?;
    match value.len() {
        0 | 16 => Ok(value),
        _ => Err(DecodeError::Field { field, status }),
    }
}

/// The body of submit_sm_resp (4.4.2) and deliver_sm_resp (4.6.2): a message_id (max 65;
/// always NULL in deliver_sm_resp). submit_sm_resp has no body when command_status is not
/// ESME_ROK.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageIdResp {
    /// The SMSC's id for the submitted message; empty in deliver_sm_resp.
    pub message_id: String,
}

impl MessageIdResp {
    pub(crate) fn decode(body: &[u8]) -> Result<MessageIdResp, DecodeError> {
        if body.is_empty() {
            return Ok(MessageIdResp::default());
        }
        let mut r = Reader::new(body);
        let message_id = r.c_string("message_id", 65, CommandStatus::ESME_RINVMSGID)?;
        r.finish()?;
        Ok(MessageIdResp { message_id })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        put_c_string(out, "message_id", &self.message_id, 65)
    }
}
