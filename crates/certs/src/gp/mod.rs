//! GlobalPlatform formats SGP.02 (M2M) uses beside X.509: the BER-TLV subset of GP data
//! objects ([`tlv`]) and the certificates of GP Card Specification v2.2 Amendment E §6
//! ([`GpCertificate`]): CERT.ECASD.ECKA (signed by the EUM), CERT.SR.ECDSA and
//! CERT.DP.ECDSA (signed by the CI).
//!
//! ```
//! use certs::gp::{GpCertificateBody, GpCertificate, KEY_USAGE_KEY_AGREEMENT};
//! use proto::crypto::{EckaKeyPair, SigningKey};
//!
//! let eum = SigningKey::generate()?;
//! let ecasd = EckaKeyPair::generate()?;
//! let cert = GpCertificateBody {
//!     serial_number: vec![0x01],
//!     ca_identifier: vec![0xAA; 20],
//!     subject_identifier: vec![0x89; 16],
//!     key_usage: KEY_USAGE_KEY_AGREEMENT.to_vec(),
//!     effective_date: None,
//!     expiration_date: vec![0x20, 0x45, 0x12, 0x31],
//!     discretionary_data: None,
//!     certificate_type: None,
//!     authority_key_identifier: None,
//!     public_key: *ecasd.public_key(),
//! }
//! .sign(&eum)?;
//! let read = GpCertificate::decode(&cert.to_bytes())?;
//! read.verify(eum.public_key())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod certificate;
mod credential;
mod error;
pub mod tlv;

pub use certificate::{
    GpCertificate, GpCertificateBody, GpCertificateType, KEY_USAGE_KEY_AGREEMENT,
    KEY_USAGE_SIGNATURE, MAX_CERTIFICATE_LEN, TAG_CERTIFICATE, TAG_PUBLIC_KEY, TAG_SIGNATURE,
    key_parameter_reference, parse_public_key_template, public_key_template,
};
pub use credential::{GpCertificateFields, GpCredential, bcd_date};
pub use error::GpCertError;

#[cfg(test)]
mod tests;
