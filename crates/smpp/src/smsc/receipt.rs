//! SMSC delivery receipts (SMPP 3.4 2.11 and Appendix B): a deliver_sm back to the
//! originator, esm_class 0x04, whose short_message reads
//!
//! ```text
//! id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E Text: ...
//! ```
//!
//! with receipted_message_id (5.3.2.12) and message_state (5.3.2.35) beside it.

use time::OffsetDateTime;

use super::time_format::receipt_date;
use crate::pdu::{CommandStatus, ShortMessage, Tlv};

/// A message's final state (SMPP 3.4 5.2.28 message_state, and Appendix B's `stat:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalState {
    /// Delivered to the recipient ESME (message_state 2, `DELIVRD`).
    Delivered,
    /// Its validity period passed before delivery (3, `EXPIRED`).
    Expired,
    /// The recipient refused it with this deliver_sm_resp status (5, `UNDELIV`).
    Undeliverable(CommandStatus),
}

impl FinalState {
    fn stat(self) -> &'static str {
        match self {
            FinalState::Delivered => "DELIVRD",
            FinalState::Expired => "EXPIRED",
            FinalState::Undeliverable(_) => "UNDELIV",
        }
    }

    fn message_state(self) -> u8 {
        match self {
            FinalState::Delivered => 2,
            FinalState::Expired => 3,
            FinalState::Undeliverable(_) => 5,
        }
    }

    fn error(self) -> u32 {
        match self {
            FinalState::Undeliverable(status) => status.0,
            FinalState::Delivered | FinalState::Expired => 0,
        }
    }
}

/// The receipt for message `id` submitted as `original` at `submitted`, ended as `state`
/// at `done`; addressed from the original recipient back to the originator.
pub(crate) fn receipt(
    id: &str,
    original: &ShortMessage,
    submitted: OffsetDateTime,
    done: OffsetDateTime,
    state: FinalState,
) -> ShortMessage {
    let delivered = u8::from(state == FinalState::Delivered);
    let text: String = original
        .short_message
        .iter()
        .take(20)
        .take_while(|b| b.is_ascii_graphic() || **b == b' ')
        .map(|&b| char::from(b))
        .collect();
    let body = format!(
        "id:{id} sub:001 dlvrd:{delivered:03} submit date:{} done date:{} stat:{} err:{:03} Text:{text}",
        receipt_date(submitted),
        receipt_date(done),
        state.stat(),
        state.error().min(999),
    );
    let mut receipted_id = id.as_bytes().to_vec();
    receipted_id.push(0);
    ShortMessage {
        source_addr_ton: original.dest_addr_ton,
        source_addr_npi: original.dest_addr_npi,
        source_addr: original.destination_addr.clone(),
        dest_addr_ton: original.source_addr_ton,
        dest_addr_npi: original.source_addr_npi,
        destination_addr: original.source_addr.clone(),
        esm_class: ShortMessage::ESM_CLASS_DELIVERY_RECEIPT,
        short_message: body.into_bytes(),
        tlvs: vec![
            Tlv::new(Tlv::RECEIPTED_MESSAGE_ID, receipted_id),
            Tlv::new(Tlv::MESSAGE_STATE, vec![state.message_state()]),
        ],
        ..ShortMessage::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn receipt_text_follows_appendix_b() {
        let original = ShortMessage {
            source_addr: "smsr".into(),
            destination_addr: "4915550001".into(),
            short_message: b"hello".to_vec(),
            ..ShortMessage::default()
        };
        let r = receipt(
            "00000001",
            &original,
            datetime!(2026-03-01 12:00 UTC),
            datetime!(2026-03-01 12:01 UTC),
            FinalState::Delivered,
        );
        assert_eq!(
            String::from_utf8_lossy(&r.short_message),
            "id:00000001 sub:001 dlvrd:001 submit date:2603011200 done date:2603011201 stat:DELIVRD err:000 Text:hello"
        );
        assert_eq!(
            (r.source_addr.as_str(), r.destination_addr.as_str()),
            ("4915550001", "smsr")
        );
        assert_eq!(r.esm_class, 0x04);
        assert_eq!(r.tlvs[0], Tlv::new(0x001E, b"00000001\0".to_vec()));
        assert_eq!(r.tlvs[1], Tlv::new(0x0427, vec![2]));
    }
}
