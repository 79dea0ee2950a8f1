//! Matching ID, the token that ties a download to an order (SGP.22 4.1 `AC_Token`, 5.3.2
//! ConfirmOrder, 5.6.3 AuthenticateClient `ctxParams1.matchingId`).
//!
//! ```text
//! CtxParamsForCommonAuthentication ::= SEQUENCE {
//!     matchingId UTF8String OPTIONAL, ... }
//! ```
//!
//! What is accepted is what the specification constrains, no more: the ASN.1 type is an
//! unconstrained `UTF8String` (RSPDefinitions, `CtxParamsForCommonAuthentication`), and in
//! an Activation Code the token is one `$`-delimited field (SGP.22 4.1), so `$` cannot be
//! part of it. Beyond that this type refuses only what it must to stay text a person can
//! read and type: control characters (C0, DEL, C1), and more than 255 characters (a bound on
//! input, not the spec's). Matching IDs seen in the field use far more than `[0-9A-Z-]`:
//! `04386-AGYFT-A74Y8-3F815`, `TS48V2-SAIP2-1-BERTLV-UNIQUE`, and osmo-smdpp's profile file
//! names such as `TS48v2_SAIP2.1_BERTLV` (lower case, `_`, `.`). Comparison is exact: an
//! SM-DP+ matches the token as given.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most characters of a Matching ID accepted.
pub const MATCHING_ID_MAX_CHARS: usize = 255;

/// What is wrong with a Matching ID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MatchingIdError {
    /// Empty.
    #[error("Matching ID is empty")]
    Empty,
    /// More than 255 characters.
    #[error("Matching ID has {found} characters, at most 255 are accepted")]
    TooLong { found: usize },
    /// The Activation Code delimiter `$` (SGP.22 4.1) or a control character.
    #[error(
        "Matching ID character {position} ({found:?}) is not allowed: '$' delimits Activation \
         Code fields (SGP.22 4.1), control characters are not text"
    )]
    Character { position: usize, found: char },
}

/// A Matching ID (AC_Token or SM-DS EventID).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MatchingId(String);

impl MatchingId {
    /// Parses 1 to 255 characters, none of them `$` or a control character (see the module
    /// note).
    pub fn parse(s: &str) -> Result<MatchingId, MatchingIdError> {
        if s.is_empty() {
            return Err(MatchingIdError::Empty);
        }
        let found = s.chars().count();
        if found > MATCHING_ID_MAX_CHARS {
            return Err(MatchingIdError::TooLong { found });
        }
        if let Some((position, found)) = s
            .chars()
            .enumerate()
            .find(|(_, c)| *c == '$' || c.is_control())
        {
            return Err(MatchingIdError::Character { position, found });
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
