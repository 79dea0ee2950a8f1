//! Private keys on either curve set: generation, loading and export.
//!
//! Formats: the raw scalar (32 octets big-endian, as BSI TR-03111 §3.1.2 writes private
//! keys), SEC1 `ECPrivateKey` (RFC 5915, PEM label `EC PRIVATE KEY`, what `openssl ecparam
//! -genkey` and the SGP.26 test keys use) and PKCS#8 `PrivateKeyInfo` (RFC 5208/5958, PEM
//! label `PRIVATE KEY`). Encrypted keys are not supported. The curve (NIST P-256 or
//! brainpoolP256r1) is the namedCurve of the key file.
//!
//! This is the one owner of private keys in the workspace: the lab PKI (`certs`) keeps its
//! keys as this type and signs certificates with it.

use ring::rand::SecureRandom;
use zeroize::Zeroizing;

use super::pem;
use super::public_key::{OID_EC_PUBLIC_KEY, ec_algorithm_curve, malformed};
use super::{Curve, KeyError, PublicKey};
use crate::der::{Tag, Tlv, write_constructed, write_tlv};

/// Length of a private scalar on a 256-bit curve.
pub(super) const SCALAR_LEN: usize = 32;

const PEM_PKCS8: &str = "PRIVATE KEY";
const PEM_SEC1: &str = "EC PRIVATE KEY";

/// A brainpoolP256r1 secret scalar.
pub(crate) type BrainpoolSecretKey = bp256::r1::SecretKey;

/// The secret scalar, per curve.
#[derive(Clone)]
pub(crate) enum Secret {
    Nist(p256::SecretKey),
    Brainpool(BrainpoolSecretKey),
}

/// A private key (a scalar in `1..n-1` of its curve), wiped from memory on drop. Its public
/// key is computed once (a scalar multiplication is the costly part of handling a key) or
/// taken from the key file after checking that it matches.
#[derive(Clone)]
pub struct PrivateKey {
    secret: Secret,
    public: std::sync::OnceLock<PublicKey>,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret.
        f.debug_struct("PrivateKey")
            .field("public", &self.public_key())
            .finish_non_exhaustive()
    }
}

