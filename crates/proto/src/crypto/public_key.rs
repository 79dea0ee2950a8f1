//! Public keys on either curve set: uncompressed points, SubjectPublicKeyInfo, X.509
//! certificates.
//!
//! SGP.22 carries one-time keys (`euiccOtpk`, `smdpOtpk`, tag `5F49`) as uncompressed points
//! `04 ‖ X ‖ Y` (65 octets, BSI TR-03111 §3.2.1) whose curve the session implies, and
//! long-term keys in the certificates' SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 5480 for
//! the EC parameters) whose namedCurve names it.

use bp256::BrainpoolP256r1;
use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};

use super::{Curve, KeyError, Signature, SignatureError};
use crate::der::{Oid, Reader, Tag, Tlv, write_constructed, write_tlv};

/// OID contents of id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480 §2.1.1).
pub(crate) const OID_EC_PUBLIC_KEY: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01];

/// Length of an uncompressed point on a 256-bit curve.
pub(super) const UNCOMPRESSED_POINT_LEN: usize = 65;

/// A brainpoolP256r1 public key.
pub(crate) type BrainpoolPublicKey = bp256::elliptic_curve::PublicKey<BrainpoolP256r1>;

/// The validated point, per curve.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Point {
    Nist(p256::PublicKey),
    Brainpool(BrainpoolPublicKey),
}

/// A validated public key (on its curve, not the identity).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey {
    point: [u8; UNCOMPRESSED_POINT_LEN],
    key: Point,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.key {
            Point::Nist(_) => write!(f, "PublicKey({})", hex::encode(self.point)),
            Point::Brainpool(_) => {
                write!(f, "PublicKey(brainpoolP256r1, {})", hex::encode(self.point))
            }
        }
    }
}

impl PublicKey {
    /// From a NIST P-256 uncompressed point `04 ‖ X ‖ Y` (65 octets), as in `5F49` fields of
    /// a NIST session; see [`PublicKey::from_uncompressed_point_on`].
    pub fn from_uncompressed_point(bytes: &[u8]) -> Result<Self, KeyError> {
        Self::from_uncompressed_point_on(Curve::NistP256, bytes)
    }

    /// From the uncompressed point `04 ‖ X ‖ Y` (65 octets) on `curve`.
    pub fn from_uncompressed_point_on(curve: Curve, bytes: &[u8]) -> Result<Self, KeyError> {
        if bytes.len() != UNCOMPRESSED_POINT_LEN {
            return Err(KeyError::InvalidPoint(
                "an uncompressed point on a 256-bit curve is 65 octets",
            ));
        }
        if bytes[0] != 0x04 {
            return Err(KeyError::InvalidPoint(
                "not an uncompressed point (first octet not 04)",
            ));
        }
        Self::from_sec1_point(curve, bytes)
    }

    /// From any SEC1 point encoding (compressed or uncompressed); normalized to uncompressed.
    fn from_sec1_point(curve: Curve, bytes: &[u8]) -> Result<Self, KeyError> {
        match curve {
            Curve::NistP256 => p256::PublicKey::from_sec1_bytes(bytes)
                .map(|k| Self::from_p256(&k))
                .map_err(|_| KeyError::InvalidPoint("not a point on P-256")),
            Curve::BrainpoolP256r1 => BrainpoolPublicKey::from_sec1_bytes(bytes)
                .map(|k| Self::from_brainpool(&k))
                .map_err(|_| KeyError::InvalidPoint("not a point on brainpoolP256r1")),
        }
    }

    pub(crate) fn from_p256(key: &p256::PublicKey) -> Self {
        use p256::elliptic_curve::sec1::ToSec1Point;
        let encoded = key.to_sec1_point(false);
        let mut point = [0u8; UNCOMPRESSED_POINT_LEN];
        point.copy_from_slice(encoded.as_bytes());
        PublicKey {
            point,
            key: Point::Nist(*key),
        }
    }

