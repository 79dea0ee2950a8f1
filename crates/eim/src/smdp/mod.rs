//! The eIM as a client of the SM-DP+: ES2+ (SGP.22 5.3) to order profiles with an operator's
//! client certificate, and ES9+ (SGP.22 5.6) to relay indirect downloads and forward
//! notifications (SGP.32 v1.2 3.2, 5.14).

pub mod es2p;
pub mod es9p;
pub mod turns;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use infra::keep_alive::{KeepAlive, KeepAliveOptions, MAX_BODY};
use infra::tls::{Identity, ServerTrust, TlsError, client_config};
use infra::trace::TraceDir;

use crate::config::SmdpEndpoint;
use crate::credentials::Credentials;
pub use es2p::{Es2CallError, Es2Client, OrderOutcome};
pub use es9p::{Es9CallError, Es9Client};

/// ES2+ calls an operator's client has in flight at most, and so the connections it opens
/// and keeps: calls beyond it wait for one of these rather than open a connection each.
pub const ES2_CALLS_AT_ONCE: usize = 16;

/// ES9+ calls (relayed downloads, forwarded notifications) in flight at most, to all
/// SM-DP+ addresses together; the connections kept likewise. Their answers are read up to
/// `infra::keep_alive::MAX_BODY` (a bound profile package of a large profile stays far
/// below it).
pub const ES9_CALLS_AT_ONCE: usize = 32;

/// The largest ES2+ answer read (they are a few hundred octets of JSON).
const ES2_MAX_ANSWER: usize = 64 * 1024;

/// The clients towards the SM-DP+.
pub struct SmdpClients {
    /// One ES2+ client per operator credential (none without an ES2+ URL).
    pub es2: BTreeMap<String, Es2Client>,
    pub es9: Es9Client,
}

impl SmdpClients {
    /// Builds the clients from the endpoint configuration and the credentials.
    pub fn build(
        endpoint: &SmdpEndpoint,
        creds: &Credentials,
        trace: Option<TraceDir>,
    ) -> Result<SmdpClients, TlsError> {
        let trust = ServerTrust::roots(if endpoint.server_roots.is_empty() {
            creds.ci_roots.clone()
        } else {
            endpoint.server_roots.clone()
        });
        let client = |identity: Option<&Identity>, calls: usize, max_body: usize| {
            keep_alive(endpoint, &trust, identity, calls, max_body)
        };
        let mut es2 = BTreeMap::new();
        if let Some(url) = &endpoint.es2_url {
            for (id, identity) in &creds.operators {
                let http = client(Some(identity), ES2_CALLS_AT_ONCE, ES2_MAX_ANSWER)?;
                es2.insert(id.clone(), Es2Client::new(http, url, id, trace.clone()));
            }
        }
        let es9 = Es9Client::new(
            client(None, ES9_CALLS_AT_ONCE, MAX_BODY)?,
            endpoint.es9_url.clone(),
            trace,
        );
        Ok(SmdpClients { es2, es9 })
    }
}

/// A client of the SM-DP+ keeping `calls` connections and reading answers of up to
/// `max_body` octets, with the endpoint's address overrides (each the address's IP, with
/// the port of the URL called).
fn keep_alive(
    endpoint: &SmdpEndpoint,
    trust: &ServerTrust,
    identity: Option<&Identity>,
    calls: usize,
    max_body: usize,
) -> Result<KeepAlive, TlsError> {
    let tls = client_config(trust, identity)?;
    let mut k = KeepAliveOptions::new(Arc::new(tls));
    k.resolve = (endpoint.resolve.iter())
        .map(|(host, a)| (host.clone(), SocketAddr::new(a.ip(), 0)))
        .collect();
    k.max_idle = calls;
    k.max_body = max_body;
    Ok(KeepAlive::new(k))
}
