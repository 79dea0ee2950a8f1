//! ES9+.CancelSession (SGP.22 5.6.5; SGP.23 4.3.16): the SM-DP+ ends a session on the
//! eUICC's signed cancellation, after checking its signature, its smdpOid and the
//! transaction.

use proto::der::{Asn1, Oid, Preserved};
use proto::json::StatusCode;
use proto::sgp22::{CancelSessionReason, CancelSessionResponse, CancelSessionResponseOk};

use super::case;
use crate::Stop;
use crate::smdp::{Case, Ctx, flow};

const GROUP: &str = "ES9+.CancelSession";

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 after AuthenticateClient, end user rejection",
        test_case: Some("TC_SM_DP_ES9_CancelSession_After_AuthenticateClientNIST"),
        clause: "SGP.22 5.6.5",
        checks: "the eUICC's signed cancellation with reason endUserRejection is Executed-Success",
        run: end_user_rejection,
    },
    case! {
        group: GROUP,
        title: "#02 after AuthenticateClient, postponed",
        test_case: Some("TC_SM_DP_ES9_CancelSession_After_AuthenticateClientNIST_Postponed"),
        clause: "SGP.22 5.6.5",
        checks: "the eUICC's signed cancellation with reason postponed is Executed-Success",
        run: postponed,
    },
    case! {
        group: GROUP,
        title: "#03 after AuthenticateClient, timeout",
        test_case: Some("TC_SM_DP_ES9_CancelSession_After_AuthenticateClientNIST_Timeout"),
        clause: "SGP.22 5.6.5",
        checks: "the eUICC's signed cancellation with reason timeout is Executed-Success",
        run: timeout,
    },
    case! {
        group: GROUP,
        title: "#04 after GetBoundProfilePackage, load error",
        test_case: Some("TC_SM_DP_ES9_CancelSession_After_GetBoundProfilePackageNIST_Load_BPP_Error"),
        clause: "SGP.22 5.6.5",
        checks: "after the bound profile package was delivered, the signed cancellation with reason loadBppExecutionError is Executed-Success",
        run: after_bound_profile_package,
    },
    case! {
        group: GROUP,
        title: "#05 signature altered",
        test_case: Some("TC_SM_DP_ES9_CancelSession_After_AuthenticateClientNIST_Error_InvalidSignature"),
        clause: "SGP.22 5.6.5",
        checks: "euiccCancelSessionSignature with one bit flipped is refused with 8.1/6.1",
        run: signature_altered,
    },
    case! {
        group: GROUP,
        title: "#06 unknown transaction ID",
        test_case: Some("TC_SM_DP_ES9_CancelSession_After_AuthenticateClientNIST_Error_UnknownTransactionIdJSON"),
        clause: "SGP.22 5.6.5",
        checks: "a transactionId no session has is refused with 8.10.1/3.9",
        run: unknown_transaction_id,
    },
    case! {
        group: GROUP,
        title: "#07 smdpOid of another SM-DP+",
        test_case: Some("TC_SM_DP_ES9_CancelSession_After_AuthenticateClientNIST_Error_InvalidOID"),
        clause: "SGP.22 5.6.5",
        checks: "a cancellation signed by the eUICC for another smdpOid is refused with 8.8/3.10",
        run: other_oid,
    },
    case! {
        group: GROUP,
        title: "#08 cancelled twice",
        test_case: None,
        clause: "SGP.22 5.6.5",
        checks: "the eUICC's signed cancellation, accepted once (Executed-Success), sent again for the ended session is refused with 8.10.1/3.9",
        run: cancelled_twice,
    },
];

/// An authenticated session of a released order and the eUICC's signed cancellation of it.
async fn cancelled(
    ctx: &mut Ctx,
    reason: CancelSessionReason,
) -> Result<(flow::Session, Vec<u8>), Stop> {
    let matching_id = ctx.matching_id().await?;
    let (session, _) = flow::authenticated(ctx, &matching_id).await?;
    let raw = flow::cancel_on_card(ctx, session.tid(), reason)?;
    Ok((session, raw))
}

async fn nominal(ctx: &mut Ctx, reason: CancelSessionReason) -> Result<(), Stop> {
    let (session, raw) = cancelled(ctx, reason).await?;
    let answer = flow::cancel_session(ctx, session.tid(), &raw).await?;
    answer.success::<serde_json::Value>().map(|_| ())
}

