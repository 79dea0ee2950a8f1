//! STORE DATA in DGI format to the ISD-R (GPCS v2.3 11.11.2.1: P1 b5-b4 = `01`; SGP.02
//! v4.2 4.1.1).
//!
//! ```text
//! CLA '80'-'83'  INS 'E2'
//! P1  b8 = 1 last block | b5-b4 = 01 DGI format | b1 = 1 response data expected
//!     -> '88' / '89' last block, '08' / '09' more blocks follow
//! P2  block number
//! data: DGI(2) ‖ length (1 octet, or 'FF' ‖ 2 octets from 255 on) ‖ value, repeated
//! ```
//!
//! Each block carries whole DGIs and is processed when it arrives: SGP.02 sends the two
//! steps of key establishment as blocks `00` (not last, `3A01`) and `01` (last, `3A02`) and
//! reads a response to each; P2 (the block number) is therefore not used to reassemble.

use super::error::IsdrError;

/// One data group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dgi<'a> {
    /// The DGI (`3A03` …).
    pub tag: u16,
    /// Its value.
    pub value: &'a [u8],
}

/// Whether P1 announces the DGI format (b5-b4 = `01`); b7, b6 (encryption) must be clear.
pub fn is_dgi_format(p1: u8) -> bool {
    p1 & 0x78 == 0x08
}

/// The DGIs of one block.
pub fn parse(mut data: &[u8]) -> Result<Vec<Dgi<'_>>, IsdrError> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let (tag, rest) = match data {
            [hi, lo, rest @ ..] => (u16::from_be_bytes([*hi, *lo]), rest),
            _ => return Err(IsdrError::IncorrectData),
        };
        let (len, rest) = match rest {
            [0xFF, hi, lo, rest @ ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), rest),
            [0xFF, ..] | [] => return Err(IsdrError::IncorrectData),
            [n, rest @ ..] => (usize::from(*n), rest),
        };
        if rest.len() < len {
            return Err(IsdrError::IncorrectData);
        }
        let (value, rest) = rest.split_at(len);
        out.push(Dgi { tag, value });
        data = rest;
    }
    Ok(out)
}

/// Appends one DGI (for tests and the SM-SR side of the lab).
pub fn push(out: &mut Vec<u8>, tag: u16, value: &[u8]) {
    out.extend(tag.to_be_bytes());
    match u16::try_from(value.len()) {
        Ok(n @ 0..=0xFE) => out.push(n as u8),
        Ok(n) => {
            out.push(0xFF);
            out.extend(n.to_be_bytes());
        }
        Err(_) => out.push(0),
    }
    if value.len() <= usize::from(u16::MAX) {
        out.extend_from_slice(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpcs_11_11_2_dgi_lengths_one_and_three_octets() {
        let mut out = Vec::new();
        push(&mut out, 0x3A03, &[0x4F, 0x00]);
        push(&mut out, 0x3A02, &[0xAA; 300]);
        assert_eq!(&out[..5], [0x3A, 0x03, 0x02, 0x4F, 0x00]);
        assert_eq!(&out[5..10], [0x3A, 0x02, 0xFF, 0x01, 0x2C]);
        let dgis = parse(&out).expect("parses");
        assert_eq!(dgis.len(), 2);
        assert_eq!(dgis[1].value.len(), 300);
        assert_eq!(
            parse(&[0x3A, 0x03, 0x05, 0x4F]),
            Err(IsdrError::IncorrectData)
        );
        assert_eq!(parse(&[0x3A]), Err(IsdrError::IncorrectData));
        assert_eq!(
            parse(&[0x3A, 0x03, 0xFF, 0x01]),
            Err(IsdrError::IncorrectData)
        );
        assert!(is_dgi_format(0x88) && is_dgi_format(0x09) && !is_dgi_format(0x91));
    }
}
