//! Why an ES9+ function was refused, one variant per condition of SGP.22 5.6, each mapped to
//! its JSON status code (`header.functionExecutionStatus`, SGP.22 6.5) and to the error value
//! of the function's ASN.1 response (SGP.22 6.6).

use proto::json::StatusCode;
use proto::sgp22::{
    AuthenticateClientErrorEs9, CancelSessionErrorEs9, GetBoundProfilePackageError,
    InitiateAuthenticationError,
};

use crate::store::StoreError;

/// A refused ES9+ call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Es9Error {
    /// The body, a member, base64 or DER is malformed (1.3.1 / 2.1).
    #[error("malformed request: {0}")]
    Malformed(String),
    /// A mandatory member is missing (1.3.1 / 2.2).
    #[error("mandatory element missing: {0}")]
    MissingElement(String),
    /// X-Admin-Protocol absent or not `gsma/rsp/v2.x.y` (1.3.2 / 3.1).
    #[error("X-Admin-Protocol {0:?} is not supported")]
    ProtocolVersion(String),
    /// 5.6.1: smdpAddress is not this SM-DP+'s.
    #[error("SM-DP+ address {0:?} refused")]
    SmdpAddressRefused(String),
    /// 5.6.1: the eUICC's SVN is not a v2 one.
    #[error("eUICC SVN {0} not supported")]
    SvnUnsupported(String),
    /// 5.6.1: none of euiccCiPKIdListForSigning is a CI this SM-DP+ trusts.
    #[error("none of the eUICC's CI public key identifiers is supported")]
    CiPkNotSupported,
    /// 5.6.1: no CERT.DPauth.ECDSA chains to a CI the eUICC can verify.
    #[error("no SM-DP+ certificate chains to a CI the eUICC can verify")]
    SmdpCertificateUnavailable,
    /// No open session with this transaction ID, or a signed one differs from the outer.
    #[error("transaction ID unknown: {0}")]
    TransactionIdUnknown(String),
    /// 5.6.3: the EUM certificate is not from the CI chosen for the session.
    #[error("CI of the eUICC certificate chain unknown")]
    CiPkUnknown,
    /// 5.6.3: the eUICC chain failed (EUM or eUICC invalid or expired).
    #[error("eUICC certificate chain: {detail}")]
    Chain {
        kind: certs::verify::AuthenticateClientError,
        detail: String,
    },
    /// An eUICC signature or the echoed serverChallenge is wrong (8.1 / 6.1).
    #[error("eUICC verification failed: {0}")]
    EuiccVerification(String),
    /// 5.6.3: no order with this Matching ID.
    #[error("matching ID refused")]
    MatchingIdRefused,
    /// 5.6.3: the order is bound to another EID.
    #[error("EID does not match the order")]
    EidRefused,
    /// 5.6.3: the eligibility check refuses the profile for this eUICC/Device (`crate::ppr`).
    #[error("no eligible profile: {0}")]
    NoEligibleProfile(String),
    /// 5.6.3: the order exists but its profile is not released.
    #[error("profile not released for download")]
    ProfileNotReleased,
    /// 5.6.2 / 5.6.3: the order's time to live is over.
    #[error("download order expired")]
    OrderExpired,
    /// 5.6.3: too many download attempts for the order.
    #[error("maximum number of download attempts exceeded")]
    DownloadRetriesExceeded,
    /// 5.6.2: ccRequiredFlag was set and hashCc is missing.
    #[error("confirmation code missing")]
    ConfirmationCodeMissing,
    /// 5.6.2: hashCc does not match.
    #[error("confirmation code refused")]
    ConfirmationCodeRefused,
    /// 5.6.2: too many wrong confirmation codes; the order is unusable.
    #[error("confirmation code retries exceeded")]
    ConfirmationCodeRetriesExceeded,
    /// 5.6.2: a new otPK.EUICC.ECKA for an order whose profile is already bound, with
    /// rebinding off.
    #[error("BPP rebinding refused")]
    BppRebindingRefused,
    /// 5.6.5: the smdpOid signed by the eUICC is not this SM-DP+'s.
    #[error("SM-DP+ OID {0} is not this SM-DP+'s")]
    SmdpOidMismatch(String),
    /// The storage failed; the wire carries the same text as [`Es9Error::Internal`].
    #[error("internal error: {0}")]
    Store(#[from] StoreError),
    /// Anything else (crypto failure, a stored value that does not read).
    #[error("internal error: {0}")]
    Internal(String),
}

