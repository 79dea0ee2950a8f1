//! Event Records (SGP.22 5.9): registered, deleted by their registrant, listed by EID.

use storage::{FromRow, Row};

use super::{StoreError, Tx, now_ms};

/// One Event Record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    pub eid: String,
    /// Who registered it (its TLS client certificate, [`crate::es12::Registrant`]).
    pub registrant: String,
    pub event_id: String,
    pub rsp_server_address: String,
    /// Whether the registrant asked for it at the root SM-DS too (ES15).
    pub forwarding: bool,
}

/// How a registration ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Registered {
    Stored,
    /// The registrant already has this event ID for this EID.
    Duplicate,
    /// The EID already has `max` events.
    EidFull,
}

/// Stores `e` unless it exists or its EID holds `max_per_eid` events already (0: no limit).
pub(crate) fn register(
    tx: &mut Tx<'_>,
    e: &Event,
    max_per_eid: u32,
) -> Result<Registered, StoreError> {
    if max_per_eid > 0 {
        let (n,): (i64,) = tx.query_one("SELECT COUNT(*) FROM events WHERE eid = $1", &[&e.eid])?;
        if n >= i64::from(max_per_eid) {
            return Ok(Registered::EidFull);
        }
    }
    let n = tx.execute(
        "INSERT INTO events (eid, registrant, event_id, rsp_server_address, forwarding, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        &[
            &e.eid,
            &e.registrant,
            &e.event_id,
            &e.rsp_server_address,
            &i64::from(e.forwarding),
            &now_ms(),
        ],
    )?;
    Ok(if n == 1 {
        Registered::Stored
    } else {
        Registered::Duplicate
    })
}

/// Deletes the registrant's event; its forwarding indicator if there was one.
pub(crate) fn delete(
    tx: &mut Tx<'_>,
    eid: &str,
    registrant: &str,
    event_id: &str,
) -> Result<Option<bool>, StoreError> {
    let found: Option<(i64,)> = tx.query_opt(
        "SELECT forwarding FROM events WHERE eid = $1 AND registrant = $2 AND event_id = $3",
        &[&eid, &registrant, &event_id],
    )?;
    let Some((forwarding,)) = found else {
        return Ok(None);
    };
    let n = tx.execute(
        "DELETE FROM events WHERE eid = $1 AND registrant = $2 AND event_id = $3",
        &[&eid, &registrant, &event_id],
    )?;
    Ok((n > 0).then_some(forwarding != 0))
}

impl FromRow for Event {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        Ok(Event {
            eid: r.take(0)?,
            registrant: r.take(1)?,
            event_id: r.take(2)?,
            rsp_server_address: r.take(3)?,
            forwarding: r.take::<i64>(4)? != 0,
        })
    }
}

/// The EID's events, oldest first, at most `limit`.
pub(crate) fn for_eid(tx: &mut Tx<'_>, eid: &str, limit: u32) -> Result<Vec<Event>, StoreError> {
    tx.query(
        "SELECT eid, registrant, event_id, rsp_server_address, forwarding FROM events \
         WHERE eid = $1 ORDER BY created_at, registrant, event_id LIMIT $2",
        &[&eid, &i64::from(limit)],
    )
}

/// Stores one Event Record per EID of `eids`, each naming `rsp_server_address` with the
/// EventID `event_id(eid)` and registered by `registrant`, unless it exists; for
/// [`crate::SmDsHandle::seed_events`]. One cached statement for the whole batch.
pub(crate) fn insert_batch(
    tx: &mut Tx<'_>,
    eids: &[String],
    registrant: &str,
    rsp_server_address: &str,
    created_at: i64,
) -> Result<u64, StoreError> {
    let mut stored = 0;
    for eid in eids {
        stored += tx.execute(
            "INSERT INTO events (eid, registrant, event_id, rsp_server_address, forwarding, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            &[
                eid,
                &registrant,
                &seeded_event_id(eid),
                &rsp_server_address,
                &0i64,
                &created_at,
            ],
        )?;
    }
    Ok(stored)
}

/// The EventID of a seeded Event Record for `eid` (SGP.22 5.9.1: the Matching ID of the
/// download it announces; here `SEED-` and the EID).
pub fn seeded_event_id(eid: &str) -> String {
    format!("SEED-{eid}")
}

/// How many events the SM-DS holds.
pub(crate) fn count(tx: &mut Tx<'_>) -> Result<i64, StoreError> {
    let (n,): (i64,) = tx.query_one("SELECT COUNT(*) FROM events", &[])?;
    Ok(n)
}
