//! Notifications received over ESipa.HandleNotification or with a package result
//! (SGP.32 v1.2 5.14.7), kept in their SGP.22 form and forwarded to the SM-DP+ named by
//! their notificationAddress (ES9+.HandleNotification, SGP.22 5.6.4) by a persistent outbox
//! (in the order of `engine::forward`).

use serde::Serialize;
use sqlx::Row;

use super::{StoreError, Tx, decode_hex};

/// One received notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationRecord {
    pub id: String,
    pub eid: Option<String>,
    pub seq_number: Option<i64>,
    /// install | enable | disable | delete
    pub event: String,
    pub iccid: Option<String>,
    pub address: String,
    #[serde(skip)]
    pub der: Vec<u8>,
    pub received_at: i64,
    /// pending | forwarded | failed
    pub forward_state: String,
    pub attempts: i64,
    #[serde(skip)]
    pub next_attempt_at: i64,
    pub forwarded_at: Option<i64>,
    pub error: Option<String>,
}

const COLUMNS: &str = "id, eid, seq_number, event, iccid, address, der, received_at, \
    forward_state, attempts, next_attempt_at, forwarded_at, error";

fn from_row(r: &sqlx::any::AnyRow) -> Result<NotificationRecord, StoreError> {
    let der: String = r.try_get("der")?;
    Ok(NotificationRecord {
        id: r.try_get("id")?,
        eid: r.try_get("eid")?,
        seq_number: r.try_get("seq_number")?,
        event: r.try_get("event")?,
        iccid: r.try_get("iccid")?,
        address: r.try_get("address")?,
        der: decode_hex("notifications.der", &der)?,
        received_at: r.try_get("received_at")?,
        forward_state: r.try_get("forward_state")?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        forwarded_at: r.try_get("forwarded_at")?,
        error: r.try_get("error")?,
    })
}

/// Stores a notification to forward; `false` if the same octets were already received.
pub async fn insert(tx: &mut Tx, n: &NotificationRecord) -> Result<bool, StoreError> {
    let dup: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE der = $1")
        .bind(hex::encode(&n.der))
        .fetch_one(&mut **tx)
        .await?;
    if dup > 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO notifications (id, eid, seq_number, event, iccid, address, der, \
         received_at, forward_state, attempts, next_attempt_at, forwarded_at, error) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, NULL, NULL)",
    )
    .bind(&n.id)
    .bind(n.eid.as_deref())
    .bind(n.seq_number)
    .bind(&n.event)
    .bind(n.iccid.as_deref())
    .bind(&n.address)
    .bind(hex::encode(&n.der))
    .bind(n.received_at)
    .bind(&n.forward_state)
    .bind(n.next_attempt_at)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// A notification waiting to be forwarded, with what orders it among its device's (the
/// octets are read with [`get`] when it is its turn).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    pub id: String,
    pub eid: Option<String>,
    pub seq_number: Option<i64>,
    pub event: String,
    pub iccid: Option<String>,
    pub received_at: i64,
    /// Wall-clock ms.
    pub next_attempt_at: i64,
}

/// Every notification waiting to be forwarded (`pending`), due or not.
pub async fn queued(tx: &mut Tx) -> Result<Vec<Queued>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, eid, seq_number, event, iccid, received_at, next_attempt_at \
         FROM notifications WHERE forward_state = 'pending'",
    )
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Queued {
                id: r.try_get("id")?,
                eid: r.try_get("eid")?,
                seq_number: r.try_get("seq_number")?,
                event: r.try_get("event")?,
                iccid: r.try_get("iccid")?,
                received_at: r.try_get("received_at")?,
                next_attempt_at: r.try_get("next_attempt_at")?,
            })
        })
        .collect()
}

/// One notification.
pub async fn get(tx: &mut Tx, id: &str) -> Result<Option<NotificationRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM notifications WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Records a forwarding attempt.
pub async fn record_attempt(
    tx: &mut Tx,
    id: &str,
    state: &str,
    error: Option<&str>,
    next_attempt_at: i64,
    forwarded_at: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE notifications SET forward_state = $2, error = $3, next_attempt_at = $4, \
         forwarded_at = $5, attempts = attempts + 1 WHERE id = $1",
    )
    .bind(id)
    .bind(state)
    .bind(error)
    .bind(next_attempt_at)
    .bind(forwarded_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The notifications of a device, oldest first (received together: by seqNumber).
pub async fn for_device(tx: &mut Tx, eid: &str) -> Result<Vec<NotificationRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications WHERE eid = $1 \
         ORDER BY received_at, seq_number, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(eid)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(from_row).collect()
}
