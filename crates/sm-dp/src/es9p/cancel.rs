//! ES9+.CancelSession (SGP.22 5.6.5, 3.1.5 "common cancel session procedure"): verify
//! euiccCancelSessionSignature over the received euiccCancelSessionSigned, the signed
//! transactionId and smdpOid, close the session and tell the operator.
//!
//! What becomes of the order depends on the reason: `postponed` and `timeout` keep the order
//! (the profile goes back to Released for a later attempt); any other reason
//! (`endUserRejection`, `pprNotAllowed`, `metadataMismatch`, `loadBppExecutionError`,
//! `undefinedReason`) ends it and puts the profile in Error with the reason. **Unverified:**
//! the split follows the lab's reading of SGP.22 3.1.5; the text was not at hand.

use proto::sgp22::{CancelSessionReason, CancelSessionResponse};

use super::{Es9Error, Work, crypto, usable_session, verify_euicc_signature};
use crate::context::{Context, Ctx};
use crate::progress::{NotificationPoint, Progress, queue};
use crate::state::ProfileState;
use crate::store::{OrderStatus, Session, SessionStep, Tx, orders, profiles, sessions};

/// Runs CancelSession.
pub(crate) async fn cancel_session(
    ctx: &Ctx,
    transaction_id: &[u8],
    response: &CancelSessionResponse,
) -> Result<(), Es9Error> {
    let tid = transaction_id.to_vec();
    let session = ctx
        .store
        .read(move |tx| {
            usable_session(
                sessions::get(tx, &tid)?,
                &tid,
                &[
                    SessionStep::Initiated,
                    SessionStep::Authenticated,
                    SessionStep::Bound,
                ],
            )
        })
        .await?;
    let ok = match response {
        CancelSessionResponse::CancelSessionResponseOk(ok) => ok.clone(),
        CancelSessionResponse::CancelSessionResponseError(e) => {
            return Err(Es9Error::Malformed(format!(
                "cancelSessionResponse is the eUICC's error {e:?}: nothing signed to act on"
            )));
        }
    };
    let Some(authenticated) = session.authenticated().cloned() else {
        // Before AuthenticateClient the SM-DP+ knows no eUICC key and no order: the session
        // simply ends.
        let tid = transaction_id.to_vec();
        ctx.store.write(move |tx| sessions::close(tx, &tid)).await?;
        return Ok(());
    };
    let cert = authenticated.euicc_cert.clone();
    let signed = ok.clone();
    crypto(Work::Fixed, move || {
        verify_euicc_signature(
            &cert,
            signed.euicc_cancel_session_signed.raw(),
            &signed.euicc_cancel_session_signature,
        )
    })
    .await?;
    let signed = &ok.euicc_cancel_session_signed;
    if signed.transaction_id != transaction_id {
        return Err(Es9Error::TransactionIdUnknown(
            "the transactionId signed by the eUICC differs".into(),
        ));
    }
    if signed.smdp_oid.to_string() != ctx.oid {
        return Err(Es9Error::SmdpOidMismatch(signed.smdp_oid.to_string()));
    }
    let reason = signed.reason;
    let writer = ctx.clone();
    ctx.store
        .write(move |tx| apply(&writer, tx, &session, &authenticated, reason))
        .await?;
    ctx.wake_outbox();
    ctx.metrics
        .download_failed(crate::metrics::DownloadFailure::Cancelled);
    tracing::info!(transaction_id = %hex::encode(transaction_id), ?reason, "session cancelled");
    Ok(())
}

/// Closes the session; ends or keeps the order by the reason; tells the operator.
fn apply(
    ctx: &Context,
    tx: &mut Tx<'_>,
    session: &Session,
    a: &sessions::Authenticated,
    reason: CancelSessionReason,
) -> Result<(), Es9Error> {
    if !sessions::close(tx, &a.initiated.transaction_id)? {
        return Err(Es9Error::TransactionIdUnknown(hex::encode(
            &a.initiated.transaction_id,
        )));
    }
    let order = orders::by_id(tx, &a.order_id)?
        .ok_or_else(|| Es9Error::Internal("session without order".into()))?;
    let profile = profiles::profile(tx, &order.iccid)?
        .ok_or_else(|| Es9Error::Internal("order without profile".into()))?;
    let detail = format!("session cancelled by the eUICC: {reason:?}");
    if order.status == OrderStatus::Open {
        match reason {
            CancelSessionReason::Postponed | CancelSessionReason::Timeout => {
                if profile.state == ProfileState::Downloaded {
                    profiles::set_state(
                        tx,
                        &order.iccid,
                        ProfileState::Released,
                        order.eid.as_deref(),
                        Some(&detail),
                    )?;
                }
            }
            _ => {
                orders::set_status(tx, &order.id, OrderStatus::Cancelled)?;
                crate::es12::queue_deletion(tx, &order)?;
                profiles::set_state(
                    tx,
                    &order.iccid,
                    ProfileState::Error,
                    Some(&a.eid),
                    Some(&detail),
                )?;
            }
        }
    }
    let point = if session.step() == SessionStep::Bound {
        NotificationPoint::BppDownload
    } else {
        NotificationPoint::EligibilityCheck
    };
    queue(
        ctx,
        tx,
        Progress {
            operator: &order.operator,
            eid: Some(&a.eid),
            iccid: &order.iccid,
            profile_type: &profile.profile_type,
            point,
            failure: Some((proto::json::StatusCode::FUNCTION_EXECUTION_ERROR, detail)),
            result_data: None,
        },
    )?;
    Ok(())
}
