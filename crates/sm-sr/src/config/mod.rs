//! Configuration of the SM-SR: who it is (its SM-SR identifier and the SMS address eUICCs
//! send their notifications to), the SMSC it submits SCP80 packets through, where ES4/ES3/ES7
//! and the SCP81 admin server listen, how long an operation may take and how long records
//! are kept. Built in code ([`SmSrConfig::new`]) or from a `rsp-lab smsr serve` command and
//! an optional TOML file ([`SmSrConfig::from_options`]):
//!
//! ```toml
//! smsr_id = "1.3.6.1.4.1.99999.2"      # the SM-SR identifier (SGP.02 EIS `Smsr-id`)
//! sms_address = "+99990000001"          # MSISDN the eUICCs send MO SMS to
//! es4_listen = "127.0.0.1:8450"         # ES4 (operators), ES3 (SM-DPs), ES7 (SM-SRs)
//! database = "postgres://user@127.0.0.1/smsr"   # default: SQLite file in the data directory
//!
//! [smsc]                                # SMPP 3.4 link for ES5 over SMS (SCP80)
//! address = "127.0.0.1:2775"
//! system_id = "smsr"
//! password = "secret"                   # never logged
//!
//! [[peer]]                              # another SM-SR, for ES7 (SM-SR change)
//! id = "smsr2.rsp-lab.test"
//! url = "https://smsr2.rsp-lab.test:8460/gsma/smsr/ES7"
//! resolve = "127.0.0.1:8460"
//!
//! [scp81]                               # GP Amendment B admin server (ES5 over HTTPS)
//! listen = "127.0.0.1:8451"
//! admin_uri = "/gsma/adminagent"
//! push_retry_secs = 60                  # push SMS sent again when no session came
//! public_address = "203.0.113.7:8451"   # optional: what the push names, if not `listen`
//!
//! [operations]
//! validity_secs = 86400                 # default ValidityPeriod of an ES4 call
//! max_attempts = 5                      # ES5 sends of one command before it fails
//! por_timeout_secs = 60                 # a script sent by SMS without PoR is sent again
//!
//! [operators."mno-a"]                 # ES4 Handle*Notification endpoint of MNO-ID mno-a
//! notify_url = "https://mno-a.test:9460/es4"
//! resolve = "127.0.0.1:9460"            # optional: connect here for the URL's host
//!
//! [smdps."smdp.rsp-lab.test"]           # ES3 Handle*Notification endpoint of an SM-DP
//! notify_url = "https://smdp.rsp-lab.test:9470/gsma/smdp/ES3"
//!
//! [retention]
//! operations_secs = 2592000             # finished operations kept 30 days
//! notifications_secs = 2592000          # received Default Notifications kept 30 days
//! sweep_interval_secs = 60
//! ```

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use infra::config::loopback;
use infra::serve::Limits;

use crate::store::retention::Retention;

mod credentials;
mod file;
mod operators;
mod peer;

pub use credentials::Es4Credentials;
pub use file::ServeOptions;
pub use infra::config::ConfigError;
pub use operators::{OperatorEndpoint, Operators};
pub(crate) use operators::{host_of, resolve_pairs};
pub use peer::PeerSmSr;

/// The SMPP 3.4 link to the SMSC the SM-SR submits its SCP80 secured packets through and
/// receives PoRs and MO notifications from (SGP.02 2.4.3, ES5 over SMS).
#[derive(Clone, PartialEq, Eq)]
pub struct SmscLink {
    /// `host:port` of the SMSC's SMPP listener.
    pub address: String,
    /// The ESME's `system_id` in bind_transceiver.
    pub system_id: String,
    /// The ESME's `password` in bind_transceiver (at most 8 octets in SMPP 3.4 5.2.2).
    pub password: String,
}

impl std::fmt::Debug for SmscLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The password is never printed.
        f.debug_struct("SmscLink")
            .field("address", &self.address)
            .field("system_id", &self.system_id)
            .finish_non_exhaustive()
    }
}

/// The SCP81 admin server eUICCs open their HTTPS sessions to (GP Amendment B, SGP.02
/// 2.4.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scp81Listener {
    /// Where the PSK-TLS listener binds.
    pub listen: SocketAddr,
    /// The address the push SMS names for the device to connect to (TS 102 223 8.58
    /// Other address and 8.59 port, IP only), when it is not the bound one (a listener
    /// behind NAT or a port forward); `None`: the bound address.
    pub public_address: Option<SocketAddr>,
    /// The admin URI sent in the session trigger (`8C` of the HTTP POST parameters).
    pub admin_uri: String,
    /// How long the SM-SR waits for the admin session a push SMS asked for before it sends
    /// the push again (each push counts one of [`OperationPolicy::max_attempts`]).
    pub push_retry: Duration,
}

impl Scp81Listener {
    /// The wait for an admin session before the push is sent again, unless configured.
    pub const DEFAULT_PUSH_RETRY: Duration = Duration::from_secs(60);

