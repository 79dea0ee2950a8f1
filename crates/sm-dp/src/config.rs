//! Configuration of the SM-DP+: where it listens, who it is, what it stores where, its
//! download policy and the operators' notification endpoints. Built in code
//! ([`SmDpConfig::new`]) or from the `rsp-lab smdp serve` options and an optional TOML file
//! ([`SmDpConfig::from_options`]).
//!
//! ```toml
//! address = "smdp.rsp-lab.test"        # FQDN[:port] as LPAs send it (default: DP TLS dNSName)
//! es9_listen = "127.0.0.1:8443"
//! es2_listen = "127.0.0.1:8444"
//! metrics_listen = "127.0.0.1:9464"  # GET /metrics, plain HTTP (default: off; the guide's "Metrics")
//! metrics_allow_remote = false         # true to let metrics_listen be a non-loopback address
//! database = "postgres://user@127.0.0.1/smdp"   # default: sqlite file in the data directory
//! trace_dir = "/tmp/smdp-trace"
//! oid = "2.999.10"                     # SM-DP+ OID (default: registeredID of CERT.DPauth.ECDSA)
//! trusted_cis = ["other-ci.der"]       # further trusted CIs (PEM or DER), besides the PKI's
//! operator_ca = "operator-ca.pem"      # roots of ES2+ client certificates (default: the
//!                                      # PKI's Operators/ CA; with none, ES2+ refuses all)
//!
//! [policy]
//! order_ttl_secs = 2592000             # a confirmed order expires after 30 days
//! session_ttl_secs = 3600
//! cc_retry_limit = 3                   # wrong confirmation codes before the order is unusable
//! max_download_attempts = 10
//! max_open_orders_per_eid = 0          # DownloadOrder refused (8.1.1/3.8) beyond it; 0: no limit
//! protected_profiles = false           # bind with ReplaceSessionKeys (PPK) when true
//! allow_rebinding = true               # bind again for a new otPK.EUICC (SGP.22 5.6.2)
//! host_id = "rsp-lab"
//! unauthenticated_session_ttl_secs = 120   # a session not authenticated by then is deleted
//!
//! [retention]                          # what is deleted when (the database stays bounded)
//! closed_sessions_secs = 3600
//! delivered_outbox_secs = 604800
//! notifications_secs = 2592000
//! sweep_interval_secs = 10
//!
//! [limits]                             # per listener, see infra::serve::limits (defaults)
//! handshake_timeout_ms = 10000         # TLS handshake
//! header_timeout_ms = 10000            # a request head (first octet → end)
//! body_timeout_ms = 30000              # a request body
//! idle_timeout_ms = 30000              # keep-alive idleness
//! max_connections = 512                # at once; more wait in the listen backlog
//! max_header_bytes = 16384
//! max_body_bytes = 65536               # larger bodies: 1.3.1/2.1 in the binding's format
//! [limits.es2]                         # one listener (es9, es2) over the keys above
//! max_connections = 64
//!
//! [storage]
//! synchronous = "normal"               # SQLite: "full" also survives power loss
//! max_connections = 8                  # PostgreSQL connections
//! max_size_mib = 1024                  # SQLite: refuse writes beyond this size
//!
//! [operators.operator1]                 # HandleDownloadProgressInfo receiver (mTLS)
//! notification_url = "https://operator1.example:9443"
//! ca_file = "operator1-ca.pem"         # roots of its server certificate (PEM or DER)
//! resolve = "127.0.0.1:9443"           # connect there instead of resolving the host
//!
//! [smds]                               # SM-DSs named in ConfirmOrder's smdsAddress (ES12)
//! ca_file = "smds-ca.pem"              # roots of their server certificates (default: the CIs)
//! resolve = { "smds.rsp-lab.test" = "127.0.0.1:8449" }   # connect there for that host
//!
//! [faults]                             # faults served to a device under test (default: none;
//! seed = 7                             # the guide's "Testing your own device or server")
//! [[faults.rule]]
//! kind = "lose_answer"                 # a kind the SM-DP+ serves (the guide's table)
//! eid_prefix = "89049032"
//! functions = ["getBoundProfilePackage"]
//! times = 1
//! ```

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use infra::config::{Relative, loopback};
use infra::serve::Limits;
use serde::Deserialize;
use server::file::RoleFile;

