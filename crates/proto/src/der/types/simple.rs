//! BOOLEAN (X.690 8.2, 11.1), NULL (8.8) and transparent boxes.

use serde_json::Value;

use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeError, DecodeResult, Tag};

impl Asn1 for bool {
    const TAG: Option<Tag> = Some(Tag::BOOLEAN);
    const NAME: &'static str = "BOOLEAN";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        out.push(if *self { 0xFF } else { 0x00 });
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        match tlv.expect_primitive()? {
            [0x00] => Ok(false),
            // DER says FF; BER peers send any non-zero octet and mean TRUE.
            [_] => Ok(true),
            _ => Err(DecodeError::invalid(
                tlv.offset,
                "BOOLEAN must be one octet",
            )),
        }
    }
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

/// The ASN.1 NULL value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Null;

impl Asn1 for Null {
    const TAG: Option<Tag> = Some(Tag::NULL);
    const NAME: &'static str = "NULL";
    fn encode_contents(&self, _out: &mut Vec<u8>) {}
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        if tlv.expect_primitive()?.is_empty() {
            Ok(Null)
        } else {
            Err(DecodeError::invalid(tlv.offset, "NULL must be empty"))
        }
    }
    fn to_json(&self) -> Value {
        Value::Null
    }
}

impl<T: Asn1> Asn1 for Box<T> {
    const TAG: Option<Tag> = T::TAG;
    const NAME: &'static str = T::NAME;
    fn accepts(tag: Tag) -> bool {
        T::accepts(tag)
    }
    fn expected() -> String {
        T::expected()
    }
    fn encode_contents(&self, out: &mut Vec<u8>) {
        (**self).encode_contents(out)
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        T::decode_contents(tlv).map(Box::new)
    }
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
    fn encode(&self, out: &mut Vec<u8>) {
        (**self).encode(out)
    }
    fn decode(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        T::decode(tlv).map(Box::new)
    }
}
