//! The eIM as a client of the SM-DP+: ES2+ (SGP.22 5.3) to order profiles with an operator's
//! client certificate, and ES9+ (SGP.22 5.6) to relay indirect downloads and forward
//! notifications (SGP.32 v1.2 3.2, 5.14).

pub mod es2p;
pub mod es9p;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use infra::client::{ClientOptions, build};
use infra::keep_alive::{KeepAlive, KeepAliveOptions};
use infra::tls::{ServerTrust, client_config};
use infra::trace::TraceDir;

use crate::config::SmdpEndpoint;
use crate::credentials::Credentials;
pub use es2p::{Es2CallError, Es2Client, OrderOutcome};
pub use es9p::{Es9CallError, Es9Client};

/// ES2+ calls an operator's client has in flight at most, and so the connections it opens
/// and keeps: calls beyond it wait for one of these rather than open a connection each.
pub const ES2_CALLS_AT_ONCE: usize = 16;

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
    ) -> Result<SmdpClients, String> {
        let roots = if endpoint.server_roots.is_empty() {
            creds.ci_roots.clone()
        } else {
            endpoint.server_roots.clone()
        };
        let options = |identity| {
            let mut o = ClientOptions::new(ServerTrust::roots(roots.clone()));
            o.identity = identity;
            o.resolve = endpoint
                .resolve
                .iter()
                .map(|(h, a)| (h.clone(), *a))
                .collect();
            o
        };
        let mut es2 = BTreeMap::new();
        if let Some(url) = &endpoint.es2_url {
            // `resolve` names an address; the port is the URL's (as for reqwest).
            let port = reqwest::Url::parse(url)
                .ok()
                .and_then(|u| u.port_or_known_default())
                .unwrap_or(443);
            for (id, identity) in &creds.operators {
                let o = options(Some(identity.clone()));
                let tls =
                    client_config(&o.trust, o.identity.as_ref()).map_err(|e| e.to_string())?;
                let mut k = KeepAliveOptions::new(Arc::new(tls));
                k.resolve = (o.resolve.iter())
                    .map(|(host, a)| (host.clone(), SocketAddr::new(a.ip(), port)))
                    .collect();
                k.timeout = o.timeout;
                k.max_body = ES2_MAX_ANSWER;
                k.max_idle = ES2_CALLS_AT_ONCE;
                let http = KeepAlive::new(k);
                es2.insert(id.clone(), Es2Client::new(http, url, id, trace.clone()));
            }
        }
        let http = build(&options(None)).map_err(|e| e.to_string())?;
        Ok(SmdpClients {
            es2,
            es9: Es9Client::new(http, endpoint.es9_url.clone(), trace),
        })
    }
}
