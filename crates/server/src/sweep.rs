//! The retention sweep every role runs: its own `store::retention::sweep` every
//! `sweep_interval` (first after one interval) until shutdown, logged when it deleted
//! anything; a storage error is logged and the next sweep tries again.

use std::fmt::Debug;
use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;

/// What one sweep deleted.
pub trait Swept: Debug {
    /// Whether it deleted anything.
    fn deleted_any(&self) -> bool;
}

/// Runs `sweep` every `interval` until `shutdown` turns true.
pub async fn run<S, F, Fut>(interval: Duration, mut shutdown: watch::Receiver<bool>, mut sweep: F)
where
    S: Swept,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<S, storage::StoreError>>,
{
    loop {
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
        match sweep().await {
            Ok(s) if s.deleted_any() => tracing::debug!(?s, "retention sweep"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention sweep"),
        }
    }
}
