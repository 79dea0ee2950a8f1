//! Operations (`operations`) and their ES5 commands (`commands`), written in the
//! transaction that decided them, so a command is durable before it is sent.

use storage::Row;

use super::{StoreError, Tx, now_ms};
use crate::operation::{Es5Command, Function, Operation, OperationState, Requester};
use crate::status::StatusCode;

/// A new operation: what [`insert`] stores.
pub(crate) struct NewOperation<'a> {
    pub id: &'a str,
    pub eid: &'a str,
    pub function: Function,
    pub iccid: Option<&'a str>,
    pub requester: &'a Requester,
    pub expires_at: i64,
    /// The ISD-R's TAR and the command script.
    pub tar: &'a [u8],
    pub script: &'a [u8],
}

/// Stores the operation with its one command, queued.
pub(crate) fn insert(tx: &mut Tx<'_>, o: &NewOperation<'_>) -> Result<(), StoreError> {
    insert_without_command(tx, o)?;
    // The queue's order is the order of decisions, even within one millisecond: the
    // confirmation of a notification goes before the Auto-Delete it leads to. The counter
    // row is locked until the commit, so two transactions never take one position.
    let (position,): (i64,) = tx.query_one(
        "UPDATE command_queue SET last_pos = last_pos + 1 RETURNING last_pos",
        &[],
    )?;
    tx.execute(
        "INSERT INTO commands (operation_id, seq, queue_pos, tar, script, state, attempts) \
         VALUES ($1, 0, $2, $3, $4, 'queued', 0)",
        &[&o.id, &position, &o.tar, &o.script],
    )?;
    Ok(())
}

/// Stores the operation alone, `sending`: one that runs no ES5 command of its own (an
/// SM-SR change, finished by ES7; `tar` and `script` are not used).
pub(crate) fn insert_without_command(
    tx: &mut Tx<'_>,
    o: &NewOperation<'_>,
) -> Result<(), StoreError> {
    let r = o.requester;
    tx.execute(
        "INSERT INTO operations (id, eid, function, iccid, requester, message_id, reply_to, \
         created_at, expires_at, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'sending')",
        &[
            &o.id,
            &o.eid,
            &o.function.as_str(),
            &o.iccid,
            &r.id,
            &r.message_id,
            &r.reply_to,
            &now_ms(),
            &o.expires_at,
        ],
    )?;
    Ok(())
}

pub(crate) const COLUMNS: &str = "id, eid, function, iccid, requester, message_id, reply_to, created_at, \
                       expires_at, state, subject_code, reason_code, response";

/// The operation `id`.
pub(crate) fn load(tx: &mut Tx<'_>, id: &str) -> Result<Option<Operation>, StoreError> {
    let row: Option<Row> = tx.query_opt(
        &format!("SELECT {COLUMNS} FROM operations WHERE id = $1"),
        &[&id],
    )?;
    row.map(operation).transpose()
}

/// The oldest operation of `eid` in `state` doing `function` (any when `None`).
pub(crate) fn oldest_in_state(
    tx: &mut Tx<'_>,
    eid: &str,
    state: OperationState,
) -> Result<Option<Operation>, StoreError> {
    let row: Option<Row> = tx.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM operations WHERE eid = $1 AND state = $2 \
             ORDER BY created_at, id LIMIT 1"
        ),
        &[&eid, &state.as_str()],
    )?;
    row.map(operation).transpose()
}

pub(crate) fn operation(mut r: Row) -> Result<Operation, StoreError> {
    let function: String = r.take(2)?;
    let state: String = r.take(9)?;
    let subject: Option<String> = r.take(10)?;
    let reason: Option<String> = r.take(11)?;
    Ok(Operation {
        id: r.take(0)?,
        eid: r.take(1)?,
        function: Function::parse(&function)
            .ok_or_else(|| StoreError::Decode(format!("function {function:?}")))?,
        iccid: r.take(3)?,
        requester: Requester {
            id: r.take(4)?,
            message_id: r.take(5)?,
            reply_to: r.take(6)?,
            validity_secs: None,
        },
        created_at: r.take(7)?,
        expires_at: r.take(8)?,
        state: OperationState::parse(&state)
            .ok_or_else(|| StoreError::Decode(format!("operation state {state:?}")))?,
        code: subject.zip(reason),
        response: r.take(12)?,
    })
}

