//! The answers of the audit commands (SGP.02 3.6 AuditEIS; GP Card Specification 11.4.3):
//!
//! ```text
//! GET STATUS   E3 L { 4F L AID | 9F70 01 life cycle | [53 L properties] | … }
//! GET DATA     FF21 L { 81 L applications | 82 L free non-volatile | 83 L free volatile }
//! ```
//!
//! ISD-P life cycle states (SGP.02 2.2.1.2): `03` INSTALLED, `07` SELECTABLE,
//! `0F` PERSONALIZED, `1F` DISABLED, `3F` ENABLED.

use super::tlv::{self, TlvError};
use crate::eis::ProfileState;

/// One ISD-P as GET STATUS reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IsdPStatus {
    /// Its AID.
    pub aid: Vec<u8>,
    /// Its life cycle state byte.
    pub life_cycle: u8,
    /// Whether its profile holds the Fall-Back Attribute (`53` b1).
    pub fallback: bool,
}

impl IsdPStatus {
    /// The EIS state this life cycle state means; `None` for a byte SGP.02 does not define.
    pub fn profile_state(&self) -> Option<ProfileState> {
        Some(match self.life_cycle {
            0x3F => ProfileState::Enabled,
            0x1F => ProfileState::Disabled,
            0x03 | 0x07 | 0x0F => ProfileState::Created,
            _ => return None,
        })
    }
}

/// Reads the `E3` entries of a GET STATUS answer.
pub fn parse_status(mut data: &[u8]) -> Result<Vec<IsdPStatus>, TlvError> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let (tag, body, rest) = tlv::next_wide(data)?;
        data = rest;
        if tag != 0xE3 {
            continue;
        }
        let mut entry = IsdPStatus {
            aid: Vec::new(),
            life_cycle: 0,
            fallback: false,
        };
        let mut inner = body;
        while !inner.is_empty() {
            let (tag, value, rest) = tlv::next_wide(inner)?;
            inner = rest;
            match (tag, value) {
                (0x4F, v) => entry.aid = v.to_vec(),
                (0x9F70, [lcs, ..]) => entry.life_cycle = *lcs,
                (0x53, [props, ..]) => entry.fallback = props & 0x01 != 0,
                _ => {}
            }
        }
        out.push(entry);
    }
    Ok(out)
}

/// Free non-volatile memory from a GET DATA `FF21` answer (`82`, big-endian).
pub fn parse_free_memory(data: &[u8]) -> Result<Option<u64>, TlvError> {
    let (tag, body, _) = tlv::next_wide(data)?;
    if tag != 0xFF21 {
        return Ok(None);
    }
    let mut inner = body;
    while !inner.is_empty() {
        let (tag, value, rest) = tlv::next_wide(inner)?;
        inner = rest;
        if tag == 0x82 && value.len() <= 8 {
            return Ok(Some(value.iter().fold(0u64, |a, b| a << 8 | u64::from(*b))));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_status_and_memory() {
        let s = parse_status(&hex::decode("E30E4F05A0000005599F70013F530101").unwrap()).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].profile_state(), Some(ProfileState::Enabled));
        assert!(s[0].fallback);
        assert!(parse_status(&hex::decode("E30C4F05A000").unwrap()).is_err());
        let m = parse_free_memory(&hex::decode("FF210D8102000582030100008302FFFF").unwrap());
        assert_eq!(m, Ok(Some(0x010000)));
    }
}
