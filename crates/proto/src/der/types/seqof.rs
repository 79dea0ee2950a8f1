//! SEQUENCE OF and SET OF (X.690 8.10–8.12).

use serde_json::Value;

use crate::der::asn1::unexpected_tag;
use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeResult, Tag};

fn decode_items<T: Asn1>(tlv: &Tlv<'_>) -> DecodeResult<Vec<T>> {
    let mut r = tlv.contents()?;
    let mut items = Vec::new();
    while !r.is_empty() {
        let item = r.read()?;
        let index = items.len();
        if !T::accepts(item.tag) {
            return Err(unexpected_tag::<T>(&item).within(&format!("[{index}]")));
        }
        items.push(T::decode(&item).map_err(|e| e.within(&format!("[{index}]")))?);
    }
    Ok(items)
}

impl<T: Asn1> Asn1 for Vec<T> {
    const TAG: Option<Tag> = Some(Tag::SEQUENCE);
    const NAME: &'static str = "SEQUENCE OF";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        for item in self {
            item.encode(out);
        }
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        decode_items(tlv)
    }
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(Asn1::to_json).collect())
    }
}

/// SET OF: DER sorts the encodings of the elements (X.690 11.6).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SetOf<T>(pub Vec<T>);

impl<T: Asn1> Asn1 for SetOf<T> {
    const TAG: Option<Tag> = Some(Tag::SET);
    const NAME: &'static str = "SET OF";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        let mut encodings: Vec<Vec<u8>> = self.0.iter().map(Asn1::to_der).collect();
        encodings.sort();
        for e in encodings {
            out.extend_from_slice(&e);
        }
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        decode_items(tlv).map(SetOf)
    }
    fn to_json(&self) -> Value {
        Value::Array(self.0.iter().map(Asn1::to_json).collect())
    }
}
