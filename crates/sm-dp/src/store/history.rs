//! The history of profile states: every transition with its time.

use storage::{FromRow, Row};

use super::{StoreError, Tx, now_ms};
use crate::state::ProfileState;

/// One recorded transition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub seq: i64,
    pub state: ProfileState,
    /// Unix milliseconds.
    pub at: i64,
    pub detail: Option<String>,
}

impl FromRow for HistoryEntry {
    fn from_row(mut r: Row) -> Result<Self, StoreError> {
        let state: String = r.take(1)?;
        Ok(HistoryEntry {
            seq: r.take(0)?,
            state: state
                .parse()
                .map_err(|e| StoreError::corrupt("profile_history.state", e))?,
            at: r.take(2)?,
            detail: r.take(3)?,
        })
    }
}

/// Appends a transition of `iccid` to `state`.
pub(crate) fn record(
    tx: &mut Tx<'_>,
    iccid: &str,
    state: ProfileState,
    detail: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO profile_history (iccid, seq, state, at, detail) \
         SELECT CAST($1 AS TEXT), COALESCE(MAX(seq), 0) + 1, CAST($2 AS TEXT), \
         CAST($3 AS BIGINT), CAST($4 AS TEXT) FROM profile_history WHERE iccid = $1",
        &[&iccid, &state.as_str(), &now_ms(), &detail],
    )?;
    Ok(())
}

/// The transitions of a profile, oldest first.
pub(crate) fn history(tx: &mut Tx<'_>, iccid: &str) -> Result<Vec<HistoryEntry>, StoreError> {
    tx.query(
        "SELECT seq, state, at, detail FROM profile_history WHERE iccid = $1 ORDER BY seq",
        &[&iccid],
    )
}