/// Where the SM-DP+'s credentials come from (an SGP.26-layout directory holds DPauth, DPpb,
/// DPtls with their keys, the CI, and the operator CA for ES2+ client certificates).
pub use server::CredentialSource;

/// Download policy (SGP.22 5.6: what the SM-DP+ decides for itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Time to live of a confirmed order (`downloadOrderExpired` after it).
    pub order_ttl: Duration,
    /// How long an ES9+ session stays usable once AuthenticateClient accepted the eUICC.
    pub session_ttl: Duration,
    /// How long a session lives before AuthenticateClient (an unauthenticated caller can
    /// open sessions at will: they must not outlive a real device's first two calls by much).
    pub unauthenticated_session_ttl: Duration,
    /// Wrong confirmation codes accepted before the order becomes unusable
    /// (`confirmationCodeRetriesExceeded`).
    pub cc_retry_limit: u32,
    /// AuthenticateClient successes per order before 8.8.5/6.4.
    pub max_download_attempts: u32,
    /// Open orders one EID may hold before DownloadOrder refuses it (8.1.1/3.8); 0: no
    /// limit (`es2p::eid_limit`).
    pub max_open_orders_per_eid: u32,
    /// Bind protected profile packages (ReplaceSessionKeys with fresh PPK keys per binding).
    pub protected_profiles: bool,
    /// Bind again when a retried download brings a new otPK.EUICC.ECKA, instead of
    /// `bppRebindingRefused` (8.2/3.7). SGP.22 5.6.2 leaves the choice to the SM-DP+; on
    /// by default: an eUICC that no longer holds the otSK.EUICC.ECKA its first package was
    /// bound to (bppEuiccOtpk offered, a new otPK sent back) could otherwise never complete
    /// its order, and the new binding is to the same EID (the KDF takes it) for the same
    /// order, so it delivers the profile to no other eUICC.
    pub allow_rebinding: bool,
    /// hostId of the ControlRefTemplate (1 to 16 octets).
    pub host_id: Vec<u8>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            order_ttl: Duration::from_secs(30 * 24 * 3600),
            session_ttl: Duration::from_secs(3600),
            unauthenticated_session_ttl: Duration::from_secs(120),
            cc_retry_limit: 3,
            max_download_attempts: 10,
            max_open_orders_per_eid: 0,
            protected_profiles: false,
            allow_rebinding: true,
            host_id: b"rsp-lab".to_vec(),
        }
    }
}

/// An operator's HandleDownloadProgressInfo endpoint (SGP.22 5.3.5), reached over mutually
/// authenticated TLS with the SM-DP+'s CERT.DP.TLS as client certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperatorEndpoint {
    /// Base URL; `/gsma/rsp2/es2plus/handleDownloadProgressInfo` is appended.
    pub notification_url: String,
    /// Roots (DER) its server certificate must chain to; empty: the CI.
    pub server_roots: Vec<Vec<u8>>,
    /// Connect to this address instead of resolving the URL's host.
    pub resolve: Option<SocketAddr>,
}

/// How the SM-DP+ reaches the SM-DSs operators name (ES12, SGP.22 5.9), over mutually
/// authenticated TLS with CERT.DP.TLS as client certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SmdsClients {
    /// Roots (DER) their server certificates must chain to; empty: the CIs.
    pub server_roots: Vec<Vec<u8>>,
    /// `(host, address)`: connections to an SM-DS at `host` go to `address` (ES12's port
    /// included) instead of resolving it.
    pub resolve: Vec<(String, SocketAddr)>,
}

/// Retry schedule of the outbox (progress reports, SM-DS event deletions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxPolicy {
    /// How often due entries are looked for (also woken at once by new entries).
    pub poll_interval: Duration,
    /// Wait after the first failure; doubled per failure.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

/// What is kept how long, and how often the sweep runs.
pub type RetentionPolicy = server::RetentionPolicy<crate::store::retention::Retention>;

impl Default for OutboxPolicy {
    fn default() -> Self {
        OutboxPolicy {
            poll_interval: Duration::from_secs(1),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(300),
        }
    }
}

