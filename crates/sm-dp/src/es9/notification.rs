//! ES9+.HandleNotification (SGP.22 5.6.4, 3.5): the Profile Installation Result, verified
//! with the session's eUICC key over the received profileInstallationResultData, and other
//! notifications (enable, disable, delete), verified through their own eUICC and EUM
//! certificates over the received tbsOtherNotification. A verified notification moves the
//! profile; one that does not verify, or names another SM-DP+ or profile, is recorded and
//! ignored. The answer is always 204: the LPA may then remove the notification.

use proto::sgp22::{
    FinalResult, NotificationEvent, NotificationMetadata, OtherSignedNotification,
    PendingNotification, ProfileInstallationResult,
};

use super::{Es9Error, verify_euicc_signature, verify_with};
use crate::context::Context;
use crate::progress::{NotificationPoint, Progress, queue};
use crate::state::ProfileState;
use crate::store::{
    NotificationRecord, OrderStatus, StoreError, Tx, notifications, orders, profiles, sessions,
};

/// Handles one pending notification; `raw` is its DER as received.
pub(crate) async fn handle_notification(
    ctx: &Context,
    pending: &PendingNotification,
    raw: &[u8],
) -> Result<(), Es9Error> {
    let mut tx = ctx.store.begin().await?;
    match pending {
        PendingNotification::ProfileInstallationResult(pir) => {
            installation_result(ctx, &mut tx, pir, raw).await?
        }
        PendingNotification::OtherSignedNotification(n) => other(ctx, &mut tx, n, raw).await?,
    }
    tx.commit().await.map_err(StoreError::from)?;
    ctx.outbox_wakeup.notify_one();
    Ok(())
}

fn operation(meta: &NotificationMetadata) -> &'static str {
    let op = &meta.profile_management_operation;
    if op.has(NotificationEvent::NOTIFICATION_INSTALL) {
        "install"
    } else if op.has(NotificationEvent::NOTIFICATION_ENABLE) {
        "enable"
    } else if op.has(NotificationEvent::NOTIFICATION_DISABLE) {
        "disable"
    } else if op.has(NotificationEvent::NOTIFICATION_DELETE) {
        "delete"
    } else {
        "unknown"
    }
}

fn iccid_of(meta: &NotificationMetadata) -> Option<String> {
    meta.iccid.as_ref().and_then(|i| {
        proto::ids::Iccid::from_swapped_bcd(&i.0)
            .ok()
            .map(|i| i.as_str().to_string())
    })
}

#[allow(clippy::too_many_arguments)]
async fn keep(
    tx: &mut Tx,
    eid: &str,
    meta: &NotificationMetadata,
    iccid: Option<String>,
    transaction_id: Option<Vec<u8>>,
    outcome: &str,
    raw: &[u8],
) -> Result<(), StoreError> {
    tracing::info!(
        eid,
        seq = meta.seq_number,
        operation = operation(meta),
        outcome,
        "notification"
    );
    notifications::insert(
        tx,
        &NotificationRecord {
            eid: eid.to_string(),
            seq_number: meta.seq_number,
            operation: operation(meta).to_string(),
            iccid,
            transaction_id,
            outcome: outcome.to_string(),
            body: raw.to_vec(),
        },
    )
    .await
}

