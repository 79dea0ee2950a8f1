//! Octet strings as hex text in the EIS JSON (upper or lower case in, upper case out).

use serde::{Deserialize, Deserializer, Serializer};

/// `Vec<u8>` as hex.
pub(crate) fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode_upper(v))
}

/// `Vec<u8>` from hex.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    hex::decode(s.as_ref()).map_err(serde::de::Error::custom)
}

/// A secret as hex, zeroed when dropped.
pub(crate) mod secret {
    use serde::{Deserialize, Deserializer, Serializer};
    use zeroize::Zeroizing;

    pub(crate) fn serialize<S: Serializer>(
        v: &Zeroizing<Vec<u8>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let text = Zeroizing::new(hex::encode_upper(v.as_slice()));
        s.serialize_str(&text)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Zeroizing<Vec<u8>>, D::Error> {
        let s = Zeroizing::new(String::deserialize(d)?);
        hex::decode(s.as_str())
            .map(Zeroizing::new)
            .map_err(|_| serde::de::Error::custom("a key is not hex"))
    }
}
