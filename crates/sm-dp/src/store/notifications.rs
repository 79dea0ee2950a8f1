//! Notifications received over ES9+.HandleNotification (SGP.22 5.6.4), kept for the record
//! and so that a notification sent twice (the LPA retries until it may remove it) acts once.

use super::{StoreError, Tx, new_id, now_ms};

/// A received notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationRecord {
    pub eid: String,
    pub seq_number: i64,
    /// `install`, `enable`, `disable`, `delete`.
    pub operation: String,
    pub iccid: Option<String>,
    pub transaction_id: Option<Vec<u8>>,
    /// What the SM-DP+ did with it (`applied`, or why it was ignored).
    pub outcome: String,
    /// The PendingNotification as received (DER).
    pub body: Vec<u8>,
}

/// Whether a notification with this EID, sequence number and operation was applied.
pub async fn seen(
    tx: &mut Tx,
    eid: &str,
    seq_number: i64,
    operation: &str,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE eid = $1 AND seq_number = $2 \
         AND operation = $3 AND outcome = 'applied'",
    )
    .bind(eid)
    .bind(seq_number)
    .bind(operation)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

/// Keeps a notification.
pub async fn insert(tx: &mut Tx, n: &NotificationRecord) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO notifications (id, eid, seq_number, operation, iccid, transaction_id, \
         outcome, body_hex, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new_id()?)
    .bind(&n.eid)
    .bind(n.seq_number)
    .bind(&n.operation)
    .bind(&n.iccid)
    .bind(n.transaction_id.as_ref().map(hex::encode))
    .bind(&n.outcome)
    .bind(hex::encode(&n.body))
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
