//! The server's half of the common mutual authentication (SGP.22 3.1.2, 3.1.3) that ES9+
//! (the SM-DP+, 5.6.1 and 5.6.3) and ES11 (the SM-DS, 5.8.1 and 5.8.2) share: which CI a
//! session uses, and the checks of the eUICC's AuthenticateServer response (its chain CI →
//! EUM → eUICC, euiccSignature1 over the received euiccSigned1, what euiccSigned1 must echo
//! of the session), and the refusals they share ([`ClientRefusal`]) with their codes.

use proto::crypto::{PublicKey, Signature, SignatureError};
use proto::json::StatusCode;
use proto::sgp22::{AuthenticateResponseOk, EUICCInfo1};
use time::OffsetDateTime;

use crate::verify::{AuthenticateClientError, ChainError, CiAnchor, verify_euicc_chain};

/// Why no CI could be chosen for a session (SGP.22 5.6.1, 5.8.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
// Exhaustive on purpose: the roles map every variant to its spec code, and a new one
// must not compile without a code.
pub enum CiChoiceError {
    /// None of euiccCiPKIdListForSigning is a CI the server trusts (ciPKNotSupported,
    /// 8.8.2/3.1).
    #[error("none of the eUICC's CI public key identifiers is supported")]
    NotSupported,
    /// Trusted CIs, but the server holds no signing credential under one the eUICC can also
    /// verify with (answered as ciPKNotSupported as well).
    #[error("no server certificate chains to a CI the eUICC can verify")]
    NoCredential,
}

/// Chooses the credential set of a session: the first of `held` (the server's order of
/// preference) whose CI (`ci_of`) the eUICC lists both in euiccCiPKIdListForVerification (it
/// verifies the server's certificate with it) and in euiccCiPKIdListForSigning (its own chain
/// ends there).
pub fn choose_ci<'a, T>(
    info1: &EUICCInfo1,
    trusted: &[CiAnchor],
    held: &'a [T],
    ci_of: impl Fn(&T) -> &[u8],
) -> Result<&'a T, CiChoiceError> {
    let signing = &info1.euicc_ci_pkid_list_for_signing;
    if !signing.iter().any(|p| trusted.iter().any(|c| c.ski() == p)) {
        return Err(CiChoiceError::NotSupported);
    }
    held.iter()
        .find(|set| {
            let ci = ci_of(set);
            signing.iter().any(|p| p == ci)
                && info1
                    .euicc_ci_pkid_list_for_verification
                    .iter()
                    .any(|p| p == ci)
        })
        .ok_or(CiChoiceError::NoCredential)
}

/// The eUICC as its verified certificates describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatedEuicc {
    /// The EID of CERT.EUICC.ECDSA.
    pub eid: String,
    /// SKI of the CI its chain ends at.
    pub ci_ski: Vec<u8>,
}

/// Why the eUICC's AuthenticateServer response does not authenticate it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EuiccAuthError {
    /// The chain CI → EUM → eUICC failed (SGP.22 4.5.2.2); [`ChainError`] maps to the codes.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// euiccSignature1 is malformed or does not verify over the received euiccSigned1.
    #[error("euiccSignature1: {0}")]
    Signature(#[source] RawSignatureError),
}

/// Verifies the eUICC's chain to one of `cis` (validity at `now`) and euiccSignature1 over
/// euiccSigned1 exactly as received.
pub fn authenticate_euicc(
    cis: &[CiAnchor],
    ok: &AuthenticateResponseOk,
    now: OffsetDateTime,
) -> Result<AuthenticatedEuicc, EuiccAuthError> {
    let chain = verify_euicc_chain(
        cis,
        ok.eum_certificate.as_bytes(),
        ok.euicc_certificate.as_bytes(),
        Some(now),
    )?;
    verify_raw(
        &chain.public_key,
        ok.euicc_signed1.raw(),
        &ok.euicc_signature1,
    )
    .map_err(EuiccAuthError::Signature)?;
    Ok(AuthenticatedEuicc {
        eid: chain.eid,
        ci_ski: chain.ci_ski,
    })
}

/// Why a raw r‖s signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RawSignatureError {
    /// Not 64 octets `r ‖ s` with integers in range.
    #[error("{0}")]
    Malformed(#[source] SignatureError),
    /// Well formed, but it does not verify under the key over the message.
    #[error("the signature does not verify")]
    DoesNotVerify(#[source] SignatureError),
}

/// Verifies a raw r‖s signature (SGP.22 2.6.2) over `message`.
pub fn verify_raw(
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), RawSignatureError> {
    let sig = Signature::from_raw(signature).map_err(RawSignatureError::Malformed)?;
    key.verify(message, &sig)
        .map_err(RawSignatureError::DoesNotVerify)
}

/// What the server put in serverSigned1 of the session, which euiccSigned1 must echo.
#[derive(Debug, Clone, Copy)]
pub struct SessionFacts<'a> {
    pub transaction_id: &'a [u8],
    pub server_challenge: &'a [u8],
    pub server_address: &'a str,
    /// The CI chosen for the session (euiccCiPKIdToBeUsed).
    pub ci_ski: &'a [u8],
}

