//! ES9+.HandleNotification (SGP.22 5.6.4, 3.5): the Profile Installation Result, verified
//! with the session's eUICC key over the received profileInstallationResultData, and other
//! notifications (enable, disable, delete), verified through their own eUICC and EUM
//! certificates over the received tbsOtherNotification. A verified notification moves the
//! profile; one that does not verify, or names another SM-DP+ or profile, is recorded and
//! ignored, with a log line saying why. The answer is always 204: the LPA may then remove
//! the notification.
//!
//! An installation result is matched on its transactionId alone (an eUICC re-created with
//! the same EID restarts its sequence numbers, so EID and sequence number do not identify
//! it); a repeated one, and a repeated other notification (same octets), act once.

use proto::sgp22::{
    FinalResult, NotificationEvent, NotificationMetadata, OtherSignedNotification,
    PendingNotification, ProfileInstallationResult,
};

use super::{Es9Error, Work, crypto, verify_euicc_signature, verify_with};
use crate::context::{Context, Ctx};
use crate::progress::{NotificationPoint, Progress, queue};
use crate::state::ProfileState;
use crate::store::{
    NotificationRecord, Order, OrderStatus, Profile, Tx, notifications, orders, profiles, sessions,
};

/// Handles one pending notification; `raw` is its DER as received.
pub(crate) async fn handle_notification(
    ctx: &Ctx,
    pending: &PendingNotification,
    raw: &[u8],
) -> Result<(), Es9Error> {
    match pending {
        PendingNotification::ProfileInstallationResult(pir) => {
            installation_result(ctx, pir.clone(), raw.to_vec()).await?
        }
        PendingNotification::OtherSignedNotification(n) => {
            other(ctx, n.clone(), raw.to_vec()).await?
        }
    }
    ctx.wake_outbox();
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

/// The record of a notification with what became of it.
fn record(
    eid: &str,
    meta: &NotificationMetadata,
    iccid: Option<String>,
    transaction_id: Option<Vec<u8>>,
    outcome: &str,
    raw: &[u8],
) -> NotificationRecord {
    NotificationRecord {
        eid: eid.to_string(),
        seq_number: meta.seq_number,
        operation: operation(meta).to_string(),
        iccid,
        transaction_id,
        outcome: outcome.to_string(),
        body: raw.to_vec(),
    }
}

/// Keeps a notification that is not applied, saying why in the log.
async fn ignore(ctx: &Ctx, r: NotificationRecord) -> Result<(), Es9Error> {
    tracing::info!(eid = %r.eid, seq = r.seq_number, operation = %r.operation, outcome = %r.outcome, "notification not applied");
    ctx.store
        .write(move |tx| notifications::insert(tx, &r))
        .await?;
    Ok(())
}

/// Why a notification is not applied: logged and recorded, the call answering 204 all the
/// same (SGP.22 5.6.4).
#[derive(Debug, thiserror::Error)]
enum NotApplied {
    /// No session has the installation result's transactionId.
    #[error("unknown transactionId")]
    UnknownTransaction,
    /// The session never reached AuthenticateClient.
    #[error("the session never authenticated an eUICC")]
    NeverAuthenticated,
    /// The session's installation result was applied before.
    #[error("already applied")]
    AlreadyApplied,
    /// The notification names a profile this SM-DP+ did not put on that eUICC.
    #[error("ignored: not a profile this SM-DP+ put on that eUICC")]
    ForeignProfile,
}

/// What the installation result's session says.
struct PirFacts {
    eid: String,
    cert: Vec<u8>,
    order: Order,
    profile: Profile,
}

fn read_pir_facts(tx: &mut Tx<'_>, tid: &[u8]) -> Result<Result<PirFacts, NotApplied>, Es9Error> {
    let Some(session) = sessions::get(tx, tid)? else {
        return Ok(Err(NotApplied::UnknownTransaction));
    };
    let Some(a) = session.authenticated() else {
        return Ok(Err(NotApplied::NeverAuthenticated));
    };
    if notifications::installation_applied(tx, tid)? {
        return Ok(Err(NotApplied::AlreadyApplied));
    }
    let order = orders::by_id(tx, &a.order_id)?
        .ok_or_else(|| Es9Error::Internal("session without order".into()))?;
    let profile = profiles::profile(tx, &order.iccid)?
        .ok_or_else(|| Es9Error::Internal("order without profile".into()))?;
    Ok(Ok(PirFacts {
        eid: a.eid.clone(),
        cert: a.euicc_cert.clone(),
        order,
        profile,
    }))
}

async fn installation_result(
    ctx: &Ctx,
    pir: ProfileInstallationResult,
    raw: Vec<u8>,
) -> Result<(), Es9Error> {
    let tid = pir.profile_installation_result_data.transaction_id.clone();
    let lookup = tid.clone();
    let facts = match ctx
        .store
        .read_inline(move |tx| read_pir_facts(tx, &lookup))
        .await?
    {
        Ok(f) => f,
        Err(why) => {
            // Nothing to attach it to (or nothing left to do): logged, answered 204.
            let why = why.to_string();
            tracing::info!(transaction_id = %hex::encode(&tid), why, "installation result not applied");
            return Ok(());
        }
    };
    let data = pir.profile_installation_result_data.clone();
    let meta = data.notification_metadata.clone();
    let iccid = iccid_of(&meta);
    let cert = facts.cert.clone();
    let signed = pir.clone();
    let verified = crypto(Work::Fixed, move || {
        Ok(verify_euicc_signature(
            &cert,
            signed.profile_installation_result_data.raw(),
            &signed.euicc_sign_pir.0,
        ))
    })
    .await?;
    let ignored = if let Err(e) = verified {
        Some(format!("ignored: {e}"))
    } else if data.smdp_oid.to_string() != ctx.oid {
        Some(format!(
            "ignored: smdpOid {} is not this SM-DP+'s",
            data.smdp_oid
        ))
    } else if iccid.as_deref().is_some_and(|i| i != facts.order.iccid) {
        Some("ignored: ICCID is not the session's profile".to_string())
    } else {
        None
    };
    if let Some(outcome) = ignored {
        let r = record(&facts.eid, &meta, iccid, Some(tid), &outcome, &raw);
        return ignore(ctx, r).await;
    }
    let success = matches!(data.final_result, FinalResult::SuccessResult(_));
    let why = match &data.final_result {
        FinalResult::SuccessResult(_) => "installed".to_string(),
        FinalResult::ErrorResult(e) => format!(
            "installation failed: bppCommandId {:?}, errorReason {:?}",
            e.bpp_command_id, e.error_reason
        ),
    };
    let applied = record(
        &facts.eid,
        &meta,
        Some(facts.order.iccid.clone()),
        Some(tid.clone()),
        "applied",
        &raw,
    );
    let writer = ctx.clone();
    let done = ctx
        .store
        .write(move |tx| apply_installation(&writer, tx, &facts, &applied, success, &why))
        .await?;
    if !done {
        tracing::info!(transaction_id = %hex::encode(&tid), "installation result already applied");
    } else if success {
        ctx.metrics.download_completed();
    } else {
        ctx.metrics
            .download_failed(crate::metrics::DownloadFailure::Installation);
    }
    Ok(())
}

/// Profile, order, session and the operator's report, once per transactionId.
fn apply_installation(
    ctx: &Context,
    tx: &mut Tx<'_>,
    f: &PirFacts,
    applied: &NotificationRecord,
    success: bool,
    why: &str,
) -> Result<bool, Es9Error> {
    if !notifications::insert(tx, applied)? {
        return Ok(false);
    }
    let (state, order_status, failure) = if success {
        (ProfileState::Installed, OrderStatus::Done, None)
    } else {
        (
            ProfileState::Error,
            OrderStatus::Failed,
            Some((
                proto::json::StatusCode::FUNCTION_EXECUTION_ERROR,
                why.to_string(),
            )),
        )
    };
    let order = &f.order;
    profiles::set_state(tx, &order.iccid, state, Some(&f.eid), Some(why))?;
    orders::set_status(tx, &order.id, order_status)?;
    crate::es12::queue_deletion(tx, order)?;
    if let Some(tid) = &applied.transaction_id {
        sessions::close(tx, tid)?;
    }
    queue(
        ctx,
        tx,
        Progress {
            operator: &order.operator,
            eid: Some(&f.eid),
            iccid: &order.iccid,
            profile_type: &f.profile.profile_type,
            point: NotificationPoint::BppInstallation,
            failure,
            result_data: Some(applied.body.clone()),
        },
    )?;
    tracing::info!(eid = %f.eid, iccid = %order.iccid, success, "installation result applied");
    Ok(true)
}

/// The eUICC's chain and its signature over tbsOtherNotification.
enum Verified {
    Eid(String),
    /// The chain names the eUICC but the signature does not verify.
    BadSignature(String, String),
    /// No verified chain: no EID to keep it under.
    BadChain(String),
}

fn verify_other(ctx: &Context, n: &OtherSignedNotification) -> Verified {
    let euicc = match certs::verify_euicc_chain(
        &ctx.creds.cis,
        n.eum_certificate.as_bytes(),
        n.euicc_certificate.as_bytes(),
        Some(time::OffsetDateTime::now_utc()),
    ) {
        Ok(e) => e,
        Err(e) => return Verified::BadChain(format!("certificate chain: {e}")),
    };
    let checked = verify_with(
        &euicc.public_key,
        n.tbs_other_notification.raw(),
        &n.euicc_notification_signature,
    )
    .map_err(|e| e.to_string());
    match checked {
        Ok(()) => Verified::Eid(euicc.eid),
        Err(why) => Verified::BadSignature(euicc.eid, why),
    }
}

async fn other(ctx: &Ctx, n: OtherSignedNotification, raw: Vec<u8>) -> Result<(), Es9Error> {
    let checker = ctx.clone();
    let signed = n.clone();
    let verified = crypto(Work::Fixed, move || Ok(verify_other(&checker, &signed))).await?;
    let meta = n.tbs_other_notification.value().clone();
    let eid = match verified {
        Verified::Eid(eid) => eid,
        Verified::BadSignature(eid, why) => {
            let outcome = format!("ignored: {why}");
            let r = record(&eid, &meta, iccid_of(&meta), None, &outcome, &raw);
            return ignore(ctx, r).await;
        }
        Verified::BadChain(why) => {
            tracing::info!(why, seq = meta.seq_number, "notification not applied");
            return Ok(());
        }
    };
    let op = operation(&meta);
    let Some(iccid) = iccid_of(&meta) else {
        return ignore(
            ctx,
            record(&eid, &meta, None, None, "ignored: no ICCID", &raw),
        )
        .await;
    };
    let (state, point) = match op {
        "enable" => (ProfileState::Enabled, Some(NotificationPoint::Enabled)),
        "disable" => (ProfileState::Disabled, Some(NotificationPoint::Disabled)),
        "delete" => (ProfileState::Deleted, Some(NotificationPoint::Deleted)),
        "install" => (ProfileState::Installed, None),
        _ => {
            let r = record(
                &eid,
                &meta,
                Some(iccid),
                None,
                "ignored: no operation",
                &raw,
            );
            return ignore(ctx, r).await;
        }
    };
    let applied = record(&eid, &meta, Some(iccid), None, "applied", &raw);
    let writer = ctx.clone();
    let outcome = ctx
        .store
        .write(move |tx| apply_other(&writer, tx, &applied, state, point))
        .await?;
    if let Err(why) = outcome {
        let r = record(&eid, &meta, iccid_of(&meta), None, &why.to_string(), &raw);
        ignore(ctx, r).await?;
    }
    Ok(())
}

/// Moves the profile and tells its operator, once per notification; `Err` says why it was
/// not applied.
fn apply_other(
    ctx: &Context,
    tx: &mut Tx<'_>,
    n: &NotificationRecord,
    state: ProfileState,
    point: Option<NotificationPoint>,
) -> Result<Result<(), NotApplied>, Es9Error> {
    let iccid = n.iccid.as_deref().unwrap_or_default();
    let profile = profiles::profile(tx, iccid)?;
    let Some(profile) = profile.filter(|p| p.eid.as_deref() == Some(&n.eid)) else {
        return Ok(Err(NotApplied::ForeignProfile));
    };
    if !notifications::insert(tx, n)? {
        tracing::debug!(eid = %n.eid, seq = n.seq_number, "notification already applied");
        return Ok(Ok(()));
    }
    if profile.state != state {
        let detail = format!("{} notification", n.operation);
        profiles::set_state(tx, iccid, state, Some(&n.eid), Some(&detail))?;
    }
    let operator = profiles::profile_type(tx, &profile.profile_type)?
        .map(|t| t.operator)
        .unwrap_or_default();
    if let Some(point) = point {
        queue(
            ctx,
            tx,
            Progress {
                operator: &operator,
                eid: Some(&n.eid),
                iccid,
                profile_type: &profile.profile_type,
                point,
                failure: None,
                result_data: None,
            },
        )?;
    }
    tracing::info!(eid = %n.eid, %iccid, operation = %n.operation, "notification applied");
    Ok(Ok(()))
}
