//! Reading message input given as a file or `-`, in binary, hex or base64.

use std::io::Read;

use base64::Engine;

/// Inputs larger than this are refused before decoding (a bound profile package of a large
/// profile is well under 1 MiB).
pub(crate) const MAX_INPUT: usize = 16 * 1024 * 1024;

/// Why an input could not be read or decoded; the text names the path, or the character
/// and its byte offset in the input.
#[derive(Debug, thiserror::Error)]
pub(crate) enum InputError {
    /// The file (or standard input) could not be read.
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// More than [`MAX_INPUT`] bytes.
    #[error("{path}: input larger than {MAX_INPUT} bytes")]
    TooLarge { path: String },
    /// Hex text with a digit left unpaired.
    #[error(
        "hex input has an odd number of digits ({digits}): unpaired digit at byte offset {offset}"
    )]
    OddHex { digits: usize, offset: usize },
    /// A character hex does not have.
    #[error("bad hex: character {c:?} at byte offset {offset}")]
    HexCharacter { c: char, offset: usize },
    /// Any other hex error, at the end of the input.
    #[error("bad hex: {source} at byte offset {offset}")]
    Hex {
        source: hex::FromHexError,
        offset: usize,
    },
    /// Text that is neither hex nor base64.
    #[error("input is neither hex nor base64: character {c:?} at byte offset {offset}")]
    NotText { c: char, offset: usize },
    /// A character base64 does not have.
    #[error("bad base64: character {c:?} at byte offset {offset}")]
    Base64Character { c: char, offset: usize },
    /// A last symbol with bits set that encode nothing.
    #[error(
        "bad base64: last symbol {c:?} has bits set that encode nothing, at byte offset {offset}"
    )]
    Base64LastSymbol { c: char, offset: usize },
    /// Symbols that leave the last group of 4 incomplete.
    #[error(
        "bad base64: {symbols} symbols leave an incomplete last group of 4, starting at byte \
         offset {offset}"
    )]
    Base64Length { symbols: usize, offset: usize },
    /// Padding that is not `=` up to a multiple of 4.
    #[error(
        "bad base64: invalid padding (length must be a multiple of 4 with '=' padding) at \
         byte offset {offset}"
    )]
    Base64Padding { offset: usize },
}

/// Reads `path` (or standard input for `-`), bounded by [`MAX_INPUT`].
pub(crate) fn read_source(path: &str) -> Result<Vec<u8>, InputError> {
    let failed = |source| InputError::Read {
        path: path.to_string(),
        source,
    };
    let mut data = Vec::new();
    let limit = MAX_INPUT as u64 + 1;
    let read = if path == "-" {
        std::io::stdin().take(limit).read_to_end(&mut data)
    } else {
        std::fs::File::open(path)
            .map_err(failed)?
            .take(limit)
            .read_to_end(&mut data)
    };
    read.map_err(failed)?;
    if data.len() > MAX_INPUT {
        return Err(InputError::TooLarge {
            path: path.to_string(),
        });
    }
    Ok(data)
}

/// How the input was written.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub(crate) enum Encoding {
    Binary,
    Hex,
    Base64,
}

/// Detects hex or base64 text and decodes it; anything else is taken as binary DER.
///
/// Text is recognised when every byte is printable ASCII or whitespace: then it must be
/// valid hex (preferred, as trace tools print it) or base64 (as JSON bindings carry it), and
/// an error names the offending character's offset.
pub(crate) fn decode_text(data: &[u8]) -> Result<(Encoding, Vec<u8>), InputError> {
    let is_text = !data.is_empty()
        && data
            .iter()
            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    if !is_text {
        return Ok((Encoding::Binary, data.to_vec()));
    }
    let compact: Vec<(usize, u8)> = data
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, b)| !b.is_ascii_whitespace())
        .collect();
    let looks_hex = compact.iter().all(|(_, b)| b.is_ascii_hexdigit());
    if looks_hex {
        if let (true, Some(&(last, _))) = (compact.len() % 2 != 0, compact.last()) {
            return Err(InputError::OddHex {
                digits: compact.len(),
                offset: last,
            });
        }
        let text: String = compact.iter().map(|&(_, b)| char::from(b)).collect();
        return hex::decode(&text)
            .map(|v| (Encoding::Hex, v))
            .map_err(|e| match e {
                hex::FromHexError::InvalidHexCharacter { c, index } => InputError::HexCharacter {
                    c,
                    offset: original_offset(&compact, data, index),
                },
                source => InputError::Hex {
                    source,
                    offset: data.len(),
                },
            });
    }
    if let Some(&(offset, b)) = compact.iter().find(|(_, b)| {
        !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
    }) {
        return Err(InputError::NotText {
            c: char::from(b),
            offset,
        });
    }
    let text: String = compact.iter().map(|&(_, b)| char::from(b)).collect();
    let engine = if text.contains(['-', '_']) {
        &base64::engine::general_purpose::URL_SAFE
    } else {
        &base64::engine::general_purpose::STANDARD
    };
    engine
        .decode(text.as_bytes())
        .map(|v| (Encoding::Base64, v))
        .map_err(|e| base64_error(&e, &compact, data))
}

