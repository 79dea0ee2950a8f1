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

use super::{Es9Error, open_session, verify_euicc_signature};
use crate::context::Context;
use crate::progress::{NotificationPoint, Progress, queue};
use crate::state::ProfileState;
use crate::store::{OrderStatus, SessionStep, StoreError, orders, profiles, sessions};

/// Runs CancelSession.
pub(crate) async fn cancel_session(
    ctx: &Context,
    transaction_id: &[u8],
    response: &CancelSessionResponse,
) -> Result<(), Es9Error> {
    let mut tx = ctx.store.begin().await?;
    let session = open_session(
        &mut tx,
        transaction_id,
        &[
            SessionStep::Initiated,
            SessionStep::Authenticated,
            SessionStep::Bound,
        ],
    )
    .await?;
    let ok = match response {
        CancelSessionResponse::CancelSessionResponseOk(ok) => ok,
        CancelSessionResponse::CancelSessionResponseError(e) => {
            return Err(Es9Error::Malformed(format!(
                "cancelSessionResponse is the eUICC's error {e:?}: nothing signed to act on"
            )));
        }
    };
    let signed = &ok.euicc_cancel_session_signed;
    let Some(cert) = session.euicc_cert.as_deref() else {
        // Before AuthenticateClient the SM-DP+ knows no eUICC key and no order: the session
        // simply ends.
        sessions::close(&mut tx, transaction_id).await?;
        tx.commit().await.map_err(StoreError::from)?;
        return Ok(());
    };
    verify_euicc_signature(cert, signed.raw(), &ok.euicc_cancel_session_signature)?;
    if signed.transaction_id != transaction_id {
        return Err(Es9Error::TransactionIdUnknown(
            "the transactionId signed by the eUICC differs".into(),
        ));
    }
    if signed.smdp_oid.to_string() != ctx.oid {
        return Err(Es9Error::SmdpOidMismatch(signed.smdp_oid.to_string()));
    }
    sessions::close(&mut tx, transaction_id).await?;

    if let (Some(order_id), Some(eid)) = (session.order_id.as_deref(), session.eid.as_deref()) {
        let order = orders::by_id(&mut tx, order_id)
            .await?
            .ok_or_else(|| Es9Error::Internal("session without order".into()))?;
        let profile = profiles::profile(&mut tx, &order.iccid)
            .await?
            .ok_or_else(|| Es9Error::Internal("order without profile".into()))?;
        let reason = signed.reason;
        let detail = format!("session cancelled by the eUICC: {reason:?}");
        if order.status == OrderStatus::Open {
            match reason {
                CancelSessionReason::Postponed | CancelSessionReason::Timeout => {
                    if profile.state == ProfileState::Downloaded {
                        profiles::set_state(
                            &mut tx,
                            &order.iccid,
                            ProfileState::Released,
                            order.eid.as_deref(),
                            Some(&detail),
                        )
                        .await?;
                    }
                }
                _ => {
                    orders::set_status(&mut tx, &order.id, OrderStatus::Cancelled).await?;
                    profiles::set_state(
                        &mut tx,
                        &order.iccid,
                        ProfileState::Error,
                        Some(eid),
                        Some(&detail),
                    )
                    .await?;
                }
            }
        }
        let point = if session.step == SessionStep::Bound {
            NotificationPoint::BppDownload
        } else {
            NotificationPoint::EligibilityCheck
        };
        queue(
            ctx,
            &mut tx,
            Progress {
                operator: &order.operator,
                eid: Some(eid),
                iccid: &order.iccid,
                profile_type: &profile.profile_type,
                point,
                failure: Some((proto::json::StatusCode::FUNCTION_EXECUTION_ERROR, detail)),
                result_data: None,
            },
        )
        .await?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    ctx.outbox_wakeup.notify_one();
    tracing::info!(transaction_id = %hex::encode(transaction_id), reason = ?signed.reason, "session cancelled");
    Ok(())
}
