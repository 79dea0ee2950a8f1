//! The settings of the SGP.02 SM-DP front (`[sgp02]` in `smdp.toml`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use serde::Deserialize;

use crate::config::ConfigError;

/// Where the SGP.02 SM-DP listens and how it reaches the SM-SRs.
#[derive(Clone, Debug)]
pub struct Sgp02Config {
    /// The listener of ES2 (operators, `/gsma/smdp/ES2`) and of the SM-SRs' ES3 responses
    /// (`/gsma/smdp/ES3`), mutual TLS.
    pub listen: SocketAddr,
    /// `wsa:ReplyTo` of the SM-DP's asynchronous ES3 requests: its `/gsma/smdp/ES3` as the
    /// SM-SRs reach it.
    pub callback_url: String,
    /// The SM-SRs by SM-SR-ID (the `Smsr-id` of ES2 requests).
    pub smsrs: BTreeMap<String, SmsrEndpoint>,
    /// Octets of the profile package per SCP03t segment, 1 to 1,024 (SGP.02 4.1.3.3).
    pub segment_len: usize,
    /// How long an SM-SR's asynchronous ES3 response is awaited.
    pub response_wait: Duration,
    /// `(host, address)`: connections to an operator's `ReplyTo` host go to `address`.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Where each operator takes the ES2 notifications the SM-DP forwards (SGP.02 5.3:
    /// Handle*Notification), by operator (its certificate's commonName).
    pub operators: BTreeMap<String, Es2Endpoint>,
}

/// An operator's endpoint for ES2 notifications.
#[derive(Clone, Debug)]
pub struct Es2Endpoint {
    /// The URL the notifications are POSTed to.
    pub notify_url: String,
    /// Connect to this address instead of resolving the URL's host.
    pub resolve: Option<SocketAddr>,
}

/// An SM-SR the SM-DP calls on ES3.
#[derive(Clone, Debug)]
pub struct SmsrEndpoint {
    /// Its ES3 endpoint, e.g. `https://smsr.example:8450/gsma/smsr/ES3`; its CERT.SR.TLS
    /// names this URL's host.
    pub url: String,
    /// Connect to this address instead of resolving the URL's host.
    pub resolve: Option<SocketAddr>,
}

impl Sgp02Config {
    /// Listens on `listen`, answers reach it at `callback_url`; no SM-SR yet.
    pub fn new(listen: SocketAddr, callback_url: impl Into<String>) -> Sgp02Config {
        Sgp02Config {
            listen,
            callback_url: callback_url.into(),
            smsrs: BTreeMap::new(),
            segment_len: scp03::scp03t::segment::MAX_SEGMENT_LEN,
            response_wait: Duration::from_secs(600),
            resolve: Vec::new(),
            operators: BTreeMap::new(),
        }
    }

    /// The host of an SM-SR's URL: the name its CERT.SR.TLS must carry.
    pub(crate) fn smsr_host(&self, id: &str) -> Option<String> {
        let url = reqwest::Url::parse(&self.smsrs.get(id)?.url).ok()?;
        url.host_str().map(str::to_string)
    }
}

/// `[sgp02]` of the configuration file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileSgp02 {
    listen: SocketAddr,
    callback_url: String,
    segment_len: Option<usize>,
    response_wait_secs: Option<u64>,
    #[serde(default)]
    smsrs: BTreeMap<String, FileSmsr>,
    #[serde(default)]
    resolve: BTreeMap<String, SocketAddr>,
    #[serde(default)]
    operators: BTreeMap<String, FileOperator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOperator {
    notify_url: String,
    resolve: Option<SocketAddr>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmsr {
    url: String,
    resolve: Option<SocketAddr>,
}

impl FileSgp02 {
    /// The settings the table gives.
    pub(crate) fn into_config(self) -> Result<Sgp02Config, ConfigError> {
        let mut c = Sgp02Config::new(self.listen, self.callback_url);
        if let Some(n) = self.segment_len {
            if !(1..=scp03::scp03t::segment::MAX_SEGMENT_LEN).contains(&n) {
                return Err(ConfigError::Option(
                    "sgp02.segment_len must be 1 to 1024".into(),
                ));
            }
            c.segment_len = n;
        }
        if let Some(s) = self.response_wait_secs {
            c.response_wait = Duration::from_secs(s);
        }
        for (id, s) in self.smsrs {
            if reqwest::Url::parse(&s.url).is_err() {
                return Err(ConfigError::Option(format!(
                    "sgp02.smsrs.{id}.url is not a URL"
                )));
            }
            c.smsrs.insert(
                id,
                SmsrEndpoint {
                    url: s.url,
                    resolve: s.resolve,
                },
            );
        }
        c.resolve.extend(self.resolve);
        for (id, o) in self.operators {
            if reqwest::Url::parse(&o.notify_url).is_err() {
                return Err(ConfigError::Option(format!(
                    "sgp02.operators.{id}.notify_url is not a URL"
                )));
            }
            let endpoint = Es2Endpoint {
                notify_url: o.notify_url,
                resolve: o.resolve,
            };
            c.operators.insert(id, endpoint);
        }
        Ok(c)
    }
}