/// Equal keys: same curve and scalar (compared in constant time by the curve crates).
impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        match (&self.secret, &other.secret) {
            (Secret::Nist(a), Secret::Nist(b)) => a == b,
            (Secret::Brainpool(a), Secret::Brainpool(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for PrivateKey {}

impl PrivateKey {
    /// A fresh random NIST P-256 key from the system generator.
    pub fn generate() -> Result<Self, KeyError> {
        Self::generate_on(Curve::NistP256)
    }

    /// A fresh random key on `curve` from the system generator. On NIST P-256 `ring`
    /// generates it: its key document carries the public key, computed by a base-point
    /// multiplication several times faster than `p256`'s (a one-time key per download, a
    /// key per simulated eUICC).
    pub fn generate_on(curve: Curve) -> Result<Self, KeyError> {
        let rng = super::rng();
        if curve == Curve::NistP256 {
            let doc = ring::signature::EcdsaKeyPair::generate_pkcs8(
                &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                &rng,
            )
            .map_err(|_| KeyError::Random)?;
            let (_, scalar, public) = pkcs8_parts(doc.as_ref())?;
            let key = Self::from_scalar_on(curve, scalar)?;
            if let Some(point) = public {
                let _ = key
                    .public
                    .set(PublicKey::from_uncompressed_point_on(curve, point)?);
            }
            return Ok(key);
        }
        let mut bytes = Zeroizing::new([0u8; SCALAR_LEN]);
        // A random 256-bit string is a valid scalar except with probability below 2^-32
        // (P-256) or about 1/3 (brainpoolP256r1, whose order is below 2^255.9): retry.
        loop {
            rng.fill(&mut bytes[..]).map_err(|_| KeyError::Random)?;
            if let Ok(key) = Self::from_scalar_on(curve, &bytes[..]) {
                return Ok(key);
            }
        }
    }

    /// From a raw NIST P-256 scalar: exactly 32 octets, big-endian, in `1..n-1`.
    pub fn from_scalar(bytes: &[u8]) -> Result<Self, KeyError> {
        Self::from_scalar_on(Curve::NistP256, bytes)
    }

    /// From the raw scalar on `curve`: exactly 32 octets, big-endian, in `1..n-1`.
    pub fn from_scalar_on(curve: Curve, bytes: &[u8]) -> Result<Self, KeyError> {
        if bytes.len() != SCALAR_LEN {
            return Err(KeyError::InvalidScalar);
        }
        let secret = match curve {
            Curve::NistP256 => p256::SecretKey::from_slice(bytes).map(Secret::Nist),
            Curve::BrainpoolP256r1 => BrainpoolSecretKey::from_slice(bytes).map(Secret::Brainpool),
        }
        .map_err(|_| KeyError::InvalidScalar)?;
        Ok(PrivateKey {
            secret,
            public: std::sync::OnceLock::new(),
        })
    }

    /// From the scalar and the public key a key file carries with it, after checking that
    /// they belong together (on NIST P-256 `ring` does it several times faster than a
    /// scalar multiplication).
    fn from_parts(curve: Curve, scalar: &[u8], public: Option<&[u8]>) -> Result<Self, KeyError> {
        let key = Self::from_scalar_on(curve, scalar)?;
        let Some(point) = public else {
            return Ok(key);
        };
        let mismatch =
            || KeyError::Malformed("the public key does not match the private key".into());
        let public = PublicKey::from_uncompressed_point_on(curve, point)?;
        match curve {
            Curve::NistP256 => {
                ring::signature::EcdsaKeyPair::from_private_key_and_public_key(
                    &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                    scalar,
                    point,
                    &super::rng(),
                )
                .map_err(|_| mismatch())?;
            }
            Curve::BrainpoolP256r1 => {
                if key.public_key() != public {
                    return Err(mismatch());
                }
            }
        }
        let _ = key.public.set(public);
        Ok(key)
    }

    /// The curve of the key.
    pub fn curve(&self) -> Curve {
        match self.secret {
            Secret::Nist(_) => Curve::NistP256,
            Secret::Brainpool(_) => Curve::BrainpoolP256r1,
        }
    }

    /// The raw scalar, 32 octets big-endian (for storing a one-time key).
    pub fn to_scalar(&self) -> Zeroizing<[u8; SCALAR_LEN]> {
        let mut out = Zeroizing::new([0u8; SCALAR_LEN]);
        match &self.secret {
            Secret::Nist(k) => out.copy_from_slice(&k.to_bytes()),
            Secret::Brainpool(k) => out.copy_from_slice(&k.to_bytes()),
        }
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

    /// From a DER PKCS#8 `PrivateKeyInfo` (RFC 5208 §5) with id-ecPublicKey and the
    /// namedCurve secp256r1 or brainpoolP256r1; the inner `ECPrivateKey`'s parameters, when
    /// present, must name the same curve.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        let (curve, scalar, public) = pkcs8_parts(der)?;
        Self::from_parts(curve, scalar, public)
    }

    /// From a DER SEC1 `ECPrivateKey` (RFC 5915 §3); its `parameters` name the curve (NIST
    /// P-256 when absent), and its `publicKey`, when present, must match the scalar.
    pub fn from_sec1_der(der: &[u8]) -> Result<Self, KeyError> {
        let curve = sec1_curve(der)?.unwrap_or(Curve::NistP256);
        let (scalar, public) = sec1_parts(der)?;
        Self::from_parts(curve, scalar, public)
    }

    /// DER PKCS#8 `PrivateKeyInfo` (v1: the curve in the AlgorithmIdentifier, the public
    /// key inside the SEC1 structure, RFC 5915 §4), what `ring` and rustls read.
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let inner = self.sec1_der(false);
        let mut out = Zeroizing::new(Vec::with_capacity(inner.len() + 32));
        write_constructed(Tag::SEQUENCE, &mut out, |o| {
            write_tlv(Tag::INTEGER, &[0], o);
            write_constructed(Tag::SEQUENCE, o, |o| {
                write_tlv(Tag::OBJECT_IDENTIFIER, OID_EC_PUBLIC_KEY, o);
                write_tlv(Tag::OBJECT_IDENTIFIER, self.curve().oid_contents(), o);
            });
            write_tlv(Tag::OCTET_STRING, &inner, o);
        });
        Ok(out)
    }

    /// DER SEC1 `ECPrivateKey` with parameters and public key (RFC 5915 §3).
    pub fn to_sec1_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        Ok(self.sec1_der(true))
    }

    /// `ECPrivateKey { version 1, privateKey, [0] namedCurve (if `with_curve`), [1] publicKey }`.
    fn sec1_der(&self, with_curve: bool) -> Zeroizing<Vec<u8>> {
        let mut bits = Vec::with_capacity(1 + super::public_key::UNCOMPRESSED_POINT_LEN);
        bits.push(0);
        bits.extend_from_slice(self.public_key().as_uncompressed_point());
        let mut out = Zeroizing::new(Vec::with_capacity(122));
        write_constructed(Tag::SEQUENCE, &mut out, |o| {
            write_tlv(Tag::INTEGER, &[1], o);
            write_tlv(Tag::OCTET_STRING, &self.to_scalar()[..], o);
            if with_curve {
                write_constructed(Tag::context(0, true), o, |o| {
                    write_tlv(Tag::OBJECT_IDENTIFIER, self.curve().oid_contents(), o);
                });
            }
            write_constructed(Tag::context(1, true), o, |o| {
                write_tlv(Tag::BIT_STRING, &bits, o);
            });
        });
        out
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
        *self.public.get_or_init(|| match &self.secret {
            Secret::Nist(k) => PublicKey::from_p256(&k.public_key()),
            Secret::Brainpool(k) => PublicKey::from_brainpool(&k.public_key()),
        })
    }

    pub(crate) fn secret(&self) -> &Secret {
        &self.secret
    }
}

/// A key file's curve, private scalar and public key (uncompressed point), when present.
type KeyParts<'a> = (Curve, &'a [u8], Option<&'a [u8]>);

/// The curve, the private scalar and, when present, the public key of a DER PKCS#8
/// `PrivateKeyInfo` (RFC 5208 §5) with id-ecPublicKey; the inner `ECPrivateKey`'s
/// parameters, when present, must name the same curve.
fn pkcs8_parts(der: &[u8]) -> Result<KeyParts<'_>, KeyError> {
    let outer = Tlv::parse_single(der).map_err(malformed)?;
    let mut fields = outer.contents().map_err(malformed)?;
    fields.read().map_err(malformed)?;
    let curve = ec_algorithm_curve(&fields.read().map_err(malformed)?)?;
    let inner = fields.read().map_err(malformed)?;
    inner.expect_tag(Tag::OCTET_STRING).map_err(malformed)?;
    if let Some(named) = sec1_curve(inner.value())? {
        if named != curve {
            return Err(KeyError::Malformed(
                "ECPrivateKey parameters name another curve than the algorithm".into(),
            ));
        }
    }
    let (scalar, public) = sec1_parts(inner.value())?;
    Ok((curve, scalar, public))
}

