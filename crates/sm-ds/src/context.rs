//! What every handler shares.

use std::sync::Arc;

use infra::trace::TraceDir;
use tokio::sync::Notify;

use crate::config::Policy;
use crate::credentials::Credentials;
use crate::metrics::Metrics;
use crate::store::Db;

/// Shared state of the running SM-DS.
pub(crate) struct Context {
    pub store: Db,
    pub creds: Credentials,
    /// The address eUICCs send (SGP.22 5.8.1 compares it without regard to case).
    pub address: String,
    pub policy: Policy,
    pub trace: Option<TraceDir>,
    /// Whether a root SM-DS is configured (this is an alternative SM-DS): events with the
    /// forwarding indicator set are queued for ES15.
    pub forwards: bool,
    /// Wakes the ES15 worker after a commit queued something.
    pub outbox_wakeup: Arc<Notify>,
    pub metrics: Metrics,
}

impl Context {
    /// Tells the ES15 worker that a committed transaction may have queued a forward.
    pub(crate) fn wake_outbox(&self) {
        if self.forwards {
            self.outbox_wakeup.notify_one();
        }
    }
}

pub(crate) type Ctx = Arc<Context>;
