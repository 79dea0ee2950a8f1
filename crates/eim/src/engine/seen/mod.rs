//! When each device was last seen, written in batches.
//!
//! Most polls change nothing but the time the device was seen (SGP.32 v1.2 5.14.5: no
//! package pending, no new serving network): [`super::delivery`] answers them from a read
//! transaction on a reader and notes the time here instead of taking the writer for one
//! `UPDATE`. The notes go to the database in one write transaction once [`times::BATCH`] devices
//! have one, every [`INTERVAL`] otherwise, and at shutdown. The time seen is what the
//! dashboard shows; no answer, counter, order or notification depends on it, so a process
//! killed before a batch is written loses at most that batch's times (the devices' next
//! polls write them again).

use std::sync::atomic::Ordering;

use tokio::sync::watch;

use crate::context::Ctx;
use crate::store::{StoreError, devices};

pub(crate) mod times;

use times::INTERVAL;

/// Writes the noted times in one transaction, after the batch being written if any; on
/// failure they stay noted for the next batch.
pub(crate) async fn write(ctx: &Ctx) -> Result<(), StoreError> {
    let seen = &ctx.seen;
    let _one = seen.writing.lock().await;
    let batch = seen.batch();
    let result = if batch.is_empty() {
        Ok(())
    } else {
        let rows = batch.clone();
        ctx.store
            .write(move |tx| {
                for (eid, at) in &rows {
                    devices::seen_later(tx, eid, *at)?;
                }
                Ok::<_, StoreError>(())
            })
            .await
    };
    if result.is_ok() {
        seen.written(&batch);
    }
    seen.due.store(false, Ordering::Release);
    result
}

/// Writes a batch after the notes that made it due.
pub(crate) fn write_soon(ctx: &Ctx) {
    let ctx = ctx.clone();
    tokio::spawn(async move {
        if let Err(e) = write(&ctx).await {
            tracing::warn!(error = %e, "writing the times devices were seen");
        }
    });
}

/// Writes what was noted every [`INTERVAL`] until shutdown (the handle writes the rest
/// once the listeners have stopped).
pub(crate) async fn run(ctx: Ctx, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(INTERVAL) => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
        if let Err(e) = write(&ctx).await {
            tracing::warn!(error = %e, "writing the times devices were seen");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::times::BATCH;
    use super::times::SeenTimes;

    #[test]
    fn a_batch_is_due_once_enough_devices_were_seen_and_the_latest_time_is_kept() {
        let seen = SeenTimes::default();
        for n in 1..BATCH {
            assert!(!seen.note(&format!("e{n}"), 10), "{n} devices");
        }
        assert!(!seen.note("e1", 30), "the same device again");
        assert!(!seen.note("e1", 20), "an earlier time");
        assert_eq!(seen.latest("e1", Some(25)), Some(30));
        assert_eq!(
            seen.latest("e1", Some(35)),
            Some(35),
            "the stored one is later"
        );
        assert_eq!(seen.latest("other", None), None);
        assert!(seen.note("e0", 10), "{BATCH} devices");
        assert!(!seen.note("e0", 11), "due once until it is written");
        let batch = seen.batch();
        assert_eq!(batch.len(), BATCH);
        assert_eq!(
            seen.latest("e1", None),
            Some(30),
            "shown while it is written"
        );
        seen.note("e1", 40);
        seen.written(&batch);
        assert_eq!(seen.latest("e2", None), None, "written");
        assert_eq!(
            seen.latest("e1", None),
            Some(40),
            "noted after the batch was taken"
        );
    }
}
