//! The engine's background worker: ES2+ orders of localizations, and forwarding of received
//! notifications to the SM-DP+ ([`super::forward`]). Both survive a restart: what is due is
//! in the database; outgoing calls are retried with back-off.

use tokio::sync::{Notify, watch};

use super::EngineError;
use crate::clock::wall_ms;
use crate::context::Ctx;
use crate::store::{Operation, OperationState, operations};

/// Runs until `shutdown` turns true.
pub(crate) async fn run(ctx: Ctx, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            break;
        }
        if let Err(e) = tick(&ctx).await {
            tracing::warn!(error = %e, "engine tick failed");
        }
        tokio::select! {
            _ = shutdown.changed() => {}
            _ = ctx.wakeup.notified() => {}
            _ = tokio::time::sleep(ctx.delivery.engine_interval) => {}
        }
    }
}

/// One round: due cancellations and orders (orders only unless
/// [`crate::config::Delivery::hold_orders`]), then due notifications.
pub(crate) async fn tick(ctx: &Ctx) -> Result<(), EngineError> {
    run_due(ctx, "cancel", None).await?;
    if !ctx.delivery.hold_orders {
        run_due(ctx, "order", None).await?;
    }
    super::forward::forward_due(ctx).await
}

/// Runs the ES2+ `step` (order, cancel) of the due localizations, oldest first, of every
/// device or of `eid` only; each is leased first, so that no other instance (nor the worker
/// and [`crate::Fleet::place_orders`] in one process) makes the same call. How many it ran.
pub(crate) async fn run_due(
    ctx: &Ctx,
    step: &'static str,
    eid: Option<&str>,
) -> Result<usize, EngineError> {
    let mut ran = 0;
    for op in due(ctx, step, eid).await? {
        if lease(ctx, &op, step).await?.is_none() {
            continue;
        }
        ran += 1;
        run_leased(ctx, step, op, None).await;
    }
    Ok(ran)
}

/// `eid`'s operations due at the order step, oldest first, each leased as [`run_due`]
/// leases them but not run, with the time its lease ends: the caller runs them with
/// [`run_held`] when its turn comes. What it could not lease (another instance took it) is
/// left out.
pub(crate) async fn lease_due_orders(
    ctx: &Ctx,
    eid: &str,
) -> Result<Vec<(Operation, i64)>, EngineError> {
    let mut leased = Vec::new();
    for op in due(ctx, "order", Some(eid)).await? {
        if let Some(until) = lease(ctx, &op, "order").await? {
            leased.push((op, until));
        }
    }
    Ok(leased)
}

/// The operations due at `step`, of every device (32 at most) or of `eid` only.
async fn due(
    ctx: &Ctx,
    step: &'static str,
    eid: Option<&str>,
) -> Result<Vec<Operation>, EngineError> {
    let now = wall_ms();
    Ok(match eid.map(str::to_string) {
        // One device's: a point read, on the calling thread.
        Some(eid) => {
            ctx.store
                .read_inline(move |tx| operations::due_for(tx, &eid, step, now))
                .await?
        }
        None => {
            ctx.store
                .read(move |tx| operations::due(tx, OperationState::Queued, step, now, 32))
                .await?
        }
    })
}

/// How long a lease lasts, in ms.
fn lease_ms(ctx: &Ctx) -> i64 {
    i64::try_from(ctx.delivery.order_lease.as_millis()).unwrap_or(i64::MAX / 4)
}

/// Leases `op` at `step` for [`crate::config::Delivery::order_lease`]: when the lease ends
/// (wall-clock ms), or `None` when another instance holds it or it left the step.
async fn lease(ctx: &Ctx, op: &Operation, step: &'static str) -> Result<Option<i64>, EngineError> {
    let (now, id) = (wall_ms(), op.id.clone());
    let until = now + lease_ms(ctx);
    let taken = ctx
        .store
        .write(move |tx| operations::lease(tx, &id, step, now, until))
        .await?;
    Ok(taken.then_some(until))
}

/// Runs the ES2+ `step` of `op`, leased by [`lease_due_orders`] until `until` and held
/// since. Less than half the lease left (one ES2+ step is two calls of at most 30 s each),
/// the lease is renewed first; if it was taken over meanwhile (it ran out and another
/// instance leased the operation), nothing is called: the new holder places the order,
/// and a second DownloadOrder would take a second profile from the stock.
pub(crate) async fn run_held(
    ctx: &Ctx,
    step: &'static str,
    op: Operation,
    until: i64,
    allocated: Option<&Notify>,
) {
    let now = wall_ms();
    if until - now < lease_ms(ctx) / 2 {
        let (id, renewed_until) = (op.id.clone(), now + lease_ms(ctx));
        let renewed = ctx
            .store
            .write(move |tx| operations::renew(tx, &id, step, until, renewed_until))
            .await;
        match renewed {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(operation = %op.id, step, "lease taken over before its turn: not run");
                return;
            }
            Err(e) => {
                tracing::warn!(operation = %op.id, step, error = %e, "renewing a lease");
                return;
            }
        }
    }
    run_leased(ctx, step, op, allocated).await;
}

/// Runs the ES2+ `step` of a leased operation; a failure is logged (the operation records
/// its outcome and back-off itself).
pub(crate) async fn run_leased(ctx: &Ctx, step: &str, op: Operation, allocated: Option<&Notify>) {
    let id = op.id.clone();
    let done = match step {
        "cancel" => super::ordering::cancel(ctx, op).await,
        _ => super::ordering::order(ctx, op, allocated).await,
    };
    if let Err(e) = done {
        tracing::warn!(operation = %id, step, error = %e, "localization ES2+ step failed");
    }
}