impl Es9Error {
    /// The JSON binding's subject and reason codes.
    pub fn status_code(&self) -> StatusCode {
        match self {
            Es9Error::Malformed(_) => StatusCode::PROTOCOL_FORMAT_INVALID,
            Es9Error::MissingElement(_) => StatusCode::PROTOCOL_FORMAT_MANDATORY_ELEMENT_MISSING,
            Es9Error::ProtocolVersion(_) => StatusCode::PROTOCOL_VERSION_UNSUPPORTED,
            Es9Error::SmdpAddressRefused(_) => StatusCode::SMDP_ADDRESS_REFUSED,
            Es9Error::SvnUnsupported(_) => StatusCode::SVN_UNSUPPORTED,
            Es9Error::CiPkNotSupported => StatusCode::SECURITY_CONFIGURATION_UNSUPPORTED,
            Es9Error::SmdpCertificateUnavailable => StatusCode::SMDP_CERTIFICATE_UNAVAILABLE,
            Es9Error::TransactionIdUnknown(_) => StatusCode::TRANSACTION_ID_UNKNOWN,
            Es9Error::CiPkUnknown => StatusCode::CI_PUBLIC_KEY_UNKNOWN,
            Es9Error::Chain { kind, .. } => {
                let (s, r) = kind.status_code();
                StatusCode::new(s, r)
            }
            Es9Error::EuiccVerification(_) => StatusCode::EUICC_VERIFICATION_FAILED,
            Es9Error::MatchingIdRefused => StatusCode::MATCHING_ID_REFUSED,
            Es9Error::EidRefused => StatusCode::EID_REFUSED,
            Es9Error::NoEligibleProfile(_) => StatusCode::PROFILE_TYPE_STOPPED_ON_WARNING,
            Es9Error::ProfileNotReleased => StatusCode::PROFILE_NOT_ALLOWED,
            Es9Error::OrderExpired => StatusCode::DOWNLOAD_ORDER_EXPIRED,
            Es9Error::DownloadRetriesExceeded => StatusCode::DOWNLOAD_ORDER_RETRIES_EXCEEDED,
            Es9Error::ConfirmationCodeMissing => StatusCode::CONFIRMATION_CODE_MISSING,
            Es9Error::ConfirmationCodeRefused => StatusCode::CONFIRMATION_CODE_REFUSED,
            Es9Error::ConfirmationCodeRetriesExceeded => {
                StatusCode::CONFIRMATION_CODE_RETRIES_EXCEEDED
            }
            Es9Error::BppRebindingRefused => StatusCode::BPP_REBINDING_REFUSED,
            Es9Error::SmdpOidMismatch(_) => StatusCode::SMDP_INVALID_ASSOCIATION,
            Es9Error::Store(_) | Es9Error::Internal(_) => StatusCode::FUNCTION_EXECUTION_ERROR,
        }
    }

    /// `InitiateAuthenticationResponse.initiateAuthenticationError`; `None` where the v2.5
    /// enumeration has no value (the ASN.1 binding then answers HTTP 400).
    pub fn initiate_authentication(&self) -> Option<InitiateAuthenticationError> {
        match self {
            Es9Error::SmdpAddressRefused(_) => Some(InitiateAuthenticationError::InvalidDpAddress),
            Es9Error::SvnUnsupported(_) => {
                Some(InitiateAuthenticationError::EuiccVersionNotSupportedByDp)
            }
            Es9Error::CiPkNotSupported | Es9Error::SmdpCertificateUnavailable => {
                Some(InitiateAuthenticationError::CiPkNotSupported)
            }
            Es9Error::Malformed(_)
            | Es9Error::MissingElement(_)
            | Es9Error::ProtocolVersion(_)
            | Es9Error::TransactionIdUnknown(_)
            | Es9Error::CiPkUnknown
            | Es9Error::Chain { .. }
            | Es9Error::EuiccVerification(_)
            | Es9Error::MatchingIdRefused
            | Es9Error::EidRefused
            | Es9Error::NoEligibleProfile(_)
            | Es9Error::ProfileNotReleased
            | Es9Error::OrderExpired
            | Es9Error::DownloadRetriesExceeded
            | Es9Error::ConfirmationCodeMissing
            | Es9Error::ConfirmationCodeRefused
            | Es9Error::ConfirmationCodeRetriesExceeded
            | Es9Error::BppRebindingRefused
            | Es9Error::SmdpOidMismatch(_)
            | Es9Error::Store(_)
            | Es9Error::Internal(_) => None,
        }
    }

