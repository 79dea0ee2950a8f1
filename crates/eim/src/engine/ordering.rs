//! The ES2+ steps of a localization (SGP.22 5.3), run by the worker outside transactions:
//! `order` — DownloadOrder, its ICCID recorded at once, then ConfirmOrder (a retried
//! confirmation never allocates a second profile); `cancel` — when an attempt is given up
//! after its order (the confirmation refused, the download failed), CancelOrder puts the
//! profile back in stock, so no order is left open at the SM-DP+ (the SM-DP+ keeps out of
//! stock a profile whose package already left it). Then the next profile type is tried.
//!
//! Every outcome is recorded in one transaction, and only if the operation is still at the
//! step and attempt the call was made for (another instance may have moved it).

use proto::ids::{ActivationCode, Eid, Iccid, MatchingId};
use serde_json::json;
use tokio::sync::Notify;

use super::EngineError;
use super::attempts::{attempt, give_up_attempt, next_target, targets};
use super::request::trigger_plan;
use crate::clock::wall_ms;
use crate::config::Target;
use crate::context::{Context, Ctx};
use crate::smdp::{Es2CallError, Es2Client, OrderOutcome};
use crate::store::{Operation, Tx, events, operations, packages};

/// An ES2+ refusal made here (no call could be made).
fn refused(message: String) -> Es2CallError {
    Es2CallError::Refused {
        subject: String::new(),
        reason: String::new(),
        message,
    }
}

/// The ES2+ client and EID for the operation's current target.
fn client<'a>(
    ctx: &'a Context,
    op: &Operation,
    target: Option<&Target>,
) -> Result<(&'a Es2Client, Eid, String), Es2CallError> {
    let t = target.ok_or_else(|| refused("no target".into()))?;
    let operator = t.operator.clone().unwrap_or_else(|| ctx.operator.clone());
    let client = ctx.smdp.es2.get(&operator).ok_or_else(|| {
        refused(format!(
            "no ES2+ client for operator {operator:?} (an SM-DP+ ES2+ URL and that operator's \
             credential are needed)"
        ))
    })?;
    let eid = Eid::parse(&op.eid).map_err(|e| refused(format!("stored EID: {e}")))?;
    Ok((client, eid, t.profile_type.clone()))
}

/// Runs the order step of one due operation. `allocated` is notified once the ICCID of the
/// attempt is known (DownloadOrder answered, or an earlier attempt's allocation found),
/// before ConfirmOrder and while the allocation is being recorded: from then on another
/// DownloadOrder cannot take that profile, so a caller handing out the inventory in its own
/// order may go on.
pub(crate) async fn order(
    ctx: &Ctx,
    op: Operation,
    allocated: Option<&Notify>,
) -> Result<(), EngineError> {
    let mut allocated = allocated;
    let mut signal = move || {
        if let Some(s) = allocated.take() {
            s.notify_one();
        }
    };
    let a = attempt(&op);
    let target = targets(&op).get(a).cloned();
    let call = match client(ctx, &op, target.as_ref()) {
        Err(e) => Err(e),
        Ok((client, eid, profile_type)) => {
            let known = op.data["orderedIccid"]
                .as_str()
                .and_then(|i| Iccid::parse_lenient(i).ok());
            let iccid = match known {
                Some(i) => Ok(i),
                None => match client.download_order(&eid, &profile_type).await {
                    Ok(i) => {
                        // Allocated at the SM-DP+: no later DownloadOrder takes this profile,
                        // recorded here yet or not.
                        signal();
                        let (c, id, iccid) = (ctx.clone(), op.id.clone(), i.clone());
                        ctx.store
                            .write(move |tx| record_allocation(&c, tx, &id, a, &iccid))
                            .await?;
                        Ok(i)
                    }
                    Err(e) => Err(e),
                },
            };
            match iccid {
                Err(e) => Err(e),
                Ok(iccid) => {
                    signal();
                    client
                        .confirm_order(&eid, &iccid)
                        .await
                        .map(|c| OrderOutcome {
                            iccid,
                            matching_id: c.matching_id,
                            smdp_address: c.smdp_address,
                        })
                }
            }
        }
    };
    let now = ctx.now();
    let c = ctx.clone();
    ctx.store
        .write(move |tx| record_order(&c, tx, &op.id, a, target.clone(), &call, now))
        .await
}

/// The operation at `id`, if it is still at `step` of attempt `a`.
fn current(
    tx: &mut Tx<'_>,
    id: &str,
    step: &str,
    a: usize,
) -> Result<Option<Operation>, EngineError> {
    Ok(operations::get(tx, id)?.filter(|cur| {
        !cur.state.is_final() && cur.step.as_deref() == Some(step) && attempt(cur) == a
    }))
}

/// DownloadOrder allocated `iccid`: kept before ConfirmOrder runs.
fn record_allocation(
    ctx: &Context,
    tx: &mut Tx<'_>,
    id: &str,
    a: usize,
    iccid: &Iccid,
) -> Result<(), EngineError> {
    if let Some(mut cur) = current(tx, id, "order", a)? {
        cur.data["orderedIccid"] = json!(iccid.as_str());
        cur.updated_at = ctx.now();
        operations::save(tx, &cur)?;
    }
    Ok(())
}

