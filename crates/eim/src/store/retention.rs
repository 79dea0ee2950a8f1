//! Retention (issues 11, 12): what the eIM deletes so that its database stays bounded —
//! relayed download sessions, forwarded notifications, packages whose result was
//! acknowledged, finished operations and old history entries — each after its configurable
//! time on the eIM's clock (`None` keeps them: the lab keeps the whole history of a run for
//! its report). Idempotent conditional DELETEs: several instances may sweep at once.

use std::time::Duration;

use super::{StoreError, Tx};

/// How long what is finished is kept (`None`: forever).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    pub relay_sessions: Option<Duration>,
    pub forwarded_notifications: Option<Duration>,
    pub finished_packages: Option<Duration>,
    pub finished_operations: Option<Duration>,
    pub events: Option<Duration>,
}

impl Default for Retention {
    fn default() -> Self {
        let days = |d: u64| Some(Duration::from_secs(d * 24 * 3600));
        Retention {
            relay_sessions: days(1),
            forwarded_notifications: days(7),
            finished_packages: days(30),
            finished_operations: days(90),
            events: days(90),
        }
    }
}

impl Retention {
    /// Keeps everything.
    pub fn keep_all() -> Retention {
        Retention {
            relay_sessions: None,
            forwarded_notifications: None,
            finished_packages: None,
            finished_operations: None,
            events: None,
        }
    }
}

impl server::Ages for Retention {
    const SWEEP_INTERVAL: Duration = Duration::from_secs(60);
}

/// What one sweep removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub relay_sessions: u64,
    pub notifications: u64,
    pub packages: u64,
    pub operations: u64,
    pub events: u64,
}

impl Swept {
    pub fn total(&self) -> u64 {
        self.relay_sessions + self.notifications + self.packages + self.operations + self.events
    }
}

impl server::sweep::Swept for Swept {
    fn deleted_any(&self) -> bool {
        self.total() > 0
    }
}

fn before(now: i64, keep: Option<Duration>) -> Option<i64> {
    keep.map(|d| now - i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4))
}

fn delete(tx: &mut Tx<'_>, sql: &str, cutoff: Option<i64>) -> Result<u64, StoreError> {
    match cutoff {
        Some(c) => tx.execute(sql, &[&c]),
        None => Ok(0),
    }
}

/// One sweep at `now` (the eIM's clock, Unix ms).
pub(crate) fn sweep(tx: &mut Tx<'_>, now: i64, r: &Retention) -> Result<Swept, StoreError> {
    Ok(Swept {
        relay_sessions: delete(
            tx,
            "DELETE FROM relay_sessions WHERE updated_at <= $1",
            before(now, r.relay_sessions),
        )?,
        notifications: delete(
            tx,
            "DELETE FROM notifications WHERE forward_state <> 'pending' AND received_at <= $1",
            before(now, r.forwarded_notifications),
        )?,
        packages: delete(
            tx,
            "DELETE FROM packages WHERE state IN ('done', 'failed', 'cancelled') \
             AND COALESCE(result_at, created_at) <= $1",
            before(now, r.finished_packages),
        )?,
        operations: delete(
            tx,
            "DELETE FROM operations WHERE state IN ('done', 'error', 'cancelled') \
             AND finished_at <= $1",
            before(now, r.finished_operations),
        )?,
        events: delete(
            tx,
            "DELETE FROM device_events WHERE at <= $1",
            before(now, r.events),
        )?,
    })
}

/// Rows per table.
pub(crate) fn row_counts(tx: &mut Tx<'_>) -> Result<Vec<(&'static str, i64)>, StoreError> {
    let mut out = Vec::new();
    for table in [
        "devices",
        "device_profiles",
        "device_locations",
        "device_events",
        "operations",
        "packages",
        "notifications",
        "relay_sessions",
    ] {
        let (n,): (i64,) = tx.query_one(&format!("SELECT COUNT(*) FROM {table}"), &[])?;
        out.push((table, n));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 3600 * 1000;

    /// Finished things older than their retention go; recent and unfinished ones stay.
    #[tokio::test]
    async fn the_sweep_deletes_what_is_finished_and_old_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::open(
            &storage::sqlite_url(&dir.path().join("eim.db")),
            &storage::DbOptions::default(),
        )
        .await
        .unwrap();
        let now = 1_000 * DAY;
        let old = now - 100 * DAY;
        store
            .write(move |tx| {
                for (id, at) in [("old", old), ("new", now)] {
                    tx.execute(
                        "INSERT INTO relay_sessions (transaction_id, smdp_address, state, \
                         created_at, updated_at) VALUES ($1, 'smdp', 'bound', $2, $2)",
                        &[&id.as_bytes(), &at],
                    )?;
                    tx.execute(
                        "INSERT INTO device_events (eid, seq, at, kind, detail) \
                         VALUES ('e', $1, $2, 'k', '{}')",
                        &[&at, &at],
                    )?;
                    for (state, n) in [("forwarded", "f"), ("pending", "p")] {
                        tx.execute(
                            "INSERT INTO notifications (id, event, address, der, digest, \
                             received_at, forward_state, attempts, next_attempt_at) \
                             VALUES ($1, 'install', 'a', $2, $2, $3, $4, 0, 0)",
                            &[
                                &format!("{id}{n}"),
                                &format!("{id}{n}").into_bytes(),
                                &at,
                                &state,
                            ],
                        )?;
                    }
                    for (state, n) in [("done", "d"), ("queued", "q")] {
                        tx.execute(
                            "INSERT INTO packages (id, eid, seq, kind, body, \
                             eim_transaction_id, state, deliveries, created_at, result_at) \
                             VALUES ($1, 'e', $2, 'euicc-package', $3, $3, $4, 0, $5, $5)",
                            &[
                                &format!("{id}{n}"),
                                &(at + n.len() as i64 + if n == "d" { 0 } else { 7 }),
                                &format!("{id}{n}").into_bytes(),
                                &state,
                                &at,
                            ],
                        )?;
                    }
                }
                Ok::<_, StoreError>(())
            })
            .await
            .unwrap();
        let kept = store
            .write(move |tx| sweep(tx, now, &Retention::keep_all()))
            .await
            .unwrap();
        assert_eq!(kept.total(), 0, "keep_all deletes nothing");
        let swept = store
            .write(move |tx| sweep(tx, now, &Retention::default()))
            .await
            .unwrap();
        assert_eq!(
            (
                swept.relay_sessions,
                swept.notifications,
                swept.packages,
                swept.events
            ),
            (1, 1, 1, 1),
            "{swept:?}"
        );
        let counts = store.read(row_counts).await.unwrap();
        let n = |t: &str| {
            counts
                .iter()
                .find(|(x, _)| *x == t)
                .map(|(_, n)| *n)
                .unwrap()
        };
        assert_eq!(n("relay_sessions"), 1);
        assert_eq!(n("device_events"), 1);
        assert_eq!(
            n("notifications"),
            3,
            "pending ones stay whatever their age"
        );
        assert_eq!(n("packages"), 3, "queued ones stay whatever their age");
    }
}
