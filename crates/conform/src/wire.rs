//! What both catalogues' wires share: which `--resolve` entries apply to a port, the port of
//! a URL, and a client that opens a fresh connection for every request (a server may close
//! one after a request it refused unread, an oversized body, and nothing is retried on a
//! closed one).

use std::sync::Arc;
use std::time::Duration;

use infra::keep_alive::{KeepAlive, KeepAliveOptions};
use infra::tls::client_config;
use lpa::{Resolve, ServerTrust};

use crate::ConformError;

/// The HTTPS port when an address names none.
pub(crate) const HTTPS_PORT: u16 = 443;

/// The `--resolve` entries for connections to `port` (several listeners of one host name:
/// ES9+ and ES2+ on two ports).
pub(crate) fn resolves_on(resolve: &[Resolve], port: u16) -> Vec<&Resolve> {
    resolve
        .iter()
        .filter(|r| r.port.is_none_or(|p| p == port))
        .collect()
}

/// The port of an `https://host[:port][/…]` URL (or `coaps://`, whose default is 5684,
/// RFC 7252 6.2).
pub(crate) fn url_port(url: &str) -> u16 {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split('/').next().unwrap_or(rest);
    let default = if scheme == "coaps" { 5684 } else { HTTPS_PORT };
    authority
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(default)
}

/// A client trusting `trust` that connects to the `resolve` entries for `port` and opens a
/// connection per request.
pub(crate) fn fresh_connections(
    trust: &ServerTrust,
    resolve: &[Resolve],
    port: u16,
    timeout: Duration,
) -> Result<KeepAlive, ConformError> {
    let tls = client_config(trust, None).map_err(|e| ConformError::Setup(e.to_string()))?;
    Ok(KeepAlive::new(KeepAliveOptions {
        resolve: resolves_on(resolve, port)
            .into_iter()
            .map(|r| (r.host.clone(), r.addr))
            .collect(),
        timeout,
        max_idle: 0,
        ..KeepAliveOptions::new(Arc::new(tls))
    }))
}
