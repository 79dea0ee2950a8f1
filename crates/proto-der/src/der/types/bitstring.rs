//! BIT STRING (X.690 8.6, 11.2): named-bit lists drop trailing zero bits in DER.

use serde_json::Value;

use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeError, DecodeResult, DerRule, Tag};

/// A BIT STRING: bits in order, bit 0 being the most significant bit of the first octet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BitString {
    bytes: Vec<u8>,
    len: usize,
}

impl BitString {
    /// A bit string of exactly `len` bits taken from `bytes` (unused low bits cleared).
    pub fn new(mut bytes: Vec<u8>, len: usize) -> Self {
        bytes.resize(len.div_ceil(8), 0);
        if len % 8 != 0 {
            if let Some(last) = bytes.last_mut() {
                *last &= 0xFFu8 << (8 - len % 8);
            }
        }
        BitString { bytes, len }
    }

    /// A named-bit string with the given bits set, in DER form (no trailing zero bits,
    /// X.680 22.7 and X.690 11.2.2).
    pub fn from_bits(set: &[usize]) -> Self {
        let mut b = BitString::default();
        for &i in set {
            b.set(i, true);
        }
        b.trim();
        b
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Bit `i` (false beyond the end).
    pub fn get(&self, i: usize) -> bool {
        i < self.len && self.bytes[i / 8] & (0x80 >> (i % 8)) != 0
    }

    /// Sets bit `i`, growing the string if needed.
    pub fn set(&mut self, i: usize, value: bool) {
        if i >= self.len {
            if !value {
                return;
            }
            self.len = i + 1;
            self.bytes.resize(self.len.div_ceil(8), 0);
        }
        if value {
            self.bytes[i / 8] |= 0x80 >> (i % 8);
        } else {
            self.bytes[i / 8] &= !(0x80 >> (i % 8));
        }
    }

    /// Removes trailing zero bits (the DER form of a named-bit list).
    pub fn trim(&mut self) {
        while self.len > 0 && !self.get(self.len - 1) {
            self.len -= 1;
        }
        self.bytes.truncate(self.len.div_ceil(8));
    }

    /// Indices of the set bits.
    pub fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).filter(|&i| self.get(i))
    }
}

impl Asn1 for BitString {
    const TAG: Option<Tag> = Some(Tag::BIT_STRING);
    const NAME: &'static str = "BIT STRING";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        out.push(((8 - self.len % 8) % 8) as u8);
        out.extend_from_slice(&self.bytes);
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        let v = tlv.expect_primitive()?;
        let (&unused, bits) = v
            .split_first()
            .ok_or_else(|| DecodeError::invalid(tlv.offset, "BIT STRING with no contents"))?;
        if unused > 7 || (bits.is_empty() && unused != 0) {
            return Err(DecodeError::invalid(
                tlv.offset,
                "BIT STRING unused-bits count out of range",
            ));
        }
        let len = bits.len() * 8 - usize::from(unused);
        if let Some(&last) = bits.last() {
            if last & !(0xFFu8 << unused) != 0 {
                return Err(DecodeError::not_der(
                    tlv.offset,
                    DerRule::BitStringPaddingNotZero,
                ));
            }
        }
        Ok(BitString {
            bytes: bits.to_vec(),
            len,
        })
    }
    /// Bits as a string of '0' and '1'.
    fn to_json(&self) -> Value {
        Value::String(
            (0..self.len)
                .map(|i| if self.get(i) { '1' } else { '0' })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_11_2_named_bits_drop_trailing_zeros() {
        let b = BitString::from_bits(&[0, 2]);
        assert_eq!(hex::encode(b.to_der()), "030205a0");
        let empty = BitString::from_bits(&[]);
        assert_eq!(hex::encode(empty.to_der()), "030100");
        let nine = BitString::from_bits(&[8]);
        assert_eq!(hex::encode(nine.to_der()), "0303070080");
        assert_eq!(
            BitString::from_der(&hex::decode("0303070080").unwrap()).unwrap(),
            nine
        );
        assert!(BitString::from_der(&hex::decode("030108").unwrap()).is_err());
    }

    #[test]
    fn x690_11_2_1_unused_bits_must_be_zero() {
        use crate::der::DecodeErrorKind;
        // 9 bits (7 unused) with the last unused bit set.
        let err = BitString::from_der(&hex::decode("0303070081").unwrap()).unwrap_err();
        assert_eq!(
            (err.offset, err.kind),
            (0, DecodeErrorKind::NotDer(DerRule::BitStringPaddingNotZero))
        );
        // 3 bits (5 unused): 101_00001.
        assert!(BitString::from_der(&hex::decode("030205a1").unwrap()).is_err());
        // Trailing zero bits are kept as received (not every BIT STRING is a named-bit
        // list), so the value re-encodes to the same octets.
        let kept = BitString::from_der(&hex::decode("03020580").unwrap()).unwrap();
        assert_eq!(
            (kept.len(), hex::encode(kept.to_der())),
            (3, "03020580".into())
        );
    }
}
