//! Operations: what an operator (or the localization policy) asked for one device, followed
//! from `queued` through `sent` (its package left for the device) to `done` or `error`, with
//! timestamps. A localization runs in steps (order, download, enable) over several packages.

use std::collections::HashSet;

use serde::Serialize;
use storage::{FromRow, Row};

use super::{StoreError, Tx, parse_json};

/// Where an operation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OperationState {
    /// Accepted; its package waits for the device's next poll (or the ES2+ order runs).
    Queued,
    /// A package of it was delivered to the device; its result is awaited.
    Sent,
    /// Finished with success; `result` holds what the eUICC answered.
    Done,
    /// Finished without success; `error` says why, `result` holds any answer.
    Error,
    /// Withdrawn by the operator before delivery.
    Cancelled,
}

impl OperationState {
    pub const ALL: [OperationState; 5] = [
        OperationState::Queued,
        OperationState::Sent,
        OperationState::Done,
        OperationState::Error,
        OperationState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OperationState::Queued => "queued",
            OperationState::Sent => "sent",
            OperationState::Done => "done",
            OperationState::Error => "error",
            OperationState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<OperationState> {
        OperationState::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Whether the operation is over.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            OperationState::Done | OperationState::Error | OperationState::Cancelled
        )
    }
}

/// One operation.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub id: String,
    pub eid: String,
    /// Operator id (client certificate CN), or `policy`.
    pub requester: String,
    pub kind: String,
    pub params: serde_json::Value,
    pub state: OperationState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    #[serde(skip_serializing_if = "serde_json::Value::is_null")]
    pub data: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    pub created_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<i64>,
    pub updated_at: i64,
    #[serde(skip)]
    pub next_action_at: Option<i64>,
}

const COLUMNS: &str = "id, eid, requester, kind, params, state, step, data, result, error, \
    country, created_at, sent_at, finished_at, updated_at, next_action_at";

impl FromRow for Operation {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        let state: String = r.take(5)?;
        let params: String = r.take(4)?;
        let data: String = r.take(7)?;
        let result: Option<String> = r.take(8)?;
        Ok(Operation {
            id: r.take(0)?,
            eid: r.take(1)?,
            requester: r.take(2)?,
            kind: r.take(3)?,
            params: parse_json("operations.params", &params)?,
            state: OperationState::parse(&state)
                .ok_or_else(|| StoreError::corrupt("operations.state", &state))?,
            step: r.take(6)?,
            data: parse_json("operations.data", &data)?,
            result: result
                .map(|s| parse_json("operations.result", &s))
                .transpose()?,
            error: r.take(9)?,
            country: r.take(10)?,
            created_at: r.take(11)?,
            sent_at: r.take(12)?,
            finished_at: r.take(13)?,
            updated_at: r.take(14)?,
            next_action_at: r.take(15)?,
        })
    }
}

/// Inserts a new operation.
pub(crate) fn insert(tx: &mut Tx<'_>, o: &Operation) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO operations (id, eid, requester, kind, params, state, step, data, result, \
         error, country, created_at, sent_at, finished_at, updated_at, next_action_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        &[
            &o.id,
            &o.eid,
            &o.requester,
            &o.kind,
            &o.params.to_string(),
            &o.state.as_str(),
            &o.step,
            &o.data.to_string(),
            &o.result.as_ref().map(|v| v.to_string()),
            &o.error,
            &o.country,
            &o.created_at,
            &o.sent_at,
            &o.finished_at,
            &o.updated_at,
            &o.next_action_at,
        ],
    )?;
    Ok(())
}

/// Writes back every mutable column.
pub(crate) fn save(tx: &mut Tx<'_>, o: &Operation) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE operations SET state = $2, step = $3, data = $4, result = $5, error = $6, \
         sent_at = $7, finished_at = $8, updated_at = $9, next_action_at = $10 WHERE id = $1",
        &[
            &o.id,
            &o.state.as_str(),
            &o.step,
            &o.data.to_string(),
            &o.result.as_ref().map(|v| v.to_string()),
            &o.error,
            &o.sent_at,
            &o.finished_at,
            &o.updated_at,
            &o.next_action_at,
        ],
    )?;
    Ok(())
}

