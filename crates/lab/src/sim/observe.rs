//! What the lab reads from the servers' databases besides their APIs: whether the eIM still
//! has work for a device (a package waiting for its poll, a profile being ordered), whether
//! notifications are still being forwarded, and the SM-DP+'s orders. A real device learns
//! the first by polling again; the lab asks instead of polling blindly, which keeps a run of
//! thousands of devices short without changing what goes over the wire.

use sqlx::Row;

/// Work the eIM holds for one device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// Nothing queued, nothing being ordered.
    None,
    /// A package is queued or was delivered without a result: the device should poll.
    Packages,
    /// A localization is at its ES2+ order step: the eIM's worker is on it.
    Ordering,
}

/// The eIM's work for `eid`.
pub async fn eim_work(store: &sm_sr::store::Store, eid: &str) -> Result<Work, sqlx::Error> {
    let row = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM packages WHERE eid = $1 AND state IN ('queued', 'sent')) AS p, \
           (SELECT COUNT(*) FROM operations WHERE eid = $1 AND kind = 'localize' \
              AND state IN ('queued', 'sent') AND step = 'order') AS o",
    )
    .bind(eid)
    .fetch_one(store.pool())
    .await?;
    let packages: i64 = row.try_get("p")?;
    let ordering: i64 = row.try_get("o")?;
    Ok(if packages > 0 {
        Work::Packages
    } else if ordering > 0 {
        Work::Ordering
    } else {
        Work::None
    })
}

/// Notifications the eIM has yet to forward to the SM-DP+.
pub async fn notifications_to_forward(store: &sm_sr::store::Store) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE forward_state = 'pending'")
        .fetch_one(store.pool())
        .await
}

/// One ES2+ order as the SM-DP+ holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRow {
    pub id: String,
    pub iccid: String,
    pub eid: Option<String>,
    pub status: String,
}