/// What the ES2+ order gave.
fn record_order(
    ctx: &Context,
    tx: &mut Tx<'_>,
    id: &str,
    a: usize,
    target: Option<Target>,
    call: &Result<OrderOutcome, Es2CallError>,
    now: i64,
) -> Result<(), EngineError> {
    let Some(mut cur) = current(tx, id, "order", a)? else {
        return Ok(());
    };
    match call {
        Ok(outcome) => queue_trigger(tx, &mut cur, target, outcome, now)?,
        Err(Es2CallError::Refused {
            subject,
            reason,
            message,
        }) => {
            tracing::info!(operation = %cur.id, %subject, %reason, %message, "ES2+ order refused");
            let code = if subject.is_empty() {
                message.clone()
            } else {
                format!("ES2+ {subject}/{reason}: {message}")
            };
            give_up_attempt(&mut cur, code, now);
        }
        Err(Es2CallError::Transport(e)) => {
            let tries = cur.data["orderTries"].as_u64().unwrap_or(0) + 1;
            tracing::warn!(operation = %cur.id, error = %e, tries, "ES2+ order failed");
            if tries >= u64::from(ctx.delivery.max_order_attempts) {
                give_up_attempt(&mut cur, format!("ES2+ unreachable: {e}"), now);
            } else {
                cur.data["orderTries"] = json!(tries);
                cur.next_action_at = Some(wall_ms() + backoff_ms(ctx, tries));
                cur.updated_at = now;
            }
        }
    }
    operations::save(tx, &cur)?;
    Ok(())
}

/// A confirmed order: queues the download trigger of its activation code (SGP.32 v1.2
/// 3.2.2) and moves the operation to its download step; an answer without an SM-DP+ address
/// or with a bad Matching ID ends the attempt. The caller saves `cur`.
fn queue_trigger(
    tx: &mut Tx<'_>,
    cur: &mut Operation,
    target: Option<Target>,
    outcome: &OrderOutcome,
    now: i64,
) -> Result<(), EngineError> {
    let Some(address) = outcome.smdp_address.clone() else {
        give_up_attempt(cur, "ConfirmOrder gave no SM-DP+ address".into(), now);
        return Ok(());
    };
    let matching = match MatchingId::parse(&outcome.matching_id) {
        Ok(m) => m,
        Err(e) => {
            give_up_attempt(cur, format!("Matching ID from the SM-DP+: {e}"), now);
            return Ok(());
        }
    };
    let ac = ActivationCode::new(address, Some(matching));
    let plan = trigger_plan(&ac);
    let pkg = packages::insert(
        tx,
        &cur.eid,
        Some(&cur.id),
        plan.kind,
        &plan.body,
        None,
        now,
    )?;
    let t = target.unwrap_or(Target {
        profile_type: String::new(),
        operator: None,
    });
    cur.data["iccid"] = json!(outcome.iccid.as_str());
    cur.data["matchingId"] = json!(outcome.matching_id);
    cur.data["activationCode"] = json!(ac.to_code_string());
    cur.data["profileType"] = json!(t.profile_type);
    cur.step = Some("download".into());
    cur.next_action_at = None;
    cur.updated_at = now;
    events::add(
        tx,
        &cur.eid,
        "profile-ordered",
        json!({"operation": cur.id, "profileType": t.profile_type,
               "iccid": outcome.iccid.as_str(), "package": pkg.id}),
        now,
    )?;
    Ok(())
}

/// Runs the cancel step of one due operation.
pub(crate) async fn cancel(ctx: &Ctx, op: Operation) -> Result<(), EngineError> {
    let a = attempt(&op);
    let target = targets(&op).get(a).cloned();
    let ordered = op.data["orderedIccid"]
        .as_str()
        .or(op.data["iccid"].as_str())
        .and_then(|i| Iccid::parse_lenient(i).ok());
    let call = match (client(ctx, &op, target.as_ref()), ordered) {
        (Ok((client, eid, _)), Some(iccid)) => client.cancel_order(&eid, &iccid).await,
        (Err(e), _) => Err(e),
        (_, None) => Err(refused("no ordered profile recorded".into())),
    };
    let now = ctx.now();
    let c = ctx.clone();
    ctx.store
        .write(move |tx| record_cancel(&c, tx, &op.id, a, &call, now))
        .await
}

fn record_cancel(
    ctx: &Context,
    tx: &mut Tx<'_>,
    id: &str,
    a: usize,
    call: &Result<(), Es2CallError>,
    now: i64,
) -> Result<(), EngineError> {
    let Some(mut cur) = current(tx, id, "cancel", a)? else {
        return Ok(());
    };
    let why = cur.data["cancelWhy"]
        .as_str()
        .unwrap_or("given up")
        .to_string();
    match call {
        Ok(()) => next_target(&mut cur, format!("{why} (order cancelled)"), now),
        Err(Es2CallError::Refused { message, .. }) => {
            tracing::info!(operation = %cur.id, %message, "ES2+ CancelOrder refused");
            next_target(
                &mut cur,
                format!("{why} (CancelOrder refused: {message})"),
                now,
            );
        }
        Err(Es2CallError::Transport(e)) => {
            let tries = cur.data["cancelTries"].as_u64().unwrap_or(0) + 1;
            if tries >= u64::from(ctx.delivery.max_order_attempts) {
                tracing::warn!(operation = %cur.id, error = %e, "ES2+ CancelOrder given up; the order stays open");
                next_target(&mut cur, format!("{why} (CancelOrder failed: {e})"), now);
            } else {
                cur.data["cancelTries"] = json!(tries);
                cur.next_action_at = Some(wall_ms() + backoff_ms(ctx, tries));
                cur.updated_at = now;
            }
        }
    }
    operations::save(tx, &cur)?;
    Ok(())
}

fn backoff_ms(ctx: &Context, tries: u64) -> i64 {
    let (initial, max) = (ctx.delivery.initial_backoff, ctx.delivery.max_backoff);
    infra::retry::delay_ms(initial, max, tries.saturating_sub(1))
}
