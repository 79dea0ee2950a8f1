//! BOOLEAN (X.690 8.2, 11.1), NULL (8.8) and transparent boxes.

use serde_json::Value;

use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeError, DecodeResult, DerRule, Tag};

impl Asn1 for bool {
    const TAG: Option<Tag> = Some(Tag::BOOLEAN);
    const NAME: &'static str = "BOOLEAN";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        out.push(if *self { 0xFF } else { 0x00 });
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        match tlv.expect_primitive()? {
            [0x00] => Ok(false),
            [0xFF] => Ok(true),
            // BER reads any other octet as TRUE; DER has one encoding (X.690 11.1).
            [_] => Err(DecodeError::not_der(tlv.offset, DerRule::BooleanNotFf)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::der::DecodeErrorKind;

    #[test]
    fn x690_11_1_boolean_true_is_ff_only() {
        assert_eq!(bool::from_der(&[0x01, 0x01, 0xFF]), Ok(true));
        assert_eq!(bool::from_der(&[0x01, 0x01, 0x00]), Ok(false));
        for octet in [0x01u8, 0x80, 0xFE] {
            let err = bool::from_der(&[0x01, 0x01, octet]).unwrap_err();
            assert_eq!(
                (err.offset, err.kind),
                (0, DecodeErrorKind::NotDer(DerRule::BooleanNotFf))
            );
        }
        assert!(bool::from_der(&[0x01, 0x02, 0xFF, 0xFF]).is_err());
    }
}
