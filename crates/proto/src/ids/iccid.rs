//! ICCID, the profile (UICC) identifier (ITU-T E.118; ETSI TS 102 221 13.2; SGP.22 `Iccid`).
//!
//! ```text
//! Iccid ::= [APPLICATION 26] OCTET STRING (SIZE(10))
//!     -- ICCID as coded in EFiccid, corresponding tag is '5A'
//! ICCID = '89' | country | issuer | account | Luhn check digit, 19 or 20 digits in SGP.22
//! EF.ICCID / Iccid: 10 octets, swapped BCD (first digit in the low nibble), 'F' padding:
//!     "8949449999999990023" <-> 98 94 44 99 99 99 99 09 20 F3
//! ES2+ JSON (SGP.22 6.6): "String of 19 or 20 digits, where the 20th digit MAY optionally be
//!     the padding character F"
//! ```
//!
//! The TCA profile package header (`PE-Header.iccid`) carries the digits in *plain* BCD
//! (`89 49 44 ...  3F` in the GSMA TS.48 test profiles, and pySim reads it so):
//! [`Iccid::from_plain_bcd`] / [`Iccid::to_plain_bcd`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::bcd;

/// Fewest digits accepted.
pub const ICCID_MIN_DIGITS: usize = 18;
/// Most digits (ITU-T E.118).
pub const ICCID_MAX_DIGITS: usize = 20;
/// Octets of the wire form.
pub const ICCID_OCTETS: usize = 10;

/// What is wrong with an ICCID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IccidError {
    /// Not 18 to 20 digits.
    #[error("ICCID must have 18 to 20 digits, found {found}")]
    Length { found: usize },
    /// A character is neither a digit nor trailing `F` padding.
    #[error("ICCID character {position} is not a decimal digit")]
    NotDecimal { position: usize },
    /// The Luhn check digit is wrong.
    #[error("ICCID Luhn check digit is {found}, expected {expected}")]
    Luhn { expected: u8, found: u8 },
    /// The wire form is not 10 octets.
    #[error("ICCID octet string must have 10 octets, found {found}")]
    OctetLength { found: usize },
    /// The wire form holds a nibble that is neither a digit nor trailing `F` padding.
    #[error("ICCID octets hold a non-BCD nibble at nibble {nibble}")]
    NotBcd { nibble: usize },
}

/// An ICCID: 18 to 20 decimal digits, without padding.
///
/// [`Iccid::parse`] also checks the Luhn digit of a 19- or 20-digit ICCID.
/// [`Iccid::parse_lenient`], the BCD decoders and deserialization check only the form, so a
/// receiver can answer an unknown or mistyped ICCID with the spec's own status code.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iccid(String);

impl Iccid {
    /// Parses 18 to 20 digits (a trailing `F`/`f` padding is dropped) and checks the Luhn
    /// digit when there are 19 or 20.
    pub fn parse(s: &str) -> Result<Iccid, IccidError> {
        let iccid = Iccid::parse_lenient(s)?;
        if iccid.0.len() >= 19 {
            let (payload, last) = iccid.0.split_at(iccid.0.len() - 1);
            let expected = Iccid::luhn_digit(payload)?;
            let found = last.as_bytes()[0] - b'0';
            if expected != found {
                return Err(IccidError::Luhn { expected, found });
            }
        }
        Ok(iccid)
    }

    /// Parses 18 to 20 digits (a trailing `F`/`f` padding is dropped) without the Luhn check.
    pub fn parse_lenient(s: &str) -> Result<Iccid, IccidError> {
        let digits = s.strip_suffix(['F', 'f']).unwrap_or(s);
        if let Some(position) = bcd::first_non_digit(digits) {
            return Err(IccidError::NotDecimal { position });
        }
        if !(ICCID_MIN_DIGITS..=ICCID_MAX_DIGITS).contains(&digits.len()) {
            return Err(IccidError::Length {
                found: digits.len(),
            });
        }
        Ok(Iccid(digits.to_owned()))
    }

