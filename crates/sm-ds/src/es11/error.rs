//! Why an ES11 function was refused (SGP.22 5.8), mapped to its JSON status code (6.5) and to
//! the error value of its ASN.1 response (6.6).

use certs::auth::ClientRefusal;
use proto::json::{RequestError, StatusCode};
use proto::sgp22::{AuthenticateClientErrorEs11, InitiateAuthenticationError};

use crate::store::StoreError;

/// A refused ES11 call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Es11Error {
    /// The request's form: body, member, base64, DER, headers (1.3.1, 1.3.2).
    #[error(transparent)]
    Request(#[from] RequestError),
    /// 5.8.1: the address sent is not this SM-DS's (8.9.1 / 3.8).
    #[error("SM-DS address {0:?} refused")]
    AddressRefused(String),
    /// 5.8.1: the eUICC's SVN is not a v2 one (8.9.3 / 3.1).
    #[error("eUICC SVN {0} not supported")]
    SvnUnsupported(String),
    /// 5.8.1: none of euiccCiPKIdListForSigning is a trusted CI (8.9.2 / 3.1).
    #[error("none of the eUICC's CI public key identifiers is supported")]
    CiPkNotSupported,
    /// 5.8.1: no CERT.DSauth.ECDSA under a CI the eUICC can verify (8.9.4 / 3.7).
    #[error("no SM-DS certificate chains to a CI the eUICC can verify")]
    CertificateUnavailable,
    /// No session with this transaction ID: never opened, expired, or already answered
    /// (a replay), or a signed transactionId differs (8.10.1 / 3.9).
    #[error("transaction ID unknown: {0}")]
    TransactionIdUnknown(String),
    /// 5.8.2: the eUICC did not authenticate (its chain, euiccSignature1, the echo of the
    /// session), as in ES9+ ([`ClientRefusal`]).
    #[error(transparent)]
    Client(#[from] ClientRefusal),
    /// 5.8.2: the eUICC refused the SM-DS in AuthenticateServer (8.1 / 6.1).
    #[error("the eUICC refused the SM-DS: {0}")]
    RefusedByEuicc(String),
    /// The storage failed; the wire carries the same text as [`Es11Error::Internal`].
    #[error("internal error: {0}")]
    Store(#[from] StoreError),
    /// Anything else (signing, encoding).
    #[error("internal error: {0}")]
    Internal(String),
}

impl Es11Error {
    /// A malformed request (1.3.1 / 2.1).
    pub fn malformed(why: impl Into<String>) -> Es11Error {
        Es11Error::Request(RequestError::Malformed(why.into()))
    }

    /// The JSON binding's subject and reason codes.
    pub fn status_code(&self) -> StatusCode {
        match self {
            Es11Error::Request(r) => r.status_code(),
            Es11Error::AddressRefused(_) => StatusCode::SMDS_ADDRESS_REFUSED,
            Es11Error::SvnUnsupported(_) => StatusCode::SMDS_SVN_UNSUPPORTED,
            Es11Error::CiPkNotSupported => StatusCode::SMDS_SECURITY_CONFIGURATION_UNSUPPORTED,
            Es11Error::CertificateUnavailable => StatusCode::SMDS_CERTIFICATE_UNAVAILABLE,
            Es11Error::TransactionIdUnknown(_) => StatusCode::TRANSACTION_ID_UNKNOWN,
            Es11Error::Client(r) => r.status_code(),
            Es11Error::RefusedByEuicc(_) => StatusCode::EUICC_VERIFICATION_FAILED,
            Es11Error::Store(_) | Es11Error::Internal(_) => StatusCode::FUNCTION_EXECUTION_ERROR,
        }
    }

    /// `InitiateAuthenticationResponse.initiateAuthenticationError`; `None` where the v2.5
    /// enumeration has no value (the ASN.1 binding then answers HTTP 400).
    pub fn initiate_authentication(&self) -> Option<InitiateAuthenticationError> {
        match self {
            Es11Error::AddressRefused(_) => Some(InitiateAuthenticationError::InvalidDpAddress),
            Es11Error::SvnUnsupported(_) => {
                Some(InitiateAuthenticationError::EuiccVersionNotSupportedByDp)
            }
            Es11Error::CiPkNotSupported | Es11Error::CertificateUnavailable => {
                Some(InitiateAuthenticationError::CiPkNotSupported)
            }
            Es11Error::Request(_)
            | Es11Error::TransactionIdUnknown(_)
            | Es11Error::Client(_)
            | Es11Error::RefusedByEuicc(_)
            | Es11Error::Store(_)
            | Es11Error::Internal(_) => None,
        }
    }

    /// `AuthenticateClientResponseEs11.authenticateClientError` (SGP.22 5.8.2).
    pub fn authenticate_client(&self) -> AuthenticateClientErrorEs11 {
        use AuthenticateClientErrorEs11 as E;
        use certs::verify::AuthenticateClientError as K;
        match self {
            Es11Error::Client(ClientRefusal::Chain { kind, .. }) => match kind {
                K::EumCertificateInvalid => E::EumCertificateInvalid,
                K::EumCertificateExpired => E::EumCertificateExpired,
                K::EuiccCertificateInvalid => E::EuiccCertificateInvalid,
                K::EuiccCertificateExpired => E::EuiccCertificateExpired,
                K::CiPkUnknown => E::UndefinedError,
            },
            // ES11 has no value for an EID: the eUICC certificate carries it.
            Es11Error::Client(ClientRefusal::InvalidEid(_)) => E::EuiccCertificateInvalid,
            Es11Error::Client(ClientRefusal::EuiccVerification(_))
            | Es11Error::RefusedByEuicc(_) => E::EuiccSignatureInvalid,
            Es11Error::Client(ClientRefusal::TransactionIdUnknown(_))
            | Es11Error::TransactionIdUnknown(_) => E::InvalidTransactionId,
            Es11Error::Client(ClientRefusal::CiPkUnknown)
            | Es11Error::Request(_)
            | Es11Error::AddressRefused(_)
            | Es11Error::SvnUnsupported(_)
            | Es11Error::CiPkNotSupported
            | Es11Error::CertificateUnavailable
            | Es11Error::Store(_)
            | Es11Error::Internal(_) => E::UndefinedError,
        }
    }
}