/// Moves the operation to `state` (from a state that is not final) with its outcome;
/// whether it moved.
pub(crate) fn set_state(
    tx: &mut Tx<'_>,
    id: &str,
    state: OperationState,
    code: Option<StatusCode>,
    response: Option<&[u8]>,
) -> Result<bool, StoreError> {
    let finished = state.status().map(|_| now_ms());
    let n = tx.execute(
        "UPDATE operations SET state = $2, subject_code = $3, reason_code = $4, \
         response = COALESCE($5, response), finished_at = $6 \
         WHERE id = $1 AND state IN ('sending', 'awaiting_notification')",
        &[
            &id,
            &state.as_str(),
            &code.map(|c| c.subject),
            &code.map(|c| c.reason),
            &response,
            &finished,
        ],
    )?;
    if let Some(at) = finished {
        tx.execute(
            "UPDATE commands SET state = 'done' WHERE operation_id = $1 AND state <> 'done'",
            &[&id],
        )?;
        if n == 1 {
            super::replies::owe(tx, id, at)?;
        }
    }
    Ok(n == 1)
}

/// The columns [`command`] reads, in its order.
const COMMAND_COLUMNS: &str =
    "c.operation_id, c.seq, o.eid, c.tar, c.script, c.attempts, c.kvn, c.counter, c.sent_at";

/// Every command not answered yet, oldest first, with its eUICC.
pub(crate) fn unanswered(tx: &mut Tx<'_>, limit: i64) -> Result<Vec<Es5Command>, StoreError> {
    let rows: Vec<Row> = tx.query(
        &format!(
            "SELECT {COMMAND_COLUMNS} FROM commands c JOIN operations o ON o.id = c.operation_id \
         WHERE c.state IN ('queued', 'sent') ORDER BY c.queue_pos \
         LIMIT $1"
        ),
        &[&limit],
    )?;
    rows.into_iter().map(command).collect()
}

/// The commands a sender should look at, oldest first: every queued one, and those sent
/// but not answered either at or before `resend_before` (their wait may be over) or
/// before `run_started` (by an earlier run of the SM-SR: sent again at once). A command
/// sent recently stays out of the list, so the ones awaiting a PoR never stand in front
/// of the queued ones, however many are on their way.
pub(crate) fn due(
    tx: &mut Tx<'_>,
    resend_before: i64,
    run_started: i64,
    limit: i64,
) -> Result<Vec<Es5Command>, StoreError> {
    let rows: Vec<Row> = tx.query(&due_sql(), &[&resend_before, &run_started, &limit])?;
    rows.into_iter().map(command).collect()
}

/// [`due`]'s statement (index `commands_due`).
pub(crate) fn due_sql() -> String {
    format!(
        "SELECT {COMMAND_COLUMNS} FROM commands c JOIN operations o ON o.id = c.operation_id \
         WHERE c.state = 'queued' \
            OR (c.state = 'sent' AND (c.sent_at <= $1 OR c.sent_at < $2)) \
         ORDER BY c.queue_pos LIMIT $3"
    )
}

/// The commands of `eid` sent and awaiting their PoR, oldest first.
pub(crate) fn sent_of(tx: &mut Tx<'_>, eid: &str) -> Result<Vec<Es5Command>, StoreError> {
    let rows: Vec<Row> = tx.query(
        &format!(
            "SELECT {COMMAND_COLUMNS} FROM commands c JOIN operations o ON o.id = c.operation_id \
             WHERE o.eid = $1 AND c.state = 'sent' ORDER BY c.queue_pos"
        ),
        &[&eid],
    )?;
    rows.into_iter().map(command).collect()
}

/// Whether a command of `eid` was sent after `since` and is not answered yet: a push to it
/// is on its way.
pub(crate) fn sent_since(tx: &mut Tx<'_>, eid: &str, since: i64) -> Result<bool, StoreError> {
    let (n,): (i64,) = tx.query_one(
        "SELECT COUNT(*) FROM commands c JOIN operations o ON o.id = c.operation_id \
         WHERE o.eid = $1 AND c.state = 'sent' AND c.sent_at > $2",
        &[&eid, &since],
    )?;
    Ok(n > 0)
}

/// Puts a sent command back in the queue, to be sent again with a new counter (at once:
/// it has no send time any more).
pub(crate) fn requeue(tx: &mut Tx<'_>, id: &str, seq: i64) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE commands SET state = 'queued', sent_at = NULL WHERE operation_id = $1 AND seq = $2 \
         AND state = 'sent'",
        &[&id, &seq],
    )?;
    Ok(n == 1)
}

