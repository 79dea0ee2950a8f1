//! Remote command scripts in the expanded format (ETSI TS 102 226 5.2): a command script
//! of C-APDU TLVs and the response script the receiver returns.
//!
//! ```text
//! definite     AA L { 22 L C-APDU | 81 L immediate action | 82 L error action | 83 01 chaining }
//! indefinite   AE 80 { ... } 00 00
//! response     AB L { 80 01 n | 23 L R-APDU | 81 L immediate action response | 90 01 bad format }
//!              AF 80 { ... } 00 00
//! ```
//!
//! Lengths are BER definite forms of one to three octets (`xx`, `81 xx`, `82 xx xx`);
//! scripts nest no further than one level and hold at most [`MAX_ITEMS`] TLVs.

mod ber;
mod command;
mod response;

pub use command::{CommandScript, CommandTlv};
pub use response::{BadFormat, ResponseScript, ResponseTlv};

/// The largest script accepted or built (what a three-octet BER length can count).
pub const MAX_SCRIPT_LEN: usize = 0xFFFF;

/// The most TLVs one script may hold.
pub const MAX_ITEMS: usize = 1024;

/// Whether a script has a definite length (`AA`/`AB`) or ends with end-of-contents
/// (`AE 80 … 00 00` / `AF 80 … 00 00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptForm {
    /// Definite length.
    Definite,
    /// Indefinite length.
    Indefinite,
}

/// A script of TLVs of one kind ([`CommandTlv`] or [`ResponseTlv`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script<T> {
    /// Definite or indefinite length.
    pub form: ScriptForm,
    /// The TLVs in order.
    pub items: Vec<T>,
}

/// A malformed or oversized script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// A length or value runs past the end, or the end-of-contents is missing.
    #[error("truncated script")]
    Truncated,
    /// A length form this format does not use (over three octets, or indefinite inside).
    #[error("unsupported length form {0:#04x}")]
    LengthForm(u8),
    /// The outer tag is not a script of the expected kind.
    #[error("{0:#04x} is not the expected script tag")]
    NotAScript(u8),
    /// A TLV tag not defined inside this kind of script (a nested script included).
    #[error("unexpected tag {0:#04x} inside the script")]
    UnexpectedTag(u8),
    /// A TLV whose value has the wrong length for its tag.
    #[error("tag {0:#04x} with a value of the wrong length")]
    ValueLength(u8),
    /// Octets after the script.
    #[error("octets after the end of the script")]
    TrailingData,
    /// Over [`MAX_SCRIPT_LEN`] octets or [`MAX_ITEMS`] TLVs.
    #[error("script over the size limits")]
    TooLarge,
}

/// The inner (tag, value) pairs of a script.
type Items<'a> = Vec<(u8, &'a [u8])>;

/// Splits a script into its form and inner (tag, value) pairs, checking the limits.
fn parse_items(
    bytes: &[u8],
    definite_tag: u8,
    indefinite_tag: u8,
) -> Result<(ScriptForm, Items<'_>), ScriptError> {
    if bytes.len() > MAX_SCRIPT_LEN + 6 {
        return Err(ScriptError::TooLarge);
    }
    let mut reader = crate::wire::Reader::new(bytes);
    let tag = reader.u8().ok_or(ScriptError::Truncated)?;
    let (form, mut content) = if tag == definite_tag {
        let len = ber::read_length(&mut reader)?;
        let content = reader.take(len).ok_or(ScriptError::Truncated)?;
        if !reader.rest().is_empty() {
            return Err(ScriptError::TrailingData);
        }
        (ScriptForm::Definite, crate::wire::Reader::new(content))
    } else if tag == indefinite_tag {
        if reader.u8() != Some(0x80) {
            return Err(ScriptError::Truncated);
        }
        let content = reader.rest();
        let inner = content
            .strip_suffix(&[0x00, 0x00])
            .ok_or(ScriptError::Truncated)?;
        (ScriptForm::Indefinite, crate::wire::Reader::new(inner))
    } else {
        return Err(ScriptError::NotAScript(tag));
    };
    let mut items = Vec::new();
    while let Some(tag) = content.u8() {
        if items.len() == MAX_ITEMS {
            return Err(ScriptError::TooLarge);
        }
        let len = ber::read_length(&mut content)?;
        let value = content.take(len).ok_or(ScriptError::Truncated)?;
        items.push((tag, value));
    }
    Ok((form, items))
}

/// Wraps encoded TLVs in the script's outer tag.
fn wrap(
    form: ScriptForm,
    definite_tag: u8,
    indefinite_tag: u8,
    content: &[u8],
) -> Result<Vec<u8>, ScriptError> {
    if content.len() > MAX_SCRIPT_LEN {
        return Err(ScriptError::TooLarge);
    }
    let mut out = Vec::with_capacity(content.len() + 4);
    match form {
        ScriptForm::Definite => {
            out.push(definite_tag);
            ber::write_length(&mut out, content.len())?;
            out.extend_from_slice(content);
        }
        ScriptForm::Indefinite => {
            out.extend_from_slice(&[indefinite_tag, 0x80]);
            out.extend_from_slice(content);
            out.extend_from_slice(&[0x00, 0x00]);
        }
    }
    Ok(out)
}

/// Appends one TLV.
fn push_tlv(out: &mut Vec<u8>, tag: u8, value: &[u8]) -> Result<(), ScriptError> {
    out.push(tag);
    ber::write_length(out, value.len())?;
    out.extend_from_slice(value);
    if out.len() > MAX_SCRIPT_LEN {
        return Err(ScriptError::TooLarge);
    }
    Ok(())
}
