//! Retention: what the SM-DS deletes so its database stays bounded under any traffic.
//!
//! - An ES11 session past its expiry (an unauthenticated flood of InitiateAuthentication
//!   leaves rows for at most `session_ttl`).
//! - An Event Record older than `event_ttl`: one whose SM-DP+ never deleted it (the
//!   download happened elsewhere, the SM-DP+ is gone) must not be offered forever.
//!
//! - An ES15 forward the root refused for good, after `event_ttl` too.
//!
//! All are idempotent conditional DELETEs, so several instances may sweep at once.

use std::time::Duration;

use super::{StoreError, Tx, duration_ms};

/// How long Event Records are kept at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    pub event_ttl: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            event_ttl: Duration::from_secs(60 * 24 * 3600),
        }
    }
}

impl server::Ages for Retention {
    const SWEEP_INTERVAL: Duration = Duration::from_secs(10);
}

/// What one sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub events: u64,
}

impl server::sweep::Swept for Swept {
    fn deleted_any(&self) -> bool {
        self.sessions + self.events > 0
    }
}

/// Deletes expired sessions and events older than the retention at `now` (Unix ms).
pub(crate) fn sweep(tx: &mut Tx<'_>, now: i64, keep: &Retention) -> Result<Swept, StoreError> {
    let sessions = tx.execute("DELETE FROM sessions WHERE expires_at <= $1", &[&now])?;
    let old = now - duration_ms(keep.event_ttl);
    let events = tx.execute("DELETE FROM events WHERE created_at < $1", &[&old])?;
    // A forward the root refused for good is kept as long as an event, for the operator.
    tx.execute(
        "DELETE FROM forward_outbox WHERE failed = 1 AND created_at < $1",
        &[&old],
    )?;
    Ok(Swept { sessions, events })
}
