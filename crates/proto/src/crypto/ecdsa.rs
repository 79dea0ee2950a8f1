//! ECDSA signing with NIST P-256 and SHA-256 (SGP.22 v2.5 §2.6.1, FIPS 186-4 §6.4).
//!
//! Signatures come out in the raw `r ‖ s` form of `5F37` fields; verification is
//! [`PublicKey::verify`]. Signing runs on `ring` (about three times faster than `p256` on this
//! machine class, DESIGN.md); the scalar is also kept as a [`PrivateKey`] for export.

use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};

use super::{KeyError, PrivateKey, PublicKey, Signature, SignatureError};

/// A P-256 key ready to sign: SK.DPauth, SK.DPpb, SK.EUICC, the eIM key.
pub struct SigningKey {
    private: PrivateKey,
    public: PublicKey,
    ring: EcdsaKeyPair,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Prepares `private` for signing.
    pub fn new(private: PrivateKey) -> Result<Self, KeyError> {
        let public = private.public_key();
        let ring = EcdsaKeyPair::from_private_key_and_public_key(
            &ECDSA_P256_SHA256_FIXED_SIGNING,
            &private.to_scalar()[..],
            public.as_uncompressed_point(),
            &super::rng(),
        )
        .map_err(|_| KeyError::InvalidScalar)?;
        Ok(SigningKey {
            private,
            public,
            ring,
        })
    }

    /// A fresh random signing key.
    pub fn generate() -> Result<Self, KeyError> {
        Self::new(PrivateKey::generate()?)
    }

    /// From a PEM key file (`EC PRIVATE KEY` or `PRIVATE KEY`), see [`PrivateKey::from_pem`].
    pub fn from_pem(text: &str) -> Result<Self, KeyError> {
        Self::new(PrivateKey::from_pem(text)?)
    }

    /// Signs `message` (hashed with SHA-256 here): the raw `r ‖ s` for a `5F37` field.
    /// Signatures are randomized; only a random generator failure makes this fail.
    pub fn sign(&self, message: &[u8]) -> Result<Signature, SignatureError> {
        let sig = self
            .ring
            .sign(&super::rng(), message)
            .map_err(|_| SignatureError::Signing)?;
        Signature::from_raw(sig.as_ref())
    }

    /// The public key, to put in a certificate or compare with one.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The private key, for export.
    pub fn private_key(&self) -> &PrivateKey {
        &self.private
    }
}