    /// `AuthenticateClientResponseEs9.authenticateClientError`.
    pub fn authenticate_client(&self) -> AuthenticateClientErrorEs9 {
        use AuthenticateClientErrorEs9 as E;
        match self {
            Es9Error::Chain { kind, .. } => E::Other(kind.value()),
            Es9Error::CiPkUnknown => E::CiPkUnknown,
            Es9Error::EuiccVerification(_) => E::EuiccSignatureInvalid,
            Es9Error::MatchingIdRefused => E::MatchingIdRefused,
            Es9Error::EidRefused => E::EidMismatch,
            Es9Error::ProfileNotReleased | Es9Error::NoEligibleProfile(_) => E::NoEligibleProfile,
            Es9Error::TransactionIdUnknown(_) => E::InvalidTransactionId,
            Es9Error::Malformed(_)
            | Es9Error::MissingElement(_)
            | Es9Error::ProtocolVersion(_)
            | Es9Error::SmdpAddressRefused(_)
            | Es9Error::SvnUnsupported(_)
            | Es9Error::CiPkNotSupported
            | Es9Error::SmdpCertificateUnavailable
            | Es9Error::OrderExpired
            | Es9Error::DownloadRetriesExceeded
            | Es9Error::ConfirmationCodeMissing
            | Es9Error::ConfirmationCodeRefused
            | Es9Error::ConfirmationCodeRetriesExceeded
            | Es9Error::BppRebindingRefused
            | Es9Error::SmdpOidMismatch(_)
            | Es9Error::Store(_)
            | Es9Error::Internal(_) => E::UndefinedError,
        }
        .normalized()
    }

    /// `GetBoundProfilePackageResponse.getBoundProfilePackageError`.
    pub fn get_bound_profile_package(&self) -> GetBoundProfilePackageError {
        use GetBoundProfilePackageError as E;
        match self {
            Es9Error::EuiccVerification(_) => E::EuiccSignatureInvalid,
            Es9Error::ConfirmationCodeMissing => E::ConfirmationCodeMissing,
            Es9Error::ConfirmationCodeRefused => E::ConfirmationCodeRefused,
            Es9Error::ConfirmationCodeRetriesExceeded => E::ConfirmationCodeRetriesExceeded,
            Es9Error::BppRebindingRefused => E::BppRebindingRefused,
            Es9Error::OrderExpired => E::DownloadOrderExpired,
            Es9Error::TransactionIdUnknown(_) => E::InvalidTransactionId,
            Es9Error::Malformed(_)
            | Es9Error::MissingElement(_)
            | Es9Error::ProtocolVersion(_)
            | Es9Error::SmdpAddressRefused(_)
            | Es9Error::SvnUnsupported(_)
            | Es9Error::CiPkNotSupported
            | Es9Error::SmdpCertificateUnavailable
            | Es9Error::CiPkUnknown
            | Es9Error::Chain { .. }
            | Es9Error::MatchingIdRefused
            | Es9Error::EidRefused
            | Es9Error::NoEligibleProfile(_)
            | Es9Error::ProfileNotReleased
            | Es9Error::DownloadRetriesExceeded
            | Es9Error::SmdpOidMismatch(_)
            | Es9Error::Store(_)
            | Es9Error::Internal(_) => E::UndefinedError,
        }
    }

    /// `CancelSessionResponseEs9.cancelSessionError`.
    pub fn cancel_session(&self) -> CancelSessionErrorEs9 {
        match self {
            Es9Error::TransactionIdUnknown(_) => CancelSessionErrorEs9::InvalidTransactionId,
            Es9Error::EuiccVerification(_) => CancelSessionErrorEs9::EuiccSignatureInvalid,
            Es9Error::Malformed(_)
            | Es9Error::MissingElement(_)
            | Es9Error::ProtocolVersion(_)
            | Es9Error::SmdpAddressRefused(_)
            | Es9Error::SvnUnsupported(_)
            | Es9Error::CiPkNotSupported
            | Es9Error::SmdpCertificateUnavailable
            | Es9Error::CiPkUnknown
            | Es9Error::Chain { .. }
            | Es9Error::MatchingIdRefused
            | Es9Error::EidRefused
            | Es9Error::NoEligibleProfile(_)
            | Es9Error::ProfileNotReleased
            | Es9Error::OrderExpired
            | Es9Error::DownloadRetriesExceeded
            | Es9Error::ConfirmationCodeMissing
            | Es9Error::ConfirmationCodeRefused
            | Es9Error::ConfirmationCodeRetriesExceeded
            | Es9Error::BppRebindingRefused
            | Es9Error::SmdpOidMismatch(_)
            | Es9Error::Store(_)
            | Es9Error::Internal(_) => CancelSessionErrorEs9::UndefinedError,
        }
    }
}

/// Maps a certificate-error value onto the named variants of the enumeration.
trait Normalize {
    fn normalized(self) -> Self;
}

impl Normalize for AuthenticateClientErrorEs9 {
    fn normalized(self) -> Self {
        use AuthenticateClientErrorEs9 as E;
        match self {
            E::Other(1) => E::EumCertificateInvalid,
            E::Other(2) => E::EumCertificateExpired,
            E::Other(3) => E::EuiccCertificateInvalid,
            E::Other(4) => E::EuiccCertificateExpired,
            E::Other(9) => E::CiPkUnknown,
            other => other,
        }
    }
}
