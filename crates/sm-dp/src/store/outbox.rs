//! The outbox of ES2+.HandleDownloadProgressInfo calls (SGP.22 5.3.5): written in the same
//! transaction as the state change they report, delivered by a worker until the operator
//! accepts them, so none is lost across restarts.

use std::sync::atomic::{AtomicI64, Ordering};

use sqlx::Row;

use super::{StoreError, Tx, new_id, now_ms};

/// One pending or delivered call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: String,
    pub operator: String,
    /// The JSON request body.
    pub body: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub delivered_at: Option<i64>,
    pub last_error: Option<String>,
}

/// Orders entries created within one millisecond.
static SEQ: AtomicI64 = AtomicI64::new(0);

fn from_row(r: &sqlx::any::AnyRow) -> Result<OutboxEntry, StoreError> {
    Ok(OutboxEntry {
        id: r.try_get("id")?,
        operator: r.try_get("operator")?,
        body: r.try_get("body")?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        delivered_at: r.try_get("delivered_at")?,
        last_error: r.try_get("last_error")?,
    })
}

const COLUMNS: &str = "id, operator, body, attempts, next_attempt_at, delivered_at, last_error";

/// Queues a call to `operator`.
pub async fn push(tx: &mut Tx, operator: &str, body: &str) -> Result<(), StoreError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO outbox (id, operator, body, attempts, next_attempt_at, delivered_at, \
         last_error, created_at, seq) VALUES ($1, $2, $3, 0, $4, NULL, NULL, $4, $5)",
    )
    .bind(new_id()?)
    .bind(operator)
    .bind(body)
    .bind(now)
    .bind(SEQ.fetch_add(1, Ordering::Relaxed))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Undelivered entries, oldest first (due or not: a later entry of an operator waits for
/// the earlier ones, so reports arrive in order).
pub async fn pending(tx: &mut Tx, limit: i64) -> Result<Vec<OutboxEntry>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, seq LIMIT $1"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(limit)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Every entry, oldest first (reports and tests).
pub async fn all(tx: &mut Tx) -> Result<Vec<OutboxEntry>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM outbox ORDER BY created_at, seq");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Marks an entry delivered.
pub async fn delivered(tx: &mut Tx, id: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE outbox SET delivered_at = $1, attempts = attempts + 1 WHERE id = $2")
        .bind(now_ms())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub async fn failed(
    tx: &mut Tx,
    id: &str,
    error: &str,
    next_attempt_at: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 \
         WHERE id = $3",
    )
    .bind(error)
    .bind(next_attempt_at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