/// Everything the SM-DP+ needs to run.
#[derive(Clone, Debug)]
pub struct SmDpConfig {
    /// What every server role has: data directory, credentials source, database, trace
    /// directory, metrics listener, storage options.
    pub server: server::Settings,
    /// The SM-DP+ address LPAs send (`FQDN[:port]`); default: the DP TLS certificate's
    /// dNSName.
    pub address: Option<String>,
    /// The SM-DP+ OID; default: registeredID of CERT.DPauth.ECDSA.
    pub oid: Option<String>,
    pub es9_listen: SocketAddr,
    pub es2_listen: SocketAddr,
    pub policy: Policy,
    pub operators: BTreeMap<String, OperatorEndpoint>,
    /// How SM-DSs are reached for ConfirmOrder's smdsAddress.
    pub smds: SmdsClients,
    /// Trusted CIs (DER) besides those of the credentials.
    pub trusted_cis: Vec<Vec<u8>>,
    /// Roots (DER) of operator client certificates for ES2+, replacing the credentials'
    /// operator CA when not empty.
    pub operator_ca: Vec<Vec<u8>>,
    pub outbox: OutboxPolicy,
    /// What the ES9+ listener allows a client (timeouts, connections, head and body sizes).
    pub es9_limits: Limits,
    /// What the ES2+ listener allows a client.
    pub es2_limits: Limits,
    /// Retention of finished sessions, orders and notifications.
    pub retention: RetentionPolicy,
    /// The SGP.02 SM-DP beside the SM-DP+ (`[sgp02]`), when configured.
    pub sgp02: Option<crate::sgp02::Sgp02Config>,
}

/// Default ES9+ listener (loopback).
pub const DEFAULT_ES9_LISTEN: &str = "127.0.0.1:8443";
/// Default ES2+ listener (loopback).
pub const DEFAULT_ES2_LISTEN: &str = "127.0.0.1:8444";

impl SmDpConfig {
    /// Defaults: loopback listeners, credentials from `<data_dir>/pki`, SQLite.
    pub fn new(data_dir: impl Into<PathBuf>) -> SmDpConfig {
        SmDpConfig {
            server: server::Settings::new(
                data_dir,
                storage::DbOptions {
                    thread_name: "smdp-db".into(),
                    sqlite_readers: 0,
                    ..storage::DbOptions::default()
                },
                crate::faults::SERVED_FAULTS,
            ),
            address: None,
            oid: None,
            es9_listen: loopback(8443),
            es2_listen: loopback(8444),
            policy: Policy::default(),
            operators: BTreeMap::new(),
            smds: SmdsClients::default(),
            trusted_cis: Vec::new(),
            operator_ca: Vec::new(),
            outbox: OutboxPolicy::default(),
            es9_limits: Limits::default(),
            es2_limits: Limits::default(),
            retention: RetentionPolicy::default(),
            sgp02: None,
        }
    }

    /// The database URL in use.
    pub fn database_url(&self) -> String {
        self.server.database_url_or("smdp.db")
    }

    /// The configuration of `rsp-lab smdp serve`: the TOML file when given, then the
    /// command-line options over it.
    pub fn from_options(o: &ServeOptions) -> Result<SmDpConfig, ConfigError> {
        let mut c = SmDpConfig::new(&o.server.data_dir);
        if let Some(path) = &o.server.config_file {
            let file = RoleFile::<FileConfig>::read(path)?;
            file.settings.apply(
                &mut c.server,
                &file.rel,
                &mut [("es9", &mut c.es9_limits), ("es2", &mut c.es2_limits)],
            )?;
            file.role.apply(&mut c, &file.rel)?;
        }
        c.server.apply_flags(&o.server)?;
        match (&o.server.pki_dir, &o.credentials_dir) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::Option(
                    "give --pki or --credentials, not both".into(),
                ));
            }
            (None, Some(d)) => c.server.credentials = CredentialSource::Dir(d.clone()),
            _ => {}
        }
        if let Some(a) = &o.address {
            c.address = Some(a.clone());
        }
        if let Some(a) = o.es9_listen {
            c.es9_listen = a;
        }
        if let Some(a) = o.es2_listen {
            c.es2_listen = a;
        }
        if let Some(oid) = &o.oid {
            c.oid = Some(oid.clone());
        }
        Ok(c)
    }
}

