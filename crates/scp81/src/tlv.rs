//! The one-byte-tag BER-TLV every SCP81 structure here is made of (ISO/IEC 7816-4 5.2,
//! and the COMPREHENSION-TLV of ETSI TS 102 223 8.1 for the OPEN CHANNEL parameters, whose
//! one-byte tags and lengths code the same way: `L` < `80`, `81 L` up to 255, `82 LL`).

use thiserror::Error;

/// Why a TLV run does not decode.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TlvError {
    /// The data ends inside a tag, a length or a value.
    #[error("TLV truncated at offset {0}")]
    Truncated(usize),
    /// A length form this codec refuses (indefinite `80`, or more than two length octets).
    #[error("unsupported TLV length form {0:#04x} at offset {1}")]
    LengthForm(u8, usize),
    /// A length coded in more octets than needed (ISO/IEC 7816-4 5.2: the shortest form).
    #[error("TLV length not in its shortest form at offset {0}")]
    LongLength(usize),
}

/// One decoded TLV, borrowing its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tlv<'a> {
    pub(crate) tag: u8,
    pub(crate) value: &'a [u8],
}

/// Reads a run of TLVs, one at a time, never past the end of the input.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    fn byte(&mut self) -> Result<u8, TlvError> {
        let b = *self
            .data
            .get(self.pos)
            .ok_or(TlvError::Truncated(self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn length(&mut self) -> Result<usize, TlvError> {
        let at = self.pos;
        match self.byte()? {
            l @ 0..=0x7F => Ok(usize::from(l)),
            0x81 => match self.byte()? {
                l @ 0x80..=0xFF => Ok(usize::from(l)),
                _ => Err(TlvError::LongLength(at)),
            },
            0x82 => {
                let l = (usize::from(self.byte()?) << 8) | usize::from(self.byte()?);
                if l < 0x100 {
                    return Err(TlvError::LongLength(at));
                }
                Ok(l)
            }
            form => Err(TlvError::LengthForm(form, at)),
        }
    }

    /// The next TLV, or `None` at the end of the input.
    pub(crate) fn next_tlv(&mut self) -> Result<Option<Tlv<'a>>, TlvError> {
        if self.pos >= self.data.len() {
            return Ok(None);
        }
        let tag = self.byte()?;
        let len = self.length()?;
        let start = self.pos;
        let end = start
            .checked_add(len)
            .filter(|&e| e <= self.data.len())
            .ok_or(TlvError::Truncated(start))?;
        self.pos = end;
        Ok(Some(Tlv {
            tag,
            value: &self.data[start..end],
        }))
    }
}

/// Appends `tag | L | value` with the shortest length form (values up to 65535 octets).
pub(crate) fn put(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    out.push(tag);
    put_length(out, value.len());
    out.extend_from_slice(value);
}

/// Appends a BER length (callers bound their values far below 65536 octets).
pub(crate) fn put_length(out: &mut Vec<u8>, len: usize) {
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0xFF => out.extend_from_slice(&[0x81, len as u8]),
        _ => {
            let l = u16::try_from(len).unwrap_or(u16::MAX);
            out.push(0x82);
            out.extend_from_slice(&l.to_be_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(data: &[u8]) -> Result<Vec<(u8, Vec<u8>)>, TlvError> {
        let mut r = Reader::new(data);
        let mut v = Vec::new();
        while let Some(t) = r.next_tlv()? {
            v.push((t.tag, t.value.to_vec()));
        }
        Ok(v)
    }

    #[test]
    fn lengths_round_trip_in_their_shortest_form() {
        for len in [0usize, 1, 0x7F, 0x80, 0xFF, 0x100, 0x1234] {
            let value = vec![0xA5; len];
            let mut out = Vec::new();
            put(&mut out, 0x8C, &value);
            let head = match len {
                0..=0x7F => 2,
                0x80..=0xFF => 3,
                _ => 4,
            };
            assert_eq!(out.len(), head + len);
            assert_eq!(all(&out).unwrap(), vec![(0x8C, value)]);
        }
    }

    #[test]
    fn refuses_truncation_and_odd_length_forms() {
        assert_eq!(all(&[0x80, 0x02, 0x01]), Err(TlvError::Truncated(2)));
        assert_eq!(all(&[0x80]), Err(TlvError::Truncated(1)));
        assert_eq!(all(&[0x80, 0x80]), Err(TlvError::LengthForm(0x80, 1)));
        assert_eq!(
            all(&[0x80, 0x83, 0, 0, 1]),
            Err(TlvError::LengthForm(0x83, 1))
        );
        assert_eq!(
            all(&[0x80, 0x81, 0x05, 1, 2, 3, 4, 5]),
            Err(TlvError::LongLength(1))
        );
        assert_eq!(
            all(&[0x80, 0x82, 0x00, 0x01, 1]),
            Err(TlvError::LongLength(1))
        );
        assert_eq!(all(&[0x80, 0x82, 0xFF, 0xFF]), Err(TlvError::Truncated(4)));
    }
}
