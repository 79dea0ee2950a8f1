//! Application identifiers (ISO/IEC 7816-5: a 5-byte RID and a PIX of up to 11 bytes) and
//! their text form in the admin protocol's headers, `//aid/<RID>/<PIX>` (GP Card
//! Specification Amendment B 3.4.2, `X-Admin-Targeted-Application`; 3.4.1, `X-Admin-From`).

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// The ISD-R AID (SGP.02 Annex H): the security domain an SGP.02 SM-SR opens SCP81 with.
pub const ISD_R_AID: [u8; 16] = [
    0xA0, 0x00, 0x00, 0x05, 0x59, 0x10, 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x89, 0x00, 0x00, 0x01, 0x00,
];

/// An AID: 5 to 16 bytes (ISO/IEC 7816-5 5.2).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Aid(Vec<u8>);

/// Why an AID, or its `//aid/` text, is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AidError {
    /// Not 5 to 16 bytes.
    #[error("an AID is 5 to 16 bytes, not {0}")]
    Length(usize),
    /// Not `//aid/<RID>/<PIX>` with a 5-byte hexadecimal RID and a hexadecimal PIX.
    #[error("not an //aid/<RID>/<PIX> reference")]
    Text,
}

impl Aid {
    /// The AID of `bytes`, 5 to 16 of them.
    pub fn new(bytes: &[u8]) -> Result<Aid, AidError> {
        if !(5..=16).contains(&bytes.len()) {
            return Err(AidError::Length(bytes.len()));
        }
        Ok(Aid(bytes.to_vec()))
    }

    /// The ISD-R's AID ([`ISD_R_AID`]).
    pub fn isd_r() -> Aid {
        Aid(ISD_R_AID.to_vec())
    }

    /// The AID's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The registered application provider identifier, the first five bytes.
    pub fn rid(&self) -> &[u8] {
        self.0.get(..5).unwrap_or(&self.0)
    }

    /// The proprietary application identifier extension, after the RID.
    pub fn pix(&self) -> &[u8] {
        self.0.get(5..).unwrap_or_default()
    }

    /// `<RID>/<PIX>` in upper-case hexadecimal, as Amendment B writes it after `//aid/`.
    pub fn rid_pix(&self) -> String {
        format!(
            "{}/{}",
            hex::encode_upper(self.rid()),
            hex::encode_upper(self.pix())
        )
    }

    /// Reads `<RID>/<PIX>` (hexadecimal, either case).
    pub fn from_rid_pix(text: &str) -> Result<Aid, AidError> {
        let (rid, pix) = text.split_once('/').ok_or(AidError::Text)?;
        let rid = hex::decode(rid).map_err(|_| AidError::Text)?;
        let pix = hex::decode(pix).map_err(|_| AidError::Text)?;
        if rid.len() != 5 {
            return Err(AidError::Text);
        }
        Aid::new(&[rid, pix].concat())
    }
}

impl fmt::Debug for Aid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Aid({})", hex::encode_upper(&self.0))
    }
}

/// `//aid/<RID>/<PIX>` (Amendment B 3.4.2).
impl fmt::Display for Aid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "//aid/{}", self.rid_pix())
    }
}

impl FromStr for Aid {
    type Err = AidError;

    /// Reads `//aid/<RID>/<PIX>`.
    fn from_str(s: &str) -> Result<Aid, AidError> {
        Aid::from_rid_pix(s.strip_prefix("//aid/").ok_or(AidError::Text)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isd_r_reads_and_writes_as_amendment_b_text() {
        let text = "//aid/A000000559/1010FFFFFFFF8900000100";
        assert_eq!(Aid::isd_r().to_string(), text);
        assert_eq!(text.parse::<Aid>(), Ok(Aid::isd_r()));
        assert_eq!(
            "//aid/a000000559/1010ffffffff8900000100".parse::<Aid>(),
            Ok(Aid::isd_r())
        );
    }

    #[test]
    fn refuses_bad_text_and_lengths() {
        for bad in [
            "A000000559/1010",
            "//aid/A0000005/591010",
            "//aid/A000000559",
            "//aid/A000000559/XY",
            "//aid/A000000559/1010FFFFFFFF890000010000",
        ] {
            assert!(bad.parse::<Aid>().is_err(), "{bad}");
        }
        assert_eq!(Aid::new(&[1, 2, 3, 4]), Err(AidError::Length(4)));
        assert_eq!(Aid::new(&[0; 17]), Err(AidError::Length(17)));
    }
}