/// The options of `rsp-lab smdp serve --data DIR [--config FILE] [--pki DIR |
/// --credentials DIR] [--address NAME] [--es9-listen ADDR] [--es2-listen ADDR]
/// [--database URL] [--trace-dir DIR] [--oid OID]`.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// The flags every server role takes (`--data`, `--config`, `--pki`, `--metrics-listen`,
    /// `--metrics-allow-remote`, `--database`, `--trace-dir`).
    pub server: server::Flags,
    /// `--credentials DIR`: the same as `--pki DIR`.
    pub credentials_dir: Option<PathBuf>,
    pub address: Option<String>,
    pub es9_listen: Option<SocketAddr>,
    pub es2_listen: Option<SocketAddr>,
    /// The SM-DP+ OID, over the file's `oid` and the registeredID of CERT.DPauth.ECDSA.
    pub oid: Option<String>,
}

pub use infra::config::ConfigError;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    address: Option<String>,
    oid: Option<String>,
    es9_listen: Option<SocketAddr>,
    es2_listen: Option<SocketAddr>,
    #[serde(default)]
    trusted_cis: Vec<PathBuf>,
    operator_ca: Option<PathBuf>,
    #[serde(default)]
    policy: FilePolicy,
    #[serde(default)]
    operators: BTreeMap<String, FileOperator>,
    smds: Option<FileSmds>,
    #[serde(default)]
    retention: FileRetention,
    sgp02: Option<crate::sgp02::config::FileSgp02>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileRetention {
    closed_sessions_secs: Option<u64>,
    delivered_outbox_secs: Option<u64>,
    notifications_secs: Option<u64>,
    sweep_interval_secs: Option<u64>,
}

