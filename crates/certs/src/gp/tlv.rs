//! The BER-TLVs of GlobalPlatform data objects (GPCS v2.3 Annex B.2; ISO/IEC 8825-1 8.1.2
//! and 8.1.3): one- and two-octet tags, definite lengths of up to three octets (`82 hh ll`).
//!
//! GP Amendment E certificates, the STORE DATA DGIs of SGP.02 and GET STATUS answers all
//! fit in that subset. Reading is bounded: a value never runs past its input and a length
//! field never claims more than 65 535 octets.

use thiserror::Error;

/// A TLV list that does not parse.
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlvError {
    /// The input ends inside a tag, a length or a value.
    #[error("truncated TLV")]
    Truncated,
    /// A tag longer than two octets, an indefinite length or a length over three octets.
    #[error("TLV form outside the GlobalPlatform subset")]
    Unsupported,
}

/// One data object: its tag (one or two octets, as a number: `0x93`, `0x7F21`) and value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The tag as written, `0x93` or `0x7F21`.
    pub tag: u16,
    /// The value field.
    pub value: &'a [u8],
}

/// Appends a data object: the tag (two octets when above `0xFF`), the shortest definite
/// length, the value. Values of 65 536 octets or more are not GP data objects; they are
/// cut at that bound rather than written with a wrong length.
pub fn push(out: &mut Vec<u8>, tag: u16, value: &[u8]) {
    if tag > 0xFF {
        out.extend(tag.to_be_bytes());
    } else {
        out.push(tag as u8);
    }
    let value = &value[..value.len().min(0xFFFF)];
    match value.len() {
        n @ 0..=0x7F => out.push(n as u8),
        n @ 0x80..=0xFF => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(value);
}

/// Reads the first data object of `data`; returns it and the rest.
pub fn read(data: &[u8]) -> Result<(Tlv<'_>, &[u8]), TlvError> {
    let (tag, rest) = match data {
        // ISO/IEC 8825-1 8.1.2.4: low five bits all set, a subsequent octet follows
        [first, second, rest @ ..] if first & 0x1F == 0x1F => {
            if second & 0x80 != 0 {
                return Err(TlvError::Unsupported);
            }
            (u16::from_be_bytes([*first, *second]), rest)
        }
        [first, rest @ ..] if first & 0x1F != 0x1F => (u16::from(*first), rest),
        _ => return Err(TlvError::Truncated),
    };
    let (len, rest) = match rest {
        [n @ 0..=0x7F, r @ ..] => (usize::from(*n), r),
        [0x81, n, r @ ..] => (usize::from(*n), r),
        [0x82, hi, lo, r @ ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), r),
        [0x80 | 0x83..=0xFF, ..] => return Err(TlvError::Unsupported),
        _ => return Err(TlvError::Truncated),
    };
    if rest.len() < len {
        return Err(TlvError::Truncated);
    }
    let (value, rest) = rest.split_at(len);
    Ok((Tlv { tag, value }, rest))
}

/// All data objects of `data`, in order.
pub fn read_all(mut data: &[u8]) -> Result<Vec<Tlv<'_>>, TlvError> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let (tlv, rest) = read(data)?;
        out.push(tlv);
        data = rest;
    }
    Ok(out)
}

/// The value of the first data object with `tag` in a list.
pub fn find<'a>(list: &[Tlv<'a>], tag: u16) -> Option<&'a [u8]> {
    list.iter().find(|t| t.tag == tag).map(|t| t.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpcs_annex_b_tags_and_lengths_round_trip() {
        let mut out = Vec::new();
        push(&mut out, 0x93, &[0x01]);
        push(&mut out, 0x7F49, &[0xAA; 0x46]);
        push(&mut out, 0x5F37, &[0xBB; 0x90]);
        push(&mut out, 0x73, &[0xCC; 0x120]);
        assert_eq!(&out[..3], [0x93, 0x01, 0x01]);
        assert_eq!(&out[3..6], [0x7F, 0x49, 0x46]);
        let list = read_all(&out).expect("well formed");
        let tags: Vec<u16> = list.iter().map(|t| t.tag).collect();
        assert_eq!(tags, [0x93, 0x7F49, 0x5F37, 0x73]);
        assert_eq!(find(&list, 0x5F37).map(<[u8]>::len), Some(0x90));
        assert_eq!(find(&list, 0x73).map(<[u8]>::len), Some(0x120));
    }

    #[test]
    fn iso8825_1_truncated_and_unsupported_forms_are_refused() {
        assert_eq!(read_all(&[0x93, 0x02, 0x01]), Err(TlvError::Truncated));
        assert_eq!(read_all(&[0x7F]), Err(TlvError::Truncated));
        assert_eq!(read_all(&[0x93, 0x80, 0x00]), Err(TlvError::Unsupported));
        assert_eq!(
            read_all(&[0x93, 0x84, 0, 0, 0, 1]),
            Err(TlvError::Unsupported)
        );
        assert_eq!(
            read_all(&[0x7F, 0x81, 0x21, 0x00]),
            Err(TlvError::Unsupported)
        );
        assert_eq!(
            read_all(&[0x82, 0x82, 0x01, 0x00]),
            Err(TlvError::Truncated)
        );
    }
}
