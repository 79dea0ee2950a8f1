//! Decoding errors: what is wrong and at which byte offset.

use std::fmt;

use super::Tag;

/// Why a decode failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The input ends before the encoding does.
    Truncated { needed: usize, available: usize },
    /// Identifier octets cut short or a tag number beyond 28 bits.
    BadTag,
    /// Indefinite, over-long or non-minimal length octets.
    BadLength(&'static str),
    /// A tag other than the one the schema allows here.
    UnexpectedTag { expected: String, found: Tag },
    /// A mandatory component is absent.
    MissingField(&'static str),
    /// Octets left over after a complete value.
    TrailingData(usize),
    /// The contents are not a valid value of the type.
    InvalidValue(String),
    /// No type is known for the outermost tag.
    UnknownMessage(Tag),
    /// Nesting beyond the decoder's bound.
    TooDeep,
}

/// A decoding error with the absolute byte offset where it was found and the path of ASN.1
/// components leading there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub offset: usize,
    pub kind: DecodeErrorKind,
    /// Innermost last: `["BoundProfilePackage", "sequenceOf86", ...]`.
    pub path: Vec<String>,
}

impl DecodeError {
    pub fn new(offset: usize, kind: DecodeErrorKind) -> Self {
        DecodeError {
            offset,
            kind,
            path: Vec::new(),
        }
    }

    pub fn invalid(offset: usize, reason: impl Into<String>) -> Self {
        Self::new(offset, DecodeErrorKind::InvalidValue(reason.into()))
    }

    /// Records that the error happened inside `component` (called from inner to outer).
    pub fn within(mut self, component: &str) -> Self {
        self.path.insert(0, component.to_string());
        self
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeErrorKind::Truncated { needed, available } => {
                write!(f, "truncated: {needed} bytes needed, {available} available")
            }
            DecodeErrorKind::BadTag => write!(f, "malformed identifier octets"),
            DecodeErrorKind::BadLength(why) => write!(f, "bad length: {why}"),
            DecodeErrorKind::UnexpectedTag { expected, found } => {
                write!(f, "unexpected tag {found}, expected {expected}")
            }
            DecodeErrorKind::MissingField(name) => write!(f, "mandatory field {name} is missing"),
            DecodeErrorKind::TrailingData(n) => write!(f, "{n} unexpected bytes after the value"),
            DecodeErrorKind::InvalidValue(why) => write!(f, "invalid value: {why}"),
            DecodeErrorKind::UnknownMessage(tag) => write!(f, "no known message has tag {tag}"),
            DecodeErrorKind::TooDeep => write!(f, "nesting too deep"),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte offset {}", self.offset)?;
        if !self.path.is_empty() {
            write!(f, " (in {})", self.path.join("."))?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for DecodeError {}

pub type DecodeResult<T> = Result<T, DecodeError>;
