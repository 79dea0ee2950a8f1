//! The results of a set of tasks, collected by a task of the runtime.
//!
//! The lab's driver may run on a thread of its own (the main thread, under `block_on`).
//! Joining thousands of tasks there one by one puts that thread to sleep and wakes it with
//! a system call on each side for nearly every task that ends (at 10,000 devices about
//! 177,000 times over a run). A collector that is itself a task is woken on the worker
//! where each task ended, without a system call, and the driver sleeps once per set.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::task::{JoinError, JoinSet};

/// Why the results of a set of tasks could not all be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TaskError {
    /// A task panicked or was cancelled; `what` names the tasks.
    #[error("{what}: {source}")]
    Task { what: String, source: JoinError },
    /// The task collecting a set of tasks' results panicked or was cancelled.
    #[error("collecting {what}: {source}")]
    Collector { what: String, source: JoinError },
}

impl TaskError {
    /// A task of `what` that ended without its result.
    pub fn task(what: &str, source: JoinError) -> TaskError {
        TaskError::Task {
            what: what.to_string(),
            source,
        }
    }
}

/// Every result of `set` once all its tasks have ended, in the order they ended; `what`
/// names the tasks in the error when the collector itself failed.
pub async fn joined<T: Send + 'static>(
    mut set: JoinSet<T>,
    what: &str,
) -> Result<Vec<Result<T, JoinError>>, TaskError> {
    tokio::spawn(async move {
        let mut all = Vec::with_capacity(set.len());
        while let Some(done) = set.join_next().await {
            all.push(done);
        }
        all
    })
    .await
    .map_err(|source| TaskError::Collector {
        what: what.to_string(),
        source,
    })
}

/// `work` on every item of `items`, started in their order and at most `parallel` at once,
/// on as many tasks of the runtime, each taking the next item when its last one ended; the
/// results in no particular order. A task per item, each waiting for a permit, would hold
/// every waiting item's future at once (the day's first round at 100,000 devices is
/// 14,000 sessions; the deployment 100,000 devices): memory the allocator takes from the
/// system and gives back, its pages zeroed anew each time.
pub async fn bounded<I, T, F, Fut>(
    items: Vec<I>,
    parallel: usize,
    what: &str,
    work: F,
) -> Result<Vec<T>, TaskError>
where
    I: Send + 'static,
    T: Send + 'static,
    F: Fn(I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = T> + Send,
{
    let n = items.len();
    let queue = Arc::new(Mutex::new(items.into_iter()));
    let work = Arc::new(work);
    let mut set = JoinSet::new();
    for _ in 0..parallel.clamp(1, n.max(1)) {
        let (queue, work) = (queue.clone(), work.clone());
        set.spawn(async move {
            let mut done = Vec::new();
            loop {
                // Held for the take alone, which cannot panic: a poisoned lock is still sound.
                let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
                let Some(item) = next else {
                    return done;
                };
                done.push(work(item).await);
            }
        });
    }
    let mut out = Vec::with_capacity(n);
    for done in joined(set, what).await? {
        out.extend(done.map_err(|e| TaskError::task(what, e))?);
    }
    Ok(out)
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

    /// On one thread, so that an item's take from the queue and its first statement run
    /// without another task between them: on two, a task may be paused by the system
    /// between the two, and the order it records is no longer the order of the takes.
    #[tokio::test(flavor = "current_thread")]
    async fn bounded_runs_every_item_in_order_never_more_than_asked_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let started = Arc::new(Mutex::new(Vec::new()));
        let (n, m, s) = (now.clone(), most.clone(), started.clone());
        let mut out = bounded((0..200u32).collect(), 8, "numbers", move |i| {
            let (now, most, started) = (n.clone(), m.clone(), s.clone());
            async move {
                started.lock().unwrap().push(i);
                let at_once = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(at_once, Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                now.fetch_sub(1, Ordering::SeqCst);
                i * 2
            }
        })
        .await
        .unwrap();
        out.sort_unstable();
        assert_eq!(out, (0..200).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(most.load(Ordering::SeqCst), 8, "eight at once, no more");
        assert_eq!(*started.lock().unwrap(), (0..200).collect::<Vec<_>>());
        assert!(
            bounded(Vec::<u32>::new(), 8, "none", |i| async move { i })
                .await
                .unwrap()
                .is_empty()
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn bounded_reports_a_panic_as_an_error() {
        let r = bounded((0..10u32).collect(), 3, "numbers", |i| async move {
            assert_ne!(i, 5, "item 5 fails");
            i
        })
        .await;
        assert!(matches!(r, Err(TaskError::Task { what, .. }) if what == "numbers"));
    }
}
