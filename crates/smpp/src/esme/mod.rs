//! An ESME (SMPP 3.4 2.1): binds to an SMSC (as a transceiver, or a transmitter or
//! receiver), submits short messages and receives the ones delivered to it.
//!
//! ```text
//! connect ── bind_transceiver ──▶ BOUND_TRX ── submit_sm / deliver_sm / enquire_link ──┐
//!                                     ▲                                               │
//!                                     └───────────────────────────────────────────────┘
//!                                     close() or drop ── unbind ──▶ CLOSED
//! ```
//!
//! Reconnecting after the session ends is the caller's: [`Esme::recv`] returns `None` and
//! requests fail with [`EsmeError::Closed`].

mod error;
mod incoming;
mod link;
mod reader;

use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpStream, ToSocketAddrs};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub use error::EsmeError;
pub use incoming::Incoming;
use link::Link;

use crate::pdu::{Bind, Body, INTERFACE_VERSION, ShortMessage};

/// How an ESME binds and how long it waits.
#[derive(Debug, Clone)]
pub struct EsmeConfig {
    /// The account at the SMSC (max 15 characters).
    pub system_id: String,
    /// Its password (max 8 characters).
    pub password: String,
    /// The kind of ESME (max 12 characters), often empty.
    pub system_type: String,
    /// The address_range's type of number (SMPP 3.4 5.2.5).
    pub addr_ton: u8,
    /// The address_range's numbering plan (5.2.6).
    pub addr_npi: u8,
    /// The addresses this ESME receives for (5.2.7), e.g. its MSISDN.
    pub address_range: String,
    /// How long a request waits for its response (a safety net, not a timing).
    pub request_timeout: Duration,
    /// How often to send enquire_link (4.11) while idle; `None` for never.
    pub enquire_link_interval: Option<Duration>,
    /// How many received deliver_sm may wait for [`Esme::recv`]; past that they are
    /// answered ESME_RX_T_APPN so the SMSC keeps them.
    pub incoming_capacity: usize,
}

impl EsmeConfig {
    /// A configuration for `system_id`/`password`, receiving for `address_range`, with a
    /// 10 s request timeout and an enquire_link every 30 s.
    pub fn new(system_id: &str, password: &str, address_range: &str) -> EsmeConfig {
        EsmeConfig {
            system_id: system_id.into(),
            password: password.into(),
            system_type: String::new(),
            addr_ton: 0,
            addr_npi: 0,
            address_range: address_range.into(),
            request_timeout: Duration::from_secs(10),
            enquire_link_interval: Some(Duration::from_secs(30)),
            incoming_capacity: 64,
        }
    }

    fn bind_body(&self) -> Bind {
        Bind {
            system_id: self.system_id.clone(),
            password: self.password.clone(),
            system_type: self.system_type.clone(),
            interface_version: INTERFACE_VERSION,
            addr_ton: self.addr_ton,
            addr_npi: self.addr_npi,
            address_range: self.address_range.clone(),
        }
    }
}

/// How an ESME binds (SMPP 3.4 2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindMode {
    /// bind_transmitter (4.1.1): submits only.
    Transmitter,
    /// bind_receiver (4.1.3): receives only.
    Receiver,
    /// bind_transceiver (4.1.5): both.
    Transceiver,
}

impl BindMode {
    fn request(self, bind: Bind) -> Body {
        match self {
            BindMode::Transmitter => Body::BindTransmitter(bind),
            BindMode::Receiver => Body::BindReceiver(bind),
            BindMode::Transceiver => Body::BindTransceiver(bind),
        }
    }
}

/// A bound session with an SMSC.
pub struct Esme {
    link: Arc<Link>,
    deliveries: mpsc::Receiver<Incoming>,
    smsc_system_id: String,
    keepalive: Option<JoinHandle<()>>,
}

impl Esme {
    /// Connects to `smsc` and binds as a transceiver (SMPP 3.4 4.1.5). A refusal is
    /// [`EsmeError::Refused`] with the SMSC's status (e.g. ESME_RINVPASWD).
    pub async fn bind_transceiver(
        smsc: impl ToSocketAddrs,
        config: &EsmeConfig,
    ) -> Result<Esme, EsmeError> {
        Esme::bind(smsc, config, BindMode::Transceiver).await
    }

