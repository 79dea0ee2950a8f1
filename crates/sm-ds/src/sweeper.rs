//! The retention sweep (`store::retention`), run every `sweep_interval` until shutdown.

use tokio::sync::watch;

use crate::config::RetentionPolicy;
use crate::context::Ctx;
use crate::store::{now_ms, retention};

pub(crate) async fn run(ctx: Ctx, policy: RetentionPolicy, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(policy.sweep_interval);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        let keep = policy.keep;
        match ctx
            .store
            .write(move |tx| retention::sweep(tx, now_ms(), &keep))
            .await
        {
            Ok(s) if s.sessions + s.events > 0 => tracing::debug!(?s, "retention sweep"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention sweep"),
        }
    }
}
