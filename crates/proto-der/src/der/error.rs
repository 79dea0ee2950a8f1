//! Decoding errors: what is wrong and at which byte offset.

use std::fmt;

use super::Tag;

/// Why a decode failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ends before the encoding does.
    Truncated { needed: usize, available: usize },
    /// Identifier octets cut short or a tag number beyond 28 bits.
    BadTag,
    /// Length octets beyond what this decoder takes (more than 4).
    BadLength(&'static str),
    /// Well-formed BER that DER forbids: the rule broken.
    NotDer(DerRule),
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

/// The rules of the Distinguished Encoding Rules (ITU-T X.690 clause 10 and 11, and the
/// BER rules of clause 8 that leave no choice) that the decoder enforces. DER gives every
/// value exactly one encoding; a signature is checked over received octets, so a decoder that
/// took a second encoding of the same value would let two different octet strings stand for
/// one signed value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DerRule {
    /// X.690 8.1.2.2: a tag number from 0 to 30 in the high-tag-number form.
    TagNumberNotInShortForm,
    /// X.690 8.1.2.4.2 c): the first subsequent identifier octet is `80` (leading zero bits).
    TagNumberLeadingZero,
    /// X.690 10.1: the indefinite form of length.
    IndefiniteLength,
    /// X.690 10.1: the long form for a length below 128.
    LongFormForShortLength,
    /// X.690 10.1: long-form length octets that start with a zero octet.
    LengthLeadingZero,
    /// X.690 10.2: the constructed form of a string type.
    ConstructedString,
    /// X.690 11.1: a BOOLEAN TRUE encoded other than as `FF`.
    BooleanNotFf,
    /// X.690 8.3.2: INTEGER (or ENUMERATED) contents with a redundant first octet
    /// (`00` before a clear bit 8, `FF` before a set one).
    IntegerNotMinimal,
    /// X.690 11.2.1: BIT STRING unused bits of the last octet not zero.
    BitStringPaddingNotZero,
    /// X.690 11.5: a component present with its DEFAULT value (the named component).
    DefaultValueEncoded(&'static str),
    /// X.690 11.6: SET OF elements not in ascending order of their encodings.
    SetOfNotSorted,
}

impl DerRule {
    /// The clause of ITU-T X.690 the rule comes from.
    pub fn clause(self) -> &'static str {
        match self {
            DerRule::TagNumberNotInShortForm => "8.1.2.2",
            DerRule::TagNumberLeadingZero => "8.1.2.4.2",
            DerRule::IndefiniteLength
            | DerRule::LongFormForShortLength
            | DerRule::LengthLeadingZero => "10.1",
            DerRule::ConstructedString => "10.2",
            DerRule::BooleanNotFf => "11.1",
            DerRule::IntegerNotMinimal => "8.3.2",
            DerRule::BitStringPaddingNotZero => "11.2.1",
            DerRule::DefaultValueEncoded(_) => "11.5",
            DerRule::SetOfNotSorted => "11.6",
        }
    }
}

impl fmt::Display for DerRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self {
            DerRule::TagNumberNotInShortForm => "tag number below 31 in the long form",
            DerRule::TagNumberLeadingZero => "tag number with a leading zero octet",
            DerRule::IndefiniteLength => "indefinite length",
            DerRule::LongFormForShortLength => "long form for a length below 128",
            DerRule::LengthLeadingZero => "length with a leading zero octet",
            DerRule::ConstructedString => "constructed encoding of a string",
            DerRule::BooleanNotFf => "BOOLEAN TRUE other than FF",
            DerRule::IntegerNotMinimal => "INTEGER not in minimal octets",
            DerRule::BitStringPaddingNotZero => "BIT STRING unused bits are not zero",
            DerRule::DefaultValueEncoded(name) => {
                return write!(
                    f,
                    "{name} is encoded with its DEFAULT value (X.690 {})",
                    self.clause()
                );
            }
            DerRule::SetOfNotSorted => "SET OF elements out of order",
        };
        write!(f, "{what} (X.690 {})", self.clause())
    }
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

    /// The input breaks a DER rule at `offset`.
    pub fn not_der(offset: usize, rule: DerRule) -> Self {
        Self::new(offset, DecodeErrorKind::NotDer(rule))
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
            DecodeErrorKind::NotDer(rule) => write!(f, "not DER: {rule}"),
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
