//! Retention (issue 11, 12): what the SM-DP+ deletes so that its database stays bounded
//! under any traffic, an unauthenticated flood of InitiateAuthentication included.
//!
//! - A session past its expiry is deleted. One that delivered a Bound Profile Package and
//!   never got an installation result leaves its profile `Downloaded`: the order stays open
//!   for the LPA to try again (SGP.22 3.1.5) until the order itself expires.
//! - A closed session is deleted after `closed_sessions` (installation results arriving
//!   later are matched on the notifications kept, by transactionId).
//! - An open order past its expiry fails: its profile goes back to Available when no
//!   package ever left the SM-DP+, and to Error otherwise (it may be on an eUICC whose
//!   result was lost: never handed out again).
//! - Delivered operator notifications (outbox) and received notifications are deleted after
//!   their retention time.
//!
//! Every statement is an idempotent conditional DELETE or UPDATE, so several instances may
//! sweep at once.

use std::time::Duration;

use super::history::record;
use super::{StoreError, Tx, duration_ms};
use crate::state::ProfileState;

/// How long what is finished is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    pub closed_sessions: Duration,
    pub delivered_outbox: Duration,
    pub notifications: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            closed_sessions: Duration::from_secs(3600),
            delivered_outbox: Duration::from_secs(7 * 24 * 3600),
            notifications: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

impl server::Ages for Retention {
    const SWEEP_INTERVAL: Duration = Duration::from_secs(10);
}

/// What one sweep removed or ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub expired_sessions: u64,
    pub closed_sessions: u64,
    pub expired_orders: u64,
    pub outbox: u64,
    pub notifications: u64,
}

impl Swept {
    pub fn total(&self) -> u64 {
        self.expired_sessions
            + self.closed_sessions
            + self.expired_orders
            + self.outbox
            + self.notifications
    }
}

impl server::sweep::Swept for Swept {
    fn deleted_any(&self) -> bool {
        self.total() > 0
    }
}

/// Ends the open orders past their expiry.
fn expire_orders(tx: &mut Tx<'_>, now: i64) -> Result<u64, StoreError> {
    let expired: Vec<(String, String, String)> = tx.query(
        "SELECT o.id, o.iccid, p.state FROM orders o JOIN profiles p ON p.iccid = o.iccid \
         WHERE o.status = 'open' AND o.expires_at IS NOT NULL AND o.expires_at <= $1",
        &[&now],
    )?;
    let mut n = 0;
    for (id, iccid, state) in expired {
        let ended = tx.execute(
            "UPDATE orders SET status = 'failed', updated_at = $1 WHERE id = $2 AND status = 'open'",
            &[&now, &id],
        )?;
        if ended == 0 {
            continue;
        }
        n += 1;
        let delivered = state == ProfileState::Downloaded.as_str();
        let (to, detail) = if delivered {
            (
                ProfileState::Error,
                "order expired after its package was delivered",
            )
        } else {
            (ProfileState::Available, "order expired before any download")
        };
        tx.execute(
            "UPDATE profiles SET state = $1, eid = NULL, error_reason = $2, updated_at = $3 \
             WHERE iccid = $4 AND state = $5",
            &[
                &to.as_str(),
                &delivered.then_some(detail),
                &now,
                &iccid,
                &state,
            ],
        )?;
        record(tx, &iccid, to, Some(detail))?;
        tracing::info!(%iccid, detail, "order expired");
    }
    Ok(n)
}

/// One sweep at `now` (Unix ms).
pub(crate) fn sweep(tx: &mut Tx<'_>, now: i64, r: &Retention) -> Result<Swept, StoreError> {
    let before = |d: Duration| now - duration_ms(d);
    let expired_sessions = tx.execute(
        "DELETE FROM sessions WHERE step <> 'closed' AND expires_at <= $1",
        &[&now],
    )?;
    let closed_sessions = tx.execute(
        "DELETE FROM sessions WHERE step = 'closed' AND updated_at <= $1",
        &[&before(r.closed_sessions)],
    )?;
    let expired_orders = expire_orders(tx, now)?;
    let outbox = tx.execute(
        "DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at <= $1",
        &[&before(r.delivered_outbox)],
    )?;
    let notifications = tx.execute(
        "DELETE FROM notifications WHERE received_at <= $1",
        &[&before(r.notifications)],
    )?;
    Ok(Swept {
        expired_sessions,
        closed_sessions,
        expired_orders,
        outbox,
        notifications,
    })
}

/// Rows per table.
pub(crate) fn row_counts(tx: &mut Tx<'_>) -> Result<Vec<(&'static str, i64)>, StoreError> {
    let mut out = Vec::new();
    for table in [
        "profile_types",
        "profiles",
        "profile_history",
        "orders",
        "sessions",
        "notifications",
        "outbox",
    ] {
        let (n,): (i64,) = tx.query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])?;
        out.push((table, n));
    }
    Ok(out)
}
