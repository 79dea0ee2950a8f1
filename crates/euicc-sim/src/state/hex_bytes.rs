//! Octet strings as upper-case hex in the state file. Read into any owner of octets
//! (`Vec<u8>`, or `Arc<[u8]>` where one copy is shared, as certificates of a fleet are).

use serde::{Deserialize, Deserializer, Serializer};

pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode_upper(bytes))
}

pub fn deserialize<'de, D: Deserializer<'de>, T: From<Vec<u8>>>(d: D) -> Result<T, D::Error> {
    let text = String::deserialize(d)?;
    hex::decode(text)
        .map(T::from)
        .map_err(serde::de::Error::custom)
}

/// The same for `Option<Vec<u8>>` (absent or `null` for `None`).
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => s.serialize_some(&hex::encode_upper(b)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|t| hex::decode(t).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// The same for a list of octet strings.
pub mod list {
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeSeq};

    pub fn serialize<S: Serializer, T: AsRef<[u8]>>(items: &[T], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(items.len()))?;
        for b in items {
            seq.serialize_element(&hex::encode_upper(b.as_ref()))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: From<Vec<u8>>>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        Vec::<String>::deserialize(d)?
            .into_iter()
            .map(|t| {
                hex::decode(t)
                    .map(T::from)
                    .map_err(serde::de::Error::custom)
            })
            .collect()
    }
}
