//! The admin server's side of PSK-TLS: it accepts the card's connection with the key it
//! finds for the card's PSK identity.

use std::sync::Arc;

use openssl::ssl::{SslContext, SslMethod};
use tokio::io::{AsyncRead, AsyncWrite};

use super::context::Side;
use super::{Psk, TlsConfig, TlsError, TlsStream, context};
use crate::identity::PskIdentity;

/// Accepts PSK-TLS connections, looking each key up by the client's identity.
#[derive(Clone)]
pub struct PskAcceptor {
    context: Arc<SslContext>,
    config: TlsConfig,
}

impl std::fmt::Debug for PskAcceptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PskAcceptor")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl PskAcceptor {
    /// An acceptor whose `lookup` gives the key for the identity octets a client sends;
    /// `None` fails the handshake with the alert unknown_psk_identity (RFC 4279 2).
    pub fn new<F>(config: &TlsConfig, lookup: F) -> Result<PskAcceptor, TlsError>
    where
        F: Fn(&[u8]) -> Option<Psk> + Send + Sync + 'static,
    {
        let mut b = context::builder(SslMethod::tls_server(), config)?;
        b.set_psk_server_callback(move |_, identity, out| {
            let key = identity.and_then(&lookup);
            Ok(key
                .and_then(|k| {
                    let n = k.as_bytes().len();
                    out.get_mut(..n)?.copy_from_slice(k.as_bytes());
                    Some(n)
                })
                .unwrap_or(0))
        });
        Ok(PskAcceptor {
            context: Arc::new(b.build()),
            config: config.clone(),
        })
    }

    /// An acceptor for SGP.02 identities (2.4.4 Table 4): an identity that does not parse
    /// is unknown, the others go to `lookup`.
    pub fn sgp02<F>(config: &TlsConfig, lookup: F) -> Result<PskAcceptor, TlsError>
    where
        F: Fn(&PskIdentity) -> Option<Psk> + Send + Sync + 'static,
    {
        PskAcceptor::new(config, move |raw| {
            PskIdentity::parse(raw).ok().and_then(|id| lookup(&id))
        })
    }

    /// The server handshake on `io`, within the configured time limit.
    pub async fn accept<S>(&self, io: S) -> Result<TlsStream<S>, TlsError>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        context::handshake(&self.context, &self.config, Side::Server, io).await
    }
}

/// The PSK identity the client of an accepted connection sent.
pub fn peer_identity<S>(stream: &TlsStream<S>) -> Option<&[u8]> {
    stream.ssl().psk_identity()
}
