//! What the SM-SR's functions share.

use std::sync::Arc;

use crate::config::{OperationPolicy, SmSrConfig};
use crate::metrics::SmSrMetrics;
use crate::store::Db;

/// Shared state of a running SM-SR.
pub(crate) struct Context {
    pub store: Db,
    /// The SM-SR identifier: the requester of the operations it runs itself.
    pub smsr_id: String,
    /// The SMS address eUICCs send their notifications to (given to an eUICC taken over).
    pub sms_address: String,
    /// ES7, once the SM-SR started with its credentials (not for local use).
    pub es7: std::sync::OnceLock<crate::es7::Es7Context>,
    pub operations: OperationPolicy,
    pub metrics: Arc<SmSrMetrics>,
    /// Wakes the SMS bearer after a commit queued a command.
    pub commands_queued: Arc<tokio::sync::Notify>,
    /// Wakes the outbox after a commit finished an operation whose response is owed.
    pub responses_due: Arc<tokio::sync::Notify>,
    /// Counts the commits of card answers and notifications: whoever waits for an
    /// operation to finish (a peer SM-SR's ES7 call) reads it again when this moves.
    pub card_answers: tokio::sync::watch::Sender<u64>,
}

impl Context {
    /// The context of an SM-SR configured by `config` on `store`; `metrics_served`: the
    /// metrics listener is on.
    pub(crate) fn new(store: Db, config: &SmSrConfig, metrics_served: bool) -> Ctx {
        Arc::new(Context {
            metrics: Arc::new(SmSrMetrics::new(store.clone(), metrics_served)),
            store,
            smsr_id: config.smsr_id.clone(),
            sms_address: config.sms_address.clone(),
            es7: std::sync::OnceLock::new(),
            operations: config.operations.clone(),
            commands_queued: Arc::new(tokio::sync::Notify::new()),
            responses_due: Arc::new(tokio::sync::Notify::new()),
            card_answers: tokio::sync::watch::Sender::new(0),
        })
    }

    /// Tells the bearers that a committed transaction queued a command.
    pub(crate) fn wake_bearers(&self) {
        self.commands_queued.notify_one();
    }

    /// Tells the outbox that a committed transaction may have finished an operation, so
    /// its asynchronous response goes out without waiting for the next poll.
    pub(crate) fn wake_outbox(&self) {
        self.responses_due.notify_one();
        self.card_answers.send_modify(|n| *n = n.wrapping_add(1));
    }
}

pub(crate) type Ctx = Arc<Context>;
