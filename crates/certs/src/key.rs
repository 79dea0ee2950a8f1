//! Keys of the lab PKI: [`proto::crypto::PrivateKey`] (the one owner of private keys and PEM
//! in the workspace), and what the PKI adds around it: public key files, key identifiers,
//! the rustls form, and the signer rcgen issues certificates with.
//!
//! SGP.26 key files (`SK_*.pem`) are SEC1 `EC PRIVATE KEY` blocks (RFC 5915), preceded by an
//! `EC PARAMETERS` block naming the curve. The lab writes the same format (without the
//! redundant parameters block: the named curve is inside `ECPrivateKey`) and reads SEC1 or
//! PKCS#8 (`PRIVATE KEY`), on NIST P-256 or brainpoolP256r1.

use std::sync::Arc;

pub use proto::crypto::{Curve, KeyError, PrivateKey};
use proto::crypto::{PublicKey, SigningKey, pem};

/// The public key file text (`PK_*.pem`, a `PUBLIC KEY` block as in SGP.26).
pub fn public_key_pem(key: &PublicKey) -> String {
    pem::encode_block("PUBLIC KEY", &key.to_spki_der())
}

/// The key for rustls (PKCS#8). rustls' providers implement NIST P-256 only.
pub fn to_rustls(key: &PrivateKey) -> Result<rustls::pki_types::PrivateKeyDer<'static>, KeyError> {
    let der = key.to_pkcs8_der()?;
    Ok(rustls::pki_types::PrivateKeyDer::Pkcs8(der.to_vec().into()))
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

/// A CA key as rcgen's signer: ECDSA with SHA-256 on the key's curve, DER signatures. The
/// signature AlgorithmIdentifier is `ecdsa-with-SHA256` for both curves (RFC 5758 §3.2);
/// rcgen names it through its P-256 algorithm.
#[derive(Clone)]
pub(crate) struct CertSigner {
    key: Arc<SigningKey>,
}

impl CertSigner {
    pub(crate) fn new(key: &PrivateKey) -> Result<CertSigner, KeyError> {
        Ok(CertSigner {
            key: Arc::new(SigningKey::new(key.clone())?),
        })
    }

    /// DER `ECDSA-Sig-Value` over `message`.
    pub(crate) fn sign_der(&self, message: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        self.key
            .sign(message)
            .map(|s| s.to_der())
            .map_err(|_| rcgen::Error::RemoteKeyError)
    }
}

impl rcgen::PublicKeyData for CertSigner {
    fn der_bytes(&self) -> &[u8] {
        self.key.public_key().as_uncompressed_point()
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

impl rcgen::SigningKey for CertSigner {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        self.sign_der(msg)
    }
}

/// A subject key for rcgen to put in a certificate. rcgen writes every EC
/// SubjectPublicKeyInfo with the secp256r1 OID; a brainpool subject's certificate is
/// corrected afterwards ([`crate::generate`]'s re-signing).
pub(crate) struct SubjectKey(pub PublicKey);

impl rcgen::PublicKeyData for SubjectKey {
    fn der_bytes(&self) -> &[u8] {
        self.0.as_uncompressed_point()
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5915_sec1_pem_round_trip_keeps_the_key_on_both_curves() {
        for curve in Curve::ALL {
            let key = PrivateKey::generate_on(curve).unwrap();
            let pem_text = key.to_sec1_pem().unwrap();
            assert!(pem_text.starts_with("-----BEGIN EC PRIVATE KEY-----"));
            let back = PrivateKey::from_pem(&pem_text).unwrap();
            assert_eq!(back, key);
            assert_eq!(back.curve(), curve);
            assert!(!format!("{key:?}").contains(&hex::encode(&key.to_scalar()[..])));
            let public = PublicKey::from_spki_der(
                &pem::find_block(&public_key_pem(&key.public_key()), &["PUBLIC KEY"])
                    .unwrap()
                    .1,
            )
            .unwrap();
            assert_eq!(public, key.public_key());
        }
    }
}