impl FileRetention {
    fn apply(self, r: &mut RetentionPolicy) {
        let secs = Duration::from_secs;
        if let Some(s) = self.closed_sessions_secs {
            r.keep.closed_sessions = secs(s);
        }
        if let Some(s) = self.delivered_outbox_secs {
            r.keep.delivered_outbox = secs(s);
        }
        if let Some(s) = self.notifications_secs {
            r.keep.notifications = secs(s);
        }
        if let Some(s) = self.sweep_interval_secs {
            r.sweep_interval = secs(s.max(1));
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FilePolicy {
    order_ttl_secs: Option<u64>,
    session_ttl_secs: Option<u64>,
    unauthenticated_session_ttl_secs: Option<u64>,
    cc_retry_limit: Option<u32>,
    max_download_attempts: Option<u32>,
    max_open_orders_per_eid: Option<u32>,
    protected_profiles: Option<bool>,
    allow_rebinding: Option<bool>,
    host_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOperator {
    notification_url: String,
    ca_file: Option<PathBuf>,
    resolve: Option<SocketAddr>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmds {
    ca_file: Option<PathBuf>,
    #[serde(default)]
    resolve: BTreeMap<String, SocketAddr>,
}

impl FileConfig {
    fn apply(self, c: &mut SmDpConfig, rel: &Relative) -> Result<(), ConfigError> {
        c.address = self.address.or(c.address.take());
        c.oid = self.oid.or(c.oid.take());
        if let Some(a) = self.es9_listen {
            c.es9_listen = a;
        }
        if let Some(a) = self.es2_listen {
            c.es2_listen = a;
        }
        for f in self.trusted_cis {
            c.trusted_cis.extend(rel.certificates(f)?);
        }
        if let Some(f) = self.operator_ca {
            c.operator_ca = rel.certificates(f)?;
        }
        self.retention.apply(&mut c.retention);
        self.policy.apply(&mut c.policy)?;
        for (id, op) in self.operators {
            let server_roots = match op.ca_file {
                Some(f) => rel.certificates(f)?,
                None => Vec::new(),
            };
            c.operators.insert(
                id,
                OperatorEndpoint {
                    notification_url: op.notification_url,
                    server_roots,
                    resolve: op.resolve,
                },
            );
        }
        if let Some(smds) = self.smds {
            if let Some(f) = smds.ca_file {
                c.smds.server_roots = rel.certificates(f)?;
            }
            c.smds.resolve.extend(smds.resolve);
        }
        if let Some(sgp02) = self.sgp02 {
            c.sgp02 = Some(sgp02.into_config()?);
        }
        Ok(())
    }
}

impl FilePolicy {
    /// Sets what the file's `[policy]` table gives.
    fn apply(self, pol: &mut Policy) -> Result<(), ConfigError> {
        let p = self;
        if let Some(s) = p.order_ttl_secs {
            pol.order_ttl = Duration::from_secs(s);
        }
        if let Some(s) = p.session_ttl_secs {
            pol.session_ttl = Duration::from_secs(s);
        }
        if let Some(s) = p.unauthenticated_session_ttl_secs {
            pol.unauthenticated_session_ttl = Duration::from_secs(s);
        }
        if let Some(n) = p.cc_retry_limit {
            pol.cc_retry_limit = n;
        }
        if let Some(n) = p.max_download_attempts {
            pol.max_download_attempts = n;
        }
        if let Some(n) = p.max_open_orders_per_eid {
            pol.max_open_orders_per_eid = n;
        }
        if let Some(b) = p.protected_profiles {
            pol.protected_profiles = b;
        }
        if let Some(b) = p.allow_rebinding {
            pol.allow_rebinding = b;
        }
        if let Some(h) = p.host_id {
            if h.is_empty() || h.len() > 16 {
                return Err(ConfigError::Option(
                    "policy.host_id must have 1 to 16 characters".into(),
                ));
            }
            pol.host_id = h.into_bytes();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_for_all_listeners_then_one_and_the_wave1_body_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smdp.toml");
        let load = |text: &str| {
            std::fs::write(&file, text).unwrap();
            SmDpConfig::from_options(&ServeOptions {
                server: server::Flags {
                    data_dir: dir.path().into(),
                    config_file: Some(file.clone()),
                    ..server::Flags::default()
                },
                ..ServeOptions::default()
            })
        };
        let c = load(
            "max_body_bytes = 4096\n[limits]\nheader_timeout_ms = 2500\n\
             [limits.es2]\nmax_connections = 16\n",
        )
        .unwrap();
        assert_eq!(c.es9_limits.header_timeout, Duration::from_millis(2500));
        assert_eq!(c.es2_limits.header_timeout, Duration::from_millis(2500));
        assert_eq!(
            c.es9_limits.max_connections,
            Limits::default().max_connections
        );
        assert_eq!(c.es2_limits.max_connections, 16);
        assert_eq!(
            (c.es9_limits.max_body_bytes, c.es2_limits.max_body_bytes),
            (4096, 4096)
        );
        let err = load("[limits.es10]\nmax_connections = 1\n").unwrap_err();
        assert!(err.to_string().contains("no such listener"), "{err}");
        let err = load("[limits]\nheader_timeout_ms = 0\n").unwrap_err();
        assert!(err.to_string().contains("header_timeout_ms"), "{err}");
    }

    #[test]
    fn metrics_listener_off_by_default_from_the_file_or_the_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smdp.toml");
        let options = |file: Option<PathBuf>| ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                config_file: file,
                ..server::Flags::default()
            },
            ..ServeOptions::default()
        };
        let c = SmDpConfig::from_options(&options(None)).unwrap();
        assert_eq!(
            (c.server.metrics_listen, c.server.metrics_allow_remote),
            (None, false)
        );
        std::fs::write(
            &file,
            "metrics_listen = \"0.0.0.0:9464\"\nmetrics_allow_remote = true\n",
        )
        .unwrap();
        let c = SmDpConfig::from_options(&options(Some(file.clone()))).unwrap();
        assert_eq!(
            c.server.metrics_listen,
            Some("0.0.0.0:9464".parse().unwrap())
        );
        assert!(c.server.metrics_allow_remote);
        let mut flags = options(Some(file));
        flags.server.metrics_listen = Some("127.0.0.1:9999".parse().unwrap());
        let c = SmDpConfig::from_options(&flags).unwrap();
        assert_eq!(
            c.server.metrics_listen,
            Some("127.0.0.1:9999".parse().unwrap())
        );
    }

    #[test]
    fn file_then_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smdp.toml");
        std::fs::write(
            &file,
            "address = \"smdp.example:8443\"\nes2_listen = \"127.0.0.1:9000\"\n\
             [policy]\ncc_retry_limit = 5\nhost_id = \"abc\"\n\
             [operators.op1]\nnotification_url = \"https://op1.test\"\nresolve = \"127.0.0.1:9443\"\n",
        )
        .unwrap();
        let c = SmDpConfig::from_options(&ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                config_file: Some(file),
                ..server::Flags::default()
            },
            es2_listen: Some("127.0.0.1:9001".parse().unwrap()),
            ..ServeOptions::default()
        })
        .unwrap();
        assert_eq!(c.address.as_deref(), Some("smdp.example:8443"));
        assert_eq!(c.es2_listen, "127.0.0.1:9001".parse().unwrap());
        assert_eq!(c.es9_listen, DEFAULT_ES9_LISTEN.parse().unwrap());
        assert_eq!(c.policy.cc_retry_limit, 5);
        assert_eq!(c.policy.host_id, b"abc");
        assert_eq!(
            c.operators["op1"].resolve,
            Some("127.0.0.1:9443".parse().unwrap())
        );
        assert!(c.database_url().starts_with("sqlite://"));
    }

