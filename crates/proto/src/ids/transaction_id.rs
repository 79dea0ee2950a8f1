//! TransactionId, the RSP session identifier chosen by the SM-DP+ (SGP.22 5.6.1, 2.5.x).
//!
//! ```text
//! TransactionId ::= OCTET STRING (SIZE(1..16))
//! JSON (SGP.22 6.5.2): the octets as a hex string
//! ```
//!
//! Upper- and lower-case hex are accepted on input (peers send both: osmo-smdpp generates
//! upper-case); output is upper-case.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most octets of a TransactionId.
pub const TRANSACTION_ID_MAX_OCTETS: usize = 16;

/// What is wrong with a TransactionId.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransactionIdError {
    /// Not 1 to 16 octets.
    #[error("TransactionId must have 1 to 16 octets, found {found}")]
    Length { found: usize },
    /// The hex text has an odd number of characters.
    #[error("TransactionId hex has an odd number of characters ({found})")]
    OddHex { found: usize },
    /// A character is not a hex digit.
    #[error("TransactionId character {position} is not a hex digit")]
    NotHex { position: usize },
}

/// A TransactionId: 1 to 16 octets.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TransactionId(Vec<u8>);

impl TransactionId {
    /// A TransactionId from its octets.
    pub fn new(octets: &[u8]) -> Result<TransactionId, TransactionIdError> {
        if !(1..=TRANSACTION_ID_MAX_OCTETS).contains(&octets.len()) {
            return Err(TransactionIdError::Length {
                found: octets.len(),
            });
        }
        Ok(TransactionId(octets.to_vec()))
    }

    /// Parses the hex form (either case).
    pub fn from_hex(s: &str) -> Result<TransactionId, TransactionIdError> {
        if let Some(position) = s.bytes().position(|b| !b.is_ascii_hexdigit()) {
            return Err(TransactionIdError::NotHex { position });
        }
        if s.len() % 2 == 1 {
            return Err(TransactionIdError::OddHex { found: s.len() });
        }
        let octets = hex::decode(s).map_err(|_| TransactionIdError::NotHex { position: 0 })?;
        TransactionId::new(&octets)
    }

    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The upper-case hex form.
    pub fn to_hex(&self) -> String {
        hex::encode_upper(&self.0)
    }
}

impl fmt::Display for TransactionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for TransactionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransactionId({})", self.to_hex())
    }
}

impl FromStr for TransactionId {
    type Err = TransactionIdError;
    fn from_str(s: &str) -> Result<TransactionId, TransactionIdError> {
        TransactionId::from_hex(s)
    }
}

impl AsRef<[u8]> for TransactionId {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// JSON form: upper-case hex out, either case in.
impl Serialize for TransactionId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for TransactionId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TransactionId, D::Error> {
        let s = String::deserialize(d)?;
        TransactionId::from_hex(&s).map_err(serde::de::Error::custom)
    }
}
