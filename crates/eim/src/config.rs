//! Configuration of the eIM: where it listens, who it is, what it stores where, how it
//! reaches the SM-DP+, how packages are delivered, and the localization targets. Built in
//! code ([`EimServerConfig::new`]) or from the `rsp-lab eim serve` options and an optional TOML
//! file ([`EimServerConfig::from_options`]).
//!
//! ```toml
//! eim_id = "eim.rsp-lab.test"           # default: CN of the eIM signing certificate
//! esipa_listen = "127.0.0.1:8445"
//! esipa_coap_listen = "127.0.0.1:5684"  # ESipa over CoAP on DTLS (off unless given)
//! esipa_psk_file = "psk.txt"            # its devices' PSKs, identity:hexkey per line (0600)
//! api_listen = "127.0.0.1:8446"
//! web_listen = "127.0.0.1:8447"         # the fleet dashboard (off unless given; HTTP,
//!                                        # keep it on loopback; the token is logged)
//! metrics_listen = "127.0.0.1:9465"  # GET /metrics, plain HTTP (default: off; the guide's "Metrics")
//! metrics_allow_remote = false         # true to let metrics_listen be a non-loopback address
//! database = "postgres://user@127.0.0.1/eim"   # default: sqlite file in the data directory
//! trace_dir = "/tmp/eim-trace"
//! pki = "pki"                            # SGP.26-layout directory (default: <data>/pki)
//! operator = "operator1"                 # client certificate for ES2+ orders
//! indirect_profile_download = false      # eIM configuration data: devices download
//!                                        # through the eIM (default: from the SM-DP+)
//!
//! [smdp]
//! es2_url = "https://smdp.rsp-lab.test:8444"   # ES2+ (DownloadOrder, ConfirmOrder)
//! es9_url = "https://smdp.rsp-lab.test:8443"   # ES9+ for relayed downloads (default:
//!                                              # https://<SM-DP+ address of the session>)
//! resolve = { "smdp.rsp-lab.test" = "127.0.0.1:8443" }   # like curl --resolve
//!
//! [delivery]
//! max_deliveries = 10          # deliveries of one package without a result before it fails
//! engine_interval_ms = 500     # how often queued ES2+ orders and notifications are retried
//! order_lease_ms = 120000      # an instance holds an ES2+ step this long (taken over after)
//!
//! [localization]
//! enabled = true
//! policy = "policy.toml"       # default: the shipped policy/default.toml
//! retry_after_days = 7         # a failed localization is tried again after this long
//! max_failed = 3               # consecutive failed localizations before the policy stops
//!                              # (the device needs an operator; 0: never stop)
//! [localization.targets]
//! DE = [ { profile_type = "de-local-a" }, { profile_type = "de-local-b", operator = "op2" } ]
//!
//! [retention]                  # days on the eIM's clock; 0 keeps them
//! relay_sessions_days = 1
//! forwarded_notifications_days = 7
//! finished_packages_days = 30
//! finished_operations_days = 90
//! events_days = 90
//! sweep_interval_secs = 60
//!
//! [limits]                     # per listener, see infra::serve::limits (defaults)
//! handshake_timeout_ms = 10000 # TLS handshake
//! header_timeout_ms = 10000    # a request head (first octet → end)
//! body_timeout_ms = 30000      # a request body
//! idle_timeout_ms = 30000      # keep-alive idleness
//! max_connections = 512        # at once; more wait in the listen backlog
//! max_header_bytes = 16384
//! [limits.esipa]               # one listener (esipa, api) over the keys above
//! max_body_bytes = 262144      # larger: the function's error value / 1.3.1/2.1
//! [limits.api]
//! max_body_bytes = 1048576     # larger: 413 bodyTooLarge in the API's error format
//!
//! [storage]
//! synchronous = "normal"       # SQLite: "full" also survives power loss
//! max_connections = 8          # PostgreSQL connections
//! max_size_mib = 1024          # SQLite: refuse writes beyond this size
//!
//! [faults]                     # faults served to a device under test (default: none;
//! seed = 7                     # the guide's "Testing your own device or server")
//! [[faults.rule]]
//! kind = "unreachable"         # a kind the eIM serves (the guide's table)
//! eid_prefix = "89049032"
//! after_start_secs = 60
//! for_secs = 600
//! ```

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use infra::config::{Relative, loopback};
use infra::serve::Limits;
use serde::Deserialize;
use server::file::RoleFile;

