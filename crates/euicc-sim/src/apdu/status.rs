//! Status words (SW1 SW2) the card returns, each with the specification it comes from.
//!
//! Sources, abbreviated below:
//! - **7816-4**: ISO/IEC 7816-4, interindustry status bytes (`61XX`, `67`, `68`, `69`, `6A`,
//!   `6D`, `6E`, `6F` groups).
//! - **102 221**: ETSI TS 102 221 §10.2.1, "Status conditions returned by the UICC" (the UICC
//!   profile of the same codes), and §11.1.17 MANAGE CHANNEL.
//! - **GPCS**: GlobalPlatform Card Specification v2.3, §11.1 (general error conditions for all
//!   commands), §11.7 MANAGE CHANNEL, §11.9 SELECT, §11.11 STORE DATA.
//! - **SGP.22**: GSMA SGP.22 v2.5 §5.7 (ES10x carried in STORE DATA, response via `61XX` and
//!   GET RESPONSE).

use std::fmt;

/// A two-byte status word, `SW1 << 8 | SW2`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusWord(pub u16);

impl StatusWord {
    /// `9000` normal ending of the command. 7816-4; 102 221 §10.2.1.1.
    pub const OK: Self = Self(0x9000);
    /// `6700` wrong length: Lc/Le inconsistent with the APDU, data missing where required, an
    /// extended-length APDU (the ATR does not announce extended length), fewer than 4 bytes.
    /// 7816-4; 102 221 §10.2.1; GPCS §11.1 ("wrong length in Lc").
    pub const WRONG_LENGTH: Self = Self(0x6700);
    /// `6881` logical channel not supported or not open. 7816-4; 102 221 §10.2.1; GPCS §11.1
    /// ("logical channel not supported or is not active").
    pub const LOGICAL_CHANNEL_NOT_SUPPORTED: Self = Self(0x6881);
    /// `6882` secure messaging not supported (CLA secure-messaging bits set). 7816-4;
    /// 102 221 §10.2.1; GPCS §11.1.
    pub const SECURE_MESSAGING_NOT_SUPPORTED: Self = Self(0x6882);
    /// `6884` command chaining not supported (CLA chaining bit set; STORE DATA has its own
    /// block chaining in P1/P2). 7816-4.
    pub const COMMAND_CHAINING_NOT_SUPPORTED: Self = Self(0x6884);
    /// `6985` conditions of use not satisfied: STORE DATA on a channel where the ISD-R is not
    /// selected; GET RESPONSE with no response data waiting. 7816-4; 102 221 §10.2.1;
    /// GPCS §11.1.
    pub const CONDITIONS_NOT_SATISFIED: Self = Self(0x6985);
    /// `6A80` incorrect values in the command data field. GPCS §11.11 (STORE DATA).
    pub const INCORRECT_DATA: Self = Self(0x6A80);
    /// `6A81` function not supported: MANAGE CHANNEL open with no channel left. 7816-4;
    /// 102 221 §10.2.1 and §11.1.17.
    pub const FUNCTION_NOT_SUPPORTED: Self = Self(0x6A81);
    /// `6A82` application (or file) not found: SELECT of an unknown AID. 7816-4;
    /// GPCS §11.9 (SELECT).
    pub const NOT_FOUND: Self = Self(0x6A82);
    /// `6A84` not enough memory space: a STORE DATA chain longer than the card buffers.
    /// GPCS §11.11 (STORE DATA).
    pub const NOT_ENOUGH_MEMORY: Self = Self(0x6A84);
    /// `6A86` incorrect parameters P1-P2 (including an out-of-sequence STORE DATA block
    /// number in P2). 7816-4; 102 221 §10.2.1; GPCS §11.1.
    pub const INCORRECT_P1_P2: Self = Self(0x6A86);
    /// `6D00` instruction code not supported or invalid. 7816-4; 102 221 §10.2.1; GPCS §11.1.
    pub const INS_NOT_SUPPORTED: Self = Self(0x6D00);
    /// `6E00` class not supported: RFU class byte, or an interindustry command sent with a
    /// proprietary class and vice versa. 7816-4; 102 221 §10.2.1; GPCS §11.1.
    pub const CLA_NOT_SUPPORTED: Self = Self(0x6E00);
    /// `6F00` technical problem, no precise diagnosis: a command sent to an unpowered card.
    /// 7816-4; 102 221 §10.2.1.
    pub const TECHNICAL_PROBLEM: Self = Self(0x6F00);

    /// `61XX`: command completed, `XX` more response bytes available with GET RESPONSE
    /// (`00` meaning 256 or more). 7816-4; SGP.22 §5.7.
    pub fn bytes_available(remaining: usize) -> Self {
        let sw2 = if remaining >= 256 {
            0
        } else {
            remaining as u16
        };
        Self(0x6100 | sw2)
    }

    pub fn sw1(self) -> u8 {
        (self.0 >> 8) as u8
    }

    pub fn sw2(self) -> u8 {
        self.0 as u8
    }

    pub fn to_bytes(self) -> [u8; 2] {
        self.0.to_be_bytes()
    }
}

impl fmt::Debug for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SW {:04X}", self.0)
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.0)
    }
}

/// A response APDU: optional data followed by the status word.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ResponseApdu {
    pub data: Vec<u8>,
    pub sw: StatusWord,
}

impl ResponseApdu {
    pub fn status(sw: StatusWord) -> Self {
        Self {
            data: Vec::new(),
            sw,
        }
    }

    /// The bytes as they travel: data ‖ SW1 ‖ SW2.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 2);
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&self.sw.to_bytes());
        out
    }

    /// Splits received bytes into data and status word; `None` when fewer than two bytes.
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        let split = bytes.len().checked_sub(2)?;
        let (data, sw) = bytes.split_at(split);
        Some(Self {
            data: data.to_vec(),
            sw: StatusWord(u16::from_be_bytes([sw[0], sw[1]])),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso7816_4_61xx_counts_remaining_bytes_with_00_for_256_or_more() {
        assert_eq!(StatusWord::bytes_available(1), StatusWord(0x6101));
        assert_eq!(StatusWord::bytes_available(255), StatusWord(0x61FF));
        assert_eq!(StatusWord::bytes_available(256), StatusWord(0x6100));
        assert_eq!(StatusWord::bytes_available(4000), StatusWord(0x6100));
    }

    #[test]
    fn response_apdu_round_trips_data_and_status() {
        let r = ResponseApdu {
            data: vec![1, 2, 3],
            sw: StatusWord::OK,
        };
        assert_eq!(r.to_bytes(), [1, 2, 3, 0x90, 0x00]);
        assert_eq!(ResponseApdu::parse(&r.to_bytes()), Some(r));
        assert_eq!(ResponseApdu::parse(&[0x90]), None);
    }
}
