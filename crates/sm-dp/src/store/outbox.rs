//! The outbox of the SM-DP+'s own calls: ES2+.HandleDownloadProgressInfo to operators
//! (SGP.22 5.3.5), ES12.DeleteEvent to SM-DSs (5.9.2) and the SGP.02 SM-DP's ES2
//! notifications to operators (SGP.02 5.3), written in the same transaction as
//! the state change they follow, delivered by a worker until the receiver accepts them, so
//! none is lost across restarts. An instance claims an entry with a lease
//! before sending it, so several instances over one database never send one twice at once.

use std::sync::atomic::{AtomicI64, Ordering};

use storage::{FromRow, Row};

use super::{StoreError, Tx, new_id, now_ms};

/// What an entry calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutboxKind {
    /// ES2+.HandleDownloadProgressInfo; the destination is the operator.
    Progress,
    /// ES12.DeleteEvent; the destination is the SM-DS address.
    DeleteEvent,
    /// An ES2 Handle*Notification the SGP.02 SM-DP forwards (SGP.02 5.3); the destination
    /// is the operator, the body its SOAP envelope.
    Es2Notification,
    /// An asynchronous ES2 response of the SGP.02 SM-DP; the destination is the operator,
    /// the body its SOAP envelope, whose `wsa:To` is the request's `ReplyTo`.
    Es2Response,
}

impl OutboxKind {
    fn as_str(self) -> &'static str {
        match self {
            OutboxKind::Progress => "progress",
            OutboxKind::DeleteEvent => "es12.deleteEvent",
            OutboxKind::Es2Notification => "es2.notification",
            OutboxKind::Es2Response => "es2.response",
        }
    }

    fn parse(s: &str) -> Result<OutboxKind, StoreError> {
        match s {
            "progress" => Ok(OutboxKind::Progress),
            "es12.deleteEvent" => Ok(OutboxKind::DeleteEvent),
            "es2.notification" => Ok(OutboxKind::Es2Notification),
            "es2.response" => Ok(OutboxKind::Es2Response),
            other => Err(StoreError::Corrupt(format!("outbox kind {other}"))),
        }
    }
}

/// One pending or delivered call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: String,
    /// Who receives it: the operator (a progress report) or the SM-DS address (ES12);
    /// each destination's entries go in order.
    pub operator: String,
    pub kind: OutboxKind,
    /// The JSON request body.
    pub body: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub delivered_at: Option<i64>,
    pub last_error: Option<String>,
}

impl FromRow for OutboxEntry {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(OutboxEntry {
            id: r.take(0)?,
            operator: r.take(1)?,
            body: r.take(2)?,
            attempts: r.take(3)?,
            next_attempt_at: r.take(4)?,
            delivered_at: r.take(5)?,
            last_error: r.take(6)?,
            kind: OutboxKind::parse(&r.take::<String>(7)?)?,
        })
    }
}

/// Orders entries created within one millisecond.
static SEQ: AtomicI64 = AtomicI64::new(0);

const COLUMNS: &str =
    "id, operator, body, attempts, next_attempt_at, delivered_at, last_error, kind";

/// Queues a progress report to `operator`.
pub(crate) fn push(tx: &mut Tx<'_>, operator: &str, body: &str) -> Result<(), StoreError> {
    push_kind(tx, OutboxKind::Progress, operator, body)
}

/// Queues a call of `kind` to `destination`.
pub(crate) fn push_kind(
    tx: &mut Tx<'_>,
    kind: OutboxKind,
    destination: &str,
    body: &str,
) -> Result<(), StoreError> {
    let now = now_ms();
    tx.execute(
        "INSERT INTO outbox (id, operator, body, attempts, next_attempt_at, delivered_at, \
         last_error, created_at, seq, kind) VALUES ($1, $2, $3, 0, $4, NULL, NULL, $4, $5, $6)",
        &[
            &new_id()?,
            &destination,
            &body,
            &now,
            &SEQ.fetch_add(1, Ordering::Relaxed),
            &kind.as_str(),
        ],
    )?;
    Ok(())
}

/// Undelivered entries, oldest first (due or not: a later entry of an operator waits for
/// the earlier ones, so reports arrive in order).
pub(crate) fn pending(tx: &mut Tx<'_>, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
    tx.query(
        &format!(
            "SELECT {COLUMNS} FROM outbox WHERE delivered_at IS NULL \
             ORDER BY created_at, seq LIMIT $1"
        ),
        &[&limit],
    )
}

/// Every entry, oldest first (reports and tests).
pub(crate) fn all(tx: &mut Tx<'_>) -> Result<Vec<OutboxEntry>, StoreError> {
    tx.query(
        &format!("SELECT {COLUMNS} FROM outbox ORDER BY created_at, seq"),
        &[],
    )
}

/// Takes an entry for one delivery attempt until `until` (Unix ms): only if it is still
/// undelivered, due, and not taken by another instance. Returns whether it was taken.
pub(crate) fn lease(tx: &mut Tx<'_>, id: &str, now: i64, until: i64) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND delivered_at IS NULL \
         AND next_attempt_at <= $3",
        &[&until, &id, &now],
    )?;
    Ok(n == 1)
}

/// Marks an entry delivered.
pub(crate) fn delivered(tx: &mut Tx<'_>, id: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE outbox SET delivered_at = $1, attempts = attempts + 1 WHERE id = $2",
        &[&now_ms(), &id],
    )?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub(crate) fn failed(
    tx: &mut Tx<'_>,
    id: &str,
    error: &str,
    next_attempt_at: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 \
         WHERE id = $3 AND delivered_at IS NULL",
        &[&error, &next_attempt_at, &id],
    )?;
    Ok(())
}
