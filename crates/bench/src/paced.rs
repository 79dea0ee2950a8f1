//! Jobs run at most `concurrency` at a time, each a task of its own spawned only once a
//! place is free.
//!
//! Spawning every job at once and letting a semaphore hold them back allocates every
//! job's task (its whole future) before the first one runs: 100,000 polls of `bench poll`
//! peaked at 598 MiB that way (77 MiB now), and the fresh memory's page faults were about
//! 13 % of the benchmark's CPU, counted as the clients'. Here at most `concurrency` tasks
//! exist, and a finished task's memory serves the next one. BENCHMARKING.md
//! has the measurement.

use std::future::Future;

use tokio::task::{JoinError, JoinSet};

/// Runs `run(job)` for every job, at most `concurrency` at once, calling `done` with each
/// result as it comes (in the order they finish; a job that panicked gives the task's
/// error).
pub async fn each<J, T, F, Fut>(
    concurrency: usize,
    jobs: impl IntoIterator<Item = J>,
    run: F,
    mut done: impl FnMut(Result<T, JoinError>),
) where
    F: Fn(J) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let limit = concurrency.max(1);
    let mut set = JoinSet::new();
    for job in jobs {
        if set.len() >= limit {
            if let Some(r) = set.join_next().await {
                done(r);
            }
        }
        set.spawn(run(job));
    }
    while let Some(r) = set.join_next().await {
        done(r);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn never_more_than_the_concurrency_and_every_job_done() {
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut results = Vec::new();
        each(
            3,
            0..20u64,
            |i| {
                let (running, most) = (running.clone(), most.clone());
                async move {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(1 + i % 3)).await;
                    running.fetch_sub(1, Ordering::SeqCst);
                    if i == 7 {
                        panic!("job 7 fails");
                    }
                    i * 2
                }
            },
            |r| results.push(r.ok()),
        )
        .await;
        assert_eq!(most.load(Ordering::SeqCst), 3);
        assert_eq!(results.len(), 20);
        let mut ok: Vec<u64> = results.iter().flatten().copied().collect();
        ok.sort_unstable();
        let expected: Vec<u64> = (0..20).filter(|&i| i != 7).map(|i| i * 2).collect();
        assert_eq!(ok, expected);
    }
}
