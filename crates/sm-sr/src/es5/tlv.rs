//! BER-TLV with one-octet tags and definite lengths (ISO/IEC 7816-4 5.2, the coding ETSI
//! TS 102 226 5.2 uses for its expanded scripts), read with bounds checks only.

/// Why bytes did not read as TLVs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TlvError {
    /// The data ends inside a tag, a length or a value.
    #[error("truncated TLV")]
    Truncated,
    /// A length form this reader does not take (indefinite, or more than 2 octets).
    #[error("unsupported TLV length form {0:#04x}")]
    Length(u8),
}

/// Appends `tag`, the BER length of `value` and `value`.
pub(crate) fn put(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    out.push(tag);
    put_len(out, value.len());
    out.extend_from_slice(value);
}

/// Appends a BER definite length (1, 2 or 3 octets).
pub(crate) fn put_len(out: &mut Vec<u8>, n: usize) {
    if n < 0x80 {
        out.push(n as u8);
    } else if n <= 0xFF {
        out.extend_from_slice(&[0x81, n as u8]);
    } else {
        let n = n.min(0xFFFF) as u16;
        out.push(0x82);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

/// One TLV at the start of `data`: its tag, value and the rest.
pub(crate) fn next(data: &[u8]) -> Result<(u8, &[u8], &[u8]), TlvError> {
    let (&tag, rest) = data.split_first().ok_or(TlvError::Truncated)?;
    let (value, rest) = value(rest)?;
    Ok((tag, value, rest))
}

/// [`next`] with one- or two-octet tags (ISO/IEC 7816-4 5.2.2.1: a first octet whose
/// five low bits are all set is followed by a second; `9F70`, `FF21`).
pub(crate) fn next_wide(data: &[u8]) -> Result<(u16, &[u8], &[u8]), TlvError> {
    let (&first, rest) = data.split_first().ok_or(TlvError::Truncated)?;
    let (tag, rest) = if first & 0x1F == 0x1F {
        let (&second, rest) = rest.split_first().ok_or(TlvError::Truncated)?;
        (u16::from_be_bytes([first, second]), rest)
    } else {
        (u16::from(first), rest)
    };
    let (value, rest) = value(rest)?;
    Ok((tag, value, rest))
}

/// A length and the value it covers, at the start of `data`; and the rest.
fn value(data: &[u8]) -> Result<(&[u8], &[u8]), TlvError> {
    let (&first, rest) = data.split_first().ok_or(TlvError::Truncated)?;
    let (len, rest) = match first {
        0..=0x7F => (usize::from(first), rest),
        0x81 => {
            let (&n, rest) = rest.split_first().ok_or(TlvError::Truncated)?;
            (usize::from(n), rest)
        }
        0x82 => match rest {
            [a, b, rest @ ..] => (usize::from(u16::from_be_bytes([*a, *b])), rest),
            _ => return Err(TlvError::Truncated),
        },
        other => return Err(TlvError::Length(other)),
    };
    if rest.len() < len {
        return Err(TlvError::Truncated);
    }
    Ok(rest.split_at(len))
}

/// Every TLV of `data`, in order.
pub(crate) fn all(mut data: &[u8]) -> Result<Vec<(u8, &[u8])>, TlvError> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let (tag, value, rest) = next(data)?;
        out.push((tag, value));
        data = rest;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_trip_and_truncation_is_refused() {
        for n in [0usize, 0x7F, 0x80, 0xFF, 0x100, 0x1234] {
            let mut out = Vec::new();
            put(&mut out, 0x22, &vec![7; n]);
            let (tag, value, rest) = next(&out).unwrap();
            assert_eq!((tag, value.len(), rest.len()), (0x22, n, 0));
        }
        assert_eq!(next(&[0x22, 0x03, 1, 2]), Err(TlvError::Truncated));
        assert_eq!(next(&[0x22, 0x82, 1]), Err(TlvError::Truncated));
        assert_eq!(next(&[0x22, 0x80]), Err(TlvError::Length(0x80)));
        assert_eq!(next(&[]), Err(TlvError::Truncated));
    }
}