use crate::clock::{SharedClock, SystemClock};
use crate::policy::Policy;

/// Where the eIM's credentials come from (an SGP.26-layout directory holds the eIM signing
/// and TLS credentials with their keys, the CI, the operator CA, and operator client
/// credentials for ES2+).
pub use server::CredentialSource;

/// How the eIM reaches the SM-DP+.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SmdpEndpoint {
    /// Base URL of ES2+ (`https://host:port`); without it the eIM cannot order profiles.
    pub es2_url: Option<String>,
    /// Base URL of ES9+ for relayed downloads and forwarded notifications; default
    /// `https://<SM-DP+ address>` of each session.
    pub es9_url: Option<String>,
    /// Host names connected to another address (the port of the URL is kept).
    pub resolve: BTreeMap<String, SocketAddr>,
    /// Roots (DER) of the SM-DP+'s TLS certificate; empty: the CI.
    pub server_roots: Vec<Vec<u8>>,
}

/// One profile type to order for a country, and who orders it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    #[serde(alias = "profileType")]
    pub profile_type: String,
    /// Operator id whose client certificate orders it; default [`EimServerConfig::operator`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

/// The localization engine: the policy, and what to order per country.
#[derive(Clone, Debug)]
pub struct Localization {
    /// Whether devices reporting a serving network are evaluated on each poll.
    pub enabled: bool,
    pub policy: Policy,
    /// ISO 3166 alpha-2 → profile types to try in order (a rollback moves to the next).
    pub targets: BTreeMap<String, Vec<Target>>,
    /// A localization that failed for a country is tried again after this many days.
    pub retry_after_days: u32,
    /// After this many consecutive failed localizations for a country the policy stops
    /// trying (the device needs an operator's attention; an operator can still queue one);
    /// 0 never stops.
    pub max_failed: u32,
}

impl Default for Localization {
    fn default() -> Self {
        Localization {
            enabled: false,
            policy: Policy::default_policy(),
            targets: BTreeMap::new(),
            retry_after_days: 7,
            max_failed: 3,
        }
    }
}

/// How packages are delivered and outgoing calls retried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Deliveries of one package without a result before it is given up (`unanswered`).
    pub max_deliveries: u32,
    /// How often the engine looks for due ES2+ orders and notifications to forward.
    pub engine_interval: Duration,
    /// Wait after the first failed outgoing call; doubled per failure.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// ES2+ attempts for one order before the operation fails.
    pub max_order_attempts: u32,
    /// How long an instance holds a localization's ES2+ step while it calls the SM-DP+
    /// (another instance takes the step over after this when the holder died).
    pub order_lease: Duration,
    /// The worker leaves due ES2+ orders (the `order` step of localizations) to whoever
    /// embeds the eIM, who places them with [`crate::Fleet::place_orders`] (the lab does, in
    /// its device order, so that every run hands out the inventory in the same order).
    /// Off by default; set in code only.
    pub hold_orders: bool,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            max_deliveries: 10,
            engine_interval: Duration::from_millis(500),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(300),
            max_order_attempts: 8,
            order_lease: Duration::from_secs(120),
            hold_orders: false,
        }
    }
}

