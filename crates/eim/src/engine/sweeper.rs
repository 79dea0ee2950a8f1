//! The retention sweep (`store::retention`), run every `sweep_interval` until shutdown, on
//! the eIM's clock.

use tokio::sync::watch;

use crate::config::RetentionPolicy;
use crate::context::Ctx;
use crate::store::retention;

pub(crate) async fn run(ctx: Ctx, policy: RetentionPolicy, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(policy.sweep_interval) => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
        let (keep, now) = (policy.keep, ctx.now());
        match ctx
            .store
            .write(move |tx| retention::sweep(tx, now, &keep))
            .await
        {
            Ok(s) if s.total() > 0 => tracing::debug!(?s, "retention sweep"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention sweep"),
        }
    }
}
