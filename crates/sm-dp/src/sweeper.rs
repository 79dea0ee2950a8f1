//! The retention sweep (`store::retention`), run every `sweep_interval` until shutdown.

use tokio::sync::watch;

use crate::config::RetentionPolicy;
use crate::context::Ctx;
use crate::store::{now_ms, retention};

pub(crate) async fn run(ctx: Ctx, policy: RetentionPolicy, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(policy.sweep_interval) => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
        let keep = policy.keep;
        match ctx
            .store
            .write(move |tx| retention::sweep(tx, now_ms(), &keep))
            .await
        {
            Ok(s) if s.total() > 0 => tracing::debug!(?s, "retention sweep"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention sweep"),
        }
    }
}