/// The oldest unanswered command of `eid` (what an HTTPS admin session hands out next).
pub(crate) fn next_unanswered_of(
    tx: &mut Tx<'_>,
    eid: &str,
) -> Result<Option<Es5Command>, StoreError> {
    let rows: Vec<Row> = tx.query(
        &format!(
            "SELECT {COMMAND_COLUMNS} FROM commands c JOIN operations o ON o.id = c.operation_id \
         WHERE c.state IN ('queued', 'sent') AND o.eid = $1 ORDER BY c.queue_pos \
         LIMIT 1"
        ),
        &[&eid],
    )?;
    rows.into_iter().next().map(command).transpose()
}

fn command(mut r: Row) -> Result<Es5Command, StoreError> {
    let kvn: Option<i64> = r.take(6)?;
    let counter: Option<i64> = r.take(7)?;
    let sent_at: Option<i64> = r.take(8)?;
    let sent_with = match (kvn, counter) {
        (Some(k), Some(c)) => Some((
            u8::try_from(k).map_err(|_| StoreError::Decode("kvn".into()))?,
            u64::try_from(c).map_err(|_| StoreError::Decode("counter".into()))?,
        )),
        _ => None,
    };
    Ok(Es5Command {
        operation_id: r.take(0)?,
        seq: r.take(1)?,
        eid: r.take(2)?,
        tar: r.take(3)?,
        script: r.take(4)?,
        attempts: u32::try_from(r.take::<i64>(5)?).unwrap_or(u32::MAX),
        sent_with,
        sent_at,
    })
}

/// Records a send of the command with SCP80 key set `kvn` and `counter` (committed
/// before the packet leaves).
pub(crate) fn sent(
    tx: &mut Tx<'_>,
    id: &str,
    seq: i64,
    kvn: u8,
    counter: u64,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE commands SET state = 'sent', attempts = attempts + 1, kvn = $3, counter = $4, \
         sent_at = $5 WHERE operation_id = $1 AND seq = $2",
        &[&id, &seq, &i64::from(kvn), &(counter as i64), &now_ms()],
    )?;
    Ok(())
}

/// The command of `eid` last sent with `kvn` and `counter`, not answered yet: what a PoR
/// echoing that counter answers (TS 102 225 5.1.2).
pub(crate) fn sent_with_counter(
    tx: &mut Tx<'_>,
    eid: &str,
    kvn: u8,
    counter: u64,
) -> Result<Option<(String, i64)>, StoreError> {
    tx.query_opt(
        "SELECT c.operation_id, c.seq FROM commands c JOIN operations o ON o.id = c.operation_id \
         WHERE o.eid = $1 AND c.kvn = $2 AND c.counter = $3 AND c.state = 'sent'",
        &[&eid, &i64::from(kvn), &(counter as i64)],
    )
}

/// Records the card's answer to a command.
pub(crate) fn answered(
    tx: &mut Tx<'_>,
    id: &str,
    seq: i64,
    response: &[u8],
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE commands SET state = 'done', response = $3 WHERE operation_id = $1 AND seq = $2",
        &[&id, &seq, &response],
    )?;
    Ok(())
}

/// The unfinished operations whose validity period ended before `now`.
pub(crate) fn expired(tx: &mut Tx<'_>, now: i64) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = tx.query(
        "SELECT id FROM operations \
         WHERE state IN ('sending', 'awaiting_notification') AND expires_at <= $1",
        &[&now],
    )?;
    Ok(rows.into_iter().map(|(i,)| i).collect())
}

/// Whether an unfinished DeleteProfile operation of `eid` targets `iccid`.
pub(crate) fn deleting(tx: &mut Tx<'_>, eid: &str, iccid: &str) -> Result<bool, StoreError> {
    let (n,): (i64,) = tx.query_one(
        "SELECT COUNT(*) FROM operations WHERE eid = $1 AND iccid = $2 \
         AND function IN ('DeleteProfile', 'DeleteISDP') AND state IN ('sending', 'awaiting_notification')",
        &[&eid, &iccid],
    )?;
    Ok(n > 0)
}

/// The script of a command that awaits its answer (queued or sent).
pub(crate) fn awaiting_script(
    tx: &mut Tx<'_>,
    id: &str,
    seq: i64,
) -> Result<Option<Vec<u8>>, StoreError> {
    let row: Option<(Vec<u8>,)> = tx.query_opt(
        "SELECT script FROM commands WHERE operation_id = $1 AND seq = $2 \
         AND state IN ('queued', 'sent')",
        &[&id, &seq],
    )?;
    Ok(row.map(|(s,)| s))
}
