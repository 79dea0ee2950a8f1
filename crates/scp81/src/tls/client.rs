//! The card's side of PSK-TLS: it connects with its identity and key.

use std::sync::Arc;

use openssl::ssl::{Ssl, SslContext, SslMethod};
use tokio::io::{AsyncRead, AsyncWrite};

use super::context::Side;
use super::{Psk, TlsConfig, TlsError, TlsStream, context};

/// OpenSSL's limit on a PSK identity (`PSK_MAX_IDENTITY_LEN`, 128 octets + the NUL).
const MAX_IDENTITY: usize = 128;

/// Opens PSK-TLS connections with one identity and key.
#[derive(Clone)]
pub struct PskConnector {
    context: Arc<SslContext>,
    config: TlsConfig,
}

impl std::fmt::Debug for PskConnector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PskConnector")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl PskConnector {
    /// A connector presenting `identity` (for SGP.02, [`crate::PskIdentity::to_text`])
    /// with `psk`.
    pub fn new(config: &TlsConfig, identity: &[u8], psk: Psk) -> Result<PskConnector, TlsError> {
        if identity.len() > MAX_IDENTITY || identity.contains(&0) {
            return Err(TlsError::IdentityLength(identity.len()));
        }
        let mut b = context::builder(SslMethod::tls_client(), config)?;
        let identity = identity.to_vec();
        b.set_psk_client_callback(move |_, _hint, id_out, psk_out| {
            // The identity is written as a C string: its octets, then a NUL.
            let id_dst = id_out.get_mut(..=identity.len());
            let psk_dst = psk_out.get_mut(..psk.as_bytes().len());
            match (id_dst, psk_dst) {
                (Some(id_dst), Some(psk_dst)) => {
                    id_dst.fill(0);
                    id_dst.iter_mut().zip(&identity).for_each(|(d, s)| *d = *s);
                    psk_dst.copy_from_slice(psk.as_bytes());
                    Ok(psk.as_bytes().len())
                }
                _ => Ok(0),
            }
        });
        Ok(PskConnector {
            context: Arc::new(b.build()),
            config: config.clone(),
        })
    }

    /// A client session with this connector's identity, key and settings, for a caller
    /// that drives OpenSSL itself over its own byte transport (a card moving the records
    /// through proactive commands, with `openssl::ssl::SslStream` over a non-blocking
    /// pipe); the caller keeps the time limit.
    pub fn session(&self) -> Result<Ssl, TlsError> {
        let mut ssl = Ssl::new(&self.context).map_err(TlsError::config("session"))?;
        ssl.set_connect_state();
        Ok(ssl)
    }

    /// The client handshake on `io`, within the configured time limit.
    pub async fn connect<S>(&self, io: S) -> Result<TlsStream<S>, TlsError>
    where
        S: AsyncRead + AsyncWrite + Unpin,
    {
        context::handshake(&self.context, &self.config, Side::Client, io).await
    }
}