/// The curve named by the `parameters` of a DER SEC1 `ECPrivateKey` (RFC 5915 §3), if any.
fn sec1_curve(der: &[u8]) -> Result<Option<Curve>, KeyError> {
    let outer = Tlv::parse_single(der).map_err(malformed)?;
    outer.expect_tag(Tag::SEQUENCE).map_err(malformed)?;
    let mut fields = outer.contents().map_err(malformed)?;
    fields.read().map_err(malformed)?; // version
    fields.read().map_err(malformed)?; // privateKey
    let Some(params) = fields
        .read_if(|t| t == Tag::context(0, true))
        .map_err(malformed)?
    else {
        return Ok(None);
    };
    let oid = params
        .contents()
        .and_then(|mut p| p.read())
        .map_err(malformed)?;
    if oid.tag != Tag::OBJECT_IDENTIFIER {
        return Err(KeyError::UnsupportedCurve(
            "explicit or implicit parameters".into(),
        ));
    }
    Curve::from_oid_contents(oid.value()).map(Some)
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

    #[test]
    fn rfc5958_pkcs8_encoding_is_the_reference_one() {
        use p256::pkcs8::EncodePrivateKey;
        let key = PrivateKey::generate().unwrap();
        let reference = p256::SecretKey::from_slice(&key.to_scalar()[..])
            .unwrap()
            .to_pkcs8_der()
            .unwrap();
        assert_eq!(&key.to_pkcs8_der().unwrap()[..], reference.as_bytes());
    }

    #[test]
    fn rfc5915_brainpool_keys_round_trip_and_keep_their_curve() {
        let key = PrivateKey::generate_on(Curve::BrainpoolP256r1).unwrap();
        assert_eq!(key.curve(), Curve::BrainpoolP256r1);
        for der in [key.to_sec1_der().unwrap(), key.to_pkcs8_der().unwrap()] {
            let back = PrivateKey::from_der(&der).unwrap();
            assert_eq!(back, key);
            assert_eq!(back.public_key(), key.public_key());
            assert_eq!(back.public_key().curve(), Curve::BrainpoolP256r1);
        }
        // The same scalar on the other curve is another key.
        let nist = PrivateKey::from_scalar(&key.to_scalar()[..]).unwrap();
        assert_ne!(nist, key);
        // A brainpool public key inside the file that is not the scalar's: refused.
        let other = PrivateKey::generate_on(Curve::BrainpoolP256r1).unwrap();
        let mut forged = key.to_sec1_der().unwrap().to_vec();
        let at = forged.len() - 65;
        forged[at..].copy_from_slice(other.public_key().as_uncompressed_point());
        assert!(PrivateKey::from_sec1_der(&forged).is_err());
    }
}
