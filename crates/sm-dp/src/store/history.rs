//! The history of profile states: every transition with its time.

use sqlx::Row;

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

/// Appends a transition of `iccid` to `state`.
pub(crate) async fn record(
    tx: &mut Tx,
    iccid: &str,
    state: ProfileState,
    detail: Option<&str>,
) -> Result<(), StoreError> {
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(seq) FROM profile_history WHERE iccid = $1")
            .bind(iccid)
            .fetch_one(&mut **tx)
            .await?;
    sqlx::query(
        "INSERT INTO profile_history (iccid, seq, state, at, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(iccid)
    .bind(last.unwrap_or(0) + 1)
    .bind(state.as_str())
    .bind(now_ms())
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The transitions of a profile, oldest first.
pub async fn history(tx: &mut Tx, iccid: &str) -> Result<Vec<HistoryEntry>, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, state, at, detail FROM profile_history WHERE iccid = $1 ORDER BY seq",
    )
    .bind(iccid)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            let s: String = r.try_get("state")?;
            Ok(HistoryEntry {
                seq: r.try_get("seq")?,
                state: s
                    .parse()
                    .map_err(|e| StoreError::corrupt("profile_history.state", e))?,
                at: r.try_get("at")?,
                detail: r.try_get("detail")?,
            })
        })
        .collect()
}