async fn installation_result(
    ctx: &Context,
    tx: &mut Tx,
    pir: &ProfileInstallationResult,
    raw: &[u8],
) -> Result<(), Es9Error> {
    let data = &pir.profile_installation_result_data;
    let tid = data.transaction_id.clone();
    let Some(session) = sessions::get(tx, &tid).await? else {
        tracing::info!(transaction_id = %hex::encode(&tid), "installation result for an unknown session ignored");
        return Ok(());
    };
    let (Some(cert), Some(eid), Some(order_id)) = (
        session.euicc_cert.as_deref(),
        session.eid.as_deref(),
        session.order_id.as_deref(),
    ) else {
        tracing::info!("installation result for an unauthenticated session ignored");
        return Ok(());
    };
    let meta = &data.notification_metadata;
    if notifications::seen(tx, eid, meta.seq_number, operation(meta)).await? {
        return Ok(());
    }
    let iccid = iccid_of(meta);
    if let Err(e) = verify_euicc_signature(cert, data.raw(), &pir.euicc_sign_pir.0) {
        keep(
            tx,
            eid,
            meta,
            iccid,
            Some(tid),
            &format!("ignored: {e}"),
            raw,
        )
        .await?;
        return Ok(());
    }
    if data.smdp_oid.to_string() != ctx.oid {
        let outcome = format!("ignored: smdpOid {} is not this SM-DP+'s", data.smdp_oid);
        keep(tx, eid, meta, iccid, Some(tid), &outcome, raw).await?;
        return Ok(());
    }
    let order = orders::by_id(tx, order_id)
        .await?
        .ok_or_else(|| Es9Error::Internal("session without order".into()))?;
    if iccid.as_deref().is_some_and(|i| i != order.iccid) {
        let outcome = "ignored: ICCID is not the session's profile";
        keep(tx, eid, meta, iccid, Some(tid), outcome, raw).await?;
        return Ok(());
    }
    let profile = profiles::profile(tx, &order.iccid)
        .await?
        .ok_or_else(|| Es9Error::Internal("order without profile".into()))?;
    let (state, order_status, detail, failure) = match &data.final_result {
        FinalResult::SuccessResult(_) => (
            ProfileState::Installed,
            OrderStatus::Done,
            "installed".to_string(),
            None,
        ),
        FinalResult::ErrorResult(e) => {
            let why = format!(
                "installation failed: bppCommandId {:?}, errorReason {:?}",
                e.bpp_command_id, e.error_reason
            );
            (
                ProfileState::Error,
                OrderStatus::Failed,
                why.clone(),
                Some((proto::json::StatusCode::FUNCTION_EXECUTION_ERROR, why)),
            )
        }
    };
    profiles::set_state(tx, &order.iccid, state, Some(eid), Some(&detail)).await?;
    orders::set_status(tx, &order.id, order_status).await?;
    sessions::close(tx, &tid).await?;
    queue(
        ctx,
        tx,
        Progress {
            operator: &order.operator,
            eid: Some(eid),
            iccid: &order.iccid,
            profile_type: &profile.profile_type,
            point: NotificationPoint::BppInstallation,
            failure,
            result_data: Some(raw.to_vec()),
        },
    )
    .await?;
    keep(
        tx,
        eid,
        meta,
        Some(order.iccid.clone()),
        Some(tid),
        "applied",
        raw,
    )
    .await?;
    Ok(())
}

async fn other(
    ctx: &Context,
    tx: &mut Tx,
    n: &OtherSignedNotification,
    raw: &[u8],
) -> Result<(), Es9Error> {
    let euicc = match certs::verify_euicc_chain(
        &ctx.creds.cis,
        n.eum_certificate.as_bytes(),
        n.euicc_certificate.as_bytes(),
        Some(time::OffsetDateTime::now_utc()),
    ) {
        Ok(v) => v,
        Err(e) => {
            tracing::info!(error = %e, "notification with an unverifiable certificate chain ignored");
            return Ok(());
        }
    };
    let eid = euicc.eid.as_str();
    let meta = n.tbs_other_notification.value();
    let op = operation(meta);
    if notifications::seen(tx, eid, meta.seq_number, op).await? {
        return Ok(());
    }
    let iccid = iccid_of(meta);
    let key = proto::crypto::PublicKey::from_uncompressed_point(&euicc.public_key)
        .map_err(|e| Es9Error::Internal(format!("eUICC key: {e}")))?;
    if let Err(e) = verify_with(
        &key,
        n.tbs_other_notification.raw(),
        &n.euicc_notification_signature,
    ) {
        keep(tx, eid, meta, iccid, None, &format!("ignored: {e}"), raw).await?;
        return Ok(());
    }
    let Some(iccid) = iccid else {
        keep(tx, eid, meta, None, None, "ignored: no ICCID", raw).await?;
        return Ok(());
    };
    let profile = profiles::profile(tx, &iccid).await?;
    let Some(profile) = profile.filter(|p| p.eid.as_deref() == Some(eid)) else {
        let outcome = "ignored: not a profile this SM-DP+ put on that eUICC";
        keep(tx, eid, meta, Some(iccid), None, outcome, raw).await?;
        return Ok(());
    };
    let (state, point) = match op {
        "enable" => (ProfileState::Enabled, Some(NotificationPoint::Enabled)),
        "disable" => (ProfileState::Disabled, Some(NotificationPoint::Disabled)),
        "delete" => (ProfileState::Deleted, Some(NotificationPoint::Deleted)),
        "install" => (ProfileState::Installed, None),
        _ => {
            keep(
                tx,
                eid,
                meta,
                Some(iccid),
                None,
                "ignored: no operation",
                raw,
            )
            .await?;
            return Ok(());
        }
    };
    if profile.state != state {
        profiles::set_state(
            tx,
            &iccid,
            state,
            Some(eid),
            Some(&format!("{op} notification")),
        )
        .await?;
    }
    let operator = profiles::profile_type(tx, &profile.profile_type)
        .await?
        .map(|t| t.operator)
        .unwrap_or_default();
    if let Some(point) = point {
        queue(
            ctx,
            tx,
            Progress {
                operator: &operator,
                eid: Some(eid),
                iccid: &iccid,
                profile_type: &profile.profile_type,
                point,
                failure: None,
                result_data: None,
            },
        )
        .await?;
    }
    keep(tx, eid, meta, Some(iccid), None, "applied", raw).await?;
    Ok(())
}
