//! ECDSA signing with SHA-256 on either curve set (SGP.22 v2.5 §2.6.1, FIPS 186-4 §6.4,
//! BSI TR-03111 §4.2.1.1).
//!
//! Signatures come out in the raw `r ‖ s` form of `5F37` fields; verification is
//! [`PublicKey::verify`]. NIST P-256 signing runs on `ring`, several times faster than
//! `p256` (BENCHMARKING.md, the floor); brainpoolP256r1 signing on `bp256` with the
//! nonce of RFC 6979 §3.2 hedged with 32 random octets (RFC 6979 §3.6 additional data), so
//! that both curves give randomized signatures. The key is also kept as a [`PrivateKey`]
//! for export.

use ::ecdsa::hazmat::sign_prehashed_rfc6979;
use bp256::BrainpoolP256r1;
use ring::rand::SecureRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
use sha2::{Digest, Sha256};

use super::private_key::Secret;
use super::{KeyError, PrivateKey, PublicKey, Signature, SignatureError};

/// The signer, per curve; parsed once when the key is loaded.
enum Signer {
    Nist(EcdsaKeyPair),
    Brainpool(::ecdsa::SigningKey<BrainpoolP256r1>),
}

/// A key ready to sign: SK.DPauth, SK.DPpb, SK.EUICC, the eIM key, a CA key.
pub struct SigningKey {
    private: PrivateKey,
    public: PublicKey,
    signer: Signer,
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
        let signer = match private.secret() {
            Secret::Nist(_) => Signer::Nist(
                EcdsaKeyPair::from_private_key_and_public_key(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    &private.to_scalar()[..],
                    public.as_uncompressed_point(),
                    &super::rng(),
                )
                .map_err(|_| KeyError::InvalidScalar)?,
            ),
            Secret::Brainpool(k) => Signer::Brainpool(::ecdsa::SigningKey::from(k)),
        };
        Ok(SigningKey {
            private,
            public,
            signer,
        })
    }

    /// A fresh random NIST P-256 signing key.
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
        match &self.signer {
            Signer::Nist(pair) => {
                let sig = pair
                    .sign(&super::rng(), message)
                    .map_err(|_| SignatureError::Signing)?;
                Signature::from_raw(sig.as_ref())
            }
            Signer::Brainpool(key) => {
                let mut extra = [0u8; 32];
                super::rng()
                    .fill(&mut extra)
                    .map_err(|_| SignatureError::Signing)?;
                let digest = Sha256::digest(message);
                let (sig, _) = sign_prehashed_rfc6979::<BrainpoolP256r1, Sha256>(
                    key.as_nonzero_scalar(),
                    &digest,
                    &extra,
                );
                Signature::from_raw(&sig.to_bytes())
            }
        }
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
