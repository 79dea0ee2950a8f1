//! The delivery of asynchronous responses (`replies`): which finished operations still owe
//! one at their `ReplyTo`, and how each attempt ended.

use storage::Row;

use super::operations::{COLUMNS, operation};
use super::{StoreError, Tx};
use crate::operation::Operation;

/// Where the response of an operation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyState {
    /// Not delivered yet; tried again later.
    Pending,
    /// The requester answered 2xx.
    Sent,
    /// Every attempt failed; kept, not tried again.
    Failed,
}

impl ReplyState {
    fn as_str(self) -> &'static str {
        match self {
            ReplyState::Pending => "pending",
            ReplyState::Sent => "sent",
            ReplyState::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Option<ReplyState> {
        [ReplyState::Pending, ReplyState::Sent, ReplyState::Failed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// Finished operations with a `ReplyTo` whose response is due at `now` (never tried, or
/// pending and past its next attempt), oldest first.
pub(crate) fn due(tx: &mut Tx<'_>, now: i64, limit: i64) -> Result<Vec<Operation>, StoreError> {
    let rows: Vec<Row> = tx.query(&due_sql(), &[&now, &limit])?;
    rows.into_iter().map(operation).collect()
}

/// [`due`]'s statement: the pending replies by their next attempt (index `replies_due`).
pub(crate) fn due_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM operations WHERE id IN (SELECT operation_id FROM replies \
         WHERE state = 'pending' AND next_at <= $1 ORDER BY next_at LIMIT $2) \
         ORDER BY finished_at, id"
    )
}

/// Owes the response of operation `id`, finished at `now`, when it has a `ReplyTo`: a
/// reply row pending from `now`.
pub(crate) fn owe(tx: &mut Tx<'_>, id: &str, now: i64) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO replies (operation_id, state, attempts, next_at) \
         SELECT id, 'pending', 0, CAST($2 AS BIGINT) FROM operations \
         WHERE id = $1 AND reply_to IS NOT NULL ON CONFLICT (operation_id) DO NOTHING",
        &[&id, &now],
    )?;
    Ok(())
}

/// Records one attempt: delivered, or not (then `Failed` once `max_attempts` were made,
/// else pending until `now + backoff_ms · 2^(attempts-1)`, at most 64 backoffs).
pub(crate) fn attempted(
    tx: &mut Tx<'_>,
    id: &str,
    delivered: bool,
    now: i64,
    (max_attempts, backoff_ms): (u32, i64),
) -> Result<ReplyState, StoreError> {
    let before: Option<(i64,)> = tx.query_opt(
        "SELECT attempts FROM replies WHERE operation_id = $1",
        &[&id],
    )?;
    let (state, attempts, next_at) = next_attempt(
        before.map_or(0, |(a,)| a),
        delivered,
        now,
        (max_attempts, backoff_ms),
    );
    tx.execute(
        "INSERT INTO replies (operation_id, state, attempts, next_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (operation_id) DO UPDATE SET state = excluded.state, \
         attempts = excluded.attempts, next_at = excluded.next_at",
        &[&id, &state.as_str(), &attempts, &next_at],
    )?;
    Ok(state)
}

/// After attempt number `before + 1`: the state, the attempts made, and when the next
/// is due (`now + backoff_ms · 2^(attempts-1)`, at most 64 backoffs).
pub(crate) fn next_attempt(
    before: i64,
    delivered: bool,
    now: i64,
    (max_attempts, backoff_ms): (u32, i64),
) -> (ReplyState, i64, i64) {
    let attempts = before + 1;
    let state = match delivered {
        true => ReplyState::Sent,
        false if attempts >= i64::from(max_attempts) => ReplyState::Failed,
        false => ReplyState::Pending,
    };
    let factor = 1i64 << (attempts - 1).clamp(0, 6);
    (
        state,
        attempts,
        now.saturating_add(backoff_ms.saturating_mul(factor)),
    )
}

/// The delivery state of the response of `id` and the attempts made; `None` before the
/// first attempt.
pub(crate) fn state(tx: &mut Tx<'_>, id: &str) -> Result<Option<(ReplyState, u32)>, StoreError> {
    let row: Option<(String, i64)> = tx.query_opt(
        "SELECT state, attempts FROM replies WHERE operation_id = $1 AND attempts > 0",
        &[&id],
    )?;
    row.map(|(s, a)| {
        let state = ReplyState::parse(&s)
            .ok_or_else(|| StoreError::Decode(format!("reply state {s:?}")))?;
        Ok((state, u32::try_from(a).unwrap_or(u32::MAX)))
    })
    .transpose()
}
