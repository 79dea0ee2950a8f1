//! Serde adapters for DER objects carried as base64 in JSON (SGP.22 6.5.2: "binary data
//! ... encoded in base64"; RFC 4648 4, the standard alphabet with padding).
//!
//! Output is padded standard base64. Input is taken leniently: padding optional, ASCII
//! whitespace (line breaks some encoders insert) ignored. Anything else is a serde error.
//!
//! ```ignore
//! #[serde(with = "crate::json::base64")]          bytes: Vec<u8>,
//! #[serde(with = "crate::json::base64::option")]  maybe: Option<Vec<u8>>,
//! ```

use ::base64::Engine as _;
use ::base64::engine::DecodePaddingMode;
use ::base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use serde::{Deserialize, Deserializer, Serializer};

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &::base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Standard padded base64 of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes base64, padding optional, ASCII whitespace ignored.
pub fn decode(text: &str) -> Result<Vec<u8>, ::base64::DecodeError> {
    if text.bytes().any(|b| b.is_ascii_whitespace()) {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        LENIENT.decode(compact)
    } else {
        LENIENT.decode(text)
    }
}

pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&encode(bytes))
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let text = String::deserialize(d)?;
    decode(&text).map_err(|e| serde::de::Error::custom(format!("invalid base64: {e}")))
}

/// The same for an optional member (use with `#[serde(default)]`).
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => super::serialize(b, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(text) => super::decode(&text)
                .map(Some)
                .map_err(|e| serde::de::Error::custom(format!("invalid base64: {e}"))),
            None => Ok(None),
        }
    }
}
