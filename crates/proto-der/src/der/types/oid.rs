//! OBJECT IDENTIFIER (X.690 8.19).

use std::fmt;
use std::num::ParseIntError;
use std::str::FromStr;

use serde_json::Value;

use crate::der::reader::Tlv;
use crate::der::{Asn1, DecodeError, DecodeResult, Tag};

/// An OBJECT IDENTIFIER, kept as its contents octets.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid(Vec<u8>);

impl Oid {
    /// From contents octets, checking their structure.
    pub fn from_contents(bytes: &[u8]) -> Option<Oid> {
        if bytes.is_empty() || bytes[bytes.len() - 1] & 0x80 != 0 {
            return None;
        }
        // Each arc starts with a non-0x80 octet (X.690 8.19.2: minimal octets).
        let mut at_start = true;
        for &b in bytes {
            if at_start && b == 0x80 {
                return None;
            }
            at_start = b & 0x80 == 0;
        }
        Some(Oid(bytes.to_vec()))
    }

    pub fn contents(&self) -> &[u8] {
        &self.0
    }

    /// The arcs, or `None` if an arc exceeds 64 bits.
    pub fn arcs(&self) -> Option<Vec<u64>> {
        let mut arcs = Vec::new();
        let mut acc: u64 = 0;
        for &b in &self.0 {
            if acc > (u64::MAX >> 7) {
                return None;
            }
            acc = (acc << 7) | u64::from(b & 0x7F);
            if b & 0x80 == 0 {
                if arcs.is_empty() {
                    let first = (acc / 40).min(2);
                    arcs.push(first);
                    arcs.push(acc - first * 40);
                } else {
                    arcs.push(acc);
                }
                acc = 0;
            }
        }
        Some(arcs)
    }
}

fn push_arc(mut v: u64, out: &mut Vec<u8>) {
    let mut tmp = [0u8; 10];
    let mut n = 0;
    loop {
        tmp[n] = (v & 0x7F) as u8;
        n += 1;
        v >>= 7;
        if v == 0 {
            break;
        }
    }
    for i in (0..n).rev() {
        out.push(tmp[i] | if i > 0 { 0x80 } else { 0 });
    }
}

/// Why dotted text is not an OBJECT IDENTIFIER.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OidParseError {
    /// An arc is not a decimal number that fits 64 bits.
    #[error("bad OID arc {arc:?} in {text:?}")]
    Arc {
        /// The arc as written.
        arc: String,
        /// The whole text.
        text: String,
        /// Why the arc does not read as a number.
        #[source]
        source: ParseIntError,
    },
    /// Fewer than two arcs, a first arc above 2, or a second arc of 40 or more under 0 or 1
    /// (X.660 A.2).
    #[error("{0:?} is not a valid OBJECT IDENTIFIER")]
    Invalid(String),
    /// The first two arcs do not fit one 64-bit subidentifier.
    #[error("{0:?}: arc too large")]
    TooLarge(String),
}

impl FromStr for Oid {
    type Err = OidParseError;
    /// Parses dotted notation, e.g. `2.23.146.1.2.1.4`.
    fn from_str(s: &str) -> Result<Oid, OidParseError> {
        let arcs: Vec<u64> = s
            .split('.')
            .map(|a| {
                a.parse::<u64>().map_err(|source| OidParseError::Arc {
                    arc: a.to_string(),
                    text: s.to_string(),
                    source,
                })
            })
            .collect::<Result<_, _>>()?;
        if arcs.len() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40) {
            return Err(OidParseError::Invalid(s.to_string()));
        }
        let first = arcs[0]
            .checked_mul(40)
            .and_then(|v| v.checked_add(arcs[1]))
            .ok_or_else(|| OidParseError::TooLarge(s.to_string()))?;
        let mut out = Vec::new();
        push_arc(first, &mut out);
        for &a in &arcs[2..] {
            push_arc(a, &mut out);
        }
        Ok(Oid(out))
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.arcs() {
            Some(arcs) => {
                let parts: Vec<String> = arcs.iter().map(u64::to_string).collect();
                f.write_str(&parts.join("."))
            }
            None => write!(f, "OID({})", hex::encode(&self.0)),
        }
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

impl Asn1 for Oid {
    const TAG: Option<Tag> = Some(Tag::OBJECT_IDENTIFIER);
    const NAME: &'static str = "OBJECT IDENTIFIER";
    fn encode_contents(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0)
    }
    fn decode_contents(tlv: &Tlv<'_>) -> DecodeResult<Self> {
        Oid::from_contents(tlv.expect_primitive()?)
            .ok_or_else(|| DecodeError::invalid(tlv.offset, "malformed OBJECT IDENTIFIER"))
    }
    fn to_json(&self) -> Value {
        Value::String(self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x690_8_19_dotted_round_trip() {
        let oid: Oid = "2.23.146.1.2.1.4".parse().unwrap();
        assert_eq!(
            hex::encode(oid.to_der()),
            "0607678112010201 04".replace(' ', "")
        );
        assert_eq!(oid.to_string(), "2.23.146.1.2.1.4");
        let small: Oid = "2.999.10".parse().unwrap();
        assert_eq!(hex::encode(small.contents()), "88370a");
        assert_eq!(small.to_string(), "2.999.10");
        assert!(Oid::from_der(&[0x06, 0x01, 0x80]).is_err());
        assert_eq!(
            "1.50".parse::<Oid>().unwrap_err().to_string(),
            "\"1.50\" is not a valid OBJECT IDENTIFIER"
        );
        assert_eq!(
            "2.x".parse::<Oid>().unwrap_err().to_string(),
            "bad OID arc \"x\" in \"2.x\""
        );
    }
}
