//! Matching ID, the token that ties a download to an order (SGP.22 4.1 `AC_Token`, 5.3.2
//! ConfirmOrder, 5.6.3 AuthenticateClient `ctxParams1.matchingId`).
//!
//! ```text
//! CtxParamsForCommonAuthentication ::= SEQUENCE {
//!     matchingId UTF8String OPTIONAL, ... }
//! ```
//!
//! **Unverified character set.** The ASN.1 type is an unconstrained `UTF8String`, and no public
//! text we could reach states SGP.22 4.1's exact alphabet. Accepted here: 1 to 255 characters
//! from `[0-9A-Za-z-]`, which covers every matching ID seen in public material
//! (`04386-AGYFT-A74Y8-3F815`, `TS48V2-SAIP2-1-BERTLV-UNIQUE`) and keeps `$` (the Activation
//! Code delimiter) out. Adjust [`MatchingId::parse`] if the spec text says otherwise.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most characters of a Matching ID accepted.
pub const MATCHING_ID_MAX_CHARS: usize = 255;

/// What is wrong with a Matching ID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MatchingIdError {
    /// Empty.
    #[error("Matching ID is empty")]
    Empty,
    /// Longer than 255 characters.
    #[error("Matching ID has {found} characters, at most 255 are accepted")]
    TooLong { found: usize },
    /// A character outside `[0-9A-Za-z-]`.
    #[error("Matching ID character {position} ({found:?}) is not a letter, digit or '-'")]
    Character { position: usize, found: char },
}

/// A Matching ID (AC_Token or SM-DS EventID).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MatchingId(String);

impl MatchingId {
    /// Parses 1 to 255 characters of `[0-9A-Za-z-]` (see the module note).
    pub fn parse(s: &str) -> Result<MatchingId, MatchingIdError> {
        if s.is_empty() {
            return Err(MatchingIdError::Empty);
        }
        if let Some((position, found)) = s
            .chars()
            .enumerate()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(MatchingIdError::Character { position, found });
        }
        if s.len() > MATCHING_ID_MAX_CHARS {
            return Err(MatchingIdError::TooLong { found: s.len() });
        }
        Ok(MatchingId(s.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MatchingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for MatchingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MatchingId({})", self.0)
    }
}

impl FromStr for MatchingId {
    type Err = MatchingIdError;
    fn from_str(s: &str) -> Result<MatchingId, MatchingIdError> {
        MatchingId::parse(s)
    }
}

impl AsRef<str> for MatchingId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// JSON form: the text (ES2+ `matchingId`).
impl Serialize for MatchingId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MatchingId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<MatchingId, D::Error> {
        let s = String::deserialize(d)?;
        MatchingId::parse(&s).map_err(serde::de::Error::custom)
    }
}
