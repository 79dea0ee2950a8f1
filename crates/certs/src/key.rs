//! NIST P-256 private keys: generation, the SGP.26 key file format, and key identifiers.
//!
//! SGP.26 key files (`SK_*.pem`) are SEC1 `EC PRIVATE KEY` blocks (RFC 5915), preceded by an
//! `EC PARAMETERS` block naming the curve. The lab writes the same format (without the
//! redundant parameters block: the named curve is inside `ECPrivateKey`) and reads SEC1 or
//! PKCS#8 (`PRIVATE KEY`).

use std::fmt;

use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use ring::rand::SystemRandom;
use ring::signature::{
    ECDSA_P256_SHA256_ASN1_SIGNING, ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair,
};
use thiserror::Error;

use crate::pem;

/// Why a private key could not be made, read or used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    #[error("no EC PRIVATE KEY or PRIVATE KEY block in the PEM text")]
    NoPemBlock,
    #[error("not a NIST P-256 private key: {0}")]
    NotP256(String),
    #[error("key generation or signing failed in the crypto backend")]
    Crypto,
}

/// A NIST P-256 private key with its public point.
#[derive(Clone)]
pub struct PrivateKey {
    pkcs8: Vec<u8>,
    public: [u8; 65],
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the secret.
        write!(f, "PrivateKey(P-256, public {})", hex::encode(self.public))
    }
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        self.pkcs8 == other.pkcs8
    }
}

impl PrivateKey {
    /// A fresh random key.
    pub fn generate() -> Result<PrivateKey, KeyError> {
        let rng = SystemRandom::new();
        let doc = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng)
            .map_err(|_| KeyError::Crypto)?;
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, doc.as_ref(), &rng)
            .map_err(|_| KeyError::Crypto)?;
        let public = point65(pair.public_key().as_ref())?;
        Ok(PrivateKey {
            pkcs8: doc.as_ref().to_vec(),
            public,
        })
    }

    /// From a SEC1 `ECPrivateKey` or PKCS#8 `PrivateKeyInfo` in DER.
    pub fn from_der(der: &[u8]) -> Result<PrivateKey, KeyError> {
        let sk = p256::SecretKey::from_der(der).map_err(|e| KeyError::NotP256(e.to_string()))?;
        PrivateKey::from_p256(&sk)
    }

    /// From PEM text holding an `EC PRIVATE KEY` (SEC1, as in SGP.26) or `PRIVATE KEY` block.
    pub fn from_pem(text: &str) -> Result<PrivateKey, KeyError> {
        let der = pem::decode(text, "EC PRIVATE KEY")
            .or_else(|| pem::decode(text, "PRIVATE KEY"))
            .ok_or(KeyError::NoPemBlock)?;
        PrivateKey::from_der(&der)
    }

    /// From a p256 secret key.
    pub fn from_p256(sk: &p256::SecretKey) -> Result<PrivateKey, KeyError> {
        let pkcs8 = sk
            .to_pkcs8_der()
            .map_err(|e| KeyError::NotP256(e.to_string()))?;
        let public = point65(&sk.public_key().to_sec1_bytes())?;
        Ok(PrivateKey {
            pkcs8: pkcs8.as_bytes().to_vec(),
            public,
        })
    }

    /// The key as a p256 secret key (for ECDSA/ECKA in the protocol core).
    pub fn to_p256(&self) -> Result<p256::SecretKey, KeyError> {
        p256::SecretKey::from_pkcs8_der(&self.pkcs8).map_err(|e| KeyError::NotP256(e.to_string()))
    }

    /// The 32-byte private scalar, big-endian.
    pub fn secret_scalar(&self) -> Result<[u8; 32], KeyError> {
        let bytes = self.to_p256()?.to_bytes();
        let mut out = [0u8; 32];
        out.copy_from_slice(&bytes);
        Ok(out)
    }

    /// The uncompressed public point `04 ‖ X ‖ Y` (65 bytes).
    pub fn public_point(&self) -> &[u8; 65] {
        &self.public
    }

    /// PKCS#8 `PrivateKeyInfo` DER.
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8
    }

    /// SEC1 `ECPrivateKey` DER (RFC 5915), with the named curve and the public key.
    pub fn sec1_der(&self) -> Result<Vec<u8>, KeyError> {
        let der = self
            .to_p256()?
            .to_sec1_der()
            .map_err(|e| KeyError::NotP256(e.to_string()))?;
        Ok(der.to_vec())
    }

    /// The key file text the lab writes (`SK_*.pem`): one SEC1 `EC PRIVATE KEY` block.
    pub fn to_sec1_pem(&self) -> Result<String, KeyError> {
        Ok(pem::encode("EC PRIVATE KEY", &self.sec1_der()?))
    }

    /// `SubjectPublicKeyInfo` DER of the public key.
    pub fn public_key_spki_der(&self) -> Result<Vec<u8>, KeyError> {
        let pk = self.to_p256()?.public_key();
        let doc = pk
            .to_public_key_der()
            .map_err(|e| KeyError::NotP256(e.to_string()))?;
        Ok(doc.as_bytes().to_vec())
    }

    /// The public key file text (`PK_*.pem`, a `PUBLIC KEY` block as in SGP.26).
    pub fn public_key_pem(&self) -> Result<String, KeyError> {
        Ok(pem::encode("PUBLIC KEY", &self.public_key_spki_der()?))
    }

    /// Subject key identifier of this key (see [`key_identifier`]).
    pub fn key_identifier(&self) -> [u8; 20] {
        key_identifier(&self.public)
    }

    /// ECDSA-SHA256 over `msg`, as raw `r ‖ s` (BSI TR-03111; the SGP.22 `5F37` format).
    /// Builds a ring key each call; cache [`PrivateKey::pkcs8_der`] in a ring key to sign often.
    pub fn sign_raw(&self, msg: &[u8]) -> Result<[u8; 64], KeyError> {
        let rng = SystemRandom::new();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &self.pkcs8, &rng)
            .map_err(|_| KeyError::Crypto)?;
        let sig = pair.sign(&rng, msg).map_err(|_| KeyError::Crypto)?;
        let mut out = [0u8; 64];
        if sig.as_ref().len() != 64 {
            return Err(KeyError::Crypto);
        }
        out.copy_from_slice(sig.as_ref());
        Ok(out)
    }

    /// The key for rustls (PKCS#8).
    pub fn to_rustls(&self) -> rustls::pki_types::PrivateKeyDer<'static> {
        rustls::pki_types::PrivateKeyDer::Pkcs8(self.pkcs8.clone().into())
    }

    /// The key as an rcgen signer.
    pub(crate) fn rcgen_key_pair(&self) -> Result<rcgen::KeyPair, rcgen::Error> {
        let der = rustls::pki_types::PrivatePkcs8KeyDer::from(self.pkcs8.as_slice());
        rcgen::KeyPair::from_pkcs8_der_and_sign_algo(&der, &rcgen::PKCS_ECDSA_P256_SHA256)
    }
}

