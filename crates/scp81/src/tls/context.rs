//! What the client and server contexts share: TLS 1.2 only, the configured PSK suites, no
//! session resumption (SGP.02 2.4.4), no renegotiation.

use std::pin::Pin;

use openssl::ssl::{
    Ssl, SslContext, SslContextBuilder, SslMethod, SslOptions, SslSessionCacheMode, SslVersion,
};
use tokio::io::{AsyncRead, AsyncWrite};

use super::{TlsConfig, TlsError, TlsStream};

/// Which side of the handshake to play.
#[derive(Clone, Copy)]
pub(super) enum Side {
    Server,
    Client,
}

/// A context builder for `method` with the common settings of `config`.
pub(super) fn builder(
    method: SslMethod,
    config: &TlsConfig,
) -> Result<SslContextBuilder, TlsError> {
    if config.suites.is_empty() {
        return Err(TlsError::NoSuite);
    }
    let mut b = SslContextBuilder::new(method).map_err(TlsError::config("context"))?;
    b.set_min_proto_version(Some(SslVersion::TLS1_2))
        .map_err(TlsError::config("version"))?;
    b.set_max_proto_version(Some(SslVersion::TLS1_2))
        .map_err(TlsError::config("version"))?;
    let names: Vec<&str> = config.suites.iter().map(|s| s.openssl_name()).collect();
    b.set_cipher_list(&names.join(":"))
        .map_err(TlsError::config("cipher suites"))?;
    b.set_options(SslOptions::NO_TICKET | SslOptions::NO_RENEGOTIATION);
    b.set_session_cache_mode(SslSessionCacheMode::OFF);
    Ok(b)
}

/// The handshake of `side` on `io` with `context`, within `config`'s time limit.
pub(super) async fn handshake<S>(
    context: &SslContext,
    config: &TlsConfig,
    side: Side,
    io: S,
) -> Result<TlsStream<S>, TlsError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let ssl = Ssl::new(context).map_err(TlsError::config("session"))?;
    let mut stream = TlsStream::new(ssl, io).map_err(TlsError::config("stream"))?;
    let pinned = Pin::new(&mut stream);
    let done = match side {
        Side::Server => tokio::time::timeout(config.handshake_timeout, pinned.accept()).await,
        Side::Client => tokio::time::timeout(config.handshake_timeout, pinned.connect()).await,
    };
    match done {
        Err(_) => Err(TlsError::Timeout),
        Ok(Err(e)) => Err(TlsError::of_handshake(e)),
        Ok(Ok(())) => Ok(stream),
    }
}
