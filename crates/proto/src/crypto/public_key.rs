//! NIST P-256 public keys: uncompressed points, SubjectPublicKeyInfo, X.509 certificates.
//!
//! SGP.22 carries one-time keys (`euiccOtpk`, `smdpOtpk`, tag `5F49`) as uncompressed points
//! `04 ‖ X ‖ Y` (65 octets, BSI TR-03111 §3.2.1) and long-term keys in the certificates'
//! SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 5480 for the EC parameters).

use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};

use super::{KeyError, Signature, SignatureError};
use crate::der::{Oid, Reader, Tag, Tlv, write_constructed, write_tlv};

/// OID contents of id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 §2.1.1).
pub(crate) const OID_EC_PUBLIC_KEY: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];
/// OID contents of secp256r1 / prime256v1, 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1.1).
pub(crate) const OID_P256: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

/// Length of an uncompressed P-256 point.
pub const UNCOMPRESSED_POINT_LEN: usize = 65;

/// A validated NIST P-256 public key (on the curve, not the identity).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    point: [u8; UNCOMPRESSED_POINT_LEN],
    key: p256::PublicKey,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", hex::encode(self.point))
    }
}

impl PublicKey {
    /// From the uncompressed point `04 ‖ X ‖ Y` (65 octets), as in `5F49` fields.
    pub fn from_uncompressed_point(bytes: &[u8]) -> Result<Self, KeyError> {
        if bytes.len() != UNCOMPRESSED_POINT_LEN {
            return Err(KeyError::InvalidPoint(
                "an uncompressed P-256 point is 65 octets",
            ));
        }
        if bytes[0] != 0x04 {
            return Err(KeyError::InvalidPoint(
                "not an uncompressed point (first octet not 04)",
            ));
        }
        Self::from_sec1_point(bytes)
    }

    /// From any SEC1 point encoding (compressed or uncompressed); normalized to uncompressed.
    fn from_sec1_point(bytes: &[u8]) -> Result<Self, KeyError> {
        let key = p256::PublicKey::from_sec1_bytes(bytes)
            .map_err(|_| KeyError::InvalidPoint("not a point on P-256"))?;
        Ok(Self::from_p256(&key))
    }

    pub(crate) fn from_p256(key: &p256::PublicKey) -> Self {
        use p256::elliptic_curve::sec1::ToSec1Point;
        let encoded = key.to_sec1_point(false);
        let mut point = [0u8; UNCOMPRESSED_POINT_LEN];
        point.copy_from_slice(encoded.as_bytes());
        PublicKey { point, key: *key }
    }

    pub(crate) fn as_p256(&self) -> &p256::PublicKey {
        &self.key
    }

    /// The uncompressed point `04 ‖ X ‖ Y`.
    pub fn as_uncompressed_point(&self) -> &[u8; UNCOMPRESSED_POINT_LEN] {
        &self.point
    }

    /// From a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) with id-ecPublicKey and the
    /// namedCurve secp256r1. Another curve gives [`KeyError::UnsupportedCurve`].
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        let spki = Tlv::parse_single(der).map_err(malformed)?;
        Self::from_spki_tlv(&spki)
    }

    fn from_spki_tlv(spki: &Tlv<'_>) -> Result<Self, KeyError> {
        spki.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
        let mut fields = spki.contents().map_err(malformed)?;
        let algorithm = fields.read().map_err(malformed)?;
        algorithm.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
        let mut alg = algorithm.contents().map_err(malformed)?;
        let alg_oid = alg.read().map_err(malformed)?;
        alg_oid
            .expect_tag(Tag::OBJECT_IDENTIFIER)
            .map_err(malformed)?;
        if alg_oid.value() != OID_EC_PUBLIC_KEY {
            return Err(KeyError::NotEcKey(oid_text(alg_oid.value())));
        }
        let curve = alg.read().map_err(malformed)?;
        if curve.tag != Tag::OBJECT_IDENTIFIER {
            return Err(KeyError::UnsupportedCurve(
                "explicit or implicit parameters".into(),
            ));
        }
        check_curve(curve.value())?;
        alg.finish().map_err(malformed)?;
        let key = fields.read().map_err(malformed)?;
        key.expect_tag(Tag::BIT_STRING).map_err(malformed)?;
        fields.finish().map_err(malformed)?;
        match key.value() {
            [0, point @ ..] => Self::from_sec1_point(point),
            _ => Err(KeyError::Malformed(
                "subjectPublicKey has unused bits".into(),
            )),
        }
    }

    /// The DER SubjectPublicKeyInfo (id-ecPublicKey, secp256r1, uncompressed point).
    pub fn to_spki_der(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(91);
        write_constructed(Tag::SEQUENCE, &mut out, |o| {
            write_constructed(Tag::SEQUENCE, o, |o| {
                write_tlv(Tag::OBJECT_IDENTIFIER, OID_EC_PUBLIC_KEY, o);
                write_tlv(Tag::OBJECT_IDENTIFIER, OID_P256, o);
            });
            let mut bits = Vec::with_capacity(1 + UNCOMPRESSED_POINT_LEN);
            bits.push(0);
            bits.extend_from_slice(&self.point);
            write_tlv(Tag::BIT_STRING, &bits, o);
        });
        out
    }

    /// The subject public key of a DER X.509 certificate (RFC 5280 §4.1: the seventh field
    /// of tbsCertificate when `version` is present).
    pub fn from_certificate_der(der: &[u8]) -> Result<Self, KeyError> {
        let cert = Tlv::parse_single(der).map_err(malformed)?;
        cert.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
        let tbs = cert
            .contents()
            .and_then(|mut c| c.read())
            .map_err(malformed)?;
        tbs.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
        let mut fields: Reader<'_> = tbs.contents().map_err(malformed)?;
        // version [0] EXPLICIT, absent for v1 certificates.
        fields
            .read_if(|t| t == Tag::context(0, true))
            .map_err(malformed)?;
        // serialNumber, signature, issuer, validity, subject.
        for _ in 0..5 {
            fields.read().map_err(malformed)?;
        }
        let spki = fields.read().map_err(malformed)?;
        Self::from_spki_tlv(&spki)
    }

    /// Verifies an ECDSA-SHA256 signature (raw `r ‖ s`) over `message` (FIPS 186-4 §6.4,
    /// with SHA-256 as SGP.22 §2.6.1 requires for NIST P-256).
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), SignatureError> {
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &self.point[..])
            .verify(message, signature.as_raw())
            .map_err(|_| SignatureError::Invalid)
    }
}

/// Accepts the secp256r1 OID; names anything else as unsupported.
pub(crate) fn check_curve(oid_contents: &[u8]) -> Result<(), KeyError> {
    if oid_contents == OID_P256 {
        Ok(())
    } else {
        Err(KeyError::UnsupportedCurve(oid_text(oid_contents)))
    }
}

pub(crate) fn oid_text(contents: &[u8]) -> String {
    Oid::from_contents(contents)
        .map(|o| o.to_string())
        .unwrap_or_else(|| hex::encode(contents))
}

pub(crate) fn malformed(e: crate::der::DecodeError) -> KeyError {
    KeyError::Malformed(e.to_string())
}
