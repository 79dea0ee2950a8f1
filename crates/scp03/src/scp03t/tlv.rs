//! The BER-TLV coding SCP03t uses (ISO/IEC 7816-4 5.2): tags of one octet, or two when the
//! first is `x1F`-masked; lengths of one to three octets (`81 xx`, `82 xx xx`). The error
//! tags `9F84`–`9F86` have b8 set in their second octet, which strict BER reads as "more tag
//! octets follow": the second octet always ends the tag here, as the error tags need
//! \[unconfirmed\].

use crate::Scp03Error;

/// The largest value this crate reads or writes, well over one segment and its overhead.
pub const MAX_VALUE_LEN: usize = 0xFFFF;

/// Appends a BER length.
pub(crate) fn push_length(out: &mut Vec<u8>, len: usize) -> Result<(), Scp03Error> {
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0xFF => out.extend([0x81, len as u8]),
        0x100..=MAX_VALUE_LEN => out.extend([0x82, (len >> 8) as u8, len as u8]),
        _ => return Err(Scp03Error::TooLong(len, MAX_VALUE_LEN)),
    }
    Ok(())
}

/// One TLV: `tag | length | value`.
pub fn encode(tag: u16, value: &[u8]) -> Result<Vec<u8>, Scp03Error> {
    let mut out = Vec::with_capacity(value.len() + 5);
    if tag > 0xFF {
        out.extend(tag.to_be_bytes());
    } else {
        out.push(tag as u8);
    }
    push_length(&mut out, value.len())?;
    out.extend_from_slice(value);
    Ok(out)
}

/// Reads one TLV; returns its tag, value and the octets after it.
pub fn read(data: &[u8]) -> Result<(u16, &[u8], &[u8]), Scp03Error> {
    let malformed = Scp03Error::Malformed("SCP03t TLV");
    let (tag, rest) = match data {
        [first, second, rest @ ..] if first & 0x1F == 0x1F => {
            (u16::from_be_bytes([*first, *second]), rest)
        }
        [first, rest @ ..] => (u16::from(*first), rest),
        [] => return Err(malformed),
    };
    let (len, rest) = match rest {
        [n @ 0..=0x7F, rest @ ..] => (usize::from(*n), rest),
        [0x81, n, rest @ ..] if *n >= 0x80 => (usize::from(*n), rest),
        [0x82, h, l, rest @ ..] if *h != 0 => (usize::from(u16::from_be_bytes([*h, *l])), rest),
        _ => return Err(malformed),
    };
    if rest.len() < len {
        return Err(malformed);
    }
    let (value, rest) = rest.split_at(len);
    Ok((tag, value, rest))
}

/// Reads exactly one TLV, nothing after it.
pub fn read_one(data: &[u8]) -> Result<(u16, &[u8]), Scp03Error> {
    match read(data)? {
        (tag, value, []) => Ok((tag, value)),
        _ => Err(Scp03Error::Malformed("octets after the SCP03t TLV")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_use_the_shortest_form_and_bad_ones_are_refused() {
        assert_eq!(encode(0x86, &[0; 0x7F]).unwrap()[..2], [0x86, 0x7F]);
        assert_eq!(encode(0x86, &[0; 0x80]).unwrap()[..3], [0x86, 0x81, 0x80]);
        assert_eq!(
            encode(0x86, &[0; 0x210]).unwrap()[..4],
            [0x86, 0x82, 0x02, 0x10]
        );
        assert_eq!(encode(0x9F84, &[1]).unwrap(), [0x9F, 0x84, 0x01, 0x01]);
        let big = encode(0x86, &[7; 300]).unwrap();
        assert_eq!(read_one(&big).unwrap(), (0x86, &[7u8; 300][..]));
        assert!(read(&[0x86, 0x81, 0x10]).is_err(), "non-minimal length");
        assert!(
            read(&[0x86, 0x83, 0, 0, 1, 0]).is_err(),
            "three-octet length"
        );
        assert!(read(&[0x86, 0x05, 1, 2]).is_err(), "short value");
        assert!(read(&[0x9F]).is_err());
        assert!(read_one(&[0x86, 0x00, 0x00]).is_err());
        assert!(encode(0x86, &vec![0; MAX_VALUE_LEN + 1]).is_err());
    }
}
