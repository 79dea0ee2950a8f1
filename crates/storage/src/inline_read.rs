//! Short reads on the calling thread ([`crate::Db::read_inline`]).
//!
//! A read sent to a reader thread crosses threads twice, the transaction out and its answer
//! back: two wake-ups, which can cost as much as a point read of a few cached index pages
//! itself. A SQLite file database therefore also keeps read-only
//! connections to lend to a thread that asks; the read runs there from BEGIN to COMMIT,
//! and the connection goes back. A connection serves one thread at a time, and at most
//! [`MAX_LENT`] are made (one for each thread reading at the same moment: the async
//! runtime's workers); past that a read goes to a reader thread.
//!
//! A lent connection never waits for a lock (its busy timeout is zero): a read that finds
//! the database busy, or a connection that cannot be opened, goes to a reader thread, which
//! waits and tries again as every read does.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::connection::Backend;
use crate::worker::{Opener, Worker};

/// Connections made at most.
pub(crate) const MAX_LENT: usize = 8;

/// The read-only connections a database lends.
pub(crate) struct InlineReaders {
    open: Opener,
    idle: Mutex<Vec<Worker>>,
    made: AtomicUsize,
    closed: AtomicBool,
}

impl InlineReaders {
    /// Lends connections that `open` opens (read-only, busy timeout zero).
    pub(crate) fn new(open: Opener) -> Self {
        InlineReaders {
            open,
            idle: Mutex::new(Vec::new()),
            made: AtomicUsize::new(0),
            closed: AtomicBool::new(false),
        }
    }

    /// A connection for the calling thread: an idle one, or a new one while fewer than
    /// [`MAX_LENT`] exist; `None` once the database is closing. The connection itself is
    /// opened by its first transaction.
    pub(crate) fn lend(&self) -> Option<Worker> {
        if self.closed.load(Ordering::Acquire) {
            return None;
        }
        if let Some(w) = self.idle.lock().ok().and_then(|mut idle| idle.pop()) {
            return Some(w);
        }
        let made = self
            .made
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < MAX_LENT).then_some(n + 1)
            });
        made.ok()
            .map(|_| Worker::new(self.open.clone(), Backend::Sqlite))
    }

    /// Takes back a connection [`InlineReaders::lend`] lent (closed instead when the
    /// database is closing).
    pub(crate) fn give_back(&self, w: Worker) {
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(w);
        }
    }

    /// Closes the idle connections and lends no more.
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::Release);
        if let Ok(mut idle) = self.idle.lock() {
            idle.clear();
        }
    }

    /// Connections made so far.
    #[cfg(test)]
    pub(crate) fn made(&self) -> usize {
        self.made.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::error::StoreError;

    fn never_opened() -> Opener {
        Arc::new(|| Err(StoreError::Unavailable("not opened in this test".into())))
    }

    #[test]
    fn at_most_max_lent_are_made_and_each_returned_one_is_lent_again() {
        let lent = InlineReaders::new(never_opened());
        let held: Vec<Worker> = (0..MAX_LENT).map_while(|_| lent.lend()).collect();
        assert_eq!(held.len(), MAX_LENT);
        assert!(
            lent.lend().is_none(),
            "a ninth thread reads on a reader thread"
        );
        for w in held {
            lent.give_back(w);
        }
        let again: Vec<Worker> = (0..MAX_LENT).map_while(|_| lent.lend()).collect();
        assert_eq!(again.len(), MAX_LENT);
        assert_eq!(lent.made(), MAX_LENT, "the returned ones, not new ones");
    }

    #[test]
    fn a_closed_lender_lends_nothing_and_keeps_nothing() {
        let lent = InlineReaders::new(never_opened());
        let w = lent.lend().expect("lends while open");
        lent.close();
        lent.give_back(w);
        assert!(lent.lend().is_none());
        assert!(lent.idle.lock().unwrap().is_empty());
    }
}
