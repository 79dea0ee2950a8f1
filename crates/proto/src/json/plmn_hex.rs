//! Serde adapter for a PLMN carried as the hex of its 3-octet TS 24.008 coding (ESipa
//! `rPlmn`, as osmo-ttcn3-hacks `esipa_Types_JSON.ttcn` encodes the `rPLMN` octet string).
//!
//! ```ignore
//! #[serde(default, with = "crate::json::plmn_hex::option")] r_plmn: Option<Plmn>,
//! ```

/// The same for an optional member (use with `#[serde(default)]`).
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::ids::Plmn;

    pub fn serialize<S: Serializer>(plmn: &Option<Plmn>, s: S) -> Result<S::Ok, S::Error> {
        match plmn {
            Some(p) => s.serialize_str(&hex::encode_upper(p.to_bytes())),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Plmn>, D::Error> {
        let Some(text) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        let bytes = hex::decode(&text)
            .map_err(|e| serde::de::Error::custom(format!("invalid hex: {e}")))?;
        Plmn::from_bytes(&bytes)
            .map(Some)
            .map_err(serde::de::Error::custom)
    }
}
