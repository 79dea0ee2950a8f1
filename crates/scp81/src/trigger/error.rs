//! Why a trigger does not decode.

use thiserror::Error;

use crate::tlv::TlvError;

/// A refused Administration Session Triggering Parameters TLV.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TriggerError {
    /// Longer than [`super::MAX_TRIGGER`].
    #[error("trigger of {0} octets is too long")]
    TooLong(usize),
    /// The TLVs do not decode.
    #[error("trigger TLVs: {0}")]
    Tlv(#[from] TlvError),
    /// A required TLV is missing.
    #[error("missing TLV {0:#04x}")]
    Missing(u8),
    /// A tag Table 3-3 does not place here (`within` 0: at the top).
    #[error("unexpected tag {tag:#04x} within {within:#04x}")]
    UnexpectedTag {
        /// The tag found.
        tag: u8,
        /// The TLV it was found in.
        within: u8,
    },
    /// A tag twice in one TLV.
    #[error("tag {tag:#04x} twice within {within:#04x}")]
    Duplicate {
        /// The tag repeated.
        tag: u8,
        /// The TLV it was repeated in.
        within: u8,
    },
    /// A value of a length its definition does not allow.
    #[error("bad length of the value of {0:#04x}")]
    Length(u8),
    /// A value its definition does not allow.
    #[error("bad value of {0:#04x}")]
    Value(u8),
    /// A text value that is not UTF-8.
    #[error("the value of {0:#04x} is not UTF-8")]
    Utf8(u8),
    /// Octets after the `81` TLV.
    #[error("data after the trigger")]
    Trailing,
}
