//! Chain verification failures, one variant per kind, and their SGP.22 result codes.
//!
//! | failure | ES9+.AuthenticateClient (SM-DP+ checks EUM + eUICC, SGP.22 §5.6.3) | ES10b.AuthenticateServer (eUICC checks DPauth, §5.7.13) | ES10b.PrepareDownload (eUICC checks DPpb, §5.7.5) |
//! |---|---|---|---|
//! | [`ChainError::UnknownCi`] | ciPKUnknown(9), `8.11.1`/`3.9` | ciPKUnknown(7) | invalidCertificate(1) |
//! | [`ChainError::Expired`] on the EUM | eumCertificateExpired(2), `8.1.2`/`6.3` | — | — |
//! | [`ChainError::Expired`] on the eUICC | euiccCertificateExpired(4), `8.1.3`/`6.3` | — | — |
//! | [`ChainError::UnsupportedCurve`] | certificate invalid | unsupportedCurve(3) | unsupportedCurve(3) |
//! | any other failure of the EUM | eumCertificateInvalid(1), `8.1.2`/`6.1` | | |
//! | any other failure of the eUICC (incl. EID outside the EUM's prefix) | euiccCertificateInvalid(3), `8.1.3`/`6.1` | | |
//! | any other failure of DPauth / DPpb | | invalidCertificate(1) | invalidCertificate(1) |
//!
//! The eUICC has no trusted clock and does not check validity periods; call the verifiers with
//! `now = None` on the eUICC side.

use time::OffsetDateTime;

use super::facts::CertParseError;
use crate::oid::CertRole;

/// Why a certificate chain was refused. `cert` names the certificate at fault by the role it
/// was expected to have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainError {
    #[error("{cert}: not a DER X.509 certificate: {detail}")]
    Malformed {
        cert: CertRole,
        #[source]
        detail: CertParseError,
    },
    #[error("{cert}: public key is on neither NIST P-256 nor brainpoolP256r1 ({found})")]
    UnsupportedCurve { cert: CertRole, found: String },
    #[error("{cert}: signature algorithm {found} is not ecdsa-with-SHA256")]
    UnsupportedSignatureAlgorithm { cert: CertRole, found: String },
    #[error("{cert}: signature does not verify with the issuer's public key")]
    BadSignature { cert: CertRole },
    #[error("{cert}: not valid before {not_before}")]
    NotYetValid {
        cert: CertRole,
        not_before: OffsetDateTime,
    },
    #[error("{cert}: expired {not_after}")]
    Expired {
        cert: CertRole,
        not_after: OffsetDateTime,
    },
    #[error("{cert}: certificate policies {found:?} do not name role {}", cert.policy_oid())]
    WrongRole { cert: CertRole, found: Vec<String> },
    #[error("{cert}: basicConstraints does not make it a CA")]
    NotCa { cert: CertRole },
    #[error("{cert}: keyUsage {detail}")]
    KeyUsage {
        cert: CertRole,
        detail: &'static str,
    },
    #[error("{cert}: no subjectKeyIdentifier")]
    MissingSki { cert: CertRole },
    #[error("{cert}: no authorityKeyIdentifier")]
    MissingAki { cert: CertRole },
    #[error(
        "{cert}: authorityKeyIdentifier {} is not the issuer's subjectKeyIdentifier {}",
        hex::encode(aki),
        hex::encode(issuer_ski)
    )]
    AkiMismatch {
        cert: CertRole,
        aki: Vec<u8>,
        issuer_ski: Vec<u8>,
    },
    #[error("{cert}: issued by CI {} which is not trusted", hex::encode(aki))]
    UnknownCi { cert: CertRole, aki: Vec<u8> },
    #[error("{cert}: issuer {} not found", hex::encode(aki))]
    IssuerNotFound { cert: CertRole, aki: Vec<u8> },
    #[error("CERT.EUICC.ECDSA: subject has no serialNumber (EID)")]
    MissingEid,
    #[error("CERT.EUICC.ECDSA: subject serialNumber {eid:?} is not a valid EID")]
    InvalidEid { eid: String },
    #[error("CERT.EUM.ECDSA: no nameConstraints permitted subtree with an EID prefix")]
    MissingNameConstraints,
    #[error("CERT.EUICC.ECDSA: EID {eid} is outside the EUM's permitted subtrees {permitted:?}")]
    EidOutsidePermitted {
        eid: String,
        permitted: Vec<Vec<(String, String)>>,
    },
    #[error("{cert}: no registeredID (SM-DP+ OID) in subjectAltName")]
    MissingSmdpOid { cert: CertRole },
}

impl ChainError {
    /// The certificate at fault, by the role it should have had.
    pub fn cert(&self) -> CertRole {
        match self {
            ChainError::Malformed { cert, .. }
            | ChainError::UnsupportedCurve { cert, .. }
            | ChainError::UnsupportedSignatureAlgorithm { cert, .. }
            | ChainError::BadSignature { cert }
            | ChainError::NotYetValid { cert, .. }
            | ChainError::Expired { cert, .. }
            | ChainError::WrongRole { cert, .. }
            | ChainError::NotCa { cert }
            | ChainError::KeyUsage { cert, .. }
            | ChainError::MissingSki { cert }
            | ChainError::MissingAki { cert }
            | ChainError::AkiMismatch { cert, .. }
            | ChainError::UnknownCi { cert, .. }
            | ChainError::IssuerNotFound { cert, .. }
            | ChainError::MissingSmdpOid { cert } => *cert,
            ChainError::MissingEid
            | ChainError::InvalidEid { .. }
            | ChainError::EidOutsidePermitted { .. } => CertRole::Euicc,
            ChainError::MissingNameConstraints => CertRole::Eum,
        }
    }

