//! What every handler shares: the store, the credentials, who the SM-DP+ is, its policy, the
//! trace directory, the outbox worker's wake-up and the metrics.

use std::collections::BTreeMap;
use std::sync::Arc;

use infra::trace::TraceDir;
use tokio::sync::Notify;

use crate::config::{OperatorEndpoint, Policy};
use crate::credentials::Credentials;
use crate::metrics::Metrics;
use crate::store::Store;

/// Shared state of the running SM-DP+.
pub(crate) struct Context {
    pub store: Store,
    pub creds: Credentials,
    /// The address LPAs send (SGP.22 5.6.1 compares it case-insensitively).
    pub address: String,
    /// The SM-DP+ OID, dotted.
    pub oid: String,
    pub policy: Policy,
    pub operators: BTreeMap<String, OperatorEndpoint>,
    pub trace: Option<TraceDir>,
    pub outbox_wakeup: Arc<Notify>,
    pub metrics: Metrics,
    /// ES12 towards the SM-DSs operators name ([`crate::es12`]).
    pub es12: crate::es12::Es12Client,
    /// An Event was registered at an SM-DS since the start: ending an order may queue its
    /// DeleteEvent, so the outbox worker is woken after ES9+ calls too.
    pub events_registered: std::sync::atomic::AtomicBool,
    /// Faults served on purpose to a device under test ([`crate::faults`]); empty unless
    /// configured.
    pub faults: infra::faults::Faults,
}

impl Context {
    /// Tells the outbox worker that a transaction just committed may have queued a
    /// progress report or an Event's deletion. Without an operator endpoint and without an
    /// Event registered nothing is queued ([`crate::progress::queue`],
    /// [`crate::es12::queue_deletion`]), and the worker is left asleep instead of reading
    /// the outbox after every ES9+ call (a deletion queued after a restart goes at the
    /// worker's next round).
    pub(crate) fn wake_outbox(&self) {
        let events = self
            .events_registered
            .load(std::sync::atomic::Ordering::Relaxed);
        if events || !self.operators.is_empty() {
            self.outbox_wakeup.notify_one();
        }
    }
}

pub(crate) type Ctx = Arc<Context>;
