//! The times noted and not yet written, shared by the handlers that note them and the task
//! that writes them ([`super`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Devices noted before a batch is written without waiting for [`INTERVAL`].
pub(crate) const BATCH: usize = 256;

/// Longest time a noted time waits before it is written.
pub(crate) const INTERVAL: Duration = Duration::from_secs(1);

/// The times noted and not yet written (EID → time seen, in ms on the eIM's clock). A time
/// stays noted until its batch is committed, so that it is shown meanwhile.
#[derive(Default)]
pub(crate) struct SeenTimes {
    pub(super) noted: Mutex<HashMap<String, i64>>,
    /// A batch is due and a task to write it was started.
    pub(super) due: AtomicBool,
    /// One batch at a time.
    pub(super) writing: tokio::sync::Mutex<()>,
}

impl SeenTimes {
    /// Notes that `eid` was seen at `now`; `true` (once per batch) when a batch is due.
    pub(crate) fn note(&self, eid: &str, now: i64) -> bool {
        let Ok(mut noted) = self.noted.lock() else {
            return false;
        };
        match noted.get_mut(eid) {
            Some(t) => *t = (*t).max(now),
            None => {
                noted.insert(eid.to_string(), now);
            }
        }
        noted.len() >= BATCH && !self.due.swap(true, Ordering::AcqRel)
    }

    /// The time `eid` was last seen: `stored` (the database's) or a later one noted and not
    /// yet written.
    pub(crate) fn latest(&self, eid: &str, stored: Option<i64>) -> Option<i64> {
        let noted = self.noted.lock().ok().and_then(|n| n.get(eid).copied());
        stored.max(noted)
    }

    pub(super) fn batch(&self) -> Vec<(String, i64)> {
        self.noted
            .lock()
            .map(|n| n.iter().map(|(e, t)| (e.clone(), *t)).collect())
            .unwrap_or_default()
    }

    /// Forgets the times of a committed batch (not those noted later meanwhile).
    pub(super) fn written(&self, batch: &[(String, i64)]) {
        if let Ok(mut noted) = self.noted.lock() {
            for (eid, at) in batch {
                if noted.get(eid) == Some(at) {
                    noted.remove(eid);
                }
            }
        }
    }
}