    pub(crate) fn from_brainpool(key: &BrainpoolPublicKey) -> Self {
        use bp256::elliptic_curve::sec1::ToSec1Point;
        let encoded = key.to_sec1_point(false);
        let mut point = [0u8; UNCOMPRESSED_POINT_LEN];
        point.copy_from_slice(encoded.as_bytes());
        PublicKey {
            point,
            key: Point::Brainpool(*key),
        }
    }

    pub(crate) fn point(&self) -> &Point {
        &self.key
    }

    /// The curve of the key.
    pub fn curve(&self) -> Curve {
        match self.key {
            Point::Nist(_) => Curve::NistP256,
            Point::Brainpool(_) => Curve::BrainpoolP256r1,
        }
    }

    /// The uncompressed point `04 ‖ X ‖ Y`.
    pub fn as_uncompressed_point(&self) -> &[u8; UNCOMPRESSED_POINT_LEN] {
        &self.point
    }

    /// From a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) with id-ecPublicKey and the
    /// namedCurve secp256r1 or brainpoolP256r1. Another curve gives
    /// [`KeyError::UnsupportedCurve`].
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        let spki = Tlv::parse_single(der).map_err(malformed)?;
        Self::from_spki_tlv(&spki)
    }

    fn from_spki_tlv(spki: &Tlv<'_>) -> Result<Self, KeyError> {
        spki.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
        let mut fields = spki.contents().map_err(malformed)?;
        let algorithm = fields.read().map_err(malformed)?;
        let curve = ec_algorithm_curve(&algorithm)?;
        let key = fields.read().map_err(malformed)?;
        key.expect_tag(Tag::BIT_STRING).map_err(malformed)?;
        fields.finish().map_err(malformed)?;
        match key.value() {
            [0, point @ ..] => Self::from_sec1_point(curve, point),
            _ => Err(KeyError::Malformed(
                "subjectPublicKey has unused bits".into(),
            )),
        }
    }

    /// The DER SubjectPublicKeyInfo (id-ecPublicKey, the namedCurve, uncompressed point).
    pub fn to_spki_der(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(92);
        write_constructed(Tag::SEQUENCE, &mut out, |o| {
            write_constructed(Tag::SEQUENCE, o, |o| {
                write_tlv(Tag::OBJECT_IDENTIFIER, OID_EC_PUBLIC_KEY, o);
                write_tlv(Tag::OBJECT_IDENTIFIER, self.curve().oid_contents(), o);
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
    /// BSI TR-03111 §4.2.1.2; SHA-256 with both curve sets, SGP.22 §2.6.1). NIST P-256 runs
    /// on `ring`, brainpoolP256r1 on `bp256`.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), SignatureError> {
        match &self.key {
            Point::Nist(_) => UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, &self.point[..])
                .verify(message, signature.as_raw())
                .map_err(|_| SignatureError::Invalid),
            Point::Brainpool(key) => {
                use ::ecdsa::signature::Verifier;
                let sig = bp256::r1::ecdsa::Signature::from_slice(signature.as_raw())
                    .map_err(|_| SignatureError::Invalid)?;
                ::ecdsa::VerifyingKey::<BrainpoolP256r1>::from(key)
                    .verify(message, &sig)
                    .map_err(|_| SignatureError::Invalid)
            }
        }
    }
}

/// The curve of an EC AlgorithmIdentifier `{ id-ecPublicKey, namedCurve }` (RFC 5480
/// §2.1.1): [`KeyError::NotEcKey`] for another algorithm, [`KeyError::UnsupportedCurve`] for
/// another curve or for explicit or implicit parameters.
pub(crate) fn ec_algorithm_curve(algorithm: &Tlv<'_>) -> Result<Curve, KeyError> {
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
    alg.finish().map_err(malformed)?;
    Curve::from_oid_contents(curve.value())
}

pub(crate) fn oid_text(contents: &[u8]) -> String {
    Oid::from_contents(contents)
        .map(|o| o.to_string())
        .unwrap_or_else(|| hex::encode(contents))
}

pub(crate) fn malformed(e: crate::der::DecodeError) -> KeyError {
    KeyError::Malformed(e.to_string())
}
