//! Errors of key handling and of signatures.
//!
//! The spec code a caller answers with depends on the function: a bad key or certificate is
//! `invalidCertificate(1)` in ES10b.AuthenticateServer/PrepareDownload, a key on a curve we do
//! not implement is `unsupportedCurve(3)` there, a failed signature is `invalidSignature(2)`
//! on the eUICC and `euiccSignatureInvalid` on the SM-DP+ (SGP.22 v2.5 §5.7.13, §5.7.5,
//! §5.6.3).

use thiserror::Error;

/// A key could not be loaded, generated or exported.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The key is on a curve other than NIST P-256 and brainpoolP256r1 (SGP.22
    /// `unsupportedCurve`), or two keys that must share a curve do not.
    #[error("unsupported curve {0} (NIST P-256 and brainpoolP256r1 are implemented)")]
    UnsupportedCurve(String),
    /// The key is not an elliptic-curve key at all.
    #[error("not an elliptic-curve key: algorithm {0}")]
    NotEcKey(String),
    /// A private scalar outside `1..n-1` or of the wrong size.
    #[error("invalid private scalar")]
    InvalidScalar,
    /// A public point of the wrong size or form, not on the curve, or the identity.
    #[error("invalid public point: {0}")]
    InvalidPoint(&'static str),
    /// The DER structure (SEC1, PKCS#8, SubjectPublicKeyInfo, certificate) is malformed.
    #[error("malformed key structure: {0}")]
    Malformed(String),
    /// No usable PEM block, or a PEM block that does not decode.
    #[error("PEM: {0}")]
    Pem(String),
    /// Encoding a key for export failed.
    #[error("key export failed")]
    Export,
    /// The system random generator failed.
    #[error("random generator failure")]
    Random,
}

/// A signature could not be produced, decoded or verified.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The signature does not verify under the given key and message.
    #[error("signature verification failed")]
    Invalid,
    /// The signature is not 64 octets `r ‖ s`, or not a DER `ECDSA-Sig-Value` with
    /// integers in range.
    #[error("malformed signature: {0}")]
    Malformed(&'static str),
    /// Signing failed (random generator failure).
    #[error("signing failed")]
    Signing,
}
