//! What the SM-SR's functions share.

use std::sync::Arc;

use crate::config::OperationPolicy;
use crate::metrics::SmSrMetrics;
use crate::store::Db;

/// Shared state of a running SM-SR.
pub(crate) struct Context {
    pub store: Db,
    /// The SM-SR identifier: the requester of the operations it runs itself.
    pub smsr_id: String,
    pub operations: OperationPolicy,
    pub metrics: Arc<SmSrMetrics>,
    /// Wakes the SMS bearer after a commit queued a command.
    pub commands_queued: Arc<tokio::sync::Notify>,
}

impl Context {
    /// Tells the bearers that a committed transaction queued a command.
    pub(crate) fn wake_bearers(&self) {
        self.commands_queued.notify_one();
    }
}

pub(crate) type Ctx = Arc<Context>;
