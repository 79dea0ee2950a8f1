//! Addresses in semi-octets (3GPP TS 23.040 9.1.2.5), the form TP-OA and TP-DA use and,
//! without the digit count, the Address data object of 3GPP TS 31.111 8.1.
//!
//! ```text
//! TP address   digits(1) | type of address(1) | semi-octets, low nibble first, F filler
//! type         1 | type of number (3 bits) | numbering plan (4 bits)
//! ```

use crate::wire::Reader;

/// The most digits a TP address holds (10 octets of semi-octets).
pub const MAX_DIGITS: usize = 20;

/// Type of number (TS 23.040 9.1.2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeOfNumber {
    /// `000` unknown.
    Unknown,
    /// `001` international number.
    International,
    /// `010` national number.
    National,
    /// `011` network specific number.
    NetworkSpecific,
    /// `100` subscriber number.
    Subscriber,
    /// `110` abbreviated number.
    Abbreviated,
}

impl TypeOfNumber {
    fn bits(self) -> u8 {
        match self {
            TypeOfNumber::Unknown => 0,
            TypeOfNumber::International => 1,
            TypeOfNumber::National => 2,
            TypeOfNumber::NetworkSpecific => 3,
            TypeOfNumber::Subscriber => 4,
            TypeOfNumber::Abbreviated => 6,
        }
    }
}

/// Numbering plan `0001`: ISDN/telephone (E.164/E.163).
pub const NPI_ISDN: u8 = 0x1;

/// A refused address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddressError {
    /// Alphanumeric addresses (type of number `101`) carry GSM 7-bit text, not digits;
    /// OTA peers are numbers, so they are not supported.
    #[error("alphanumeric addresses are not supported")]
    Alphanumeric,
    /// A type of number this crate does not know (`111`).
    #[error("reserved type of number")]
    ReservedType,
    /// A character that is not a semi-octet digit (0-9, *, #, a, b, c).
    #[error("{0:?} is not an address digit")]
    Digit(char),
    /// A semi-octet with no digit (the `F` filler inside the counted digits).
    #[error("semi-octet {0:#x} is not an address digit")]
    SemiOctet(u8),
    /// More than [`MAX_DIGITS`] digits, or none.
    #[error("an address of {0} digits")]
    Length(usize),
    /// The octets end inside the address.
    #[error("truncated address")]
    Truncated,
}

/// An address of digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    /// The type of number.
    pub ton: TypeOfNumber,
    /// The numbering plan identification (4 bits).
    pub npi: u8,
    /// The digits: `0`-`9`, `*`, `#`, `a`, `b`, `c`.
    pub digits: String,
}

impl Address {
    /// An E.164 number, with or without a leading `+`: international, ISDN plan.
    pub fn international(number: &str) -> Result<Self, AddressError> {
        let digits = number.strip_prefix('+').unwrap_or(number);
        Self::new(TypeOfNumber::International, NPI_ISDN, digits)
    }

    /// An address with the given type, plan and digits.
    pub fn new(ton: TypeOfNumber, npi: u8, digits: &str) -> Result<Self, AddressError> {
        if digits.is_empty() || digits.len() > MAX_DIGITS {
            return Err(AddressError::Length(digits.len()));
        }
        digits.chars().try_for_each(|c| nibble(c).map(|_| ()))?;
        Ok(Address {
            ton,
            npi: npi & 0x0F,
            digits: digits.to_ascii_lowercase(),
        })
    }

    /// The number as text, `+` first when international.
    pub fn to_text(&self) -> String {
        match self.ton {
            TypeOfNumber::International => format!("+{}", self.digits),
            _ => self.digits.clone(),
        }
    }

    /// The type-of-address octet.
    pub fn type_octet(&self) -> u8 {
        0x80 | self.ton.bits() << 4 | self.npi & 0x0F
    }

    /// The TP address: digit count, type, semi-octets.
    pub fn encode_tp(&self) -> Vec<u8> {
        let mut out = vec![self.nibbles().len() as u8];
        out.extend(self.encode_ton_npi_bcd());
        out
    }

    /// The digits as semi-octets (at most [`MAX_DIGITS`]; characters that are not digits
    /// are skipped, which only an address built field by field can hold).
    fn nibbles(&self) -> Vec<u8> {
        let digits = self.digits.chars().filter_map(|c| nibble(c).ok());
        digits.take(MAX_DIGITS).collect()
    }

    /// Type and semi-octets without the digit count (TS 31.111 8.1, TS 24.008 10.5.4.7).
    pub fn encode_ton_npi_bcd(&self) -> Vec<u8> {
        let mut out = vec![self.type_octet()];
        for pair in self.nibbles().chunks(2) {
            let low = pair.first().copied().unwrap_or(0x0F);
            let high = pair.get(1).copied().unwrap_or(0x0F);
            out.push(high << 4 | low);
        }
        out
    }

