//! The results of a set of tasks, collected by a task of the runtime.
//!
//! The lab's driver may run on a thread of its own (the main thread, under `block_on`).
//! Joining thousands of tasks there one by one puts that thread to sleep and wakes it with
//! a system call on each side for nearly every task that ends (at 10,000 devices about
//! 177,000 times over a run). A collector that is itself a task is woken on the worker
//! where each task ended, without a system call, and the driver sleeps once per set.

use tokio::task::{JoinError, JoinSet};

use super::run::RunError;

/// Every result of `set` once all its tasks have ended, in the order they ended; `what`
/// names the tasks in the error when the collector itself failed.
pub async fn joined<T: Send + 'static>(
    mut set: JoinSet<T>,
    what: &str,
) -> Result<Vec<Result<T, JoinError>>, RunError> {
    tokio::spawn(async move {
        let mut all = Vec::with_capacity(set.len());
        while let Some(done) = set.join_next().await {
            all.push(done);
        }
        all
    })
    .await
    .map_err(|e| RunError::Internal(format!("collecting {what}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn every_result_comes_back_and_a_panic_stays_an_error() {
        let mut set = JoinSet::new();
        for n in 0..100u32 {
            set.spawn(async move {
                tokio::task::yield_now().await;
                assert_ne!(n, 42, "task 42 fails");
                n
            });
        }
        let all = joined(set, "numbers").await.unwrap();
        assert_eq!(all.len(), 100);
        let mut ok: Vec<u32> = all
            .iter()
            .filter_map(|r| r.as_ref().ok().copied())
            .collect();
        ok.sort_unstable();
        assert_eq!(ok, (0..100).filter(|&n| n != 42).collect::<Vec<_>>());
        assert_eq!(
            all.iter()
                .filter(|r| r.as_ref().is_err_and(|e| e.is_panic()))
                .count(),
            1
        );
    }
}
