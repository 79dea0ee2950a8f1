//! What every session of one SMSC shares: the configuration, the router, the message
//! counters, and the limits that span sessions.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Instant;

use time::OffsetDateTime;
use tokio::sync::{Semaphore, mpsc};

use super::address::AddressRange;
use super::config::SmscConfig;
use super::message::{Message, deliver_body};
use super::receipt::{FinalState, receipt};
use super::router::Router;
use super::time_format;
use crate::pdu::{CommandStatus, ShortMessage, receipt_wanted};

/// The SMSC's shared state.
pub(crate) struct Core {
    pub(crate) config: SmscConfig,
    router: Router,
    total: Arc<Semaphore>,
    instance: u32,
    counter: AtomicU32,
    sessions: AtomicU64,
}

impl Core {
    pub(crate) fn new(config: SmscConfig) -> Core {
        Core {
            router: Router::new(config.limits.per_address),
            total: Arc::new(Semaphore::new(config.limits.total)),
            instance: getrandom::u32().unwrap_or_default(),
            counter: AtomicU32::new(0),
            sessions: AtomicU64::new(0),
            config,
        }
    }

    /// A number for a new session.
    pub(crate) fn session_id(&self) -> u64 {
        self.sessions.fetch_add(1, Ordering::Relaxed)
    }

    /// A message_id (SMPP 3.4 5.2.23, max 65): 16 hex digits, a random instance half and a
    /// counter half, so ids stay unique across restarts of the lab's SMSC.
    fn message_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("{:08x}{n:08x}", self.instance)
    }

    /// Accepts a submit_sm for routing and returns its message_id, or the refusal's status:
    /// ESME_RINVDSTADR (no destination), ESME_RINVEXPIRY (validity_period, 7.1),
    /// ESME_RTHROTTLED (the session's window), ESME_RMSGQFUL (the SMSC's or the address's
    /// store).
    pub(crate) fn submit(
        &self,
        submit: &ShortMessage,
        window: &Arc<Semaphore>,
    ) -> Result<String, CommandStatus> {
        if submit.destination_addr.is_empty() {
            return Err(CommandStatus::ESME_RINVDSTADR);
        }
        let submitted = OffsetDateTime::now_utc();
        let validity = time_format::until(&submit.validity_period, submitted)
            .map_err(|_| CommandStatus::ESME_RINVEXPIRY)?
            .unwrap_or(self.config.default_validity)
            .min(self.config.max_validity);
        let window = Arc::clone(window)
            .try_acquire_owned()
            .map_err(|_| CommandStatus::ESME_RTHROTTLED)?;
        let total = Arc::clone(&self.total)
            .try_acquire_owned()
            .map_err(|_| CommandStatus::ESME_RMSGQFUL)?;
        let id = self.message_id();
        let now = Instant::now();
        let message = Message {
            id: id.clone(),
            deliver: deliver_body(submit),
            registered_delivery: submit.registered_delivery,
            submitted,
            expires: now + validity,
            _permits: vec![window, total],
        };
        let (routed, expired) = self.router.route(message, now);
        self.expire(expired);
        routed.map(|()| id)
    }

    /// Registers a bound receiver and hands it its stored messages.
    pub(crate) fn attach(
        &self,
        session: u64,
        ranges: Vec<AddressRange>,
        tx: mpsc::UnboundedSender<Message>,
    ) {
        let expired = self.router.attach(session, ranges, tx, Instant::now());
        self.expire(expired);
    }

    /// Hands a receiver its held messages again.
    pub(crate) fn reoffer(&self, ranges: &[AddressRange], tx: &mpsc::UnboundedSender<Message>) {
        let expired = self.router.reoffer(ranges, tx, Instant::now());
        self.expire(expired);
    }

    /// Keeps a message its receiver could not take yet.
    pub(crate) fn hold(&self, message: Message) {
        self.router.hold(message);
    }

    /// Unregisters a receiver.
    pub(crate) fn detach(&self, session: u64) {
        self.router.detach(session);
    }

    /// Puts back a message taken but not delivered.
    pub(crate) fn requeue(&self, message: Message) {
        if message.expires <= Instant::now() {
            self.finish(message, FinalState::Expired);
        } else {
            self.router.requeue(message);
        }
    }

    fn expire(&self, expired: Vec<Message>) {
        for message in expired {
            self.finish(message, FinalState::Expired);
        }
    }

    /// Ends a message's life and, when registered_delivery asked for it, routes its
    /// delivery receipt (SMPP 3.4 2.11) to the originator.
    pub(crate) fn finish(&self, message: Message, state: FinalState) {
        tracing::debug!(id = %message.id, ?state, "smsc: message final");
        if !receipt_wanted(message.registered_delivery, state == FinalState::Delivered) {
            return;
        }
        let Ok(total) = Arc::clone(&self.total).try_acquire_owned() else {
            tracing::warn!(id = %message.id, "smsc: store full; receipt dropped");
            return;
        };
        let deliver = receipt(
            &message.id,
            &message.deliver,
            message.submitted,
            OffsetDateTime::now_utc(),
            state,
        );
        let receipt = Message {
            id: self.message_id(),
            deliver,
            registered_delivery: 0,
            submitted: OffsetDateTime::now_utc(),
            expires: Instant::now() + self.config.default_validity,
            _permits: vec![total],
        };
        drop(message);
        if let (Err(status), _) = self.router.route(receipt, Instant::now()) {
            tracing::warn!(%status, "smsc: receipt not stored");
        }
    }
}
