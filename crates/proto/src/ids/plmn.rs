//! PLMN identity: MCC and MNC (3GPP TS 24.008 10.5.1.3, TS 23.003 2.2).
//!
//! ```text
//! octet 1: MCC digit 2 | MCC digit 1
//! octet 2: MNC digit 3 | MCC digit 3     (MNC digit 3 = 'F' for a 2-digit MNC)
//! octet 3: MNC digit 2 | MNC digit 1
//! 310-260 -> 13 00 62        262-01 -> 62 F2 10
//! ```
//!
//! Used by SGP.32 `GetEimPackageRequest.rPLMN` (`OCTET STRING (SIZE(3))`) and SGP.22
//! `OperatorId.mccMnc` (`OCTET STRING (SIZE(3))`).

use std::fmt;
use std::str::FromStr;

use super::bcd;

/// What is wrong with a PLMN.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlmnError {
    /// The MCC is not 3 digits.
    #[error("MCC must be 3 decimal digits, found {0:?}")]
    Mcc(String),
    /// The MNC is not 2 or 3 digits.
    #[error("MNC must be 2 or 3 decimal digits, found {0:?}")]
    Mnc(String),
    /// A text form that is neither `MCC-MNC` nor 5 or 6 digits.
    #[error("PLMN must be written MCC-MNC or as 5 or 6 digits, found {0:?}")]
    Text(String),
    /// The encoded form is not 3 octets.
    #[error("PLMN octet string must have 3 octets, found {found}")]
    OctetLength { found: usize },
    /// A nibble of the encoded form is not a digit (or `F` in MNC digit 3).
    #[error("PLMN octet {octet} holds a nibble that is not a digit")]
    NotBcd { octet: usize },
}

/// Whether an MNC has two or three digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MncLength {
    Two,
    Three,
}

impl MncLength {
    /// The number of digits.
    pub fn digits(self) -> usize {
        match self {
            MncLength::Two => 2,
            MncLength::Three => 3,
        }
    }
}

/// A PLMN identity: a 3-digit MCC and a 2- or 3-digit MNC, as ASCII digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Plmn {
    mcc: [u8; 3],
    mnc: [u8; 3],
    mnc_len: u8,
}

impl Plmn {
    /// A PLMN from its MCC (3 digits) and MNC (2 or 3 digits).
    pub fn new(mcc: &str, mnc: &str) -> Result<Plmn, PlmnError> {
        if mcc.len() != 3 || bcd::first_non_digit(mcc).is_some() {
            return Err(PlmnError::Mcc(mcc.to_owned()));
        }
        if !(2..=3).contains(&mnc.len()) || bcd::first_non_digit(mnc).is_some() {
            return Err(PlmnError::Mnc(mnc.to_owned()));
        }
        let mut m = [b'0'; 3];
        m.copy_from_slice(mcc.as_bytes());
        let mut n = [b'F'; 3];
        n[..mnc.len()].copy_from_slice(mnc.as_bytes());
        Ok(Plmn {
            mcc: m,
            mnc: n,
            mnc_len: mnc.len() as u8,
        })
    }

    /// Parses `MCC-MNC` (`"310-260"`, `"262-01"`) or the compact form (`"310260"` has a
    /// 3-digit MNC, `"26201"` a 2-digit one).
    pub fn parse(s: &str) -> Result<Plmn, PlmnError> {
        match s.split_once('-') {
            Some((mcc, mnc)) => Plmn::new(mcc, mnc),
            None if (5..=6).contains(&s.len()) && s.is_ascii() => {
                let (mcc, mnc) = s.split_at(3);
                Plmn::new(mcc, mnc)
            }
            None => Err(PlmnError::Text(s.to_owned())),
        }
    }

    /// Decodes the 3-octet TS 24.008 form.
    pub fn from_bytes(bytes: &[u8]) -> Result<Plmn, PlmnError> {
        let &[b0, b1, b2] = bytes else {
            return Err(PlmnError::OctetLength { found: bytes.len() });
        };
        let digit = |n: u8, octet: usize| {
            if n <= 9 {
                Ok(b'0' + n)
            } else {
                Err(PlmnError::NotBcd { octet })
            }
        };
        let mcc = [
            digit(b0 & 0x0F, 0)?,
            digit(b0 >> 4, 0)?,
            digit(b1 & 0x0F, 1)?,
        ];
        let mnc12 = [digit(b2 & 0x0F, 2)?, digit(b2 >> 4, 2)?];
        let (mnc3, mnc_len) = match b1 >> 4 {
            0x0F => (b'F', 2),
            n => (digit(n, 1)?, 3),
        };
        Ok(Plmn {
            mcc,
            mnc: [mnc12[0], mnc12[1], mnc3],
            mnc_len,
        })
    }

    /// The 3-octet TS 24.008 form.
    pub fn to_bytes(&self) -> [u8; 3] {
        let d = |c: u8| if c == b'F' { 0x0F } else { c - b'0' };
        [
            d(self.mcc[1]) << 4 | d(self.mcc[0]),
            d(self.mnc[2]) << 4 | d(self.mcc[2]),
            d(self.mnc[1]) << 4 | d(self.mnc[0]),
        ]
    }

    /// The MCC digits.
    pub fn mcc(&self) -> &str {
        std::str::from_utf8(&self.mcc).unwrap_or_default()
    }

    /// The MNC digits (2 or 3).
    pub fn mnc(&self) -> &str {
        std::str::from_utf8(&self.mnc[..usize::from(self.mnc_len)]).unwrap_or_default()
    }

    /// Whether the MNC has 2 or 3 digits.
    pub fn mnc_length(&self) -> MncLength {
        if self.mnc_len == 3 {
            MncLength::Three
        } else {
            MncLength::Two
        }
    }

    /// MCC and MNC run together (`"310260"`, `"26201"`).
    pub fn to_compact_string(&self) -> String {
        format!("{}{}", self.mcc(), self.mnc())
    }
}

/// `MCC-MNC`, e.g. `310-260`.
impl fmt::Display for Plmn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.mcc(), self.mnc())
    }
}

impl fmt::Debug for Plmn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Plmn({self})")
    }
}

impl FromStr for Plmn {
    type Err = PlmnError;
    fn from_str(s: &str) -> Result<Plmn, PlmnError> {
        Plmn::parse(s)
    }
}
