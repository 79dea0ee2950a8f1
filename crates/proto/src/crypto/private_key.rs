//! NIST P-256 private keys: generation, loading and export.
//!
//! Formats: the raw scalar (32 octets big-endian, as BSI TR-03111 §3.1.2 writes private
//! keys), SEC1 `ECPrivateKey` (RFC 5915, PEM label `EC PRIVATE KEY`, what `openssl ecparam
//! -genkey` and the SGP.26 test keys use) and PKCS#8 `PrivateKeyInfo` (RFC 5208/5958, PEM
//! label `PRIVATE KEY`). Encrypted keys are not supported.

use p256::pkcs8::EncodePrivateKey;
use ring::rand::SecureRandom;
use zeroize::Zeroizing;

use super::pem;
use super::public_key::{OID_EC_PUBLIC_KEY, check_curve, malformed, oid_text};
use super::{KeyError, PublicKey};
use crate::der::{Tag, Tlv};

/// Length of a P-256 private scalar.
pub const SCALAR_LEN: usize = 32;

const PEM_PKCS8: &str = "PRIVATE KEY";
const PEM_SEC1: &str = "EC PRIVATE KEY";

/// A NIST P-256 private key (a scalar in `1..n-1`), wiped from memory on drop. Its public
/// key is computed once (a scalar multiplication is the costly part of handling a key) or
/// taken from the key file after `ring` checked that it matches.
#[derive(Clone)]
pub struct PrivateKey {
    secret: p256::SecretKey,
    public: std::sync::OnceLock<PublicKey>,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("public", &self.public_key())
            .finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// A fresh random key from the system generator.
    pub fn generate() -> Result<Self, KeyError> {
        let rng = super::rng();
        let mut bytes = Zeroizing::new([0u8; SCALAR_LEN]);
        // A random 256-bit string is a valid scalar except with probability below 2^-32.
        loop {
            rng.fill(&mut bytes[..]).map_err(|_| KeyError::Random)?;
            if let Ok(key) = Self::from_scalar(&bytes[..]) {
                return Ok(key);
            }
        }
    }

    /// From the raw scalar: exactly 32 octets, big-endian, in `1..n-1`.
    pub fn from_scalar(bytes: &[u8]) -> Result<Self, KeyError> {
        if bytes.len() != SCALAR_LEN {
            return Err(KeyError::InvalidScalar);
        }
        let secret = p256::SecretKey::from_slice(bytes).map_err(|_| KeyError::InvalidScalar)?;
        Ok(PrivateKey {
            secret,
            public: std::sync::OnceLock::new(),
        })
    }

    /// From the scalar and the public key a key file carries with it, after checking that
    /// they belong together (`ring` does it several times faster than a scalar
    /// multiplication here).
    fn from_parts(scalar: &[u8], public: Option<&[u8]>) -> Result<Self, KeyError> {
        let key = Self::from_scalar(scalar)?;
        if let Some(point) = public {
            ring::signature::EcdsaKeyPair::from_private_key_and_public_key(
                &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                scalar,
                point,
                &super::rng(),
            )
            .map_err(|_| {
                KeyError::Malformed("the public key does not match the private key".into())
            })?;
            let _ = key.public.set(PublicKey::from_uncompressed_point(point)?);
        }
        Ok(key)
    }

    /// The raw scalar, 32 octets big-endian (for storing a one-time key).
    pub fn to_scalar(&self) -> Zeroizing<[u8; SCALAR_LEN]> {
        let mut out = Zeroizing::new([0u8; SCALAR_LEN]);
        out.copy_from_slice(&self.secret.to_bytes());
        out
    }

    /// From a PEM text holding a `PRIVATE KEY` (PKCS#8) or `EC PRIVATE KEY` (SEC1) block;
    /// other blocks (such as `EC PARAMETERS`) are skipped.
    pub fn from_pem(text: &str) -> Result<Self, KeyError> {
        let (label, der) = pem::find_block(text, &[PEM_PKCS8, PEM_SEC1])?;
        let der = Zeroizing::new(der);
        if label == PEM_PKCS8 {
            Self::from_pkcs8_der(&der)
        } else {
            Self::from_sec1_der(&der)
        }
    }

    /// From DER, PKCS#8 or SEC1 (told apart by the second component: an AlgorithmIdentifier
    /// SEQUENCE in PKCS#8, the private key OCTET STRING in SEC1).
    pub fn from_der(der: &[u8]) -> Result<Self, KeyError> {
        let outer = Tlv::parse_single(der).map_err(malformed)?;
        outer.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
        let mut fields = outer.contents().map_err(malformed)?;
        fields.read().map_err(malformed)?;
        match fields.peek_tag().map_err(malformed)? {
            Some(Tag::SEQUENCE) => Self::from_pkcs8_der(der),
            _ => Self::from_sec1_der(der),
        }
    }