    /// The ES9+.AuthenticateClient error for a failed eUICC chain (SGP.22 §5.6.3).
    pub fn authenticate_client_error(&self) -> AuthenticateClientError {
        match (self, self.cert()) {
            (ChainError::UnknownCi { .. }, _) => AuthenticateClientError::CiPkUnknown,
            (ChainError::Expired { .. }, CertRole::Eum) => {
                AuthenticateClientError::EumCertificateExpired
            }
            (ChainError::Expired { .. }, CertRole::Euicc) => {
                AuthenticateClientError::EuiccCertificateExpired
            }
            (_, CertRole::Eum | CertRole::Ci) => AuthenticateClientError::EumCertificateInvalid,
            _ => AuthenticateClientError::EuiccCertificateInvalid,
        }
    }

    /// The ES10b.AuthenticateServer error for a failed CERT.DPauth.ECDSA (SGP.22 §5.7.13,
    /// `AuthenticateErrorCode`).
    pub fn authenticate_server_error(&self) -> EuiccCertCheckError {
        match self {
            ChainError::UnknownCi { .. } => EuiccCertCheckError::CiPkUnknown,
            ChainError::UnsupportedCurve { .. } => EuiccCertCheckError::UnsupportedCurve,
            _ => EuiccCertCheckError::InvalidCertificate,
        }
    }

    /// The ES10b.PrepareDownload error for a failed CERT.DPpb.ECDSA (SGP.22 §5.7.5,
    /// `DownloadErrorCode`, which has no ciPKUnknown).
    pub fn prepare_download_error(&self) -> EuiccCertCheckError {
        match self {
            ChainError::UnsupportedCurve { .. } => EuiccCertCheckError::UnsupportedCurve,
            _ => EuiccCertCheckError::InvalidCertificate,
        }
    }
}

/// `AuthenticateClientResponseEs9` errors about certificates (SGP.22 §5.6.3; ASN.1 values and
/// the JSON binding's subject/reason codes, §6.5.2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthenticateClientError {
    EumCertificateInvalid,
    EumCertificateExpired,
    EuiccCertificateInvalid,
    EuiccCertificateExpired,
    CiPkUnknown,
}

impl AuthenticateClientError {
    /// The INTEGER value in `AuthenticateClientResponseEs9.authenticateClientError`.
    pub fn value(self) -> i64 {
        match self {
            AuthenticateClientError::EumCertificateInvalid => 1,
            AuthenticateClientError::EumCertificateExpired => 2,
            AuthenticateClientError::EuiccCertificateInvalid => 3,
            AuthenticateClientError::EuiccCertificateExpired => 4,
            AuthenticateClientError::CiPkUnknown => 9,
        }
    }

    /// The ASN.1 name of the value.
    pub fn name(self) -> &'static str {
        match self {
            AuthenticateClientError::EumCertificateInvalid => "eumCertificateInvalid",
            AuthenticateClientError::EumCertificateExpired => "eumCertificateExpired",
            AuthenticateClientError::EuiccCertificateInvalid => "euiccCertificateInvalid",
            AuthenticateClientError::EuiccCertificateExpired => "euiccCertificateExpired",
            AuthenticateClientError::CiPkUnknown => "ciPKUnknown",
        }
    }

    /// JSON binding `statusCodeData` (subjectCode, reasonCode).
    pub fn status_code(self) -> (&'static str, &'static str) {
        match self {
            AuthenticateClientError::EumCertificateInvalid => ("8.1.2", "6.1"),
            AuthenticateClientError::EumCertificateExpired => ("8.1.2", "6.3"),
            AuthenticateClientError::EuiccCertificateInvalid => ("8.1.3", "6.1"),
            AuthenticateClientError::EuiccCertificateExpired => ("8.1.3", "6.3"),
            AuthenticateClientError::CiPkUnknown => ("8.11.1", "3.9"),
        }
    }
}

/// Certificate errors the eUICC returns in ES10b.AuthenticateServer (`AuthenticateErrorCode`)
/// and ES10b.PrepareDownload (`DownloadErrorCode`), SGP.22 §5.7.13 and §5.7.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EuiccCertCheckError {
    InvalidCertificate,
    UnsupportedCurve,
    CiPkUnknown,
}

impl EuiccCertCheckError {
    /// The INTEGER value (same numbers in both enumerations; ciPKUnknown only in
    /// AuthenticateErrorCode).
    pub fn value(self) -> i64 {
        match self {
            EuiccCertCheckError::InvalidCertificate => 1,
            EuiccCertCheckError::UnsupportedCurve => 3,
            EuiccCertCheckError::CiPkUnknown => 7,
        }
    }
}
