//! What every handler shares.

use std::sync::Arc;

use infra::trace::TraceDir;

use crate::config::Policy;
use crate::credentials::Credentials;
use crate::store::Db;

/// Shared state of the running SM-DS.
pub(crate) struct Context {
    pub store: Db,
    pub creds: Credentials,
    /// The address eUICCs send (SGP.22 5.8.1 compares it without regard to case).
    pub address: String,
    pub policy: Policy,
    pub trace: Option<TraceDir>,
}

pub(crate) type Ctx = Arc<Context>;
