//! Values kept as received octets: open types and X.509 structures decoded elsewhere.

use serde_json::Value;

use super::hex_upper;
use crate::der::reader::{Tlv, write_tlv};
use crate::der::{Asn1, DecodeError, DecodeResult, Tag};

/// Any single TLV, kept whole (an open type, X.680 ANY).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RawTlv(pub Vec<u8>);

impl RawTlv {
    /// The tag of the kept value.
    pub fn tag(&self) -> Option<Tag> {
        Tag::parse(&self.0).map(|(t, _)| t)
    }
}

impl Asn1 for RawTlv {
    const TAG: Option<Tag> = None;
    const NAME: &'static str = "ANY";
    fn accepts(_tag: Tag) -> bool {
        true
    }
    fn expected() -> String {
        "any value".to_string()
    }
    fn encode_contents(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0)
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        Ok(RawTlv(tlv.raw.to_vec()))
    }
    fn to_json(&self) -> Value {
        Value::String(hex_upper(&self.0))
    }
}

/// A SEQUENCE kept as its complete DER (`30 ...`), even when it arrived under an implicit
/// tag. Used for X.509 `Certificate`, `SubjectPublicKeyInfo` and other PKIX structures that
/// the `certs` crate parses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct RawSequence(pub Vec<u8>);

impl RawSequence {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl Asn1 for RawSequence {
    const TAG: Option<Tag> = Some(Tag::SEQUENCE);
    const NAME: &'static str = "SEQUENCE";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        // Contents of our own full encoding; parsed back from what `decode_contents` built.
        match Tlv::parse_single(&self.0) {
            Ok(tlv) => out.extend_from_slice(tlv.value()),
            Err(_) => out.extend_from_slice(&self.0),
        }
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        if !tlv.tag.constructed {
            return Err(DecodeError::invalid(
                tlv.offset,
                "SEQUENCE must be constructed",
            ));
        }
        // Check the contents are well-formed TLVs before keeping them.
        tlv.contents()?.skip_rest()?;
        if tlv.tag == Tag::SEQUENCE {
            return Ok(RawSequence(tlv.raw.to_vec()));
        }
        let mut full = Vec::with_capacity(tlv.raw.len());
        write_tlv(Tag::SEQUENCE, tlv.value(), &mut full);
        Ok(RawSequence(full))
    }
    fn to_json(&self) -> Value {
        Value::String(hex_upper(&self.0))
    }
}