/// The operation with this id.
pub(crate) fn get(tx: &mut Tx<'_>, id: &str) -> Result<Option<Operation>, StoreError> {
    tx.query_opt(
        &format!("SELECT {COLUMNS} FROM operations WHERE id = $1"),
        &[&id],
    )
}

/// The operations of a device, oldest first.
pub(crate) fn for_device(tx: &mut Tx<'_>, eid: &str) -> Result<Vec<Operation>, StoreError> {
    tx.query(
        &format!("SELECT {COLUMNS} FROM operations WHERE eid = $1 ORDER BY created_at, id"),
        &[&eid],
    )
}

/// The operations of the devices whose EID is after `after` and up to `last`, by device,
/// oldest first (one query for a page of the fleet).
pub(crate) fn of_devices_in(
    tx: &mut Tx<'_>,
    after: &str,
    last: &str,
) -> Result<Vec<Operation>, StoreError> {
    tx.query(
        &format!(
            "SELECT {COLUMNS} FROM operations WHERE eid > $1 AND eid <= $2 \
             ORDER BY eid, created_at, id"
        ),
        &[&after, &last],
    )
}

/// Operations in `state` at `step` whose next action is due (wall-clock ms), oldest first.
pub(crate) fn due(
    tx: &mut Tx<'_>,
    state: OperationState,
    step: &str,
    wall_now: i64,
    limit: i64,
) -> Result<Vec<Operation>, StoreError> {
    tx.query(
        &format!(
            "SELECT {COLUMNS} FROM operations WHERE state = $1 AND step = $2 \
             AND (next_action_at IS NULL OR next_action_at <= $3) ORDER BY created_at, id LIMIT $4"
        ),
        &[&state.as_str(), &step, &wall_now, &limit],
    )
}

/// How many queued operations are at `step` (`cancel`: an ES2+ CancelOrder still to send).
pub(crate) fn count_at_step(tx: &mut Tx<'_>, step: &str) -> Result<i64, StoreError> {
    let rows: Vec<(i64,)> = tx.query(
        "SELECT COUNT(*) FROM operations WHERE state = 'queued' AND step = $1",
        &[&step],
    )?;
    Ok(rows.first().map(|r| r.0).unwrap_or(0))
}

/// The queued operations of `eid` whose ES2+ `step` is due, oldest first.
pub(crate) fn due_for(
    tx: &mut Tx<'_>,
    eid: &str,
    step: &str,
    wall_now: i64,
) -> Result<Vec<Operation>, StoreError> {
    tx.query(
        &format!(
            "SELECT {COLUMNS} FROM operations WHERE eid = $1 AND state = 'queued' AND step = $2 \
             AND (next_action_at IS NULL OR next_action_at <= $3) ORDER BY created_at, id"
        ),
        &[&eid, &step, &wall_now],
    )
}

/// Takes a due operation at its ES2+ `step` (order, cancel) for `lease_until` (wall-clock
/// ms): `false` when another instance took it first, or when it has left the step since it
/// was found due (another instance made the call meanwhile and cleared the lease). Several
/// eIMs on one PostgreSQL, or the worker and [`crate::Fleet::run_engine`] in one process,
/// never call ES2+ twice for one step.
pub(crate) fn lease(
    tx: &mut Tx<'_>,
    id: &str,
    step: &str,
    wall_now: i64,
    lease_until: i64,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE operations SET next_action_at = $2 WHERE id = $1 \
         AND state = 'queued' AND step = $4 \
         AND (next_action_at IS NULL OR next_action_at <= $3)",
        &[&id, &lease_until, &wall_now, &step],
    )?;
    Ok(n == 1)
}

/// Extends a lease its holder took with [`lease`] (`held_until`, the time it set) to
/// `lease_until`, expired or not: `false` when the operation has left the step or another
/// instance leased it since (the time is then another's), so that a holder who waited past
/// its lease never makes a call the new holder makes too.
pub(crate) fn renew(
    tx: &mut Tx<'_>,
    id: &str,
    step: &str,
    held_until: i64,
    lease_until: i64,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE operations SET next_action_at = $2 WHERE id = $1 \
         AND state = 'queued' AND step = $3 AND next_action_at = $4",
        &[&id, &lease_until, &step, &held_until],
    )?;
    Ok(n == 1)
}

