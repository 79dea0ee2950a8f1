//! What a database thread owns: its connection, opened at its first transaction and opened
//! again when it broke, and the transactions it runs from BEGIN to COMMIT. A transaction
//! that conflicted with another (PostgreSQL serialization failure, deadlock) or lost its
//! connection before COMMIT is run again from the start, a few times; a COMMIT whose
//! outcome is unknown is never run again.

use std::sync::Arc;
use std::time::Duration;

use crate::connection::{Access, Backend, Connection};
use crate::error::StoreError;
use crate::tx::Tx;

/// How often a transaction is run again after a conflict or a lost connection.
const MAX_RETRIES: u32 = 5;

/// Told how long each transaction held its database thread (retries included), e.g. to
/// feed a histogram; called on the thread that ran it (a database thread, or the caller's
/// for [`crate::Db::read_inline`]), so it must be quick.
pub type TransactionObserver = Arc<dyn Fn(Access, Duration) + Send + Sync>;
pub(crate) type Opener = Arc<dyn Fn() -> Result<Box<dyn Connection>, StoreError> + Send + Sync>;

/// What a database thread owns.
pub(crate) struct Worker {
    conn: Option<Box<dyn Connection>>,
    open: Opener,
    backend: Backend,
}

impl Worker {
    /// A worker whose connection `open` opens at its first transaction.
    pub(crate) fn new(open: Opener, backend: Backend) -> Worker {
        Worker {
            conn: None,
            open,
            backend,
        }
    }

    pub(crate) fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn connection(&mut self) -> Result<&mut Box<dyn Connection>, StoreError> {
        if self.conn.as_ref().is_some_and(|c| !c.usable()) {
            self.conn = None;
        }
        if self.conn.is_none() {
            self.conn = Some((self.open)()?);
        }
        self.conn.as_mut().ok_or(StoreError::Stopped)
    }

    /// Runs `f` in one transaction, again after a retryable failure.
    pub(crate) fn transaction<T, E, F>(&mut self, access: Access, mut f: F) -> Result<T, E>
    where
        F: FnMut(&mut Tx<'_>) -> Result<T, E>,
        E: From<StoreError>,
    {
        let mut attempt = 0;
        loop {
            match self.attempt(access, &mut f, StoreError::retryable) {
                Attempt::Done(out) => return out,
                Attempt::Again { pause, .. } if attempt < MAX_RETRIES => {
                    attempt += 1;
                    if pause {
                        std::thread::sleep(backoff(attempt));
                    }
                }
                Attempt::Again { error, commit, .. } => {
                    if let Some(e) = commit {
                        tracing::error!(error = %e, "a transaction could not be committed");
                    }
                    return Err(error);
                }
            }
        }
    }

    /// Runs `f` in one transaction, once: [`Attempt::Again`] when it failed, rolled back,
    /// for a reason `again` says another attempt may not meet.
    pub(crate) fn attempt<T, E, F>(
        &mut self,
        access: Access,
        f: &mut F,
        again: fn(&StoreError) -> bool,
    ) -> Attempt<T, E>
    where
        F: FnMut(&mut Tx<'_>) -> Result<T, E>,
        E: From<StoreError>,
    {
        let backend = self.backend;
        let retry = |e: StoreError, pause: bool, commit: bool| {
            if again(&e) {
                Attempt::Again {
                    pause,
                    commit: commit.then(|| e.clone()),
                    error: e.into(),
                }
            } else {
                if commit {
                    tracing::error!(error = %e, "a transaction could not be committed");
                }
                Attempt::Done(Err(e.into()))
            }
        };
        let conn = match self.connection() {
            Ok(c) => c,
            Err(e) => return retry(e, true, false),
        };
        if let Err(e) = conn.begin(access) {
            conn.rollback();
            return retry(e, false, false);
        }
        let mut tx = Tx::new(conn.as_mut(), backend);
        let out = f(&mut tx);
        let failure = tx.failure.take();
        match (out, failure) {
            (Ok(v), None) => match conn.commit() {
                Ok(()) => Attempt::Done(Ok(v)),
                Err(e) => {
                    conn.rollback();
                    retry(e, true, true)
                }
            },
            (Ok(_), Some(failed)) => {
                conn.rollback();
                tracing::error!(error = %failed, "a transaction continued after a failed statement; rolled back");
                Attempt::Done(Err(StoreError::Abandoned(failed.to_string()).into()))
            }
            (Err(e), failed) => {
                conn.rollback();
                match failed {
                    Some(f) if again(&f) => Attempt::Again {
                        pause: true,
                        commit: None,
                        error: e,
                    },
                    _ => Attempt::Done(Err(e)),
                }
            }
        }
    }
}

/// How one attempt at a transaction ended ([`Worker::attempt`]).
pub(crate) enum Attempt<T, E> {
    /// Its outcome, to be answered.
    Done(Result<T, E>),
    /// It failed, rolled back, for a reason of the moment: `error` is what to answer if it
    /// is not tried again, after a pause when `pause`; `commit` is the COMMIT's failure.
    Again {
        error: E,
        pause: bool,
        commit: Option<StoreError>,
    },
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(5u64 << attempt.min(6))
}
