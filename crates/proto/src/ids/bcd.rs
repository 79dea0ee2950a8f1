//! Decimal digits and their two BCD layouts.
//!
//! *Plain* BCD puts the first digit in the high nibble (`"1234"` → `12 34`): the EID
//! (SGP.02 / SGP.29) and the ICCID of a TCA profile package header use it. *Swapped* BCD puts
//! the first digit in the low nibble (`"1234"` → `21 43`): EF.ICCID (ETSI TS 102 221 13.2),
//! the SGP.22 `Iccid` (`5A`) and EF.IMSI use it. Unused nibbles are `F`.

/// The position (0-based) of the first character of `s` that is not an ASCII digit.
pub(crate) fn first_non_digit(s: &str) -> Option<usize> {
    s.bytes().position(|b| !b.is_ascii_digit())
}

/// Packs decimal digits (ASCII) into plain BCD, high nibble first, padding with `F` to
/// `len` bytes. The caller guarantees `digits.len() <= 2 * len` and that all are digits.
pub(crate) fn pack_plain(digits: &[u8], len: usize) -> Vec<u8> {
    let mut out = vec![0xFF; len];
    for (i, d) in digits.iter().enumerate() {
        let v = d - b'0';
        let byte = &mut out[i / 2];
        if i % 2 == 0 {
            *byte = (*byte & 0x0F) | (v << 4);
        } else {
            *byte = (*byte & 0xF0) | v;
        }
    }
    out
}

/// Packs decimal digits (ASCII) into swapped BCD, low nibble first, padding with `F` to
/// `len` bytes. The caller guarantees `digits.len() <= 2 * len` and that all are digits.
pub(crate) fn pack_swapped(digits: &[u8], len: usize) -> Vec<u8> {
    pack_plain(digits, len)
        .into_iter()
        .map(|b| b.rotate_left(4))
        .collect()
}

/// Why BCD octets did not unpack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnpackError {
    /// A nibble at this nibble index is neither a digit nor trailing `F` padding.
    BadNibble { nibble: usize, value: u8 },
    /// A digit follows `F` padding at this nibble index.
    DigitAfterPadding { nibble: usize },
}

/// Unpacks plain BCD into ASCII digits; `F` nibbles are accepted only as trailing padding.
pub(crate) fn unpack_plain(bytes: &[u8]) -> Result<String, UnpackError> {
    unpack_nibbles(bytes.iter().flat_map(|b| [b >> 4, b & 0x0F]))
}

/// Unpacks swapped BCD into ASCII digits; `F` nibbles are accepted only as trailing padding.
pub(crate) fn unpack_swapped(bytes: &[u8]) -> Result<String, UnpackError> {
    unpack_nibbles(bytes.iter().flat_map(|b| [b & 0x0F, b >> 4]))
}

fn unpack_nibbles(nibbles: impl Iterator<Item = u8>) -> Result<String, UnpackError> {
    let mut out = String::new();
    let mut padding_from = None;
    for (i, n) in nibbles.enumerate() {
        match n {
            0..=9 => {
                if padding_from.is_some() {
                    return Err(UnpackError::DigitAfterPadding { nibble: i });
                }
                out.push(char::from(b'0' + n));
            }
            0x0F => {
                padding_from.get_or_insert(i);
            }
            _ => {
                return Err(UnpackError::BadNibble {
                    nibble: i,
                    value: n,
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_swapped_layouts() {
        assert_eq!(pack_plain(b"123", 2), vec![0x12, 0x3F]);
        assert_eq!(pack_swapped(b"123", 2), vec![0x21, 0xF3]);
        assert_eq!(unpack_plain(&[0x12, 0x3F]).as_deref(), Ok("123"));
        assert_eq!(unpack_swapped(&[0x21, 0xF3]).as_deref(), Ok("123"));
        assert_eq!(
            unpack_plain(&[0x1F, 0x23]),
            Err(UnpackError::DigitAfterPadding { nibble: 2 })
        );
        assert_eq!(
            unpack_plain(&[0x1A]),
            Err(UnpackError::BadNibble {
                nibble: 1,
                value: 0x0A
            })
        );
    }
}