async fn end_user_rejection(ctx: &mut Ctx) -> Result<(), Stop> {
    nominal(ctx, CancelSessionReason::EndUserRejection).await
}

async fn postponed(ctx: &mut Ctx) -> Result<(), Stop> {
    nominal(ctx, CancelSessionReason::Postponed).await
}

async fn timeout(ctx: &mut Ctx) -> Result<(), Stop> {
    nominal(ctx, CancelSessionReason::Timeout).await
}

async fn after_bound_profile_package(ctx: &mut Ctx) -> Result<(), Stop> {
    let matching_id = ctx.matching_id().await?;
    let (session, client) = flow::authenticated(ctx, &matching_id).await?;
    let (_, pdr) = flow::prepare_download(ctx, &client, None)?;
    let answer = flow::get_bound_profile_package(ctx, session.tid(), &pdr).await?;
    answer.success::<serde_json::Value>()?;
    let raw = flow::cancel_on_card(
        ctx,
        session.tid(),
        CancelSessionReason::LoadBppExecutionError,
    )?;
    let answer = flow::cancel_session(ctx, session.tid(), &raw).await?;
    answer.success::<serde_json::Value>().map(|_| ())
}

/// The signed cancellation `raw` as its Ok alternative.
fn ok_of(raw: &[u8]) -> Result<CancelSessionResponseOk, Stop> {
    match CancelSessionResponse::from_der(raw) {
        Ok(CancelSessionResponse::CancelSessionResponseOk(ok)) => Ok(ok),
        other => Err(Stop::fail(format!("ES10b.CancelSession answer: {other:?}"))),
    }
}

async fn signature_altered(ctx: &mut Ctx) -> Result<(), Stop> {
    let (session, raw) = cancelled(ctx, CancelSessionReason::EndUserRejection).await?;
    let mut ok = ok_of(&raw)?;
    ok.euicc_cancel_session_signature = flow::flip_last(&ok.euicc_cancel_session_signature);
    let altered = CancelSessionResponse::CancelSessionResponseOk(ok).to_der();
    let answer = flow::cancel_session(ctx, session.tid(), &altered).await?;
    answer.refused(StatusCode::EUICC_VERIFICATION_FAILED)
}

async fn unknown_transaction_id(ctx: &mut Ctx) -> Result<(), Stop> {
    // the eUICC signs a cancellation of the session it holds (no order needed); the
    // SM-DP+ is asked about another transaction
    let session = flow::initiate(ctx).await?;
    flow::authenticate_server(ctx, &session, None)?;
    let raw = flow::cancel_on_card(ctx, session.tid(), CancelSessionReason::EndUserRejection)?;
    let tid = flow::unknown_transaction_id()?;
    let answer = flow::cancel_session(ctx, &tid, &raw).await?;
    answer.refused(StatusCode::TRANSACTION_ID_UNKNOWN)
}

async fn other_oid(ctx: &mut Ctx) -> Result<(), Stop> {
    let (session, raw) = cancelled(ctx, CancelSessionReason::EndUserRejection).await?;
    let mut ok = ok_of(&raw)?;
    let mut signed = ok.euicc_cancel_session_signed.value().clone();
    // an OID under the example arc of ITU-T X.660 that no SM-DP+ certificate names
    signed.smdp_oid = "2.999.77.77.77"
        .parse::<Oid>()
        .map_err(|e| Stop::fail(format!("OID: {e}")))?;
    let signed = Preserved::new(signed);
    ok.euicc_cancel_session_signature = ctx
        .card
        .credentials()
        .sign(signed.raw())
        .map_err(|e| Stop::fail(format!("signing the cancellation: {e}")))?;
    ok.euicc_cancel_session_signed = signed;
    let altered = CancelSessionResponse::CancelSessionResponseOk(ok).to_der();
    let answer = flow::cancel_session(ctx, session.tid(), &altered).await?;
    answer.refused(StatusCode::SMDP_INVALID_ASSOCIATION)
}

async fn cancelled_twice(ctx: &mut Ctx) -> Result<(), Stop> {
    let (session, raw) = cancelled(ctx, CancelSessionReason::Postponed).await?;
    let answer = flow::cancel_session(ctx, session.tid(), &raw).await?;
    answer.success::<serde_json::Value>()?;
    let answer = flow::cancel_session(ctx, session.tid(), &raw).await?;
    answer.refused(StatusCode::TRANSACTION_ID_UNKNOWN)
}
