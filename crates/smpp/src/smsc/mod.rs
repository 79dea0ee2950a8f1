//! The lab's SMSC (SMPP 3.4 2.1): ESMEs bind to it, and it routes each submit_sm by
//! destination_addr to the bound receiver whose address range holds it, as deliver_sm.
//!
//! - Binds are checked against [`Account`]s (ESME_RINVSYSID, ESME_RINVPASWD,
//!   ESME_RALYBND, ESME_RBINDFAIL); commands before a bind get ESME_RINVBNDSTS.
//! - Address ranges: see [`AddressRange`] for the supported subset of 5.2.7's regular expressions.
//! - A message for an address no receiver is bound for is stored, at most
//!   [`Limits::per_address`] per address, until a receiver binds for it or its validity
//!   period (7.1;  [`SmscConfig::default_validity`] when absent) passes.
//! - schedule_delivery_time is accepted and not honoured: messages go out at once.
//! - registered_delivery asks for a delivery receipt (2.11, Appendix B), routed to the
//!   originator's address as deliver_sm with esm_class 0x04.
//! - A recipient's non-zero deliver_sm_resp ends the message as undeliverable.
//! - [`Limits::session_window`] bounds one session's undelivered messages
//!   (ESME_RTHROTTLED), [`Limits::total`] the SMSC's (ESME_RMSGQFUL).
//! - short_message and message_payload octets, esm_class, protocol_id and data_coding
//!   pass unchanged.

mod address;
mod config;
mod core;
mod message;
mod receipt;
mod router;
mod session;
mod time_format;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

pub use address::{AddressRange, UnsupportedRange};
pub use config::{Account, Limits, SmscConfig};
pub use receipt::FinalState;

/// Why the SMSC did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SmscError {
    /// The listening socket could not be bound.
    #[error("listen: {0}")]
    Listen(std::io::Error),
}

/// A running SMSC.
#[derive(Debug)]
pub struct Smsc {
    local_addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Smsc {
    /// Listens on `addr` and serves ESMEs until [`Smsc::stop`].
    pub async fn start(addr: impl ToSocketAddrs, config: SmscConfig) -> Result<Smsc, SmscError> {
        let listener = TcpListener::bind(addr).await.map_err(SmscError::Listen)?;
        let local_addr = listener.local_addr().map_err(SmscError::Listen)?;
        let (stop, stopped) = watch::channel(false);
        let core = Arc::new(core::Core::new(config));
        let task = tokio::spawn(accept_loop(listener, core, stopped));
        tracing::info!(%local_addr, "smsc: listening");
        Ok(Smsc {
            local_addr,
            stop,
            task,
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Stops accepting, unbinds every bound session (4.2.1) and waits for them to end.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

async fn accept_loop(
    listener: TcpListener,
    core: Arc<core::Core>,
    mut stopped: watch::Receiver<bool>,
) {
    let mut sessions = JoinSet::new();
    let for_sessions = stopped.clone();
    loop {
        tokio::select! {
            _ = stopped.wait_for(|s| *s) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) if sessions.len() >= core.config.limits.sessions => {
                    tracing::warn!(%peer, "smsc: session limit reached; connection closed");
                    drop(stream);
                }
                Ok((stream, _)) => {
                    sessions.spawn(session::run(Arc::clone(&core), stream, for_sessions.clone()));
                }
                Err(e) => tracing::warn!(error = %e, "smsc: accept failed"),
            },
            Some(_) = sessions.join_next(), if !sessions.is_empty() => {}
        }
    }
    drop(listener);
    while sessions.join_next().await.is_some() {}
    tracing::info!("smsc: stopped");
}
