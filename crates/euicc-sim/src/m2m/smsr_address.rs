//! UpdateSMSRAddressingParameters (SGP.02 v4.2 4.1.1.10): where the ISD-R sends its
//! Default Notifications by SMS.
//!
//! SGP.02 does not fix the DGI's content in what the lab could read; this card takes DGI
//! `3A06` whose value is one Address data object of ETSI TS 102 223 8.1 (tag `06`, or
//! `86` with the comprehension-required bit): TON/NPI octet, then the number in BCD
//! (3GPP TS 24.008 10.5.4.7, at most 20 digits: 1 + 10 octets). Anything else is `6A80`.

use certs::gp::tlv;

use super::error::IsdrError;
use super::switch::m2m_mut;
use crate::state::EuiccState;

/// Tag of the TS 102 223 Address object.
const TAG_ADDRESS: u16 = 0x06;
/// The same with the comprehension-required bit.
const TAG_ADDRESS_CR: u16 = 0x86;

/// Runs `3A06`.
pub(super) fn update_smsr_addressing(
    state: &mut EuiccState,
    value: &[u8],
) -> Result<Vec<u8>, IsdrError> {
    let address = match tlv::read_all(value)?.as_slice() {
        [t] if matches!(t.tag, TAG_ADDRESS | TAG_ADDRESS_CR)
            && (2..=11).contains(&t.value.len()) =>
        {
            t.value.to_vec()
        }
        _ => return Err(IsdrError::IncorrectData),
    };
    m2m_mut(state)?.isd_r.smsr_address = Some(address);
    Ok(Vec::new())
}

/// The Address value of an international number (TON/NPI `91`, ETSI TS 102 223 8.1) from
/// its digits; `None` for anything but 1 to 20 digits.
pub fn address_from_digits(digits: &str) -> Option<Vec<u8>> {
    let nibbles: Vec<u8> = digits
        .chars()
        .map(|c| c.to_digit(10).map(|d| d as u8))
        .collect::<Option<_>>()?;
    if nibbles.is_empty() || nibbles.len() > 20 {
        return None;
    }
    let mut out = vec![0x91];
    out.extend(nibbles.chunks(2).map(|pair| match pair {
        [lo, hi] => hi << 4 | lo,
        [lo] => 0xF0 | lo,
        _ => 0xFF,
    }));
    Some(out)
}

/// The digits of a stored address (TON/NPI first, then BCD with `F` filler).
pub fn address_digits(address: &[u8]) -> String {
    let mut out = String::new();
    for b in address.iter().skip(1) {
        for nibble in [b & 0x0F, b >> 4] {
            if let Some(c) = char::from_digit(u32::from(nibble), 10) {
                out.push(c);
            }
        }
    }
    out
}