    /// Builds an ICCID from its digits without the check digit (18 or 19) by appending the
    /// Luhn digit.
    pub fn from_payload(payload: &str) -> Result<Iccid, IccidError> {
        let check = Iccid::luhn_digit(payload)?;
        Iccid::parse(&format!("{payload}{check}"))
    }

    /// The Luhn (ISO/IEC 7812-1 Annex B) check digit for `payload`.
    pub fn luhn_digit(payload: &str) -> Result<u8, IccidError> {
        if let Some(position) = bcd::first_non_digit(payload) {
            return Err(IccidError::NotDecimal { position });
        }
        let sum: u32 = payload
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 0 {
                    let twice = d * 2;
                    if twice > 9 { twice - 9 } else { twice }
                } else {
                    d
                }
            })
            .sum();
        // (10 - sum mod 10) mod 10 is in 0..=9.
        Ok(((10 - sum % 10) % 10) as u8)
    }

    /// Whether the last digit is the Luhn digit of the others.
    pub fn has_valid_luhn(&self) -> bool {
        let (payload, last) = self.0.split_at(self.0.len() - 1);
        Iccid::luhn_digit(payload).is_ok_and(|c| c == last.as_bytes()[0] - b'0')
    }

    /// Decodes the 10-octet EF.ICCID / SGP.22 `Iccid` form (swapped BCD, `F` padding).
    pub fn from_swapped_bcd(bytes: &[u8]) -> Result<Iccid, IccidError> {
        Iccid::from_octets(bytes, bcd::unpack_swapped)
    }

    /// The 10-octet EF.ICCID / SGP.22 `Iccid` form (swapped BCD, `F` padding).
    pub fn to_swapped_bcd(&self) -> [u8; ICCID_OCTETS] {
        let mut out = [0u8; ICCID_OCTETS];
        out.copy_from_slice(&bcd::pack_swapped(self.0.as_bytes(), ICCID_OCTETS));
        out
    }

    /// Decodes the 10-octet plain BCD form of a profile package header.
    pub fn from_plain_bcd(bytes: &[u8]) -> Result<Iccid, IccidError> {
        Iccid::from_octets(bytes, bcd::unpack_plain)
    }

    /// The 10-octet plain BCD form of a profile package header.
    pub fn to_plain_bcd(&self) -> [u8; ICCID_OCTETS] {
        let mut out = [0u8; ICCID_OCTETS];
        out.copy_from_slice(&bcd::pack_plain(self.0.as_bytes(), ICCID_OCTETS));
        out
    }

    fn from_octets(
        bytes: &[u8],
        unpack: fn(&[u8]) -> Result<String, bcd::UnpackError>,
    ) -> Result<Iccid, IccidError> {
        if bytes.len() != ICCID_OCTETS {
            return Err(IccidError::OctetLength { found: bytes.len() });
        }
        let digits = unpack(bytes).map_err(|e| match e {
            bcd::UnpackError::BadNibble { nibble, .. }
            | bcd::UnpackError::DigitAfterPadding { nibble } => IccidError::NotBcd { nibble },
        })?;
        Iccid::parse_lenient(&digits)
    }

    /// The digits, without padding.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A 19-digit ICCID followed by `F` (the 20-character form pre-v2.2 ES2+ peers expect);
    /// 18- and 20-digit ICCIDs unchanged.
    pub fn to_padded_string(&self) -> String {
        if self.0.len() == 19 {
            format!("{}F", self.0)
        } else {
            self.0.clone()
        }
    }
}

impl fmt::Display for Iccid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Iccid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Iccid({})", self.0)
    }
}

impl FromStr for Iccid {
    type Err = IccidError;
    fn from_str(s: &str) -> Result<Iccid, IccidError> {
        Iccid::parse(s)
    }
}

impl AsRef<str> for Iccid {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// JSON form: the digit string (ES2+ `iccid`); a trailing `F` is accepted on input.
impl Serialize for Iccid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Iccid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Iccid, D::Error> {
        let s = String::deserialize(d)?;
        Iccid::parse_lenient(&s).map_err(serde::de::Error::custom)
    }
}
