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
}

impl Context {
    /// Tells the outbox worker that a transaction just committed may have queued a
    /// progress report. Without an operator endpoint nothing is ever queued
    /// ([`crate::progress::queue`]), and the worker is left asleep instead of reading the
    /// outbox after every ES9+ call.
    pub fn wake_outbox(&self) {
        if !self.operators.is_empty() {
            self.outbox_wakeup.notify_one();
        }
    }
}

pub(crate) type Ctx = Arc<Context>;
