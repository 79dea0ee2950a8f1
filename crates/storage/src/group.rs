//! Group commit on the SQLite writer. SQLite has one writer; the write transactions that
//! are waiting when the writer thread frees up run one after the other inside a single
//! SQLite transaction, each under a SAVEPOINT of its own, and one COMMIT stores them all.
//! Each caller is answered only after that COMMIT succeeded, so no caller ever hears of a
//! write that was not stored. What it saves: the write lock, the WAL-index update and the
//! file writes of a commit are paid once per group, and a page that several transactions
//! change (a table's last page, an index page) reaches the WAL once instead of once per
//! transaction.
//!
//! A transaction whose closure refuses (returns `Err` with no failed statement) is rolled
//! back to its savepoint and leaves the others alone, exactly as it would have been rolled
//! back on its own. Anything unusual — a statement that failed (after SQLITE_FULL or an I/O
//! error SQLite may have rolled back the whole transaction by itself), a savepoint that
//! could not be taken or released, a COMMIT that failed — rolls the whole group back and
//! runs each of its transactions again alone, with the retries and error reporting of a
//! lone transaction. The closures are `FnMut` and write nothing outside the database, so
//! running one again after a rollback is what a retry already does.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::connection::{Access, Backend, Connection};
use crate::tx::Tx;
use crate::worker::{TransactionObserver, Worker};

/// At most this many transactions share one COMMIT (bounds the wait of the first one).
pub(crate) const MAX_GROUP: usize = 64;

/// How many groups were committed, and the transactions in them ([`crate::Db::groups`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupStats {
    /// COMMITs that stored two transactions or more.
    pub groups: u64,
    /// Transactions stored by those COMMITs.
    pub transactions: u64,
}

/// The counters behind [`GroupStats`].
#[derive(Debug, Default)]
pub(crate) struct GroupCounters {
    groups: AtomicU64,
    transactions: AtomicU64,
}

impl GroupCounters {
    pub(crate) fn stats(&self) -> GroupStats {
        GroupStats {
            groups: self.groups.load(Ordering::Relaxed),
            transactions: self.transactions.load(Ordering::Relaxed),
        }
    }
}

/// A transaction sent to a database thread.
pub(crate) trait Job: Send {
    /// Runs in a transaction of its own (retries included) and answers its caller.
    fn alone(self: Box<Self>, w: &mut Worker);
    /// Runs inside the group's open transaction; keeps its outcome until [`Job::answer`].
    fn grouped(&mut self, conn: &mut dyn Connection, backend: Backend) -> Grouped;
    /// The group's COMMIT succeeded (it took `commit`): answers the caller.
    fn answer(self: Box<Self>, commit: Duration);
}

/// How a transaction went inside a group.
pub(crate) enum Grouped {
    /// Its changes are in the group (or it was rolled back to its savepoint, refusing).
    Kept,
    /// The group's transaction can no longer be trusted: roll it all back.
    Broken,
}

/// A closure run as one transaction, and where its outcome goes.
pub(crate) struct TxJob<T, E, F> {
    pub access: Access,
    pub f: F,
    pub done: oneshot::Sender<Result<T, E>>,
    pub observer: Option<TransactionObserver>,
    /// Outcome inside a group, and the time it took.
    pub kept: Option<(Result<T, E>, Duration)>,
}

impl<T, E, F> TxJob<T, E, F> {
    fn observe(&self, took: Duration) {
        if let Some(observe) = &self.observer {
            observe(self.access, took);
        }
    }
}

const SAVEPOINT: &str = "SAVEPOINT grouped";
const RELEASE: &str = "RELEASE grouped";
const ROLLBACK_TO: &str = "ROLLBACK TO grouped";

impl<T, E, F> Job for TxJob<T, E, F>
where
    F: FnMut(&mut Tx<'_>) -> Result<T, E> + Send,
    T: Send,
    E: From<crate::StoreError> + Send,
{
    fn alone(mut self: Box<Self>, w: &mut Worker) {
        let started = Instant::now();
        let outcome = w.transaction(self.access, &mut self.f);
        self.observe(started.elapsed());
        let _ = self.done.send(outcome);
    }

    fn grouped(&mut self, conn: &mut dyn Connection, backend: Backend) -> Grouped {
        self.kept = None;
        let started = Instant::now();
        if conn.execute(SAVEPOINT, &[]).is_err() {
            return Grouped::Broken;
        }
        let reading = self.access == Access::Read;
        conn.refuse_writes(reading);
        let mut tx = Tx::new(conn, backend);
        let out = (self.f)(&mut tx);
        let failed = tx.failure.take().is_some();
        conn.refuse_writes(false);
        if failed {
            return Grouped::Broken;
        }
        let closed = match &out {
            Ok(_) => conn.execute(RELEASE, &[]).is_ok(),
            Err(_) => conn.execute(ROLLBACK_TO, &[]).is_ok() && conn.execute(RELEASE, &[]).is_ok(),
        };
        if !closed {
            return Grouped::Broken;
        }
        self.kept = Some((out, started.elapsed()));
        Grouped::Kept
    }

    fn answer(mut self: Box<Self>, commit: Duration) {
        if let Some((outcome, took)) = self.kept.take() {
            self.observe(took + commit);
            let _ = self.done.send(outcome);
        }
    }
}

/// Runs `jobs` (in their order) under one COMMIT, or each alone when the group fails.
pub(crate) fn run(w: &mut Worker, mut jobs: Vec<Box<dyn Job>>, counters: &GroupCounters) {
    if jobs.len() == 1 {
        if let Some(job) = jobs.pop() {
            job.alone(w);
        }
        return;
    }
    let backend = w.backend();
    let committed = match w.connection() {
        Ok(conn) => commit_group(conn.as_mut(), backend, &mut jobs),
        Err(_) => None,
    };
    match committed {
        Some(took) => {
            counters.groups.fetch_add(1, Ordering::Relaxed);
            let n = jobs.len() as u64;
            counters.transactions.fetch_add(n, Ordering::Relaxed);
            jobs.into_iter().for_each(|j| j.answer(took));
        }
        None => jobs.into_iter().for_each(|j| j.alone(w)),
    }
}

/// BEGIN, each job under its savepoint, COMMIT: the COMMIT's duration, or `None` after
/// rolling everything back.
fn commit_group(
    conn: &mut dyn Connection,
    backend: Backend,
    jobs: &mut [Box<dyn Job>],
) -> Option<Duration> {
    if conn.begin(Access::Write).is_ok() {
        let kept = jobs
            .iter_mut()
            .all(|j| matches!(j.grouped(conn, backend), Grouped::Kept));
        if kept {
            let started = Instant::now();
            if conn.commit().is_ok() {
                return Some(started.elapsed());
            }
            tracing::warn!("a group commit failed; its transactions run again one by one");
        }
    }
    conn.rollback();
    None
}
