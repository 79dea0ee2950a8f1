//! The eIM as a client of the SM-DP+: ES2+ (SGP.22 5.3) to order profiles with an operator's
//! client certificate, and ES9+ (SGP.22 5.6) to relay indirect downloads and forward
//! notifications (SGP.32 v1.2 3.2, 5.14).

pub mod es2p;
pub mod es9p;

use std::collections::BTreeMap;

use infra::client::{ClientOptions, build};
use infra::tls::ServerTrust;
use infra::trace::TraceDir;

use crate::config::SmdpEndpoint;
use crate::credentials::Credentials;
pub use es2p::{Es2CallError, Es2Client, OrderOutcome};
pub use es9p::{Es9CallError, Es9Client};

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
            for (id, identity) in &creds.operators {
                let http = build(&options(Some(identity.clone()))).map_err(|e| e.to_string())?;
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
