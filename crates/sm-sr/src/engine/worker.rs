//! The engine's background worker: ES2+ orders of localizations, and forwarding of received
//! notifications to the SM-DP+ ([`super::forward`]). Both survive a restart: what is due is
//! in the database; outgoing calls are retried with back-off.

use tokio::sync::watch;

use super::EngineError;
use crate::clock::wall_ms;
use crate::context::Ctx;
use crate::store::{OperationState, StoreError, operations};

/// How long an instance holds a localization's order step while it calls ES2+.
const ORDER_LEASE_MS: i64 = 120_000;

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
    let due = {
        let mut tx = ctx.store.begin().await?;
        let d = operations::due(&mut tx, OperationState::Queued, "order", wall_ms(), 32).await?;
        tx.commit().await.map_err(StoreError::from)?;
        d
    };
    for op in due {
        let id = op.id.clone();
        let now = wall_ms();
        let mut tx = ctx.store.begin().await?;
        let mine = operations::lease(&mut tx, &id, now, now + ORDER_LEASE_MS).await?;
        tx.commit().await.map_err(StoreError::from)?;
        if !mine {
            continue;
        }
        if let Err(e) = super::localize::order(ctx, op).await {
            tracing::warn!(operation = %id, error = %e, "localization order step failed");
        }
    }
    super::forward::forward_due(ctx).await
}
