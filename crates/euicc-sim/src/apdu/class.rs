//! The class byte: which logical channel a command is for, and whether it is an interindustry
//! (ISO/IEC 7816-4) or a proprietary (GlobalPlatform) command.
//!
//! ISO/IEC 7816-4 class byte coding, GPCS v2.3 §11.1 (class byte coding), ETSI TS 102 221
//! §10.1.1:
//!
//! ```text
//! 000x xxxx  first interindustry:  b5 command chaining, b4-b3 secure messaging, b2-b1 channel 0..3
//! 001x xxxx  RFU
//! 01xx xxxx  further interindustry: b6 secure messaging, b5 chaining, b4-b1 channel 4..19
//! 1000 xxxx  proprietary (GP '80'-'8F'): b4-b3 secure messaging, b2-b1 channel 0..3
//! 1010 0000  'A0': the class of 3GPP TS 51.011 (GSM 11.11) §9 commands, basic channel only
//! 110x xxxx  proprietary (GP 'C0'-'CF', 'E0'-'EF'): channels 4..19
//!            other proprietary values are not GlobalPlatform classes; 'FF' is invalid
//! ```
//!
//! This card supports the basic channel and three supplementary channels (0..3), as announced
//! in its ATR, and no command chaining; secure messaging only to a selected ISD-P of an M2M
//! eUICC (its SCP03 session, see `Card`), never here.

use super::status::StatusWord;

/// Highest logical channel number the card supports.
pub const MAX_CHANNEL: u8 = 3;

/// Interindustry (ISO/IEC 7816-4, ETSI TS 102 221), proprietary (GlobalPlatform) or the
/// SIM's class 'A0' (3GPP TS 51.011 §9: the commands a UICC still takes from SIM
/// terminals and readers, answered as a SIM answers them, see [`crate::uicc::gsm`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ClassKind {
    Interindustry,
    Proprietary,
    Gsm,
}

/// The class byte of TS 51.011 §9 (GSM 11.11): 'A0'.
pub const GSM_CLA: u8 = 0xA0;

/// A decoded class byte of a command this card can process.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Class {
    pub kind: ClassKind,
    pub channel: u8,
}

impl Class {
    /// Decodes a class byte; the error is the status word the card answers with.
    pub fn decode(cla: u8) -> Result<Self, StatusWord> {
        let kind = match cla {
            GSM_CLA => ClassKind::Gsm,
            0x00..=0x1F => ClassKind::Interindustry,
            0x80..=0x8F => ClassKind::Proprietary,
            // further interindustry and GP's 'C0'-'CF' / 'E0'-'EF': channels 4..19
            0x40..=0x7F | 0xC0..=0xCF | 0xE0..=0xEF => {
                return Err(StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED);
            }
            // RFU ('20'-'3F'), classes GlobalPlatform does not define, 'FF'
            _ => return Err(StatusWord::CLA_NOT_SUPPORTED),
        };
        if cla & 0x0C != 0 {
            return Err(StatusWord::SECURE_MESSAGING_NOT_SUPPORTED);
        }
        if cla & 0x10 != 0 {
            return Err(StatusWord::COMMAND_CHAINING_NOT_SUPPORTED);
        }
        Ok(Self {
            kind,
            channel: cla & 0x03,
        })
    }

    /// The class byte of an interindustry command on `channel` (0..3), as a terminal builds it.
    pub fn interindustry(channel: u8) -> u8 {
        channel & 0x03
    }

    /// The class byte of a GlobalPlatform command on `channel` (0..3).
    pub fn proprietary(channel: u8) -> u8 {
        0x80 | (channel & 0x03)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpcs_11_1_class_byte_channels_0_to_3() {
        for ch in 0..=3u8 {
            assert_eq!(
                Class::decode(ch),
                Ok(Class {
                    kind: ClassKind::Interindustry,
                    channel: ch
                })
            );
            assert_eq!(
                Class::decode(0x80 | ch),
                Ok(Class {
                    kind: ClassKind::Proprietary,
                    channel: ch
                })
            );
        }
    }

    #[test]
    fn iso7816_4_further_interindustry_channels_are_not_supported() {
        for cla in [0x40, 0x4F, 0x60, 0xC0, 0xC5, 0xE0] {
            assert_eq!(
                Class::decode(cla),
                Err(StatusWord::LOGICAL_CHANNEL_NOT_SUPPORTED),
                "{cla:02X}"
            );
        }
    }

    #[test]
    fn iso7816_4_rfu_and_invalid_classes_are_6e00() {
        for cla in [0x20, 0x3F, 0x90, 0xA1, 0xA4, 0xB0, 0xD0, 0xF0, 0xFF] {
            assert_eq!(Class::decode(cla), Err(StatusWord::CLA_NOT_SUPPORTED));
        }
    }

    #[test]
    fn ts51_011_9_class_a0_is_the_sims_on_the_basic_channel() {
        assert_eq!(
            Class::decode(0xA0),
            Ok(Class {
                kind: ClassKind::Gsm,
                channel: 0
            })
        );
    }

    #[test]
    fn iso7816_4_secure_messaging_and_chaining_bits_are_refused() {
        assert_eq!(
            Class::decode(0x84),
            Err(StatusWord::SECURE_MESSAGING_NOT_SUPPORTED)
        );
        assert_eq!(
            Class::decode(0x0C),
            Err(StatusWord::SECURE_MESSAGING_NOT_SUPPORTED)
        );
        assert_eq!(
            Class::decode(0x10),
            Err(StatusWord::COMMAND_CHAINING_NOT_SUPPORTED)
        );
    }
}
