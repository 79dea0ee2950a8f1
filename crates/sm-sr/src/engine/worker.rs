//! The engine's background worker: ES2+ orders of localizations, and forwarding of received
//! notifications to the SM-DP+ ([`super::forward`]). Both survive a restart: what is due is
//! in the database; outgoing calls are retried with back-off.

use tokio::sync::watch;

use super::EngineError;
use crate::clock::wall_ms;
use crate::context::Ctx;
use crate::store::{OperationState, operations};

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

/// One round: due orders, then due notifications.
pub(crate) async fn tick(ctx: &Ctx) -> Result<(), EngineError> {
    for step in ["cancel", "order"] {
        let now = wall_ms();
        let due = ctx
            .store
            .read(move |tx| operations::due(tx, OperationState::Queued, step, now, 32))
            .await?;
        for op in due {
            let id = op.id.clone();
            let (now, lease) = (wall_ms(), id.clone());
            let until =
                now + i64::try_from(ctx.delivery.order_lease.as_millis()).unwrap_or(i64::MAX / 4);
            let mine = ctx
                .store
                .write(move |tx| operations::lease(tx, &lease, step, now, until))
                .await?;
            if !mine {
                continue;
            }
            let done = match step {
                "cancel" => super::ordering::cancel(ctx, op).await,
                _ => super::ordering::order(ctx, op).await,
            };
            if let Err(e) = done {
                tracing::warn!(operation = %id, step, error = %e, "localization ES2+ step failed");
            }
        }
    }
    super::forward::forward_due(ctx).await
}
