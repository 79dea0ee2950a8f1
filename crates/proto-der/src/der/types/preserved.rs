//! Signed structures that keep the octets they were received as.

use serde_json::Value;

use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeResult, Tag};

/// A decoded value together with its exact encoding.
///
/// Signatures in SGP.22 and SGP.32 (serverSigned1, euiccSigned1, smdpSigned2, …) are
/// computed over the DER of a component; a verifier must hash the octets received, not a
/// re-encoding (SGP.22 2.6.7). The value is immutable so the two never
/// disagree; [`Preserved::new`] encodes a value built locally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preserved<T> {
    value: T,
    raw: Vec<u8>,
}

impl<T: Asn1> Preserved<T> {
    /// Wraps a locally built value with its DER encoding.
    pub fn new(value: T) -> Self {
        let raw = value.to_der();
        Preserved { value, raw }
    }

    pub fn value(&self) -> &T {
        &self.value
    }

    pub fn into_value(self) -> T {
        self.value
    }

    /// The complete TLV as received (or as encoded by [`Preserved::new`]): the octets a
    /// signature covers.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }
}

impl<T> std::ops::Deref for Preserved<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Asn1> Asn1 for Preserved<T> {
    const TAG: Option<Tag> = T::TAG;
    const NAME: &'static str = T::NAME;
    fn accepts(tag: Tag) -> bool {
        T::accepts(tag)
    }
    fn expected() -> String {
        T::expected()
    }
    fn encode_contents(&self, out: &mut Vec<u8>) {
        self.value.encode_contents(out)
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        Ok(Preserved {
            value: T::decode_contents(tlv)?,
            raw: tlv.raw.to_vec(),
        })
    }
    fn to_json(&self) -> Value {
        self.value.to_json()
    }
    /// Writes the kept octets, so a relayed message carries exactly what was signed.
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.raw)
    }
}
