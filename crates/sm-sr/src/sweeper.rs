//! The retention sweep (`store::retention`) on the skeleton's schedule
//! ([`server::sweep::run`]).

use tokio::sync::watch;

use crate::config::RetentionPolicy;
use crate::context::Ctx;
use crate::store::{now_ms, retention};

pub(crate) async fn run(ctx: Ctx, policy: RetentionPolicy, shutdown: watch::Receiver<bool>) {
    let keep = policy.keep;
    server::sweep::run(policy.sweep_interval, shutdown, || {
        ctx.store
            .write(move |tx| retention::sweep(tx, now_ms(), &keep))
    })
    .await
}
