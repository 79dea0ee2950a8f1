//! The field types of SMPP 3.4 3.1: integers (big-endian) and C-octet strings, read within
//! bounds and written against their maxima.

use super::error::{DecodeError, EncodeError};
use super::status::CommandStatus;

/// Reads a body's fields in order, never past its end.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(body: &'a [u8]) -> Self {
        Reader { rest: body }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    pub(crate) fn octets(
        &mut self,
        n: usize,
        field: &'static str,
    ) -> Result<&'a [u8], DecodeError> {
        if self.rest.len() < n {
            return Err(DecodeError::Truncated(field));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, DecodeError> {
        Ok(self.octets(1, field)?.first().copied().unwrap_or_default())
    }

    /// A C-octet string (SMPP 3.4 3.1): ASCII up to a NULL, the NULL within `max` octets;
    /// a string that runs past `max` is refused with the field's own `status`.
    pub(crate) fn c_string(
        &mut self,
        field: &'static str,
        max: usize,
        status: CommandStatus,
    ) -> Result<String, DecodeError> {
        let window = &self.rest[..self.rest.len().min(max)];
        let Some(nul) = window.iter().position(|&b| b == 0) else {
            return Err(if self.rest.len() < max && !self.rest.contains(&0) {
                DecodeError::Truncated(field)
            } else {
                DecodeError::Field { field, status }
            });
        };
        let text = &window[..nul];
        if !text.is_ascii() {
            return Err(DecodeError::Field { field, status });
        }
        self.rest = &self.rest[nul + 1..];
        Ok(text.iter().map(|&b| char::from(b)).collect())
    }

    /// Fails with [`DecodeError::Trailing`] unless the body has been read to its end.
    pub(crate) fn finish(&self) -> Result<(), DecodeError> {
        match self.rest.len() {
            0 => Ok(()),
            n => Err(DecodeError::Trailing(n)),
        }
    }
}

/// Appends a C-octet string and its NULL; `max` counts the NULL (SMPP 3.4 3.1).
pub(crate) fn put_c_string(
    out: &mut Vec<u8>,
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<(), EncodeError> {
    if value.len() + 1 > max {
        return Err(EncodeError::FieldTooLong {
            field,
            len: value.len(),
            max,
        });
    }
    if !value.is_ascii() || value.as_bytes().contains(&0) {
        return Err(EncodeError::FieldNotAscii(field));
    }
    out.extend_from_slice(value.as_bytes());
    out.push(0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_string_stops_at_its_maximum() {
        let s = CommandStatus::ESME_RINVSYSID;
        assert_eq!(Reader::new(b"abc\0x").c_string("f", 4, s), Ok("abc".into()));
        assert_eq!(
            Reader::new(b"abcd\0").c_string("f", 4, s),
            Err(DecodeError::Field {
                field: "f",
                status: s
            })
        );
        assert_eq!(
            Reader::new(b"ab").c_string("f", 4, s),
            Err(DecodeError::Truncated("f"))
        );
        assert_eq!(
            Reader::new(b"\xC3\xA9\0").c_string("f", 4, s),
            Err(DecodeError::Field {
                field: "f",
                status: s
            })
        );
    }

    #[test]
    fn put_c_string_refuses_overlong_values() {
        let mut out = Vec::new();
        assert!(put_c_string(&mut out, "f", "abc", 4).is_ok());
        assert_eq!(out, b"abc\0");
        assert_eq!(
            put_c_string(&mut out, "f", "abcd", 4),
            Err(EncodeError::FieldTooLong {
                field: "f",
                len: 4,
                max: 4
            })
        );
    }
}
