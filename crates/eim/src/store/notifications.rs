//! Notifications received over ESipa.HandleNotification or with a package result
//! (SGP.32 v1.2 5.14.7), kept in their SGP.22 form and forwarded to the SM-DP+ named by
//! their notificationAddress (ES9+.HandleNotification, SGP.22 5.6.4) by a persistent outbox
//! (in the order of `engine::forward`).

use serde::Serialize;
use sha2::{Digest, Sha256};
use storage::{FromRow, Row};

use super::{StoreError, Tx};

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

impl FromRow for NotificationRecord {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(NotificationRecord {
            id: r.take(0)?,
            eid: r.take(1)?,
            seq_number: r.take(2)?,
            event: r.take(3)?,
            iccid: r.take(4)?,
            address: r.take(5)?,
            der: r.take(6)?,
            received_at: r.take(7)?,
            forward_state: r.take(8)?,
            attempts: r.take(9)?,
            next_attempt_at: r.take(10)?,
            forwarded_at: r.take(11)?,
            error: r.take(12)?,
        })
    }
}

/// Stores a notification to forward; `false` if the same octets were already received
/// (the SHA-256 of the octets is unique: two instances given the same notification store
/// it once).
pub(crate) fn insert(tx: &mut Tx<'_>, n: &NotificationRecord) -> Result<bool, StoreError> {
    let inserted = tx.execute(
        "INSERT INTO notifications (id, eid, seq_number, event, iccid, address, der, digest, \
         received_at, forward_state, attempts, next_attempt_at, forwarded_at, error) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, NULL, NULL) \
         ON CONFLICT (digest) DO NOTHING",
        &[
            &n.id,
            &n.eid,
            &n.seq_number,
            &n.event,
            &n.iccid,
            &n.address,
            &n.der,
            &Sha256::digest(&n.der).to_vec(),
            &n.received_at,
            &n.forward_state,
            &n.next_attempt_at,
        ],
    )?;
    Ok(inserted == 1)
}

/// A notification waiting to be forwarded, with what orders it among its device's (the
/// octets are read with [`get`] when it is its turn).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Queued {
    pub id: String,
    pub eid: Option<String>,
    pub seq_number: Option<i64>,
    pub event: String,
    pub iccid: Option<String>,
    pub received_at: i64,
    /// Wall-clock ms.
    pub next_attempt_at: i64,
}

impl FromRow for Queued {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(Queued {
            id: r.take(0)?,
            eid: r.take(1)?,
            seq_number: r.take(2)?,
            event: r.take(3)?,
            iccid: r.take(4)?,
            received_at: r.take(5)?,
            next_attempt_at: r.take(6)?,
        })
    }
}

/// Every notification waiting to be forwarded (`pending`), due or not.
pub(crate) fn queued(tx: &mut Tx<'_>) -> Result<Vec<Queued>, StoreError> {
    tx.query(
        "SELECT id, eid, seq_number, event, iccid, received_at, next_attempt_at \
         FROM notifications WHERE forward_state = 'pending'",
        &[],
    )
}

/// How many notifications wait to be forwarded.
pub(crate) fn pending_count(tx: &mut Tx<'_>) -> Result<i64, StoreError> {
    let (n,): (i64,) = tx.query_one(
        "SELECT COUNT(*) FROM notifications WHERE forward_state = 'pending'",
        &[],
    )?;
    Ok(n)
}

/// One notification.
pub(crate) fn get(tx: &mut Tx<'_>, id: &str) -> Result<Option<NotificationRecord>, StoreError> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM notifications WHERE id = $1"),
        &[&id],
    )
}

/// Takes a due notification for one forwarding attempt until `until` (wall-clock ms):
/// `false` when another instance holds it or it is no longer pending.
pub(crate) fn lease(tx: &mut Tx<'_>, id: &str, now: i64, until: i64) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE notifications SET next_attempt_at = $2 WHERE id = $1 \
         AND forward_state = 'pending' AND next_attempt_at <= $3",
        &[&id, &until, &now],
    )?;
    Ok(n == 1)
}

/// Records a forwarding attempt.
pub(crate) fn record_attempt(
    tx: &mut Tx<'_>,
    id: &str,
    state: &str,
    error: Option<&str>,
    next_attempt_at: i64,
    forwarded_at: Option<i64>,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE notifications SET forward_state = $2, error = $3, next_attempt_at = $4, \
         forwarded_at = $5, attempts = attempts + 1 WHERE id = $1",
        &[&id, &state, &error, &next_attempt_at, &forwarded_at],
    )?;
    Ok(())
}

/// The notifications of a device, oldest first (received together: by seqNumber).
pub(crate) fn for_device(
    tx: &mut Tx<'_>,
    eid: &str,
) -> Result<Vec<NotificationRecord>, StoreError> {
    tx.query(
        &format!(
            "SELECT {COLUMNS} FROM notifications WHERE eid = $1 \
             ORDER BY received_at, seq_number, id"
        ),
        &[&eid],
    )
}