/// Everything the eIM needs to run.
#[derive(Clone)]
pub struct EimServerConfig {
    /// What every server role has: data directory, credentials source, database, trace
    /// directory, metrics listener, storage options.
    pub server: server::Settings,
    /// The eimId this eIM signs with; default: CN of the eIM signing certificate.
    pub eim_id: Option<String>,
    pub esipa_listen: SocketAddr,
    /// ESipa over CoAP on DTLS; off when `None`.
    pub esipa_coap: Option<EsipaCoap>,
    pub api_listen: SocketAddr,
    /// The fleet dashboard (plain HTTP, token access; [`crate::web`]); off when `None`.
    pub web_listen: Option<SocketAddr>,
    /// How often the eIM samples the fleet for the dashboard's charts.
    pub sample_interval: Duration,
    pub smdp: SmdpEndpoint,
    /// Operator id whose client certificate the eIM uses on ES2+ by default.
    pub operator: String,
    /// Whether the eIM configuration data it hands out ([`crate::Fleet::eim_configuration`])
    /// carries `indirectProfileDownload` (SGP.32 v1.2 2.11.1.1.1), so that IPAs download
    /// through the eIM's relay (3.2.3). Default `false`: IPAs download from the SM-DP+
    /// themselves (3.2.2). The relay serves indirect downloads either way.
    pub indirect_profile_download: bool,
    pub localization: Localization,
    pub delivery: Delivery,
    /// "Now" for every timestamp the eIM records.
    pub clock: SharedClock,
    /// What the ESipa listener allows a client (timeouts, connections, head and body sizes).
    pub esipa_limits: Limits,
    /// What the operator API listener allows a client.
    pub api_limits: Limits,
    /// Retention of finished sessions, packages, operations, notifications and history.
    pub retention: RetentionPolicy,
}

/// ESipa over CoAP on DTLS 1.2: where it listens and the devices'
/// pre-shared keys; the certificate suite uses the eIM's TLS certificate.
#[derive(Clone)]
pub struct EsipaCoap {
    pub listen: SocketAddr,
    /// PSK identity → key, as provisioned with the devices.
    pub psks: HashMap<Vec<u8>, Vec<u8>>,
}

impl std::fmt::Debug for EsipaCoap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EsipaCoap")
            .field("listen", &self.listen)
            .field("psks", &self.psks.len())
            .finish()
    }
}

impl std::fmt::Debug for EimServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EimServerConfig")
            .field("data_dir", &self.server.data_dir)
            .field("esipa_listen", &self.esipa_listen)
            .field("api_listen", &self.api_listen)
            .field("smdp", &self.smdp)
            .finish_non_exhaustive()
    }
}

/// Default ESipa listener (loopback).
pub const DEFAULT_ESIPA_LISTEN: &str = "127.0.0.1:8445";
/// Default operator API listener (loopback).
pub const DEFAULT_API_LISTEN: &str = "127.0.0.1:8446";

impl EimServerConfig {
    /// Defaults: loopback listeners, credentials from `<data_dir>/pki`, SQLite, system clock.
    pub fn new(data_dir: impl Into<PathBuf>) -> EimServerConfig {
        EimServerConfig {
            server: server::Settings::new(
                data_dir,
                storage::DbOptions {
                    thread_name: "eim-db".into(),
                    ..storage::DbOptions::default()
                },
                crate::faults::served::SERVED_FAULTS,
            ),
            eim_id: None,
            esipa_listen: loopback(8445),
            esipa_coap: None,
            api_listen: loopback(8446),
            web_listen: None,
            sample_interval: Duration::from_secs(60),
            smdp: SmdpEndpoint::default(),
            operator: "operator1".into(),
            indirect_profile_download: false,
            localization: Localization::default(),
            delivery: Delivery::default(),
            clock: Arc::new(SystemClock),
            retention: RetentionPolicy::default(),
            esipa_limits: Limits {
                max_body_bytes: 256 * 1024,
                ..Limits::default()
            },
            api_limits: Limits {
                max_body_bytes: 1024 * 1024,
                ..Limits::default()
            },
        }
    }

    /// The database URL in use.
    pub fn database_url(&self) -> String {
        self.server.database_url_or("eim.db")
    }