    /// Reads a TP address.
    pub(crate) fn decode_tp(reader: &mut Reader<'_>) -> Result<Self, AddressError> {
        let count = usize::from(reader.u8().ok_or(AddressError::Truncated)?);
        if count > MAX_DIGITS {
            return Err(AddressError::Length(count));
        }
        let toa = reader.u8().ok_or(AddressError::Truncated)?;
        let octets = reader
            .take(count.div_ceil(2))
            .ok_or(AddressError::Truncated)?;
        from_parts(toa, octets, Some(count))
    }

    /// Reads type and semi-octets (the whole value of a TS 31.111 Address object).
    pub fn decode_ton_npi_bcd(value: &[u8]) -> Result<Self, AddressError> {
        let (&toa, octets) = value.split_first().ok_or(AddressError::Truncated)?;
        from_parts(toa, octets, None)
    }
}

fn from_parts(toa: u8, octets: &[u8], count: Option<usize>) -> Result<Address, AddressError> {
    let ton = match toa >> 4 & 0x07 {
        0 => TypeOfNumber::Unknown,
        1 => TypeOfNumber::International,
        2 => TypeOfNumber::National,
        3 => TypeOfNumber::NetworkSpecific,
        4 => TypeOfNumber::Subscriber,
        5 => return Err(AddressError::Alphanumeric),
        6 => TypeOfNumber::Abbreviated,
        _ => return Err(AddressError::ReservedType),
    };
    let mut digits = String::new();
    for nib in octets.iter().flat_map(|b| [b & 0x0F, b >> 4]) {
        if count.is_some_and(|n| digits.len() == n) || (count.is_none() && nib == 0x0F) {
            break;
        }
        digits.push(digit(nib).ok_or(AddressError::SemiOctet(nib))?);
    }
    if count.is_some_and(|n| digits.len() != n) {
        return Err(AddressError::Truncated);
    }
    Ok(Address {
        ton,
        npi: toa & 0x0F,
        digits,
    })
}

fn nibble(c: char) -> Result<u8, AddressError> {
    match c {
        '0'..='9' => Ok(c as u8 - b'0'),
        '*' => Ok(0xA),
        '#' => Ok(0xB),
        'a' | 'A' => Ok(0xC),
        'b' | 'B' => Ok(0xD),
        'c' | 'C' => Ok(0xE),
        other => Err(AddressError::Digit(other)),
    }
}

fn digit(nibble: u8) -> Option<char> {
    match nibble {
        0..=9 => Some(char::from(b'0' + nibble)),
        0xA => Some('*'),
        0xB => Some('#'),
        0xC => Some('a'),
        0xD => Some('b'),
        0xE => Some('c'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(hex: &str) -> Result<Address, AddressError> {
        let bytes = hex::decode(hex).expect("hex");
        Address::decode_tp(&mut Reader::new(&bytes))
    }

    #[test]
    fn pysim_address_examples() {
        // pySim test_sms.py: 0480214399 = 4 digits "1234" (type 80); 038021f3 odd "123".
        assert_eq!(tp("0480214399").map(|a| a.digits), Ok("1234".into()));
        assert_eq!(tp("038021f399").map(|a| a.digits), Ok("123".into()));
        let a = Address::international("12345").expect("valid");
        assert_eq!(hex::encode(a.encode_tp()), "05912143f5");
        assert_eq!(tp("05912143f5"), Ok(a.clone()));
        assert_eq!(a.to_text(), "+12345");
        assert_eq!(Address::international("+12345"), Ok(a));
    }

    #[test]
    fn alphanumeric_and_bad_addresses_are_refused() {
        // pySim test_sms.py's DELIVER has the alphanumeric originator 08 D0 E5759A0E.
        assert_eq!(tp("08d0e5759a0e"), Err(AddressError::Alphanumeric));
        assert_eq!(tp("0891214365"), Err(AddressError::Truncated));
        assert_eq!(tp("1591"), Err(AddressError::Length(21)));
        assert_eq!(tp("02912f"), Err(AddressError::SemiOctet(0x0F)));
        assert_eq!(
            Address::international("+49-30"),
            Err(AddressError::Digit('-'))
        );
        assert_eq!(Address::international(""), Err(AddressError::Length(0)));
    }

    #[test]
    fn ton_npi_bcd_form_round_trips() {
        let a = Address::international("4915112345678").expect("valid");
        let bcd = a.encode_ton_npi_bcd();
        assert_eq!(hex::encode(&bcd), "91945111325476f8");
        assert_eq!(Address::decode_ton_npi_bcd(&bcd), Ok(a));
    }
}
