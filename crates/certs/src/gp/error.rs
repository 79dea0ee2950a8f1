//! Why a GP Amendment E certificate does not decode or verify.

use proto::crypto::{KeyError, SignatureError};
use thiserror::Error;

use super::tlv::TlvError;

/// A refused GP Amendment E certificate.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum GpCertError {
    /// The TLVs do not parse.
    #[error("certificate TLVs: {0}")]
    Tlv(#[from] TlvError),
    /// Not one `7F21` data object (another tag, trailing octets, or over the size bound).
    #[error("not a GP certificate: one 7F21 data object of at most 1024 octets expected")]
    NotACertificate,
    /// A mandatory field is absent.
    #[error("certificate field {0:04X} missing")]
    Missing(u16),
    /// A tag GP Amendment E does not define for this certificate, or one given twice.
    #[error("certificate field {0:04X} unexpected or repeated")]
    Unexpected(u16),
    /// A field longer than its bound, or of a length the format does not allow.
    #[error("certificate field {0:04X} has a length outside its bounds")]
    FieldLength(u16),
    /// The key parameter reference (`F0`) names a curve this lab does not support.
    #[error("key parameter reference {0:02X} not supported (00 NIST P-256, 03 brainpoolP256r1)")]
    UnsupportedCurve(u8),
    /// The public key is not a point of its curve.
    #[error("public key: {0}")]
    Key(#[from] KeyError),
    /// Signing failed, or the signature does not verify with the issuer's key.
    #[error("signature: {0}")]
    Signature(#[from] SignatureError),
}
