//! The SM-SR changes under way (`smsr_changes`, SGP.02 3.8): an eUICC this SM-SR hands over
//! ([`Role::Source`], SM-SR1, from ES4.SMSRChange until HandoverEUICC is answered) or is
//! prepared to take over ([`Role::Target`], SM-SR2, from ES4.PrepareSMSRChange until the
//! handover commits). One row per EID: an eUICC takes part in one change at a time.

use super::{StoreError, Tx, now_ms};

/// Which side of the change this SM-SR is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// SM-SR1: the eUICC's current SM-SR, locked until the handover ends.
    Source,
    /// SM-SR2: the SM-SR the eUICC moves to.
    Target,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Target => "target",
        }
    }
}

/// A change as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    pub eid: String,
    pub role: Role,
    /// The other SM-SR's identifier.
    pub peer: String,
    /// The operator that asked.
    pub requester: String,
    /// SM-SR1: its ES4.SMSRChange operation.
    pub operation_id: Option<String>,
    /// SM-SR1: HandoverEUICC attempts made.
    pub attempts: u32,
}

type ChangeRow = (String, String, String, String, Option<String>, i64);

fn change((eid, role, peer, requester, operation_id, attempts): ChangeRow) -> Option<Change> {
    let role = match role.as_str() {
        "source" => Role::Source,
        "target" => Role::Target,
        _ => return None,
    };
    Some(Change {
        eid,
        role,
        peer,
        requester,
        operation_id,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
    })
}

const COLUMNS: &str = "eid, role, peer, requester, operation_id, attempts";

/// Records `c`; `false` when the EID already takes part in a change.
pub(crate) fn insert(tx: &mut Tx<'_>, c: &Change) -> Result<bool, StoreError> {
    if get(tx, &c.eid)?.is_some() {
        return Ok(false);
    }
    let now = now_ms();
    tx.execute(
        "INSERT INTO smsr_changes (eid, role, peer, requester, operation_id, attempts, \
         next_at, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $6)",
        &[
            &c.eid,
            &c.role.as_str(),
            &c.peer,
            &c.requester,
            &c.operation_id,
            &now,
        ],
    )?;
    Ok(true)
}

/// The change of `eid`, if any.
pub(crate) fn get(tx: &mut Tx<'_>, eid: &str) -> Result<Option<Change>, StoreError> {
    let row: Option<ChangeRow> = tx.query_opt(
        &format!("SELECT {COLUMNS} FROM smsr_changes WHERE eid = $1"),
        &[&eid],
    )?;
    Ok(row.and_then(change))
}

/// Whether `eid` is locked by a change this SM-SR is handing it over in.
pub(crate) fn locked(tx: &mut Tx<'_>, eid: &str) -> Result<bool, StoreError> {
    Ok(get(tx, eid)?.is_some_and(|c| c.role == Role::Source))
}

/// SM-SR1's changes whose next HandoverEUICC attempt is due at `now`.
pub(crate) fn due_handovers(tx: &mut Tx<'_>, now: i64) -> Result<Vec<Change>, StoreError> {
    let rows: Vec<ChangeRow> = tx.query(
        &format!(
            "SELECT {COLUMNS} FROM smsr_changes WHERE role = 'source' AND next_at <= $1 \
             ORDER BY created_at"
        ),
        &[&now],
    )?;
    Ok(rows.into_iter().filter_map(change).collect())
}

/// Records a HandoverEUICC attempt that got no answer; the next is due at `next_at`.
pub(crate) fn attempted(tx: &mut Tx<'_>, eid: &str, next_at: i64) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE smsr_changes SET attempts = attempts + 1, next_at = $2 WHERE eid = $1",
        &[&eid, &next_at],
    )?;
    Ok(())
}

/// Ends the change of `eid` (done, failed or taken over).
pub(crate) fn remove(tx: &mut Tx<'_>, eid: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM smsr_changes WHERE eid = $1", &[&eid])?;
    Ok(())
}
