//! INTEGER (X.690 8.3): two's complement, minimal octets in DER.

use serde_json::Value;

use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeError, DecodeResult, DerRule, Tag};

/// Minimal two's-complement contents of `v`.
pub fn encode_i128(v: i128, out: &mut Vec<u8>) {
    let bytes = v.to_be_bytes();
    let mut start = 0;
    while start < bytes.len() - 1 {
        let (b, next) = (bytes[start], bytes[start + 1]);
        if (b == 0x00 && next & 0x80 == 0) || (b == 0xFF && next & 0x80 != 0) {
            start += 1;
        } else {
            break;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Parses INTEGER contents (at most 16 octets).
pub fn decode_i128(tlv: &Tlv<'_>) -> DecodeResult<i128> {
    let v = tlv.expect_primitive()?;
    if v.is_empty() {
        return Err(DecodeError::invalid(tlv.offset, "INTEGER with no contents"));
    }
    if v.len() > 16 {
        return Err(DecodeError::invalid(tlv.offset, "INTEGER too large"));
    }
    if v.len() > 1 && ((v[0] == 0 && v[1] & 0x80 == 0) || (v[0] == 0xFF && v[1] & 0x80 != 0)) {
        return Err(DecodeError::not_der(tlv.offset, DerRule::IntegerNotMinimal));
    }
    let mut acc: i128 = if v[0] & 0x80 != 0 { -1 } else { 0 };
    for &b in v {
        acc = (acc << 8) | i128::from(b);
    }
    Ok(acc)
}

macro_rules! integer_impl {
    ($($t:ty),*) => {$(
        impl Asn1 for $t {
            const TAG: Option<Tag> = Some(Tag::INTEGER);
            const NAME: &'static str = "INTEGER";
            fn encode_contents(&self, out: &mut Vec<u8>) {
                encode_i128(i128::from(*self), out)
            }
            fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
                let v = decode_i128(tlv)?;
                <$t>::try_from(v).map_err(|_| {
                    DecodeError::invalid(
                        tlv.offset,
                        format!("INTEGER {v} out of range for {}", stringify!($t)),
                    )
                })
            }
            fn to_json(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

// No impl for u8: `Vec<u8>` is OCTET STRING, and INTEGER(0..255) maps to u16.
integer_impl!(i16, i32, i64, u16, u32, u64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_8_3_minimal_twos_complement() {
        for (v, der) in [
            (0i64, "020100"),
            (127, "02017f"),
            (128, "02020080"),
            (256, "02020100"),
            (-1, "0201ff"),
            (-128, "020180"),
            (-129, "0202ff7f"),
        ] {
            assert_eq!(hex::encode(v.to_der()), der);
            assert_eq!(i64::from_der(&hex::decode(der).unwrap()).unwrap(), v);
        }
        assert!(i64::from_der(&[0x02, 0x02, 0x00, 0x05]).is_err());
    }

    #[test]
    fn x690_8_3_2_redundant_leading_octets_refused() {
        use crate::der::DecodeErrorKind;
        // 00 before a clear bit 8, FF before a set one: the first nine bits are equal.
        for der in ["0202007f", "02020005", "0202ff80", "0202ffff", "0203ff8000"] {
            let err = i64::from_der(&hex::decode(der).unwrap()).unwrap_err();
            assert_eq!(
                (err.offset, err.kind),
                (0, DecodeErrorKind::NotDer(DerRule::IntegerNotMinimal)),
                "{der}"
            );
        }
        // needed leading octets are fine
        assert_eq!(i64::from_der(&hex::decode("02020080").unwrap()), Ok(128));
        assert_eq!(i64::from_der(&hex::decode("0202ff7f").unwrap()), Ok(-129));
        assert!(u16::from_der(&[0x02, 0x03, 0x01, 0x00, 0x00]).is_err());
        assert!(u16::from_der(&[0x02, 0x01, 0xFF]).is_err());
    }
}
