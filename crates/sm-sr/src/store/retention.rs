//! Retention: what the SM-SR deletes so its database stays bounded. EISs, profiles and
//! key sets stay as long as the eUICC is managed; finished operations (with their
//! commands), received Default Notifications and delivered operator notifications age out.
//! Unfinished operations past their validity period are expired first (SGP.02 5.1.1: the
//! function ends `Expired`). All statements are idempotent, so several instances may sweep.

use std::time::Duration;

use super::{StoreError, Tx, duration_ms};
use crate::operation::OperationState;
use crate::status::FUNCTION_EXPIRED;

/// How long records are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Finished operations and delivered operator notifications.
    pub operations: Duration,
    /// Received Default Notifications (a card repeating one after this is applied again).
    pub notifications: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            operations: Duration::from_secs(30 * 24 * 3600),
            notifications: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

impl server::Ages for Retention {
    const SWEEP_INTERVAL: Duration = Duration::from_secs(60);
}

/// What one sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Operations that ran out of validity and ended `Expired`.
    pub expired: u64,
    /// Finished operations deleted.
    pub operations: u64,
    /// Default Notifications deleted.
    pub notifications: u64,
}

impl server::sweep::Swept for Swept {
    fn deleted_any(&self) -> bool {
        self.expired + self.operations + self.notifications > 0
    }
}

/// Expires, then deletes, what is due at `now` (Unix ms).
pub(crate) fn sweep(tx: &mut Tx<'_>, now: i64, keep: &Retention) -> Result<Swept, StoreError> {
    let mut swept = Swept::default();
    for id in super::operations::expired(tx, now)? {
        if super::operations::set_state(
            tx,
            &id,
            OperationState::Expired,
            Some(FUNCTION_EXPIRED),
            None,
        )? {
            swept.expired += 1;
            // A CreateISDP that never got its answer leaves no profile behind (SGP.02
            // 3.1.1: the SM-DP's clean-up deletes an ISD-P the card may have made).
            if let Some(op) = super::operations::load(tx, &id)?
                && op.function == crate::operation::Function::CreateIsdp
            {
                crate::es3::isd_p_not_created(tx, &op)?;
            }
        }
    }
    let old = now - duration_ms(keep.operations);
    tx.execute(
        "DELETE FROM commands WHERE operation_id IN \
         (SELECT id FROM operations WHERE finished_at IS NOT NULL AND finished_at < $1)",
        &[&old],
    )?;
    // A response still undelivered goes with its operation: kept as long as the operation.
    tx.execute(
        "DELETE FROM replies WHERE operation_id IN \
         (SELECT id FROM operations WHERE finished_at IS NOT NULL AND finished_at < $1)",
        &[&old],
    )?;
    swept.operations = tx.execute(
        "DELETE FROM operations WHERE finished_at IS NOT NULL AND finished_at < $1",
        &[&old],
    )?;
    tx.execute(
        "DELETE FROM mno_notifications WHERE delivered_at IS NOT NULL AND delivered_at < $1",
        &[&old],
    )?;
    let old = now - duration_ms(keep.notifications);
    swept.notifications =
        tx.execute("DELETE FROM notifications WHERE received_at < $1", &[&old])?;
    Ok(swept)
}
