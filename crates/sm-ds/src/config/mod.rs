//! Configuration of the SM-DS: who it is, where it listens, what it stores where, its
//! policy and retention. Built in code ([`SmDsConfig::new`]) or from the options of a
//! `rsp-lab smds serve` command and an optional TOML file ([`SmDsConfig::from_options`]):
//!
//! ```toml
//! site = "root"                        # or "alternative" (DSauth-alt/, DStls-alt/)
//! address = "smds.rsp-lab.test"        # FQDN[:port] eUICCs send (default: DS TLS dNSName)
//! es11_listen = "127.0.0.1:8448"       # LPAs (server TLS)
//! es12_listen = "127.0.0.1:8449"       # SM-DP+s and alternative SM-DSs (mutual TLS)
//! metrics_listen = "127.0.0.1:9466"    # GET /metrics, plain HTTP (default: off)
//! metrics_allow_remote = false         # true to let metrics_listen be a non-loopback address
//! database = "postgres://user@127.0.0.1/smds"   # default: sqlite file in the data directory
//! trace_dir = "/tmp/smds-trace"
//! pki = "pki"                          # SGP.26-layout directory (default: <data>/pki,
//!                                      # generated on first use)
//!
//! [policy]
//! session_ttl_secs = 120               # InitiateAuthentication → AuthenticateClient
//! max_events_per_eid = 64              # RegisterEvent beyond it: 8.1.1/3.8; 0: no limit
//! own_address_only = true              # an SM-DP+ registers only its own address
//!
//! [root]                               # an alternative SM-DS: where ES15 forwards go
//! url = "https://smds.rsp-lab.test:8449"
//! ca_file = "ci.pem"                   # roots of its server certificate (default: the CIs)
//! resolve = "127.0.0.1:8449"           # connect there instead of resolving the host
//!
//! [forward]                            # the ES15 outbox
//! poll_interval_ms = 1000
//! initial_backoff_ms = 500
//! max_backoff_secs = 300
//! lease_secs = 30
//!
//! [retention]
//! event_ttl_secs = 5184000             # events older than 60 days are swept
//! sweep_interval_secs = 10
//!
//! [limits]                             # per listener, see infra::serve::limits
//! max_body_bytes = 65536
//! [limits.es12]
//! max_connections = 64
//!
//! [storage]
//! synchronous = "normal"
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use certs::SmdsSite;
use infra::config::loopback;
use infra::serve::Limits;

use crate::store::retention::Retention;

mod file;

pub use file::ServeOptions;
pub use infra::config::ConfigError;

/// Where the SM-DS's credentials come from (an SGP.26-layout directory holds the CI, and
/// DSauth and DS TLS with their keys: `DSauth/`, `DStls/`, or `DSauth-alt/`, `DStls-alt/`
/// for the alternative SM-DS).
pub use server::CredentialSource;

/// What the SM-DS decides for itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// How long an ES11 session lives between InitiateAuthentication and AuthenticateClient.
    pub session_ttl: Duration,
    /// Event Records one EID may hold; RegisterEvent beyond it is refused with
    /// "8.1.1 EID / 3.8 Refused" (`es12::Es12Error::EidFull`); 0: no limit.
    pub max_events_per_eid: u32,
    /// For a caller with CERT.DP.TLS, refuse an rspServerAddress whose host is none of its
    /// certificate's dNSNames ("8.8.1 SM-DP+ Address / 3.8 Refused"): an SM-DP+ registers
    /// events that send eUICCs to itself.
    pub own_address_only: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            session_ttl: Duration::from_secs(120),
            max_events_per_eid: 64,
            own_address_only: true,
        }
    }
}

/// What is kept how long, and how often the sweep runs.
pub type RetentionPolicy = server::RetentionPolicy<Retention>;

/// The root SM-DS an alternative SM-DS forwards to over ES15 (SGP.22 5.10), with its own
/// CERT.DS.TLS as client certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootSmds {
    /// Base URL, e.g. `https://smds.rsp-lab.test`; `/gsma/rsp2/es12/<function>` is appended.
    pub url: String,
    /// Roots (DER) its server certificate must chain to; empty: the trusted CIs.
    pub server_roots: Vec<Vec<u8>>,
    /// Connect to this address instead of resolving the URL's host.
    pub resolve: Option<SocketAddr>,
}

/// Retry schedule of the ES15 outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForwardPolicy {
    /// How often due entries are looked for (also woken at once by new entries).
    pub poll_interval: Duration,
    /// Wait after the first failure; doubled per failure up to `max_backoff`.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// How long a claimed entry is another instance's to send.
    pub lease: Duration,
}

impl Default for ForwardPolicy {
    fn default() -> Self {
        ForwardPolicy {
            poll_interval: Duration::from_secs(1),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(300),
            lease: Duration::from_secs(30),
        }
    }
}

/// Everything the SM-DS needs to run.
#[derive(Clone, Debug)]
pub struct SmDsConfig {
    /// What every server role has: data directory, credentials source, database, trace
    /// directory, metrics listener, storage options.
    pub server: server::Settings,
    /// Which of the PKI's SM-DS credentials this one uses.
    pub site: SmdsSite,
    /// The SM-DS address eUICCs send (`FQDN[:port]`); default: the DS TLS certificate's
    /// dNSName.
    pub address: Option<String>,
    /// ES11 (LPAs; server-authenticated TLS).
    pub es11_listen: SocketAddr,
    /// ES12 (SM-DP+s) and ES15 (alternative SM-DSs): mutual TLS.
    pub es12_listen: SocketAddr,
    pub policy: Policy,
    /// For an alternative SM-DS: the root SM-DS that events with the forwarding indicator
    /// set are registered at too (ES15); `None` for the root SM-DS itself.
    pub root: Option<RootSmds>,
    pub forward: ForwardPolicy,
    pub retention: RetentionPolicy,
    pub es11_limits: Limits,
    pub es12_limits: Limits,
}

impl SmDsConfig {
    /// Defaults: loopback listeners (ES11 on 8448, ES12 on 8449; the SM-DP+ and the eIM keep 8443–8447), SQLite in `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>, credentials: CredentialSource) -> SmDsConfig {
        SmDsConfig {
            server: server::Settings {
                credentials,
                ..server::Settings::new(
                    data_dir,
                    storage::DbOptions {
                        thread_name: "smds-db".into(),
                        ..storage::DbOptions::default()
                    },
                    server::Served::none("smds"),
                )
            },
            site: SmdsSite::Root,
            address: None,
            es11_listen: loopback(8448),
            es12_listen: loopback(8449),
            policy: Policy::default(),
            root: None,
            forward: ForwardPolicy::default(),
            retention: RetentionPolicy::default(),
            es11_limits: Limits::default(),
            es12_limits: Limits::default(),
        }
    }

    /// The database URL in use.
    pub fn database_url(&self) -> String {
        self.server.database_url_or("smds.db")
    }
}