    #[test]
    fn faults_from_the_file_or_from_the_faults_file_over_it() {
        use infra::faults::FaultKind;
        let dir = tempfile::tempdir().unwrap();
        let (file, faults) = (dir.path().join("smdp.toml"), dir.path().join("f.toml"));
        std::fs::write(
            &file,
            "[faults]\n[[faults.rule]]\nkind = \"break_mac\"\nshare = 1.0\n",
        )
        .unwrap();
        std::fs::write(
            &faults,
            "[faults]\n[[faults.rule]]\nkind = \"lose_answer\"\n",
        )
        .unwrap();
        let options = |faults_file| ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                config_file: Some(file.clone()),
                faults_file,
                ..server::Flags::default()
            },
            ..ServeOptions::default()
        };
        let now = std::time::SystemTime::now();
        let picked = |c: SmDpConfig, kind| {
            c.server
                .faults
                .pick(&[kind], "getBoundProfilePackage", None, now)
                .map(|i| i.kind)
        };
        let c = SmDpConfig::from_options(&options(None)).unwrap();
        assert_eq!(picked(c, FaultKind::BreakMac), Some(FaultKind::BreakMac));
        let c = SmDpConfig::from_options(&options(Some(faults.clone()))).unwrap();
        assert!(!c.server.faults.is_empty());
        assert_eq!(
            picked(c, FaultKind::BreakMac),
            None,
            "--faults replaces the table"
        );
        assert!(
            SmDpConfig::new(dir.path()).server.faults.is_empty(),
            "none by default"
        );

        std::fs::write(
            &faults,
            "[faults]\n[[faults.rule]]\nkind = \"stale_counter\"\n",
        )
        .unwrap();
        let err = SmDpConfig::from_options(&options(Some(faults))).unwrap_err();
        assert!(err.to_string().contains("not served by the smdp"), "{err}");
    }

    #[test]
    fn trusted_cis_and_operator_ca_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let pki = certs::generate(&certs::LabPkiOptions::default()).unwrap();
        let ci = pki.require(certs::CertRole::Ci).unwrap();
        std::fs::write(dir.path().join("ci.pem"), ci.cert_pem()).unwrap();
        std::fs::write(dir.path().join("op.der"), &ci.cert_der).unwrap();
        let file = dir.path().join("smdp.toml");
        std::fs::write(
            &file,
            "trusted_cis = [\"ci.pem\"]\noperator_ca = \"op.der\"\noid = \"2.999.10\"\n",
        )
        .unwrap();
        let c = SmDpConfig::from_options(&ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                config_file: Some(file),
                ..server::Flags::default()
            },
            oid: Some("2.999.11".into()),
            ..ServeOptions::default()
        })
        .unwrap();
        assert_eq!(c.trusted_cis, vec![ci.cert_der.clone()]);
        assert_eq!(c.operator_ca, vec![ci.cert_der.clone()]);
        assert_eq!(c.oid.as_deref(), Some("2.999.11"), "--oid over the file");
    }
}
