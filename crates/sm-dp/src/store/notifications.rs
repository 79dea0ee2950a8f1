//! Notifications received over ES9+.HandleNotification (SGP.22 5.6.4), kept for the record
//! and so that a notification sent twice (the LPA retries until it may remove it) acts once.
//! An installation result is matched on its transactionId; other notifications, which carry
//! none, on their content (SHA-256 of the received octets): the LPA re-sends the same
//! octets, while a re-created eUICC that restarts its sequence numbers signs new ones. Two
//! unique indexes make "applied" a claim, so two instances given the same notification at
//! once apply it once.

use sha2::{Digest, Sha256};
use storage::{FromRow, Row};

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

/// Whether the installation result of this transaction was applied.
pub(crate) fn installation_applied(
    tx: &mut Tx<'_>,
    transaction_id: &[u8],
) -> Result<bool, StoreError> {
    let (n,): (i64,) = tx.query_one(
        "SELECT COUNT(*) FROM notifications WHERE transaction_id = $1 \
         AND operation = 'install' AND outcome = 'applied'",
        &[&transaction_id],
    )?;
    Ok(n > 0)
}

/// Keeps a notification. An `applied` one is a claim: false when the same installation
/// result (transactionId) or the same other notification (content) was applied already,
/// and nothing is written then.
pub(crate) fn insert(tx: &mut Tx<'_>, n: &NotificationRecord) -> Result<bool, StoreError> {
    let sql = match (n.outcome == "applied", n.operation == "install") {
        (false, _) => "",
        (true, true) => {
            " ON CONFLICT (transaction_id) WHERE operation = 'install' AND outcome = 'applied' \
             DO NOTHING"
        }
        (true, false) => {
            " ON CONFLICT (digest) WHERE operation <> 'install' AND outcome = 'applied' \
             DO NOTHING"
        }
    };
    let inserted = tx.execute(
        &format!(
            "INSERT INTO notifications (id, eid, seq_number, operation, iccid, transaction_id, \
             outcome, body, digest, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10){sql}"
        ),
        &[
            &new_id()?,
            &n.eid,
            &n.seq_number,
            &n.operation,
            &n.iccid,
            &n.transaction_id,
            &n.outcome,
            &n.body,
            &Sha256::digest(&n.body).to_vec(),
            &now_ms(),
        ],
    )?;
    Ok(inserted == 1)
}

impl FromRow for NotificationRecord {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(NotificationRecord {
            eid: r.take(0)?,
            seq_number: r.take(1)?,
            operation: r.take(2)?,
            iccid: r.take(3)?,
            transaction_id: r.take(4)?,
            outcome: r.take(5)?,
            body: r.take(6)?,
        })
    }
}

/// Every notification received, oldest first (reports and tests).
pub(crate) fn all(tx: &mut Tx<'_>) -> Result<Vec<NotificationRecord>, StoreError> {
    tx.query(
        "SELECT eid, seq_number, operation, iccid, transaction_id, outcome, body \
         FROM notifications ORDER BY received_at, id",
        &[],
    )
}
