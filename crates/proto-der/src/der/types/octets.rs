//! OCTET STRING (X.690 8.7), variable and fixed size.

use serde_json::Value;

use super::hex_upper;
use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeError, DecodeResult, Tag};

impl Asn1 for Vec<u8> {
    const TAG: Option<Tag> = Some(Tag::OCTET_STRING);
    const NAME: &'static str = "OCTET STRING";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self)
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        Ok(tlv.expect_primitive()?.to_vec())
    }
    fn to_json(&self) -> Value {
        Value::String(hex_upper(self))
    }
}

/// `OCTET STRING (SIZE(N))`.
impl<const N: usize> Asn1 for [u8; N] {
    const TAG: Option<Tag> = Some(Tag::OCTET_STRING);
    const NAME: &'static str = "OCTET STRING";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self)
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        let v = tlv.expect_primitive()?;
        v.try_into().map_err(|_| {
            DecodeError::invalid(
                tlv.offset,
                format!("OCTET STRING of {} octets, expected {N}", v.len()),
            )
        })
    }
    fn to_json(&self) -> Value {
        Value::String(hex_upper(self))
    }
}