/// The public half, for rcgen to put in a certificate without building a signer.
impl rcgen::PublicKeyData for PrivateKey {
    fn der_bytes(&self) -> &[u8] {
        &self.public
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

fn point65(bytes: &[u8]) -> Result<[u8; 65], KeyError> {
    <[u8; 65]>::try_from(bytes)
        .map_err(|_| KeyError::NotP256(format!("public point of {} bytes", bytes.len())))
}

/// Key identifier of a public point: SHA-1 of the `subjectPublicKey` BIT STRING value
/// (RFC 5280 §4.2.1.2 method (1)). This is what SGP.26 uses: the test CI's SKI
/// `F54172BD…0A85C3` is the SHA-1 of its uncompressed point. SGP.22 identifies a CI by this
/// value (`euiccCiPKId`, `subjectKeyIdentifier`).
pub fn key_identifier(public_point: &[u8]) -> [u8; 20] {
    let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, public_point);
    let mut out = [0u8; 20];
    out.copy_from_slice(digest.as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5915_sec1_pem_round_trip_keeps_the_key() {
        let key = PrivateKey::generate().unwrap();
        let pem_text = key.to_sec1_pem().unwrap();
        assert!(pem_text.starts_with("-----BEGIN EC PRIVATE KEY-----"));
        let back = PrivateKey::from_pem(&pem_text).unwrap();
        assert_eq!(back.public_point(), key.public_point());
        assert_eq!(back.secret_scalar().unwrap(), key.secret_scalar().unwrap());
        assert_eq!(key.public_point()[0], 0x04);
        assert!(!format!("{key:?}").contains(&hex::encode(key.secret_scalar().unwrap())));
    }

    #[test]
    fn tr03111_raw_signature_verifies_with_the_public_point() {
        let key = PrivateKey::generate().unwrap();
        let sig = key.sign_raw(b"serverSigned1").unwrap();
        let pk = ring::signature::UnparsedPublicKey::new(
            &ring::signature::ECDSA_P256_SHA256_FIXED,
            key.public_point(),
        );
        assert!(pk.verify(b"serverSigned1", &sig).is_ok());
    }
}
