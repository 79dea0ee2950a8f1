//! A listener's TLS handshake: on rustls (NIST P-256), or, for a listener that has a
//! brainpool identity, on OpenSSL for the clients that prefer brainpoolP256r1 (SGP.22 2.6.1;
//! the choice: [`crate::tls::hello`]). The ClientHello is read off the TCP stream first and
//! replayed to the chosen stack; reading it counts against `handshake_timeout` like the
//! rest of the handshake.

use std::pin::Pin;
use std::sync::Arc;

use rustls::ServerConfig;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio_rustls::TlsAcceptor;

use super::HandshakeFailure;
use super::stream::{Replayed, TlsConn};
use crate::tls::brainpool::BrainpoolServer;
use crate::tls::hello::{self, CurveSet, Flight};

/// A listener's TLS: rustls for NIST P-256 (and for every client when there is no brainpool
/// side), OpenSSL for brainpoolP256r1.
#[derive(Clone)]
pub struct ServerTls {
    rustls: TlsAcceptor,
    brainpool: Option<BrainpoolServer>,
}

impl ServerTls {
    /// rustls for NIST P-256 and, with `brainpool`, OpenSSL for the clients preferring
    /// brainpoolP256r1.
    pub fn new(rustls: Arc<ServerConfig>, brainpool: Option<BrainpoolServer>) -> ServerTls {
        ServerTls {
            rustls: TlsAcceptor::from(rustls),
            brainpool,
        }
    }
}

impl From<Arc<ServerConfig>> for ServerTls {
    fn from(rustls: Arc<ServerConfig>) -> ServerTls {
        ServerTls::new(rustls, None)
    }
}

/// Why a handshake failed: its cause and the stack's words for it.
pub(crate) type Failed = (HandshakeFailure, String);

impl ServerTls {
    /// The handshake of an accepted connection (without a time limit: the caller sets it).
    pub(crate) async fn handshake(&self, mut tcp: TcpStream) -> Result<TlsConn, Failed> {
        let (set, prefix) = match &self.brainpool {
            None => (CurveSet::NistP256, Vec::new()),
            Some(_) => first_flight(&mut tcp).await?,
        };
        let io = Replayed::new(prefix, tcp);
        match (set, &self.brainpool) {
            (CurveSet::BrainpoolP256r1, Some(b)) => {
                let failed =
                    |e: openssl::ssl::Error| (HandshakeFailure::of_openssl(&e), e.to_string());
                let ssl = openssl::ssl::Ssl::new(b.context())
                    .map_err(|e| (HandshakeFailure::Io, format!("OpenSSL session: {e}")))?;
                let mut s = tokio_openssl::SslStream::new(ssl, io)
                    .map_err(|e| (HandshakeFailure::Io, format!("OpenSSL stream: {e}")))?;
                Pin::new(&mut s).accept().await.map_err(failed)?;
                tracing::trace!("TLS on brainpoolP256r1 (OpenSSL)");
                Ok(TlsConn::OpenSsl(Box::new(s)))
            }
            _ => match self.rustls.accept(io).await {
                Ok(s) => Ok(TlsConn::Rustls(Box::new(s))),
                Err(e) => Err((HandshakeFailure::of(&e), e.to_string())),
            },
        }
    }
}

/// Reads until the octets read make a ClientHello, or cannot ([`hello::read`]; at most
/// [`hello::MAX_FLIGHT`]): the curve set to serve, and the octets to replay.
async fn first_flight(tcp: &mut TcpStream) -> Result<(CurveSet, Vec<u8>), Failed> {
    let mut buf = Vec::with_capacity(2048);
    loop {
        let room = hello::MAX_FLIGHT - buf.len();
        let n = (&mut *tcp)
            .take(room as u64)
            .read_buf(&mut buf)
            .await
            .map_err(|e| (HandshakeFailure::of(&e), e.to_string()))?;
        if n == 0 {
            return Err((
                HandshakeFailure::Closed,
                "closed before its ClientHello".into(),
            ));
        }
        match hello::read(&buf) {
            Flight::Incomplete => continue,
            Flight::Hello(h) => return Ok((h.curve_set(), buf)),
            Flight::Other => return Ok((CurveSet::NistP256, buf)),
        }
    }
}