    /// From a DER PKCS#8 `PrivateKeyInfo` (RFC 5208 §5) with id-ecPublicKey and secp256r1.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        // Name the curve ourselves so that a brainpool key is reported as such.
        let outer = Tlv::parse_single(der).map_err(malformed)?;
        let mut fields = outer.contents().map_err(malformed)?;
        fields.read().map_err(malformed)?;
        let algorithm = fields.read().map_err(malformed)?;
        algorithm.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
        let mut alg = algorithm.contents().map_err(malformed)?;
        let alg_oid = alg.read().map_err(malformed)?;
        if alg_oid.tag != Tag::OBJECT_IDENTIFIER || alg_oid.value() != OID_EC_PUBLIC_KEY {
            return Err(KeyError::NotEcKey(oid_text(alg_oid.value())));
        }
        let curve = alg.read().map_err(malformed)?;
        if curve.tag != Tag::OBJECT_IDENTIFIER {
            return Err(KeyError::UnsupportedCurve(
                "explicit or implicit parameters".into(),
            ));
        }
        check_curve(curve.value())?;
        let inner = fields.read().map_err(malformed)?;
        inner.expect_tag(Tag::OCTET_STRING).map_err(malformed)?;
        let (scalar, public) = sec1_parts(inner.value())?;
        Self::from_parts(scalar, public)
    }

    /// From a DER SEC1 `ECPrivateKey` (RFC 5915 §3); its `parameters`, when present, must
    /// name secp256r1, and its `publicKey`, when present, must match the scalar.
    pub fn from_sec1_der(der: &[u8]) -> Result<Self, KeyError> {
        let outer = Tlv::parse_single(der).map_err(malformed)?;
        outer.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
        let mut fields = outer.contents().map_err(malformed)?;
        fields.read().map_err(malformed)?; // version
        fields.read().map_err(malformed)?; // privateKey
        if let Some(params) = fields
            .read_if(|t| t == Tag::context(0, true))
            .map_err(malformed)?
        {
            let oid = params
                .contents()
                .and_then(|mut p| p.read())
                .map_err(malformed)?;
            if oid.tag != Tag::OBJECT_IDENTIFIER {
                return Err(KeyError::UnsupportedCurve(
                    "explicit or implicit parameters".into(),
                ));
            }
            check_curve(oid.value())?;
        }
        let (scalar, public) = sec1_parts(der)?;
        Self::from_parts(scalar, public)
    }

    /// DER PKCS#8 `PrivateKeyInfo` (v1, with the public key inside the SEC1 structure).
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let doc = self.secret.to_pkcs8_der().map_err(|_| KeyError::Export)?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// DER SEC1 `ECPrivateKey` with parameters and public key (RFC 5915 §3).
    pub fn to_sec1_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let public = self.public_key();
        let mut out = Zeroizing::new(Vec::with_capacity(121));
        // SEQUENCE { version 1, privateKey OCTET STRING (32), [0] secp256r1, [1] BIT STRING }
        out.extend_from_slice(&[0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20]);
        out.extend_from_slice(&self.secret.to_bytes());
        out.extend_from_slice(&[
            0xA0, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0xA1, 0x44,
            0x03, 0x42, 0x00,
        ]);
        out.extend_from_slice(public.as_uncompressed_point());
        Ok(out)
    }

    /// PEM `PRIVATE KEY` (PKCS#8), for key files.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        let der = self.to_pkcs8_der()?;
        Ok(Zeroizing::new(pem::encode_block(PEM_PKCS8, &der)))
    }

    /// PEM `EC PRIVATE KEY` (SEC1), the form of the SGP.26 key files.
    pub fn to_sec1_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        let der = self.to_sec1_der()?;
        Ok(Zeroizing::new(pem::encode_block(PEM_SEC1, &der)))
    }

    /// The matching public key (computed at the first call).
    pub fn public_key(&self) -> PublicKey {
        *self
            .public
            .get_or_init(|| PublicKey::from_p256(&self.secret.public_key()))
    }

    pub(crate) fn as_p256(&self) -> &p256::SecretKey {
        &self.secret
    }
}

/// The private scalar and, when present, the public key (uncompressed point) of a DER SEC1
/// `ECPrivateKey` (RFC 5915 §3).
fn sec1_parts(der: &[u8]) -> Result<(&[u8], Option<&[u8]>), KeyError> {
    let outer = Tlv::parse_single(der).map_err(malformed)?;
    outer.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
    let mut fields = outer.contents().map_err(malformed)?;
    let version = fields.read().map_err(malformed)?;
    if version.tag != Tag::INTEGER || version.value() != [1] {
        return Err(KeyError::Malformed("ECPrivateKey version is not 1".into()));
    }
    let scalar = fields.read().map_err(malformed)?;
    scalar.expect_tag(Tag::OCTET_STRING).map_err(malformed)?;
    let mut public = None;
    while let Some(field) = fields.read_if(|_| true).map_err(malformed)? {
        if field.tag == Tag::context(1, true) {
            let bits = field
                .contents()
                .and_then(|mut c| c.read())
                .map_err(malformed)?;
            match bits.value() {
                [0x00, point @ ..] if bits.tag == Tag::BIT_STRING => public = Some(point),
                _ => return Err(KeyError::Malformed("ECPrivateKey publicKey".into())),
            }
        }
    }
    Ok((scalar.value(), public))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5915_sec1_encoding_is_the_reference_one_and_a_mismatched_public_key_is_refused() {
        let key = PrivateKey::generate().unwrap();
        let reference = p256::SecretKey::from_slice(&key.to_scalar()[..])
            .unwrap()
            .to_sec1_der()
            .unwrap();
        assert_eq!(&key.to_sec1_der().unwrap()[..], &reference[..]);
        let back = PrivateKey::from_sec1_der(&reference).unwrap();
        assert_eq!(back.public_key(), key.public_key());
        // The public key of another key inside the file: refused.
        let other = PrivateKey::generate().unwrap();
        let mut forged = reference.to_vec();
        let at = forged.len() - 65;
        forged[at..].copy_from_slice(other.public_key().as_uncompressed_point());
        assert!(PrivateKey::from_sec1_der(&forged).is_err());
    }
}
