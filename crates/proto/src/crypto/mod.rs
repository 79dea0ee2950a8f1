//! The cryptography of a profile download (SGP.22 v2.5 §2.6 and Annex G).
//!
//! - [`PrivateKey`], [`PublicKey`]: NIST P-256 keys; loading from PEM/DER/raw scalar,
//!   SubjectPublicKeyInfo and X.509 certificates; export for key files.
//! - [`SigningKey`], [`Signature`]: ECDSA with SHA-256, signatures as raw `r ‖ s` (64 octets,
//!   BSI TR-03111) as carried in `5F37`; conversion to and from the DER `ECDSA-Sig-Value` of
//!   certificates.
//! - [`ecka`]: one-time key agreement (ECKA-DH), the shared secret being the x-coordinate.
//! - [`kdf`]: ANSI X9.63 KDF with SHA-256 and the SGP.22 session key derivation.
//! - [`bsp`]: the BSP (ex-SCP03t) segment protection of the Bound Profile Package.
//! - [`hash_cc`]: the hashed Confirmation Code.
//!
//! Only the NIST P-256 curve set is implemented; a key on another curve (brainpoolP256r1) is
//! refused with [`KeyError::UnsupportedCurve`] so that callers can answer `unsupportedCurve`.
//!
//! Speed: ECDSA signing and verification and the SM-DP+'s one-shot key agreement run on
//! `ring`; key parsing, export and agreement with a stored one-time key use `p256`.

pub mod bsp;
pub mod ecdsa;
pub mod ecka;
mod error;
pub mod hash_cc;
pub mod kdf;
mod pem;
mod private_key;
mod public_key;
pub mod signature;

pub use bsp::{BspDecryptor, BspEncryptor, BspError, BspKeys};
pub use ecdsa::SigningKey;
pub use ecka::{EckaKeyPair, SharedSecret};
pub use error::{KeyError, SignatureError};
pub use hash_cc::hash_cc;
pub use kdf::derive_session_keys;
pub use private_key::PrivateKey;
pub use public_key::PublicKey;
pub use signature::Signature;
pub use zeroize::Zeroizing;

/// The system random generator shared by key generation and signing.
pub(crate) fn rng() -> ring::rand::SystemRandom {
    ring::rand::SystemRandom::new()
}