/// Offset in `data` of the `index`th non-whitespace byte (`compact[index]`), or the end of
/// the text when `index` is past it.
fn original_offset(compact: &[(usize, u8)], data: &[u8], index: usize) -> usize {
    compact.get(index).map_or_else(
        || compact.last().map_or(data.len(), |&(last, _)| last + 1),
        |&(offset, _)| offset,
    )
}

/// A base64 error naming the offset in the input where it was found: the bad symbol, the
/// start of the incomplete last group of 4, or where the padding starts (or should).
fn base64_error(e: &base64::DecodeError, compact: &[(usize, u8)], data: &[u8]) -> InputError {
    use base64::DecodeError as E;
    let at = |index: usize| original_offset(compact, data, index);
    match *e {
        E::InvalidByte(index, byte) => InputError::Base64Character {
            c: char::from(byte),
            offset: at(index),
        },
        E::InvalidLastSymbol(index, byte) => InputError::Base64LastSymbol {
            c: char::from(byte),
            offset: at(index),
        },
        E::InvalidLength(symbols) => InputError::Base64Length {
            symbols,
            offset: at(symbols / 4 * 4),
        },
        E::InvalidPadding => {
            let start = compact
                .iter()
                .position(|&(_, b)| b == b'=')
                .unwrap_or(compact.len());
            InputError::Base64Padding { offset: at(start) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_hex_base64_and_binary() {
        assert_eq!(
            decode_text(b"bf2e 00\n").unwrap(),
            (Encoding::Hex, vec![0xBF, 0x2E, 0x00])
        );
        assert_eq!(
            decode_text(b"vy4A").unwrap(),
            (Encoding::Base64, vec![0xBF, 0x2E, 0x00])
        );
        assert_eq!(
            decode_text(&[0xBF, 0x2E, 0x00]).unwrap(),
            (Encoding::Binary, vec![0xBF, 0x2E, 0x00])
        );
        assert!(
            decode_text(b"bf2")
                .unwrap_err()
                .to_string()
                .contains("odd number")
        );
        assert!(
            decode_text(b"vy4A!!")
                .unwrap_err()
                .to_string()
                .contains("byte offset 4")
        );
        assert!(
            decode_text(b"vy4")
                .unwrap_err()
                .to_string()
                .contains("base64")
        );
    }

    #[test]
    fn every_input_error_names_a_byte_offset() {
        let err = |input: &[u8]| decode_text(input).unwrap_err().to_string();
        // padding missing: where it should start (after the text, whitespace excluded)
        assert!(
            err(b"vy4\n").ends_with("at byte offset 3"),
            "{}",
            err(b"vy4\n")
        );
        // padding where the data is not done: where the padding starts
        assert!(err(b"vy4A vy==AAAA").ends_with("at byte offset 7"));
        // a lone symbol in the last group
        assert!(
            err(b"vy4Av").ends_with("at byte offset 4"),
            "{}",
            err(b"vy4Av")
        );
        // the last symbol carries bits that encode nothing
        assert!(
            err(b"vy5=").ends_with("at byte offset 2"),
            "{}",
            err(b"vy5=")
        );
        assert!(
            err(b"bf 2e 0").ends_with("at byte offset 6"),
            "{}",
            err(b"bf 2e 0")
        );
    }
}

/// A DTLS pre-shared key given as `IDENTITY:HEXKEY` (the last colon splits): the identity
/// and the key; the error names the identity, never the key.
pub(crate) fn psk(s: &str) -> Result<(Vec<u8>, Vec<u8>), String> {
    let Some((identity, key)) = s.rsplit_once(':') else {
        return Err("--psk is not IDENTITY:HEXKEY".into());
    };
    match hex::decode(key) {
        Ok(key) if !identity.is_empty() && !key.is_empty() => {
            Ok((identity.as_bytes().to_vec(), key))
        }
        _ => Err(format!("--psk for {identity:?} is not IDENTITY:HEXKEY")),
    }
}

#[cfg(test)]
mod psk_tests {
    #[test]
    fn identity_and_hex_key_the_key_never_in_the_error() {
        assert_eq!(
            super::psk("dev:1:0a0B").unwrap(),
            (b"dev:1".to_vec(), vec![0x0A, 0x0B])
        );
        let e = super::psk("dev:secretzz").unwrap_err();
        assert!(e.contains("\"dev\"") && !e.contains("secret"), "{e}");
        assert!(super::psk("nokey").is_err());
        assert!(super::psk(":00").is_err());
    }
}
