//! The ES15 outbox (SGP.22 5.10): registrations and deletions an alternative SM-DS owes the
//! root SM-DS, queued with the change they forward and sent until the root answers.

use storage::{FromRow, Row};

use super::{StoreError, Tx, now_ms, random_bytes};

/// What is forwarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Forward {
    /// RegisterEvent at the root, naming this RSP server address.
    Register { rsp_server_address: String },
    /// DeleteEvent at the root.
    Delete,
}

/// One queued call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub id: String,
    pub eid: String,
    pub event_id: String,
    pub forward: Forward,
    /// Failed attempts so far.
    pub attempts: i64,
}

impl FromRow for Entry {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        let kind: String = r.take(1)?;
        let address: Option<String> = r.take(4)?;
        let forward = match (kind.as_str(), address) {
            ("register", Some(rsp_server_address)) => Forward::Register { rsp_server_address },
            ("delete", _) => Forward::Delete,
            (other, _) => return Err(StoreError::corrupt("forward_outbox.kind", other)),
        };
        Ok(Entry {
            id: r.take(0)?,
            eid: r.take(2)?,
            event_id: r.take(3)?,
            forward,
            attempts: r.take(5)?,
        })
    }
}

/// Queues a forward. A deletion cancels a registration of the same event not sent yet
/// (neither is sent: the root never had it), so the root never receives them out of order.
pub(crate) fn queue(
    tx: &mut Tx<'_>,
    eid: &str,
    event_id: &str,
    forward: &Forward,
) -> Result<(), StoreError> {
    if *forward == Forward::Delete {
        let cancelled = tx.execute(
            "DELETE FROM forward_outbox WHERE eid = $1 AND event_id = $2 AND kind = 'register' \
             AND failed = 0 AND lease_until <= $3",
            &[&eid, &event_id, &now_ms()],
        )?;
        if cancelled > 0 {
            return Ok(());
        }
    }
    let (kind, address) = match forward {
        Forward::Register { rsp_server_address } => ("register", Some(rsp_server_address.as_str())),
        Forward::Delete => ("delete", None),
    };
    let now = now_ms();
    let id = hex::encode(random_bytes::<16>()?);
    tx.execute(
        "INSERT INTO forward_outbox (id, kind, eid, event_id, rsp_server_address, attempts, \
         next_attempt_at, lease_until, failed, created_at) \
         VALUES ($1, $2, $3, $4, $5, 0, $6, 0, 0, $6)",
        &[&id, &kind, &eid, &event_id, &address, &now],
    )?;
    Ok(())
}

/// Claims the oldest due entry for `lease_ms` (a conditional UPDATE: another instance that
/// claimed it first wins), if any. An entry waits while an older one of the same event is
/// undelivered, so the root gets an event's registration and deletion in order.
pub(crate) fn claim(tx: &mut Tx<'_>, now: i64, lease_ms: i64) -> Result<Option<Entry>, StoreError> {
    let Some(e) = tx.query_opt::<Entry>(
        "SELECT id, kind, eid, event_id, rsp_server_address, attempts FROM forward_outbox f \
         WHERE failed = 0 AND next_attempt_at <= $1 AND lease_until <= $1 \
         AND NOT EXISTS (SELECT 1 FROM forward_outbox o WHERE o.eid = f.eid \
             AND o.event_id = f.event_id AND o.failed = 0 \
             AND (o.created_at < f.created_at OR (o.created_at = f.created_at AND o.id < f.id))) \
         ORDER BY created_at, id LIMIT 1",
        &[&now],
    )?
    else {
        return Ok(None);
    };
    let n = tx.execute(
        "UPDATE forward_outbox SET lease_until = $1 WHERE id = $2 AND lease_until <= $3",
        &[&(now + lease_ms), &e.id, &now],
    )?;
    Ok((n == 1).then_some(e))
}

/// The root answered: the entry is done.
pub(crate) fn done(tx: &mut Tx<'_>, id: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM forward_outbox WHERE id = $1", &[&id])?;
    Ok(())
}

/// The call failed for now: try again at `next_attempt_at`.
pub(crate) fn retry(
    tx: &mut Tx<'_>,
    id: &str,
    next_attempt_at: i64,
    error: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE forward_outbox SET attempts = attempts + 1, next_attempt_at = $1, \
         lease_until = 0, last_error = $2 WHERE id = $3",
        &[&next_attempt_at, &error, &id],
    )?;
    Ok(())
}

/// The root refused for good (a code no retry changes): kept for the operator, not sent.
pub(crate) fn fail(tx: &mut Tx<'_>, id: &str, error: &str) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE forward_outbox SET failed = 1, lease_until = 0, last_error = $1 WHERE id = $2",
        &[&error, &id],
    )?;
    Ok(())
}

/// Entries not yet delivered (pending or failed), for tests and the operator.
pub(crate) fn pending(tx: &mut Tx<'_>) -> Result<i64, StoreError> {
    let (n,): (i64,) = tx.query_one("SELECT COUNT(*) FROM forward_outbox WHERE failed = 0", &[])?;
    Ok(n)
}
