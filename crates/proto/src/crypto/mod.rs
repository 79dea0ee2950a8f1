//! The cryptography of a profile download (SGP.22 v2.5 §2.6 and Annex G).
//!
//! - [`Curve`]: the two curve sets of SGP.22 §2.6.1, NIST P-256 and brainpoolP256r1.
//! - [`PrivateKey`], [`PublicKey`]: keys on either curve; loading from PEM/DER/raw scalar,
//!   SubjectPublicKeyInfo and X.509 certificates; export for key files. The one owner of
//!   private keys and PEM in the workspace (`certs` keeps its keys as [`PrivateKey`]).
//! - [`SigningKey`], [`Signature`]: ECDSA with SHA-256, signatures as raw `r ‖ s` (64 octets,
//!   BSI TR-03111) as carried in `5F37`; conversion to and from the DER `ECDSA-Sig-Value` of
//!   certificates.
//! - [`ecka`]: one-time key agreement (ECKA-DH), the shared secret being the x-coordinate.
//! - [`kdf`]: ANSI X9.63 KDF with SHA-256 and the SGP.22 session key derivation.
//! - [`bsp`]: the BSP (ex-SCP03t) segment protection of the Bound Profile Package.
//! - [`hash_cc`](mod@hash_cc): the hashed Confirmation Code.
//!
//! A key on a curve outside both sets is refused with [`KeyError::UnsupportedCurve`] so that
//! callers can answer `unsupportedCurve`. BSP (session keys, KDF, segment protection) does
//! not depend on the curve.
//!
//! Speed: on NIST P-256, ECDSA signing and verification and the SM-DP+'s one-shot key
//! agreement run on `ring`; key parsing, export and agreement with a stored one-time key use
//! `p256`. brainpoolP256r1 (which `ring` lacks) runs on `bp256` throughout.

pub mod bsp;
mod curve;
pub mod ecdsa;
pub mod ecka;
mod error;
pub mod hash_cc;
pub mod kdf;
pub mod pem;
mod private_key;
mod public_key;
pub mod signature;

pub use bsp::{BspDecryptor, BspEncryptor, BspError, BspKeys};
pub use curve::Curve;
pub use ecdsa::SigningKey;
pub use ecka::{EckaKeyPair, SharedSecret};
pub use error::{KeyError, SignatureError};
pub use hash_cc::hash_cc;
pub use kdf::derive_session_keys;
pub use private_key::PrivateKey;
pub use public_key::PublicKey;
pub use signature::{Signature, signature_tlv};
pub use zeroize::Zeroizing;

/// The system random generator shared by key generation and signing.
pub(crate) fn rng() -> ring::rand::SystemRandom {
    ring::rand::SystemRandom::new()
}
