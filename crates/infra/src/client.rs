//! The HTTPS client: reqwest on our rustls configuration (ring provider), with the options
//! a tester needs: trusted roots or no verification, a client certificate, and connecting to
//! another address than the one named (like curl's `--resolve`).

use std::net::SocketAddr;
use std::time::Duration;

use crate::tls::{Identity, ServerTrust, TlsError, client_config};

/// Options for an HTTPS client.
#[derive(Clone)]
pub struct ClientOptions {
    pub trust: ServerTrust,
    pub identity: Option<Identity>,
    /// `(host, address)`: connections to `host` go to `address`.
    pub resolve: Vec<(String, SocketAddr)>,
    pub timeout: Duration,
}

impl ClientOptions {
    pub fn new(trust: ServerTrust) -> Self {
        ClientOptions {
            trust,
            identity: None,
            resolve: Vec::new(),
            timeout: Duration::from_secs(30),
        }
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// Builds a reqwest client on our TLS configuration.
pub fn build(options: &ClientOptions) -> Result<reqwest::Client, ClientError> {
    let tls = client_config(&options.trust, options.identity.as_ref())?;
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .timeout(options.timeout)
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(30))
        .no_proxy();
    for (host, addr) in &options.resolve {
        builder = builder.resolve(host, *addr);
    }
    Ok(builder.build()?)
}

/// An error with its causes, `a: b: c` (a cause whose text is already there is left out).
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