    /// The configuration of `rsp-lab eim serve`: the TOML file when given, then the
    /// command-line options over it.
    pub fn from_options(o: &ServeOptions) -> Result<EimServerConfig, ConfigError> {
        let mut c = EimServerConfig::new(&o.server.data_dir);
        if let Some(path) = &o.server.config_file {
            let file = RoleFile::<FileConfig>::read(path)?;
            file.settings.apply(
                &mut c.server,
                &file.rel,
                &mut [("esipa", &mut c.esipa_limits), ("api", &mut c.api_limits)],
            )?;
            file.role.apply(&mut c, &file.rel)?;
        }
        c.server.apply_flags(&o.server)?;
        if let Some(a) = o.esipa_listen {
            c.esipa_listen = a;
        }
        coap(&mut c, o.esipa_coap_listen, o.esipa_psk_file.clone())?;
        if let Some(a) = o.api_listen {
            c.api_listen = a;
        }
        if let Some(a) = o.web_listen {
            c.web_listen = Some(a);
        }
        if let Some(u) = &o.smdp_url {
            c.smdp.es2_url = Some(u.clone());
        }
        if let Some(u) = &o.smdp_es9_url {
            c.smdp.es9_url = Some(u.clone());
        }
        Ok(c)
    }
}

/// The options of `rsp-lab eim serve --data DIR [--config FILE] [--pki DIR]
/// [--esipa-listen ADDR] [--api-listen ADDR] [--web-listen ADDR] [--database URL] [--smdp URL]
/// [--smdp-es9 URL] [--trace-dir DIR]`. `--smdp` is the SM-DP+'s ES2+ base URL.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// The flags every server role takes (`--data`, `--config`, `--pki`, `--metrics-listen`,
    /// `--metrics-allow-remote`, `--database`, `--trace-dir`).
    pub server: server::Flags,
    pub esipa_listen: Option<SocketAddr>,
    /// ESipa over CoAP on DTLS (off unless given).
    pub esipa_coap_listen: Option<SocketAddr>,
    /// The devices' PSKs for it (`identity:hexkey` lines, mode 0600).
    pub esipa_psk_file: Option<PathBuf>,
    pub api_listen: Option<SocketAddr>,
    /// The fleet dashboard's listener (plain HTTP; off unless given).
    pub web_listen: Option<SocketAddr>,
    pub smdp_url: Option<String>,
    pub smdp_es9_url: Option<String>,
}

pub use infra::config::ConfigError;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    eim_id: Option<String>,
    esipa_listen: Option<SocketAddr>,
    esipa_coap_listen: Option<SocketAddr>,
    esipa_psk_file: Option<PathBuf>,
    api_listen: Option<SocketAddr>,
    web_listen: Option<SocketAddr>,
    operator: Option<String>,
    indirect_profile_download: Option<bool>,
    #[serde(default)]
    smdp: FileSmdp,
    #[serde(default)]
    delivery: FileDelivery,
    #[serde(default)]
    localization: FileLocalization,
    #[serde(default)]
    retention: FileRetention,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileRetention {
    relay_sessions_days: Option<u64>,
    forwarded_notifications_days: Option<u64>,
    finished_packages_days: Option<u64>,
    finished_operations_days: Option<u64>,
    events_days: Option<u64>,
    sweep_interval_secs: Option<u64>,
}

impl FileRetention {
    fn apply(self, r: &mut RetentionPolicy) {
        let days = |d: u64| (d > 0).then(|| Duration::from_secs(d * 24 * 3600));
        let k = &mut r.keep;
        for (value, slot) in [
            (self.relay_sessions_days, &mut k.relay_sessions),
            (
                self.forwarded_notifications_days,
                &mut k.forwarded_notifications,
            ),
            (self.finished_packages_days, &mut k.finished_packages),
            (self.finished_operations_days, &mut k.finished_operations),
            (self.events_days, &mut k.events),
        ] {
            if let Some(d) = value {
                *slot = days(d);
            }
        }
        if let Some(s) = self.sweep_interval_secs {
            r.sweep_interval = Duration::from_secs(s.max(1));
        }
    }
}