    /// A listener on `listen` whose triggers name `admin_uri`, with the default push retry.
    pub fn new(listen: SocketAddr, admin_uri: &str) -> Scp81Listener {
        Scp81Listener {
            listen,
            public_address: None,
            admin_uri: admin_uri.to_string(),
            push_retry: Scp81Listener::DEFAULT_PUSH_RETRY,
        }
    }
}

/// How ES4/ES3 function calls are run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationPolicy {
    /// The validity of a call that gives no `ValidityPeriod` (SGP.02 5.1.1).
    pub default_validity: Duration,
    /// How many times one ES5 command is sent (each with a new counter) before the
    /// operation fails.
    pub max_attempts: u32,
    /// How long a script sent by SMS waits for its PoR before it is sent again with a new
    /// counter (ETSI TS 102 225 5.1.1: the counter makes the repeat a new command; a lost
    /// MT short message otherwise holds the operation until its validity ends).
    pub por_timeout: Duration,
}

impl Default for OperationPolicy {
    fn default() -> Self {
        OperationPolicy {
            default_validity: Duration::from_secs(24 * 3600),
            max_attempts: 5,
            por_timeout: Duration::from_secs(60),
        }
    }
}

/// How the asynchronous responses are delivered at `ReplyTo` ([`crate::SmSrCore::reply_state`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxPolicy {
    /// How often due responses are looked for.
    pub poll: Duration,
    /// The wait after a first failed attempt; doubled after each further one.
    pub backoff: Duration,
    /// Attempts before a response is kept as failed.
    pub max_attempts: u32,
    /// `(host, address)`: callbacks to `host` connect to `address` (like curl's
    /// `--resolve`; the port is the URL's).
    pub resolve: Vec<(String, SocketAddr)>,
}

impl Default for OutboxPolicy {
    fn default() -> Self {
        OutboxPolicy {
            poll: Duration::from_secs(2),
            backoff: Duration::from_secs(5),
            max_attempts: 8,
            resolve: Vec::new(),
        }
    }
}

/// What is kept how long, and how often the sweep runs.
pub type RetentionPolicy = server::RetentionPolicy<Retention>;

/// Everything the SM-SR needs to run.
#[derive(Clone, Debug)]
pub struct SmSrConfig {
    /// What every server role has: data directory, credentials source, database, trace
    /// directory, metrics listener, storage options.
    pub server: server::Settings,
    /// The SM-SR identifier (the EIS's `Smsr-id`, SGP.02 5.1.1.2.1).
    pub smsr_id: String,
    /// The SMS address (MSISDN) eUICCs send their MO secured packets to.
    pub sms_address: String,
    /// The SMPP link for ES5 over SMS; `None`: no SMS bearer.
    pub smsc: Option<SmscLink>,
    /// The SCP81 admin server; `None`: no HTTPS bearer.
    pub scp81: Option<Scp81Listener>,
    /// ES4 (operators), ES3 (SM-DPs) and ES7 (other SM-SRs), mutual TLS.
    pub es4_listen: SocketAddr,
    /// The ES4 TLS credentials; `None`: loaded from `server.credentials` at start.
    pub es4_credentials: Option<Es4Credentials>,
    /// How function calls are run.
    pub operations: OperationPolicy,
    /// How asynchronous responses (and the operators' notifications) are delivered.
    pub outbox: OutboxPolicy,
    /// The operators' ES4 notification endpoints by MNO-ID (`[operators.<MNO-ID>]`).
    pub operators: Operators,
    /// The SM-DPs' ES3 notification endpoints by SM-DP-ID (`[smdps.<SM-DP-ID>]`): each
    /// profile's SM-DP is told of its changes (SGP.02 5.4) and tells its operator over ES2.
    pub smdps: Operators,
    /// What is kept how long.
    pub retention: RetentionPolicy,
    /// Limits of the ES4/ES3/ES7 listener (`[limits.es4]`).
    pub es4_limits: Limits,
    /// Limits of the SCP81 listener (`[limits.scp81]`).
    pub scp81_limits: Limits,
    /// The other SM-SRs reached over ES7 (`[[peer]]`, SGP.02 3.8).
    pub peers: Vec<PeerSmSr>,
}

impl SmSrConfig {
    /// Defaults: ES4 on loopback 8450 (the SM-DP+, eIM and SM-DS keep 8443–8449), no SMSC,
    /// no SCP81 listener, SQLite in `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>, smsr_id: impl Into<String>) -> SmSrConfig {
        SmSrConfig {
            server: server::Settings::new(
                data_dir,
                storage::DbOptions {
                    thread_name: "smsr-db".into(),
                    ..storage::DbOptions::default()
                },
                server::Served::none("smsr"),
            ),
            smsr_id: smsr_id.into(),
            sms_address: String::new(),
            smsc: None,
            scp81: None,
            es4_listen: loopback(8450),
            es4_credentials: None,
            operations: OperationPolicy::default(),
            outbox: OutboxPolicy::default(),
            operators: Operators::new(),
            smdps: Operators::new(),
            retention: RetentionPolicy::default(),
            es4_limits: Limits::default(),
            scp81_limits: Limits::default(),
            peers: Vec::new(),
        }
    }

    /// The database URL in use.
    pub fn database_url(&self) -> String {
        self.server.database_url_or("smsr.db")
    }
}