/// The localize operations of a device for a country, newest first.
pub(crate) fn localizations(
    tx: &mut Tx<'_>,
    eid: &str,
    country: &str,
) -> Result<Vec<Operation>, StoreError> {
    tx.query(
        &format!(
            "SELECT {COLUMNS} FROM operations WHERE eid = $1 AND kind = 'localize' \
             AND country = $2 ORDER BY created_at DESC, id"
        ),
        &[&eid, &country],
    )
}

/// Whether the device has an unfinished localize operation. (Hot queries of the poll and
/// the lab name each state instead of `state IN (...)`, for which SQLite builds a
/// temporary table on every run.)
pub(crate) fn has_open_localization(tx: &mut Tx<'_>, eid: &str) -> Result<bool, StoreError> {
    let (n,): (i64,) = tx.query_one(
        "SELECT (SELECT COUNT(*) FROM operations WHERE eid = $1 AND kind = 'localize' \
         AND state = 'queued') + (SELECT COUNT(*) FROM operations WHERE eid = $1 \
         AND kind = 'localize' AND state = 'sent')",
        &[&eid],
    )?;
    Ok(n > 0)
}

/// Whether the device has a localization at its ES2+ order step.
pub(crate) fn is_ordering(tx: &mut Tx<'_>, eid: &str) -> Result<bool, StoreError> {
    let (n,): (i64,) = tx.query_one(
        "SELECT (SELECT COUNT(*) FROM operations WHERE eid = $1 AND kind = 'localize' \
         AND state = 'queued' AND step = 'order') + (SELECT COUNT(*) FROM operations \
         WHERE eid = $1 AND kind = 'localize' AND state = 'sent' AND step = 'order')",
        &[&eid],
    )?;
    Ok(n > 0)
}

/// The devices with a localization at its ES2+ order step: [`is_ordering`] for the whole
/// fleet at once, read through the `(state, step)` index (few operations wait at that
/// step at any time, whatever the fleet's size or history).
pub(crate) fn ordering_eids(tx: &mut Tx<'_>) -> Result<HashSet<String>, StoreError> {
    let rows: Vec<(String,)> = tx.query(
        "SELECT eid FROM operations WHERE state IN ('queued', 'sent') AND step = 'order' \
         AND kind = 'localize'",
        &[],
    )?;
    Ok(rows.into_iter().map(|(eid,)| eid).collect())
}

/// Counts of operations by kind and state (for reports).
pub(crate) fn counts(tx: &mut Tx<'_>) -> Result<Vec<(String, String, i64)>, StoreError> {
    tx.query(
        "SELECT kind, state, COUNT(*) FROM operations GROUP BY kind, state ORDER BY kind, state",
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn localize(id: &str) -> Operation {
        Operation {
            id: id.into(),
            eid: "89049032123451234512345678901235".into(),
            requester: "policy".into(),
            kind: "localize".into(),
            params: serde_json::json!({}),
            state: OperationState::Queued,
            step: Some("order".into()),
            data: serde_json::json!({}),
            result: None,
            error: None,
            country: Some("DE".into()),
            created_at: 1,
            sent_at: None,
            finished_at: None,
            updated_at: 1,
            next_action_at: None,
        }
    }

    #[tokio::test]
    async fn an_order_step_is_leased_once_and_not_after_it_moved_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(
            &storage::sqlite_url(&dir.path().join("eim.db")),
            &storage::DbOptions::default(),
        )
        .await
        .unwrap();
        store
            .write(|tx| {
                let mut op = localize("op1");
                insert(tx, &op)?;
                // Two workers found it due; the first takes it, the second does not.
                assert!(lease(tx, "op1", "order", 10, 1_000)?);
                assert!(!lease(tx, "op1", "order", 10, 1_000)?);
                // The first placed the order: the step moved on and the lease was cleared.
                // The second worker, still holding the stale copy, must not order again.
                op.step = Some("download".into());
                op.next_action_at = None;
                save(tx, &op)?;
                assert!(!lease(tx, "op1", "order", 20, 1_000)?);
                // Back at the order step (a rollback moved to the next profile type).
                op.step = Some("order".into());
                save(tx, &op)?;
                assert!(lease(tx, "op1", "order", 30, 1_000)?);
                Ok::<_, StoreError>(())
            })
            .await
            .unwrap();
    }
}
