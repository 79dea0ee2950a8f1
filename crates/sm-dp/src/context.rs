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
}

pub(crate) type Ctx = Arc<Context>;
