//! The lab PKI (SGP.22 §4.5, SGP.26 layout): generation, loading and chain verification.
//!
//! - [`generate()`] makes a complete PKI from [`LabPkiOptions`] on NIST P-256, brainpoolP256r1
//!   or both (the guide's "Curve sets"): per curve a CI, EUM (name
//!   constraints on its EID prefix), eUICC (EID as subject serialNumber), DPauth, DPpb, DP TLS,
//!   DSauth and DS TLS of a root and an alternative SM-DS, eIM signing and TLS, operator CA
//!   and operator client certificates.
//! - [`Pki`] holds one optional [`Credential`] per role; [`Pki::write_dir`] and
//!   [`Pki::load_dir`] use the SGP.26 file names ([`layout`]); SGP.26's public test set loads.
//! - [`CertIssuer`] issues more certificates from a CA credential, e.g. a fleet of eUICCs.
//! - [`verify`] checks GSMA chains (signature, validity, role OID, SKI/AKI, EID prefix, curve)
//!   with one error per failure kind and the SGP.22 codes they map to; [`verify_dir`] checks
//!   a whole directory.
//! - [`auth`]: the server's half of the mutual authentication of ES9+ and ES11 (CI choice,
//!   the eUICC's chain and signature, what it must echo).

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod auth;
pub mod eid;
pub mod ext;
pub mod generate;
#[warn(missing_docs)]
pub mod gp;
pub mod key;
pub mod layout;
pub mod oid;
pub mod pki;
pub mod report;
mod store;
pub mod verify;

pub use generate::{CertIssuer, GenerateError, IssuedEuicc, LabPkiOptions, generate};
pub use key::{Curve, PrivateKey, key_identifier};
pub use layout::SmdsSite;
pub use oid::CertRole;
pub use pki::{Credential, Pki, PkiError};
pub use report::{DirReport, FileReport, verify_dir};
pub use verify::{
    ChainError, CiAnchor, VerifiedEuicc, VerifiedEum, VerifiedServer, verify_cert, verify_dp_cert,
    verify_eim_cert, verify_euicc_chain, verify_eum_cert,
};
