//! GSMA certificate chain checks in our own code (SGP.22 §4.5.2, §5.6.3, §5.7.13).
//!
//! webpki cannot verify the application certificates (CI → EUM → eUICC, DPauth, DPpb, eIM):
//! they carry a critical certificatePolicies extension it does not process. These checks
//! cover signature (ECDSA P-256 with SHA-256 over the received tbsCertificate), validity
//! at a given time, the role from the policy OID, SKI/AKI linkage, the EID within the EUM's
//! permitted prefix, and the curve. Each failure kind is its own [`ChainError`] variant.

mod anchor;
mod chain;
mod checks;
mod error;
pub mod facts;
mod memo;

pub use anchor::CiAnchor;
pub use chain::{
    VerifiedEuicc, VerifiedEum, VerifiedServer, verify_cert, verify_dp_cert, verify_eim_cert,
    verify_euicc_chain, verify_eum_cert,
};
pub use error::{AuthenticateClientError, ChainError, EuiccCertCheckError};

#[cfg(test)]
mod tests;