    /// Connects to `smsc` and binds as `mode` (SMPP 3.4 4.1.1, 4.1.3, 4.1.5).
    pub async fn bind(
        smsc: impl ToSocketAddrs,
        config: &EsmeConfig,
        mode: BindMode,
    ) -> Result<Esme, EsmeError> {
        let stream = TcpStream::connect(smsc).await.map_err(EsmeError::Connect)?;
        let _ = stream.set_nodelay(true);
        let (read_half, write_half) = stream.into_split();
        let (out_tx, out_rx) = mpsc::unbounded_channel();
        let link = Arc::new(Link::new(out_tx, config.request_timeout));
        let (deliver_tx, deliveries) = mpsc::channel(config.incoming_capacity.max(1));
        tokio::spawn(link::write_loop(write_half, out_rx));
        tokio::spawn(reader::read_loop(read_half, Arc::clone(&link), deliver_tx));
        // Until the bind is answered the link is shut if this future is dropped (a caller
        // that gave up on the bind): otherwise the spawned loops would keep the connection,
        // and the SMSC would keep routing to a session nobody reads.
        let mut pending = ShutOnDrop(Some(Arc::clone(&link)));
        let resp = link.request(mode.request(config.bind_body())).await?;
        pending.0 = None;
        let smsc_system_id = match resp.body {
            Body::BindTransmitterResp(r)
            | Body::BindReceiverResp(r)
            | Body::BindTransceiverResp(r) => r.system_id,
            _ => String::new(),
        };
        let keepalive = config
            .enquire_link_interval
            .map(|every| tokio::spawn(keep_alive(Arc::downgrade(&link), every)));
        Ok(Esme {
            link,
            deliveries,
            smsc_system_id,
            keepalive,
        })
    }

    /// The SMSC's system_id from its bind_transceiver_resp.
    pub fn smsc_system_id(&self) -> &str {
        &self.smsc_system_id
    }

    /// Submits a short message (4.4.1) and returns the SMSC's message_id (4.4.2).
    pub async fn submit(&self, message: ShortMessage) -> Result<String, EsmeError> {
        let resp = self.link.request(Body::SubmitSm(message)).await?;
        match resp.body {
            Body::SubmitSmResp(r) => Ok(r.message_id),
            other => Err(EsmeError::UnexpectedResponse {
                sent: crate::pdu::CommandId::SUBMIT_SM,
                got: other.command_id(),
            }),
        }
    }

    /// Sends enquire_link (4.11.1) and awaits its response.
    pub async fn enquire_link(&self) -> Result<(), EsmeError> {
        self.link.request(Body::EnquireLink).await.map(|_| ())
    }

    /// The next deliver_sm, or `None` once the session has ended.
    pub async fn recv(&mut self) -> Option<Incoming> {
        self.deliveries.recv().await
    }

    /// Unbinds (4.2), awaits unbind_resp, and closes the connection.
    pub async fn close(mut self) -> Result<(), EsmeError> {
        self.stop_keepalive();
        let result = self.link.request(Body::Unbind).await.map(|_| ());
        self.link.shut();
        result
    }

    fn stop_keepalive(&mut self) {
        if let Some(task) = self.keepalive.take() {
            task.abort();
        }
    }
}

/// Shuts the link it holds when dropped.
struct ShutOnDrop(Option<Arc<Link>>);

impl Drop for ShutOnDrop {
    fn drop(&mut self) {
        if let Some(link) = self.0.take() {
            link.shut();
        }
    }
}

impl Drop for Esme {
    /// Sends unbind without waiting for its response, then closes.
    fn drop(&mut self) {
        self.stop_keepalive();
        if !self.link.is_closed() {
            let _ = self.link.notify(Body::Unbind);
            self.link.shut();
        }
    }
}

impl std::fmt::Debug for Esme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Esme")
            .field("smsc_system_id", &self.smsc_system_id)
            .finish_non_exhaustive()
    }
}

/// Sends enquire_link every `every`; a missing response ends the session.
async fn keep_alive(link: std::sync::Weak<Link>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let Some(link) = link.upgrade() else { return };
        if let Err(e) = link.request(Body::EnquireLink).await {
            tracing::warn!(error = %e, "esme: enquire_link failed; closing");
            link.shut();
            return;
        }
    }
}
