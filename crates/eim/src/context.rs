//! What every handler and the engine share: the store, the credentials, who the eIM is,
//! its clock, the SM-DP+ clients, the trace directory and the engine's wake-up.

use std::sync::Arc;

use infra::trace::TraceDir;
use tokio::sync::Notify;

use crate::clock::SharedClock;
use crate::config::{Delivery, Localization};
use crate::credentials::Credentials;
use crate::engine::seen::times::SeenTimes;
use crate::smdp::SmdpClients;
use crate::store::Store;

/// Shared state of the running eIM.
pub(crate) struct Context {
    pub store: Store,
    pub creds: Credentials,
    /// The eimId this eIM signs with.
    pub eim_id: String,
    /// `host:port` devices reach ESipa at (the eimFqdn of the eIM configuration data).
    pub eim_address: String,
    pub clock: SharedClock,
    pub trace: Option<TraceDir>,
    pub smdp: SmdpClients,
    pub delivery: Delivery,
    pub localization: Localization,
    /// Default operator id for ES2+ orders.
    pub operator: String,
    /// Whether the eIM configuration data handed out asks for downloads through the eIM.
    pub indirect_profile_download: bool,
    /// Wakes the engine (new ES2+ orders, notifications to forward).
    pub wakeup: Arc<Notify>,
    /// Times devices were seen, not yet written ([`crate::engine::seen`]).
    pub seen: SeenTimes,
    /// Faults served on purpose to a device under test ([`crate::faults`]); empty unless
    /// configured.
    pub faults: infra::faults::Faults,
}

impl Context {
    /// "Now" of the eIM's clock.
    pub(crate) fn now(&self) -> i64 {
        self.clock.now_ms()
    }
}

pub(crate) type Ctx = Arc<Context>;