/// Turns ESipa over CoAP on at `listen`, with the PSKs of `psk_file` (a file alone adds
/// its keys to a listener already configured).
fn coap(
    c: &mut EimServerConfig,
    listen: Option<SocketAddr>,
    psk_file: Option<PathBuf>,
) -> Result<(), ConfigError> {
    if let Some(listen) = listen {
        let psks = c.esipa_coap.take().map(|e| e.psks).unwrap_or_default();
        c.esipa_coap = Some(EsipaCoap { listen, psks });
    }
    if let Some(path) = psk_file {
        let Some(coap) = c.esipa_coap.as_mut() else {
            return Err(ConfigError::Option(
                "esipa_psk_file needs esipa_coap_listen (--esipa-coap-listen)".into(),
            ));
        };
        coap.psks = crate::esipa::psk::read(&path)?;
    }
    Ok(())
}

/// What is kept how long, and how often the sweep runs.
pub type RetentionPolicy = server::RetentionPolicy<crate::store::retention::Retention>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileSmdp {
    es2_url: Option<String>,
    es9_url: Option<String>,
    #[serde(default)]
    resolve: BTreeMap<String, SocketAddr>,
    ca_file: Option<PathBuf>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileDelivery {
    max_deliveries: Option<u32>,
    engine_interval_ms: Option<u64>,
    initial_backoff_ms: Option<u64>,
    max_backoff_ms: Option<u64>,
    max_order_attempts: Option<u32>,
    order_lease_ms: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileLocalization {
    enabled: Option<bool>,
    policy: Option<PathBuf>,
    retry_after_days: Option<u32>,
    max_failed: Option<u32>,
    #[serde(default)]
    targets: BTreeMap<String, Vec<Target>>,
}

impl FileConfig {
    fn apply(self, c: &mut EimServerConfig, rel: &Relative) -> Result<(), ConfigError> {
        c.eim_id = self.eim_id.or(c.eim_id.take());
        if let Some(a) = self.esipa_listen {
            c.esipa_listen = a;
        }
        coap(
            c,
            self.esipa_coap_listen,
            self.esipa_psk_file.map(|p| rel.path(p)),
        )?;
        if let Some(a) = self.api_listen {
            c.api_listen = a;
        }
        if let Some(a) = self.web_listen {
            c.web_listen = Some(a);
        }
        if let Some(o) = self.operator {
            c.operator = o;
        }
        if let Some(i) = self.indirect_profile_download {
            c.indirect_profile_download = i;
        }
        c.smdp.es2_url = self.smdp.es2_url.or(c.smdp.es2_url.take());
        c.smdp.es9_url = self.smdp.es9_url.or(c.smdp.es9_url.take());
        c.smdp.resolve.extend(self.smdp.resolve);
        if let Some(f) = self.smdp.ca_file {
            c.smdp.server_roots = rel.certificates(f)?;
        }
        self.delivery.apply(&mut c.delivery);
        self.retention.apply(&mut c.retention);
        self.localization.apply(&mut c.localization, rel)?;
        Ok(())
    }
}

impl FileDelivery {
    fn apply(self, del: &mut Delivery) {
        if let Some(n) = self.max_deliveries {
            del.max_deliveries = n.max(1);
        }
        if let Some(ms) = self.engine_interval_ms {
            del.engine_interval = Duration::from_millis(ms.max(10));
        }
        if let Some(ms) = self.initial_backoff_ms {
            del.initial_backoff = Duration::from_millis(ms);
        }
        if let Some(ms) = self.max_backoff_ms {
            del.max_backoff = Duration::from_millis(ms);
        }
        if let Some(n) = self.max_order_attempts {
            del.max_order_attempts = n.max(1);
        }
        if let Some(ms) = self.order_lease_ms {
            del.order_lease = Duration::from_millis(ms.max(100));
        }
    }
}

impl FileLocalization {
    fn apply(self, loc: &mut Localization, rel: &Relative) -> Result<(), ConfigError> {
        if let Some(e) = self.enabled {
            loc.enabled = e;
        }
        if let Some(p) = self.policy {
            let (path, text) = rel.text(p)?;
            loc.policy = Policy::from_toml(&text).map_err(|e| ConfigError::Toml {
                path,
                detail: e.to_string(),
            })?;
        }
        if let Some(n) = self.retry_after_days {
            loc.retry_after_days = n;
        }
        if let Some(n) = self.max_failed {
            loc.max_failed = n;
        }
        for (country, targets) in self.targets {
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(ConfigError::Option(format!(
                    "localization.targets.{country}: country codes are ISO 3166 alpha-2, upper case"
                )));
            }
            loc.targets.insert(country, targets);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("eim.toml");
        std::fs::write(
            &file,
            "eim_id = \"eim.example\"\napi_listen = \"127.0.0.1:9000\"\n\
             [smdp]\nes2_url = \"https://smdp.test:8444\"\n\
             resolve = { \"smdp.test\" = \"127.0.0.1:8444\" }\n\
             [delivery]\nmax_deliveries = 3\n\
             [localization]\nenabled = true\nretry_after_days = 2\nmax_failed = 5\n\
             [localization.targets]\nDE = [ { profile_type = \"de-a\" }, \
             { profile_type = \"de-b\", operator = \"op2\" } ]\n",
        )
        .unwrap();
        let c = EimServerConfig::from_options(&ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                config_file: Some(file),
                ..server::Flags::default()
            },
            api_listen: Some("127.0.0.1:9001".parse().unwrap()),
            smdp_es9_url: Some("https://smdp.test:8443".into()),
            ..ServeOptions::default()
        })
        .unwrap();
        assert_eq!(c.eim_id.as_deref(), Some("eim.example"));
        assert_eq!(c.api_listen, "127.0.0.1:9001".parse().unwrap());
        assert_eq!(c.esipa_listen, DEFAULT_ESIPA_LISTEN.parse().unwrap());
        assert_eq!(c.smdp.es2_url.as_deref(), Some("https://smdp.test:8444"));
        assert_eq!(c.smdp.es9_url.as_deref(), Some("https://smdp.test:8443"));
        assert_eq!(c.smdp.resolve.len(), 1);
        assert_eq!(c.delivery.max_deliveries, 3);
        assert!(c.localization.enabled);
        assert_eq!(c.localization.retry_after_days, 2);
        assert_eq!(c.localization.max_failed, 5);
        assert_eq!(c.localization.targets["DE"].len(), 2);
        assert_eq!(
            c.localization.targets["DE"][1].operator.as_deref(),
            Some("op2")
        );
        assert!(c.database_url().starts_with("sqlite://"));
        assert!(!c.indirect_profile_download, "direct download by default");
    }

    #[test]
    fn faults_from_the_file_and_kinds_the_eim_does_not_serve() {
        use infra::faults::FaultKind;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("eim.toml");
        let load = |text: &str| {
            std::fs::write(&file, text).unwrap();
            EimServerConfig::from_options(&ServeOptions {
                server: server::Flags {
                    data_dir: dir.path().into(),
                    config_file: Some(file.clone()),
                    ..server::Flags::default()
                },
                ..ServeOptions::default()
            })
        };
        let c = load(
            "[faults]\n[[faults.rule]]\nkind = \"unreachable\"\n\
             eid_prefix = \"8904\"\nfor_secs = 600\n",
        )
        .unwrap();
        let now = std::time::SystemTime::now();
        let eid = Some("89049032123451234512345678901235");
        let got = c
            .server
            .faults
            .pick(&[FaultKind::Unreachable], "getEimPackage", eid, now);
        assert_eq!(got.map(|i| i.kind), Some(FaultKind::Unreachable));
        let later = now + Duration::from_secs(601);
        assert!(
            c.server
                .faults
                .pick(&[FaultKind::Unreachable], "getEimPackage", eid, later)
                .is_none()
        );
        let err = load("[faults]\n[[faults.rule]]\nkind = \"break_mac\"\n").unwrap_err();
        assert!(err.to_string().contains("not served by the eim"), "{err}");
        let err = load(
            "[faults]\n[[faults.rule]]\nkind = \"delay\"\ndelay_ms = 5\n\
             functions = [\"getBoundProfilePackage\", \"downloadOrder\"]\n",
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("no function \"downloadOrder\""),
            "{err}"
        );
    }

    #[test]
    fn indirect_profile_download_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("eim.toml");
        std::fs::write(&file, "indirect_profile_download = true\n").unwrap();
        let c = EimServerConfig::from_options(&ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                config_file: Some(file),
                ..server::Flags::default()
            },
            ..ServeOptions::default()
        })
        .unwrap();
        assert!(c.indirect_profile_download);
    }

    #[cfg(unix)]
    #[test]
    fn esipa_over_coap_from_the_file_with_its_psks() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let psk = dir.path().join("psk.txt");
        std::fs::write(&psk, "device-7:00112233\n").unwrap();
        std::fs::set_permissions(&psk, std::fs::Permissions::from_mode(0o600)).unwrap();
        let file = dir.path().join("eim.toml");
        let options = |text: &str| {
            std::fs::write(&file, text).unwrap();
            EimServerConfig::from_options(&ServeOptions {
                server: server::Flags {
                    data_dir: dir.path().into(),
                    config_file: Some(file.clone()),
                    ..server::Flags::default()
                },
                ..ServeOptions::default()
            })
        };
        assert!(
            options("").unwrap().esipa_coap.is_none(),
            "off unless asked for"
        );
        let c = options("esipa_coap_listen = \"127.0.0.1:5684\"\nesipa_psk_file = \"psk.txt\"\n")
            .unwrap();
        let coap = c.esipa_coap.expect("on");
        assert_eq!(coap.listen, "127.0.0.1:5684".parse().unwrap());
        assert_eq!(coap.psks[b"device-7".as_slice()], [0x00, 0x11, 0x22, 0x33]);
        assert!(
            !format!("{coap:?}").contains("0011"),
            "keys are not printed"
        );
        let alone = options("esipa_psk_file = \"psk.txt\"\n").unwrap_err();
        assert!(alone.to_string().contains("esipa_coap_listen"), "{alone}");
    }

    #[test]
    fn the_dashboard_is_off_unless_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let base = ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                ..server::Flags::default()
            },
            ..ServeOptions::default()
        };
        assert_eq!(
            EimServerConfig::from_options(&base).unwrap().web_listen,
            None
        );
        let file = dir.path().join("eim.toml");
        std::fs::write(&file, "web_listen = \"127.0.0.1:8447\"\n").unwrap();
        let mut with_file = base.clone();
        with_file.server.config_file = Some(file);
        let c = EimServerConfig::from_options(&with_file).unwrap();
        assert_eq!(c.web_listen, Some("127.0.0.1:8447".parse().unwrap()));
        let c = EimServerConfig::from_options(&ServeOptions {
            web_listen: Some("127.0.0.1:9000".parse().unwrap()),
            ..base
        })
        .unwrap();
        assert_eq!(c.web_listen, Some("127.0.0.1:9000".parse().unwrap()));
    }

    #[test]
    fn bad_country_codes_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("eim.toml");
        std::fs::write(
            &file,
            "[localization.targets]\nde = [ { profile_type = \"x\" } ]\n",
        )
        .unwrap();
        let err = EimServerConfig::from_options(&ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                config_file: Some(file),
                ..server::Flags::default()
            },
            ..ServeOptions::default()
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("localization.targets.de"), "{err}");
    }
}
