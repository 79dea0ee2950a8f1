//! ES10b.CancelSession (SGP.22 5.7.14): the eUICC ends the session and signs why, for the
//! SM-DP+ (ES9+.CancelSession).

use proto::der::{Oid, Preserved};
use proto::sgp22::{
    CancelSessionRequest, CancelSessionResponse, CancelSessionResponseError,
    CancelSessionResponseOk, EuiccCancelSessionSigned,
};

use super::Session;
use crate::credentials::Credentials;

/// The SM-DP+ OID of the session (`smdpOid`, as contained in CERT.DPauth.ECDSA).
fn server_oid(session: &Session) -> Option<&Oid> {
    match session {
        Session::Authenticated(a) => Some(&a.server_oid),
        Session::Prepared(p) => Some(&p.auth.server_oid),
        Session::Loading(l) => Some(&l.server_oid),
        Session::Idle | Session::ChallengeIssued(_) => None,
    }
}

/// ES10b.CancelSession. The session ends when the transaction matches; otherwise it is left
/// as it was and the answer is `invalidTransactionId`.
pub(crate) fn cancel_session(
    session: &mut Session,
    req: &CancelSessionRequest,
    creds: &Credentials,
) -> CancelSessionResponse {
    let matches = session.transaction_id() == Some(req.transaction_id.as_slice());
    let (true, Some(oid)) = (matches, server_oid(session).cloned()) else {
        return CancelSessionResponse::CancelSessionResponseError(
            CancelSessionResponseError::InvalidTransactionId,
        );
    };
    session.take();
    let signed = Preserved::new(EuiccCancelSessionSigned {
        transaction_id: req.transaction_id.clone(),
        smdp_oid: oid,
        reason: req.reason,
    });
    match creds.sign(signed.raw()) {
        Ok(signature) => CancelSessionResponse::CancelSessionResponseOk(CancelSessionResponseOk {
            euicc_cancel_session_signed: signed,
            euicc_cancel_session_signature: signature,
        }),
        Err(_) => CancelSessionResponse::CancelSessionResponseError(
            CancelSessionResponseError::UndefinedError,
        ),
    }
}
