//! Optional parameters (SMPP 3.4 3.2.4 and 5.3): tag, length, value; unknown tags are kept.
//!
//! ```text
//! Parameter Tag     2 octets
//! Length            2 octets  the value's length
//! Value             Length octets
//! ```

use super::error::{DecodeError, EncodeError};
use super::fields::Reader;
use super::status::CommandStatus;

/// An optional parameter (SMPP 3.4 3.2.4), in the order it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tlv {
    /// The Parameter Tag (5.3.2).
    pub tag: u16,
    /// The value octets.
    pub value: Vec<u8>,
}

impl Tlv {
    /// user_message_reference (5.3.2.17): the ESME's reference, two octets.
    pub const USER_MESSAGE_REFERENCE: u16 = 0x0204;
    /// sar_msg_ref_num (5.3.2.22): the concatenated message's reference, two octets.
    pub const SAR_MSG_REF_NUM: u16 = 0x020C;
    /// sar_total_segments (5.3.2.23): one octet.
    pub const SAR_TOTAL_SEGMENTS: u16 = 0x020E;
    /// sar_segment_seqnum (5.3.2.24): one octet, from 1.
    pub const SAR_SEGMENT_SEQNUM: u16 = 0x020F;
    /// sc_interface_version (5.3.2.25): the SMSC's SMPP version, one octet.
    pub const SC_INTERFACE_VERSION: u16 = 0x0210;
    /// receipted_message_id (5.3.2.12): the message a delivery receipt reports on.
    pub const RECEIPTED_MESSAGE_ID: u16 = 0x001E;
    /// message_payload (5.3.2.32): user data longer than short_message's 254 octets.
    pub const MESSAGE_PAYLOAD: u16 = 0x0424;
    /// message_state (5.3.2.35): the final state a delivery receipt reports, one octet.
    pub const MESSAGE_STATE: u16 = 0x0427;

    /// A parameter from its tag and value.
    pub fn new(tag: u16, value: impl Into<Vec<u8>>) -> Tlv {
        Tlv {
            tag,
            value: value.into(),
        }
    }
}

/// Reads the optional parameters that fill the rest of a body; a parameter whose header or
/// value runs past the body is ESME_RINVOPTPARSTREAM (5.1.3).
pub(crate) fn read_all(reader: &mut Reader<'_>) -> Result<Vec<Tlv>, DecodeError> {
    let stream_error = DecodeError::Field {
        field: "optional parameters",
        status: CommandStatus::ESME_RINVOPTPARSTREAM,
    };
    let mut tlvs = Vec::new();
    while !reader.is_empty() {
        let head = reader.octets(4, "tlv").map_err(|_| stream_error.clone())?;
        let [t0, t1, l0, l1] = <[u8; 4]>::try_from(head).map_err(|_| stream_error.clone())?;
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        let value = reader
            .octets(len, "tlv")
            .map_err(|_| stream_error.clone())?;
        tlvs.push(Tlv::new(u16::from_be_bytes([t0, t1]), value));
    }
    Ok(tlvs)
}

/// Appends each parameter's tag, length and value.
pub(crate) fn write_all(out: &mut Vec<u8>, tlvs: &[Tlv]) -> Result<(), EncodeError> {
    for tlv in tlvs {
        let len = u16::try_from(tlv.value.len()).map_err(|_| EncodeError::TlvTooLong {
            tag: tlv.tag,
            len: tlv.value.len(),
        })?;
        out.extend_from_slice(&tlv.tag.to_be_bytes());
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&tlv.value);
    }
    Ok(())
}

/// The value of the first parameter with `tag`.
pub(crate) fn find(tlvs: &[Tlv], tag: u16) -> Option<&[u8]> {
    tlvs.iter()
        .find(|t| t.tag == tag)
        .map(|t| t.value.as_slice())
}
