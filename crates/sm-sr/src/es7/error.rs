//! Why an SM-SR change step was refused or failed (SGP.02 3.8, 5.7), each with the status
//! code it is answered with ([`ChangeError::code`]).

use crate::status::{
    EID_ALREADY_IN_USE, EID_INVALID, EID_UNKNOWN, EUICC_EXECUTION_ERROR, PROFILE_ICCID_NOT_ALLOWED,
    SMSR_ALREADY_IN_USE, SMSR_CHANGE_REFUSED, SMSR_NOT_AUTHENTICATED, SMSR_UNKNOWN, StatusCode,
};
use crate::store::StoreError;
use soap::status::codes::FUNCTION_PROVIDER_EXECUTION_ERROR;

/// `8.1.1` EID / `6.1` Verification failed: CERT.ECASD.ECKA of the handed-over EIS does
/// not verify under a known EUM (SGP.02 3.8: SM-SR2 checks it). **Unconfirmed** pair.
pub const ECASD_NOT_VERIFIED: StatusCode = StatusCode::new("8.1.1", "6.1");
/// `8.4` eUICC / `6.1` Verification failed: the ISD-R's receipt of the new key set does not
/// verify (SGP.02 3.8: no commit point). **Unconfirmed** pair.
pub const RECEIPT_NOT_VERIFIED: StatusCode = StatusCode::new("8.4", "6.1");

/// An SM-SR change refusal or failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChangeError {
    /// `8.1.1` / `2.1`: a malformed EID or EIS.
    #[error("malformed {0}")]
    Invalid(&'static str),
    /// `8.1.1` / `3.9`: no EIS has this EID here.
    #[error("EID {0} is unknown")]
    UnknownEid(String),
    /// `8.2.1` / `1.2`: the operator owns no profile on the eUICC.
    #[error("the requester owns no profile on eUICC {0}")]
    NotOwner(String),
    /// `8.7` / `3.9`: the SM-SR named is not a configured peer.
    #[error("SM-SR {0} is not a peer of this SM-SR")]
    UnknownSmsr(String),
    /// `8.7` / `1.1`: the calling SM-SR is not the one this step expects.
    #[error("SM-SR {0} does not take part in this change")]
    WrongSmsr(String),
    /// `8.1.1` / `3.3`: the eUICC already takes part in an SM-SR change.
    #[error("eUICC {0} already takes part in an SM-SR change")]
    Busy(String),
    /// `8.7` / `3.8`: no PrepareSMSRChange announced this handover, or this SM-SR has no
    /// SM-SR certificate to take one.
    #[error("SM-SR change refused: {0}")]
    Refused(&'static str),
    /// `8.7` / `3.3`: the eUICC is already managed here (a HandoverEUICC repeated after the
    /// commit point, SGP.02 3.8).
    #[error("eUICC {0} is already managed by this SM-SR")]
    AlreadyManaged(String),
    /// [`ECASD_NOT_VERIFIED`].
    #[error("CERT.ECASD.ECKA does not verify: {0}")]
    Ecasd(String),
    /// `8.4` / `4.2`: the eUICC refused or did not answer the ES5 command.
    #[error("the eUICC did not run the key establishment")]
    Card,
    /// [`RECEIPT_NOT_VERIFIED`], or the key agreement failed.
    #[error(transparent)]
    KeyEstablishment(#[from] super::KeyEstablishmentError),
    /// The peer SM-SR answered `Failed` with this code ([`peer_code`]); a function provider
    /// execution error (`1.2` / `4.2`: its own failure, not a refusal) has no code here,
    /// so the step is tried again.
    #[error("the peer SM-SR refused: {}/{}", .0.subject, .0.reason)]
    Peer(StatusCode),
    /// The peer SM-SR could not be reached or answered no SOAP response (no status code:
    /// the caller tries again).
    #[error("peer SM-SR unreachable: {0}")]
    Unreachable(String),
    /// The database failed (no status code: internal).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An ES4 refusal of the command's operation.
    #[error(transparent)]
    Es4(#[from] crate::es4::Es4Error),
}

impl ChangeError {
    /// The SGP.02 status code; `None` for an internal or transport failure.
    pub fn code(&self) -> Option<StatusCode> {
        Some(match self {
            ChangeError::Invalid(_) => EID_INVALID,
            ChangeError::UnknownEid(_) => EID_UNKNOWN,
            ChangeError::NotOwner(_) => PROFILE_ICCID_NOT_ALLOWED,
            ChangeError::UnknownSmsr(_) => SMSR_UNKNOWN,
            ChangeError::WrongSmsr(_) => SMSR_NOT_AUTHENTICATED,
            ChangeError::Busy(_) => EID_ALREADY_IN_USE,
            ChangeError::Refused(_) => SMSR_CHANGE_REFUSED,
            ChangeError::AlreadyManaged(_) => SMSR_ALREADY_IN_USE,
            ChangeError::Ecasd(_) => ECASD_NOT_VERIFIED,
            ChangeError::Card => EUICC_EXECUTION_ERROR,
            ChangeError::KeyEstablishment(super::KeyEstablishmentError::Receipt) => {
                RECEIPT_NOT_VERIFIED
            }
            ChangeError::KeyEstablishment(_) => EUICC_EXECUTION_ERROR,
            ChangeError::Peer(code) if *code == FUNCTION_PROVIDER_EXECUTION_ERROR => return None,
            ChangeError::Peer(code) => *code,
            ChangeError::Es4(e) => return e.code(),
            ChangeError::Unreachable(_) | ChangeError::Store(_) => return None,
        })
    }
}

/// The code a peer SM-SR answered, as one of the pairs a change step answers with; a pair
/// outside them is passed on as [`SMSR_CHANGE_REFUSED`].
pub fn peer_code(subject: &str, reason: &str) -> StatusCode {
    [
        EID_INVALID,
        EID_UNKNOWN,
        EID_ALREADY_IN_USE,
        PROFILE_ICCID_NOT_ALLOWED,
        SMSR_UNKNOWN,
        SMSR_NOT_AUTHENTICATED,
        SMSR_ALREADY_IN_USE,
        SMSR_CHANGE_REFUSED,
        ECASD_NOT_VERIFIED,
        RECEIPT_NOT_VERIFIED,
        EUICC_EXECUTION_ERROR,
        FUNCTION_PROVIDER_EXECUTION_ERROR,
    ]
    .into_iter()
    .find(|c| c.subject == subject && c.reason == reason)
    .unwrap_or(SMSR_CHANGE_REFUSED)
}

impl crate::es4::soap::Refusal for ChangeError {
    fn status_code(&self) -> Option<StatusCode> {
        self.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp02_5_1_6_a_peers_own_failure_is_tried_again_a_refusal_is_not() {
        let own = ChangeError::Peer(peer_code("1.2", "4.2"));
        assert_eq!(
            own.code(),
            None,
            "an execution error at the peer: try again"
        );
        let refused = ChangeError::Peer(peer_code("8.7", "3.8"));
        assert_eq!(refused.code(), Some(SMSR_CHANGE_REFUSED));
        let odd = ChangeError::Peer(peer_code("9.9", "9.9"));
        assert_eq!(
            odd.code(),
            Some(SMSR_CHANGE_REFUSED),
            "an unknown pair refuses"
        );
    }
}
