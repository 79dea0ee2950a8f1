//! The engine's background worker: ES2+ orders of localizations, and forwarding of received
//! notifications to the SM-DP+ (ES9+.HandleNotification, SGP.22 5.6.4). Both survive a
//! restart: what is due is in the database; outgoing calls are retried with back-off.

use std::time::Duration;

use proto::json::es9p::{Es9Function, HandleNotificationRequest};
use tokio::sync::watch;

use super::EngineError;
use crate::clock::wall_ms;
use crate::context::Ctx;
use crate::store::{OperationState, StoreError, notifications, operations};

/// How long an instance holds a localization's order step while it calls ES2+.
const ORDER_LEASE_MS: i64 = 120_000;

/// Forwarding attempts of one notification before it is given up.
const MAX_FORWARD_ATTEMPTS: i64 = 20;

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
    forward_notifications(ctx).await
}

fn backoff(ctx: &Ctx, attempts: i64) -> i64 {
    let base = ctx.delivery.initial_backoff.as_millis();
    let max = ctx.delivery.max_backoff.as_millis();
    let shift = u32::try_from(attempts.clamp(0, 20)).unwrap_or(20);
    i64::try_from(base.saturating_mul(1u128 << shift).min(max)).unwrap_or(i64::MAX / 4)
}

async fn forward_notifications(ctx: &Ctx) -> Result<(), EngineError> {
    let due = {
        let mut tx = ctx.store.begin().await?;
        let d = notifications::due(&mut tx, wall_ms(), 32).await?;
        tx.commit().await.map_err(StoreError::from)?;
        d
    };
    for n in due {
        let body = HandleNotificationRequest {
            header: None,
            pending_notification: n.der.clone(),
        };
        let outcome = tokio::time::timeout(
            Duration::from_secs(30),
            ctx.smdp
                .es9
                .call(&n.address, Es9Function::HandleNotification, &body),
        )
        .await;
        let (state, error, next, at) = match outcome {
            Ok(Ok(_)) => ("forwarded", None, 0, Some(ctx.now())),
            Ok(Err(e)) => failed(ctx, &n.attempts, e.to_string()),
            Err(_) => failed(ctx, &n.attempts, "timed out".into()),
        };
        if state == "forwarded" {
            tracing::info!(notification = %n.id, address = %n.address, "notification forwarded");
        } else {
            tracing::info!(notification = %n.id, address = %n.address, error = ?error,
                "notification not forwarded");
        }
        let mut tx = ctx.store.begin().await?;
        notifications::record_attempt(&mut tx, &n.id, state, error.as_deref(), next, at).await?;
        tx.commit().await.map_err(StoreError::from)?;
    }
    Ok(())
}

fn failed(
    ctx: &Ctx,
    attempts: &i64,
    error: String,
) -> (&'static str, Option<String>, i64, Option<i64>) {
    let state = if attempts + 1 >= MAX_FORWARD_ATTEMPTS {
        "failed"
    } else {
        "pending"
    };
    (
        state,
        Some(error),
        wall_ms() + backoff(ctx, *attempts),
        None,
    )
}