/// How euiccSigned1 (or the chain) differs from the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EchoError {
    /// The chain ends at another CI than the session's.
    #[error("the eUICC's chain ends at another CI than the session's")]
    CiMismatch,
    /// The transactionId signed by the eUICC differs from the session's.
    #[error("the transactionId signed by the eUICC differs")]
    TransactionId,
    /// serverChallenge differs.
    #[error("serverChallenge differs")]
    ServerChallenge,
    /// serverAddress differs (compared without regard to case).
    #[error("serverAddress differs")]
    ServerAddress,
}

/// Checks what euiccSigned1 echoes of the session (SGP.22 5.6.3, 5.8.2) and that the chain
/// ends at the session's CI.
pub fn check_echo(
    ok: &AuthenticateResponseOk,
    euicc: &AuthenticatedEuicc,
    session: &SessionFacts<'_>,
) -> Result<(), EchoError> {
    if euicc.ci_ski != session.ci_ski {
        return Err(EchoError::CiMismatch);
    }
    let signed1 = &ok.euicc_signed1;
    if signed1.transaction_id != session.transaction_id {
        return Err(EchoError::TransactionId);
    }
    if signed1.server_challenge[..] != session.server_challenge[..] {
        return Err(EchoError::ServerChallenge);
    }
    if !signed1
        .server_address
        .eq_ignore_ascii_case(session.server_address)
    {
        return Err(EchoError::ServerAddress);
    }
    Ok(())
}

/// Why AuthenticateClient (ES9+ 5.6.3, ES11 5.8.2) does not authenticate the eUICC: the
/// conditions both functions share, each with its JSON status code; a role maps them onto
/// its own error values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientRefusal {
    /// The chain ends at an unknown CI, or at another than the session's (8.11.1 / 3.9).
    #[error("CI of the eUICC certificate chain unknown")]
    CiPkUnknown,
    /// The certificates verify, but the EID they carry fails its check digits (SGP.29): the
    /// EID is refused (8.1.1 / 3.8), not the certificate, whose checks it passes.
    #[error("EID {0} fails its check digits")]
    InvalidEid(String),
    /// The EUM or eUICC certificate is invalid or expired (8.1.2, 8.1.3 / 6.1, 6.3).
    #[error("eUICC certificate chain: {detail}")]
    Chain {
        kind: AuthenticateClientError,
        detail: String,
    },
    /// euiccSignature1 does not verify, or euiccSigned1 echoes another serverChallenge or
    /// serverAddress (8.1 / 6.1).
    #[error("eUICC verification failed: {0}")]
    EuiccVerification(String),
    /// The transactionId signed by the eUICC is not the session's (8.10.1 / 3.9).
    #[error("transaction ID unknown: {0}")]
    TransactionIdUnknown(String),
}

impl ClientRefusal {
    /// The JSON binding's subject and reason codes.
    pub fn status_code(&self) -> StatusCode {
        match self {
            ClientRefusal::CiPkUnknown => StatusCode::CI_PUBLIC_KEY_UNKNOWN,
            ClientRefusal::InvalidEid(_) => StatusCode::EID_REFUSED,
            ClientRefusal::Chain { kind, .. } => {
                let (s, r) = kind.status_code();
                StatusCode::new(s, r)
            }
            ClientRefusal::EuiccVerification(_) => StatusCode::EUICC_VERIFICATION_FAILED,
            ClientRefusal::TransactionIdUnknown(_) => StatusCode::TRANSACTION_ID_UNKNOWN,
        }
    }
}

impl From<EuiccAuthError> for ClientRefusal {
    fn from(e: EuiccAuthError) -> ClientRefusal {
        match e {
            EuiccAuthError::Chain(ChainError::UnknownCi { .. }) => ClientRefusal::CiPkUnknown,
            EuiccAuthError::Chain(ChainError::InvalidEid { eid }) => ClientRefusal::InvalidEid(eid),
            EuiccAuthError::Chain(c) => ClientRefusal::Chain {
                kind: c.authenticate_client_error(),
                detail: c.to_string(),
            },
            EuiccAuthError::Signature(_) => {
                ClientRefusal::EuiccVerification("eUICC signature does not verify".into())
            }
        }
    }
}

impl From<EchoError> for ClientRefusal {
    fn from(e: EchoError) -> ClientRefusal {
        match e {
            // The chain must end at the CI chosen in InitiateAuthentication.
            EchoError::CiMismatch => ClientRefusal::CiPkUnknown,
            EchoError::TransactionId => ClientRefusal::TransactionIdUnknown(e.to_string()),
            EchoError::ServerChallenge | EchoError::ServerAddress => {
                ClientRefusal::EuiccVerification(e.to_string())
            }
        }
    }
}
