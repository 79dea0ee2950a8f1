//! ECDSA signatures as SGP.22 carries them, and their DER form in certificates.
//!
//! SGP.22 v2.5 §2.6.1 (and Annex G): signatures in `5F37` fields (serverSignature1,
//! euiccSignature1/2, smdpSignature2, smdpSign, euiccSignPIR …) are the plain format of
//! BSI TR-03111 §5.2.1: `r ‖ s`, each a 32-octet big-endian integer, 64 octets in all.
//! X.509 certificates and CRLs use the DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER,
//! s INTEGER }` of RFC 3279 §2.2.3.

use super::SignatureError;
use crate::der::{Tag, Tlv, write_constructed, write_tlv};

/// Length of one of `r`, `s` for P-256.
const HALF: usize = 32;
/// Length of a raw `r ‖ s` signature.
pub const RAW_LEN: usize = 2 * HALF;

/// An ECDSA P-256 signature in the raw `r ‖ s` form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature([u8; RAW_LEN]);

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signature({})", hex::encode(self.0))
    }
}

impl Signature {
    /// From the 64 octets `r ‖ s` (the contents of a `5F37` field).
    pub fn from_raw(bytes: &[u8]) -> Result<Self, SignatureError> {
        let raw: [u8; RAW_LEN] = bytes
            .try_into()
            .map_err(|_| SignatureError::Malformed("a raw P-256 signature is 64 octets"))?;
        Ok(Signature(raw))
    }

    /// The 64 octets `r ‖ s`.
    pub fn as_raw(&self) -> &[u8; RAW_LEN] {
        &self.0
    }

    /// From a DER `ECDSA-Sig-Value` (RFC 3279 §2.2.3), as found in a certificate's
    /// signatureValue BIT STRING. Integers must be positive, minimally encoded and fit in
    /// 32 octets.
    pub fn from_der(der: &[u8]) -> Result<Self, SignatureError> {
        let bad = |_| SignatureError::Malformed("not a DER ECDSA-Sig-Value");
        let seq = Tlv::parse_single(der).map_err(bad)?;
        seq.expect_tag(Tag::SEQUENCE).map_err(bad)?;
        let mut fields = seq.contents().map_err(bad)?;
        let mut raw = [0u8; RAW_LEN];
        for half in raw.chunks_exact_mut(HALF) {
            let int = fields.read().map_err(bad)?;
            int.expect_tag(Tag::INTEGER).map_err(bad)?;
            let magnitude = integer_magnitude(int.value())?;
            half[HALF - magnitude.len()..].copy_from_slice(magnitude);
        }
        fields.finish().map_err(bad)?;
        Ok(Signature(raw))
    }

    /// The DER `ECDSA-Sig-Value` (for writing certificates).
    pub fn to_der(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(72);
        write_constructed(Tag::SEQUENCE, &mut out, |o| {
            for half in self.0.chunks_exact(HALF) {
                write_tlv(Tag::INTEGER, &minimal_positive(half), o);
            }
        });
        out
    }
}

/// The big-endian magnitude of a positive DER INTEGER, without the sign octet.
fn integer_magnitude(contents: &[u8]) -> Result<&[u8], SignatureError> {
    let magnitude = match contents {
        [] => return Err(SignatureError::Malformed("empty INTEGER")),
        [first, ..] if first & 0x80 != 0 => {
            return Err(SignatureError::Malformed("negative INTEGER"));
        }
        [0, next, ..] if next & 0x80 == 0 => {
            return Err(SignatureError::Malformed("INTEGER not minimally encoded"));
        }
        [0, rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    if magnitude.len() > HALF {
        return Err(SignatureError::Malformed("INTEGER longer than 32 octets"));
    }
    if magnitude.iter().all(|&b| b == 0) {
        return Err(SignatureError::Malformed("r or s is zero"));
    }
    Ok(magnitude)
}

/// Minimal two's-complement contents of a non-negative big-endian integer.
fn minimal_positive(bytes: &[u8]) -> Vec<u8> {
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    let significant = &bytes[skip..];
    let mut out = Vec::with_capacity(significant.len() + 1);
    if significant.first().is_none_or(|&b| b & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(significant);
    out
}

/// The `5F37` TLV of a raw signature: how the JSON bindings carry serverSignature1 and
/// smdpSignature2, and what smdpSignature2 and euiccSignature2 cover (SGP.22 5.6.3, 5.7.5).
pub fn signature_tlv(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 3);
    write_tlv(Tag::application(55, false), raw, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(r_first: u8, s_first: u8) -> [u8; 64] {
        let mut raw = [0x11u8; 64];
        raw[0] = r_first;
        raw[32] = s_first;
        raw
    }

    #[test]
    fn rfc3279_2_2_3_der_round_trip_with_sign_octet_and_short_integers() {
        for (r0, s0) in [(0x80, 0x7F), (0x00, 0xFF), (0x01, 0x00)] {
            let sig = Signature(raw(r0, s0));
            let der = sig.to_der();
            assert_eq!(
                Signature::from_der(&der).unwrap(),
                sig,
                "{}",
                hex::encode(&der)
            );
        }
        let high = Signature(raw(0x80, 0x80)).to_der();
        assert_eq!(&high[..5], &[0x30, 0x46, 0x02, 0x21, 0x00]);
        let short = Signature(raw(0x00, 0x7F)).to_der();
        assert_eq!(&short[..4], &[0x30, 0x43, 0x02, 0x1F]);
    }

    #[test]
    fn rfc3279_2_2_3_rejects_non_der_integers() {
        for der in [
            &[0x30, 0x06, 0x02, 0x01, 0x80, 0x02, 0x01, 0x01][..], // negative r
            &[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01][..], // padded r
            &[0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01][..], // r = 0
            &[0x30, 0x03, 0x02, 0x01, 0x01][..],                   // s missing
            &[
                0x30, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00, 0x00,
            ][..],
        ] {
            assert!(Signature::from_der(der).is_err(), "{}", hex::encode(der));
        }
        let mut long = vec![0x30, 0x26, 0x02, 0x21, 0x01];
        long.extend([0u8; 32]);
        long.extend([0x02, 0x01, 0x01]);
        assert!(Signature::from_der(&long).is_err(), "33-octet r");
    }

    #[test]
    fn tr03111_raw_is_exactly_64_octets() {
        assert!(Signature::from_raw(&[0; 63]).is_err());
        assert!(Signature::from_raw(&[0; 65]).is_err());
        assert_eq!(Signature::from_raw(&[7; 64]).unwrap().as_raw(), &[7; 64]);
    }
}
