//! SEQUENCE OF and SET OF (X.690 8.10–8.12).

use serde_json::Value;

use crate::der::asn1::unexpected_tag;
use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeError, DecodeResult, DerRule, Tag};

/// Decodes the elements; with `sorted`, each element's encoding must not sort before the
/// one of the element before it (SET OF, X.690 11.6).
fn decode_items<T: Asn1>(tlv: &Tlv<'_>, sorted: bool) -> DecodeResult<Vec<T>> {
    let mut r = tlv.contents()?;
    let mut items = Vec::new();
    let mut previous: Option<&[u8]> = None;
    while !r.is_empty() {
        let item = r.read()?;
        let index = items.len();
        if !T::accepts(item.tag) {
            return Err(unexpected_tag::<T>(&item).within(&format!("[{index}]")));
        }
        // Complete TLVs are never a proper prefix of one another, so comparing them as
        // octet strings is the comparison 11.6 describes (shorter one padded with zeros).
        if sorted && previous.is_some_and(|p| p > item.raw) {
            return Err(DecodeError::not_der(item.offset, DerRule::SetOfNotSorted)
                .within(&format!("[{index}]")));
        }
        previous = Some(item.raw);
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
        decode_items(tlv, false)
    }
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(Asn1::to_json).collect())
    }
}

/// SET OF: DER sorts the encodings of the elements (X.690 11.6); the encoder sorts them and
/// the decoder refuses elements out of that order.
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
        decode_items(tlv, true).map(SetOf)
    }
    fn to_json(&self) -> Value {
        Value::Array(self.0.iter().map(Asn1::to_json).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::der::DecodeErrorKind;

    #[test]
    fn x690_11_6_set_of_encodes_sorted() {
        let set = SetOf(vec![300u16, 5, 128]);
        // 02 01 05 < 02 02 00 80 < 02 02 01 2C
        assert_eq!(hex::encode(set.to_der()), "310b020105020200800202012c");
    }

    #[test]
    fn x690_11_6_set_of_out_of_order_refused_at_the_element() {
        let unsorted = hex::decode("310b020200800201050202012c").unwrap();
        let err = SetOf::<u16>::from_der(&unsorted).unwrap_err();
        assert_eq!(
            (err.offset, err.kind),
            (6, DecodeErrorKind::NotDer(DerRule::SetOfNotSorted))
        );
        // Equal elements may repeat; SEQUENCE OF keeps any order.
        assert_eq!(
            SetOf::<u16>::from_der(&hex::decode("3106020105020105").unwrap()),
            Ok(SetOf(vec![5, 5]))
        );
        let seq = hex::decode("300b020200800201050202012c").unwrap();
        assert_eq!(Vec::<u16>::from_der(&seq), Ok(vec![128, 5, 300]));
    }
}
