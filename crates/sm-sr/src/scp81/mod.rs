//! ES5 over HTTPS (SGP.02 2.4.4; GlobalPlatform Card Specification Amendment B): the
//! PSK-TLS listener on `[scp81] listen` the ISD-R's admin agent opens its session to, and
//! the admin server handing out the eUICC's queued command scripts.
//!
//! ```text
//! TCP accept ── keys refreshed ── PSK-TLS (identity: EID, ISD-R, key id, KVN → the EIS's PSK)
//!   └─ serve_session: POST ── X-Admin-From's EID = identity's EID?
//!        ├─ body: response to the script handed out last ──▶ command_answered
//!        ├─ ?msg=: Default Notification ──▶ default_notification (its confirmation is queued)
//!        └─ next queued command of that EID as `AE 80 … 00 00`, or 204 No Content
//! ```
//!
//! The queue is the one the SMS bearer serves ([`crate::SmSrCore::pending_commands`]); for
//! an eUICC whose bearer is HTTPS ([`crate::bearer`]) that bearer sends the push SMS
//! ([`push`]) instead of the script, and sends it again when no session came.

mod handler;
mod keys;
pub(crate) mod push;

use std::net::SocketAddr;
use std::sync::Arc;

use scp81::admin::server::{AdminServerConfig, serve_session};
use scp81::{PskAcceptor, TlsConfig};
use server::Bound;
use tokio::net::TcpStream;
use tokio::sync::{Semaphore, watch};

use crate::server::SmSrCore;

pub(crate) use keys::PskCache;

/// Admin sessions served at once.
const MAX_SESSIONS: usize = 64;

/// The listener, its key cache and its acceptor, ready to run.
pub(crate) struct Scp81Server {
    core: SmSrCore,
    bound: Bound,
    keys: PskCache,
    acceptor: Arc<PskAcceptor>,
}

impl Scp81Server {
    /// Builds the PSK-TLS acceptor over `bound`: an identity (SGP.02 2.4.4 Table 4) whose
    /// EID, KVN and key id name no SCP81 key of an EIS fails the handshake
    /// (unknown_psk_identity, RFC 4279 2).
    pub(crate) fn new(core: SmSrCore, bound: Bound) -> Result<Scp81Server, scp81::TlsError> {
        let keys = PskCache::default();
        let lookup = keys.clone();
        let acceptor = PskAcceptor::sgp02(&TlsConfig::default(), move |id| lookup.get(id))?;
        Ok(Scp81Server {
            core,
            bound,
            keys,
            acceptor: Arc::new(acceptor),
        })
    }

    /// Where the listener is bound.
    pub(crate) fn addr(&self) -> SocketAddr {
        self.bound.addr
    }

    /// Accepts and serves sessions until `stopping` turns true.
    pub(crate) async fn run(self, mut stopping: watch::Receiver<bool>) {
        let slots = Arc::new(Semaphore::new(MAX_SESSIONS));
        loop {
            let accepted = tokio::select! {
                a = self.bound.listener.accept() => a,
                _ = stopping.changed() => return,
            };
            let Ok((tcp, peer)) = accepted else { continue };
            let Ok(permit) = slots.clone().try_acquire_owned() else {
                tracing::warn!(%peer, "SCP81: too many sessions, connection closed");
                continue;
            };
            if let Err(e) = self.keys.refresh(&self.core).await {
                tracing::warn!(error = %e, "SCP81 keys");
                continue;
            }
            let (core, acceptor) = (self.core.clone(), self.acceptor.clone());
            tokio::spawn(async move {
                session(core, &acceptor, tcp).await;
                drop(permit);
            });
        }
    }
}

/// One admin session: the handshake, then the HTTP dialogue.
async fn session(core: SmSrCore, acceptor: &PskAcceptor, tcp: TcpStream) {
    let stream = match acceptor.accept(tcp).await {
        Ok(s) => s,
        Err(e) => return tracing::info!(error = %e, "SCP81 handshake refused"),
    };
    let Some(handler) = handler::Handler::for_stream(core, &stream) else {
        return;
    };
    match serve_session(stream, &AdminServerConfig::default(), handler).await {
        Ok(r) => tracing::debug!(posts = r.posts, end = ?r.end, "SCP81 session ended"),
        Err(e) => tracing::info!(error = %e, "SCP81 session"),
    }
}
