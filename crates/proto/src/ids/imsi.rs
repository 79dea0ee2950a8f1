//! IMSI (3GPP TS 23.003 2.2) and its EF.IMSI coding (3GPP TS 31.102 4.2.2).
//!
//! ```text
//! IMSI = MCC (3) | MNC (2 or 3) | MSIN; at most 15 digits
//! EF.IMSI (9 octets): octet 1 = number of following octets used;
//!   octet 2 = digit 1 (high nibble) | parity (low nibble: '9' odd digit count, '1' even);
//!   octets 3..: digits 2,3 / 4,5 / ... low nibble first; unused nibbles and octets 'F'
//!   001010123456789 -> 08 09 10 10 10 32 54 76 98
//! ```
//!
//! **The MNC length is not in the digits.** It comes from the operator (EF.AD byte 4 on the
//! card, or configuration). [`Imsi::plmn`] takes it as a parameter; [`Imsi::plmn_by_mcc`]
//! falls back on [`mcc_has_three_digit_mnc`], a small table of MCCs whose MNCs are all three
//! digits (North America and the Caribbean). MCCs that mix lengths (India's 405, for
//! instance) are deliberately not in the table: give the length explicitly there.

use std::fmt;
use std::str::FromStr;

use super::bcd;
use super::plmn::{MncLength, Plmn, PlmnError};

/// Fewest digits: MCC and a 3-digit MNC.
pub const IMSI_MIN_DIGITS: usize = 6;
/// Most digits (TS 23.003 2.2).
pub const IMSI_MAX_DIGITS: usize = 15;
/// Size of EF.IMSI.
pub const EF_IMSI_OCTETS: usize = 9;

/// What is wrong with an IMSI.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImsiError {
    /// Not 6 to 15 digits.
    #[error("IMSI must have 6 to 15 digits, found {found}")]
    Length { found: usize },
    /// A character is not a decimal digit.
    #[error("IMSI character {position} is not a decimal digit")]
    NotDecimal { position: usize },
    /// EF.IMSI is shorter than its length octet says, or the length octet is out of range.
    #[error("EF.IMSI length octet {0:#04x} does not fit the file")]
    EfLength(u8),
    /// The parity nibble of EF.IMSI is not `9` (odd) or `1` (even), or disagrees with the
    /// number of digits.
    #[error("EF.IMSI parity nibble {0:#x} does not match the digits")]
    EfParity(u8),
    /// A nibble of EF.IMSI is neither a digit nor trailing `F` padding.
    #[error("EF.IMSI holds a non-BCD nibble")]
    EfNotBcd,
    /// The MCC/MNC split did not give a valid PLMN.
    #[error(transparent)]
    Plmn(#[from] PlmnError),
}

/// An IMSI: 6 to 15 decimal digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Imsi(String);

impl Imsi {
    /// Parses 6 to 15 digits.
    pub fn parse(s: &str) -> Result<Imsi, ImsiError> {
        if let Some(position) = bcd::first_non_digit(s) {
            return Err(ImsiError::NotDecimal { position });
        }
        if !(IMSI_MIN_DIGITS..=IMSI_MAX_DIGITS).contains(&s.len()) {
            return Err(ImsiError::Length { found: s.len() });
        }
        Ok(Imsi(s.to_owned()))
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The mobile country code (first three digits).
    pub fn mcc(&self) -> &str {
        &self.0[..3]
    }

    /// MCC and MNC, given the MNC length.
    pub fn plmn(&self, mnc_length: MncLength) -> Result<Plmn, ImsiError> {
        let end = 3 + mnc_length.digits();
        Ok(Plmn::new(&self.0[..3], &self.0[3..end])?)
    }

    /// MCC and MNC, the MNC length taken from [`mcc_has_three_digit_mnc`] (a heuristic).
    pub fn plmn_by_mcc(&self) -> Result<Plmn, ImsiError> {
        self.plmn(mnc_length_by_mcc(self.mcc()))
    }

    /// The MSIN: the digits after MCC and MNC.
    pub fn msin(&self, mnc_length: MncLength) -> &str {
        &self.0[3 + mnc_length.digits()..]
    }

    /// The 9-octet EF.IMSI content (TS 31.102 4.2.2).
    pub fn to_ef_imsi(&self) -> [u8; EF_IMSI_OCTETS] {
        let digits = self.0.as_bytes();
        let parity = if digits.len() % 2 == 1 { 0x9 } else { 0x1 };
        // The parity nibble travels as a leading pseudo-digit in the swapped layout.
        let mut nibbles = Vec::with_capacity(digits.len() + 1);
        nibbles.push(b'0' + parity);
        nibbles.extend_from_slice(digits);
        let used = nibbles.len().div_ceil(2);
        let mut out = [0xFF; EF_IMSI_OCTETS];
        out[0] = used as u8;
        out[1..=used].copy_from_slice(&bcd::pack_swapped(&nibbles, used));
        out
    }

    /// Decodes EF.IMSI content (TS 31.102 4.2.2). Octets after the used ones are ignored.
    pub fn from_ef_imsi(ef: &[u8]) -> Result<Imsi, ImsiError> {
        let (&len, rest) = ef.split_first().ok_or(ImsiError::EfLength(0))?;
        let used = usize::from(len);
        if used == 0 || used > EF_IMSI_OCTETS - 1 || rest.len() < used {
            return Err(ImsiError::EfLength(len));
        }
        let body = &rest[..used];
        let parity = body[0] & 0x0F;
        if parity != 0x9 && parity != 0x1 {
            return Err(ImsiError::EfParity(parity));
        }
        // Replace the parity nibble by a digit to unpack the rest uniformly.
        let mut bytes = body.to_vec();
        bytes[0] &= 0xF0;
        let all = bcd::unpack_swapped(&bytes).map_err(|_| ImsiError::EfNotBcd)?;
        let digits = &all[1..];
        let odd = digits.len() % 2 == 1;
        if odd != (parity == 0x9) {
            return Err(ImsiError::EfParity(parity));
        }
        Imsi::parse(digits)
    }
}

/// Whether every MNC under `mcc` has three digits. Covers the MCCs of ITU-T E.212 zone 3
/// known to use 3-digit MNCs only: Canada 302, the USA 310–316, Mexico 334, and the
/// Caribbean 338, 342, 344, 346, 348, 354, 356, 358, 360, 365, 366, 376. A heuristic: an
/// MCC not listed is assumed to use 2-digit MNCs; pass the length explicitly when it is known.
pub fn mcc_has_three_digit_mnc(mcc: &str) -> bool {
    matches!(
        mcc,
        "302"
            | "310"
            | "311"
            | "312"
            | "313"
            | "314"
            | "315"
            | "316"
            | "334"
            | "338"
            | "342"
            | "344"
            | "346"
            | "348"
            | "354"
            | "356"
            | "358"
            | "360"
            | "365"
            | "366"
            | "376"
    )
}

/// [`MncLength::Three`] for the MCCs of [`mcc_has_three_digit_mnc`], else [`MncLength::Two`].
pub fn mnc_length_by_mcc(mcc: &str) -> MncLength {
    if mcc_has_three_digit_mnc(mcc) {
        MncLength::Three
    } else {
        MncLength::Two
    }
}

impl fmt::Display for Imsi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Imsi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Imsi({})", self.0)
    }
}

impl FromStr for Imsi {
    type Err = ImsiError;
    fn from_str(s: &str) -> Result<Imsi, ImsiError> {
        Imsi::parse(s)
    }
}

impl AsRef<str> for Imsi {
    fn as_ref(&self) -> &str {
        &self.0
    }
}
