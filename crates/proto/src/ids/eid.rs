//! EID, the eUICC identifier (GSMA SGP.29; SGP.02 2.2.2; SGP.22 `EidValue`).
//!
//! ```text
//! EID = 32 decimal digits: '89' | country code (3) | issuer (5) | version (5)
//!       | individual identification number (15) | check digits (2)
//! check digits: ISO/IEC 7064 MOD 97-10; the whole EID read as a number mod 97 equals 1
//! wire form (ES10c.GetEID `5A`, ESipa `eidValue`): Octet16, plain BCD, first digit in
//! the high nibble, so the octets in hex read as the digits
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::bcd;

/// Number of decimal digits of an EID.
pub const EID_DIGITS: usize = 32;
/// Number of octets of an EID on the wire.
pub const EID_OCTETS: usize = 16;

/// What is wrong with an EID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EidError {
    /// The EID does not have 32 digits (or the prefix 30).
    #[error("EID must have {expected} digits, found {found}")]
    Length { expected: usize, found: usize },
    /// A character is not a decimal digit.
    #[error("EID character {position} is not a decimal digit")]
    NotDecimal { position: usize },
    /// The check digits do not satisfy ISO/IEC 7064 MOD 97-10.
    #[error("EID check digits are {found:02}, MOD 97-10 requires {expected:02}")]
    CheckDigits { expected: u8, found: u8 },
    /// The wire form is not 16 octets.
    #[error("EID octet string must have 16 octets, found {found}")]
    OctetLength { found: usize },
    /// A nibble of the wire form is not a decimal digit.
    #[error("EID octet {octet} holds a non-decimal nibble")]
    NotBcd { octet: usize },
}

/// An EID: 32 decimal digits.
///
/// [`Eid::parse`] checks the MOD 97-10 check digits; [`Eid::parse_lenient`], [`Eid::from_bcd`]
/// and deserialization check only the form (32 digits), so that a receiver can answer a wrong
/// check digit with the spec's own code ("EID - Invalid", 8.1.1 / 2.1) rather than a parse
/// failure; [`Eid::has_valid_check_digits`] tells.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Eid(String);

impl Eid {
    /// Parses 32 digits and checks the MOD 97-10 check digits.
    pub fn parse(s: &str) -> Result<Eid, EidError> {
        let eid = Eid::parse_lenient(s)?;
        let found = eid.check_digits();
        let expected = Eid::compute_check_digits(&s[..EID_DIGITS - 2])?;
        if found != expected {
            return Err(EidError::CheckDigits { expected, found });
        }
        Ok(eid)
    }

    /// Parses 32 digits without checking the check digits.
    pub fn parse_lenient(s: &str) -> Result<Eid, EidError> {
        check_digits_form(s, EID_DIGITS)?;
        Ok(Eid(s.to_owned()))
    }

    /// Builds the EID for a 30-digit prefix by appending its MOD 97-10 check digits.
    pub fn from_prefix(prefix: &str) -> Result<Eid, EidError> {
        let check = Eid::compute_check_digits(prefix)?;
        Ok(Eid(format!("{prefix}{check:02}")))
    }

    /// The MOD 97-10 check digits for a 30-digit prefix: `98 - (prefix * 100 mod 97)`.
    pub fn compute_check_digits(prefix: &str) -> Result<u8, EidError> {
        check_digits_form(prefix, EID_DIGITS - 2)?;
        let rest = mod97(prefix.bytes().chain(*b"00"));
        // rest < 97, so the result is in 2..=98.
        Ok(98 - rest)
    }

    /// Decodes the 16-octet wire form (plain BCD). Check digits are not verified.
    pub fn from_bcd(bytes: &[u8]) -> Result<Eid, EidError> {
        if bytes.len() != EID_OCTETS {
            return Err(EidError::OctetLength { found: bytes.len() });
        }
        if let Some(octet) = bytes.iter().position(|b| b >> 4 > 9 || b & 0x0F > 9) {
            return Err(EidError::NotBcd { octet });
        }
        let digits = bcd::unpack_plain(bytes).map_err(|_| EidError::NotBcd { octet: 0 })?;
        Ok(Eid(digits))
    }

    /// The 16-octet wire form (plain BCD).
    pub fn to_bcd(&self) -> [u8; EID_OCTETS] {
        let mut out = [0u8; EID_OCTETS];
        out.copy_from_slice(&bcd::pack_plain(self.0.as_bytes(), EID_OCTETS));
        out
    }

    /// The 32 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last two digits.
    pub fn check_digits(&self) -> u8 {
        let b = self.0.as_bytes();
        (b[EID_DIGITS - 2] - b'0') * 10 + (b[EID_DIGITS - 1] - b'0')
    }

    /// Whether the EID read as a number is 1 mod 97 (ISO/IEC 7064 MOD 97-10).
    pub fn has_valid_check_digits(&self) -> bool {
        mod97(self.0.bytes()) == 1
    }

    /// Whether the EID begins with `prefix` (an EUM's permitted EIN/IIN range, SGP.22 4.5.2.1
    /// name constraints). Case-insensitive for the hex-looking prefixes some certificates carry.
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.0.len() >= prefix.len() && self.0[..prefix.len()].eq_ignore_ascii_case(prefix)
    }
}

/// The remainder mod 97 of a decimal number given as ASCII digits.
fn mod97(digits: impl Iterator<Item = u8>) -> u8 {
    let rest = digits.fold(0u32, |acc, d| (acc * 10 + u32::from(d - b'0')) % 97);
    // rest < 97 fits in u8.
    rest as u8
}

fn check_digits_form(s: &str, expected: usize) -> Result<(), EidError> {
    if let Some(position) = bcd::first_non_digit(s) {
        return Err(EidError::NotDecimal { position });
    }
    if s.len() != expected {
        return Err(EidError::Length {
            expected,
            found: s.len(),
        });
    }
    Ok(())
}

impl fmt::Display for Eid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Eid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Eid({})", self.0)
    }
}

impl FromStr for Eid {
    type Err = EidError;
    fn from_str(s: &str) -> Result<Eid, EidError> {
        Eid::parse(s)
    }
}

impl AsRef<str> for Eid {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// JSON form: the 32-digit string (ES2+ `eid`, SGP.22 6.5.2; ESipa `eidValue`, whose hex
/// octets are the same digits).
impl Serialize for Eid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Eid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Eid, D::Error> {
        let s = String::deserialize(d)?;
        Eid::parse_lenient(&s).map_err(serde::de::Error::custom)
    }
}
