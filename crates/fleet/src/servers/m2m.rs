//! The servers of a run through the SGP.02 SM-SR, on loopback with real TLS, SQLite and
//! SMPP: the lab's SMSC; the SM-SR bound to it (SCP80 over SMS, ES3 and ES4 over mutual
//! TLS); the SM-DP+ server with its SGP.02 SM-DP (`[sgp02]`: ES2 for the operators, ES3
//! for the SM-SR's answers) and the inventory, which it shares with the SM-DP+. An SM-SR
//! outage ([`Role::Smsr`]) stops the SM-SR for its days and starts it again afterwards on
//! the same database, as a restart after a crash would.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use certs::{LabPkiOptions, Pki};
use sm_dp::SmDpHandle;
use sm_dp::sgp02::{Es2Endpoint, Sgp02Config, SmsrEndpoint};
use sm_sr::config::{Es4Credentials, OperatorEndpoint, SmscLink};
use sm_sr::{SmSr, SmSrConfig, SmSrHandle};
use smpp::{Account, Smsc, SmscConfig};

use crate::servers::{Layout, SMDP_FQDN, error::SetupError, fresh_sqlite, start_smdp};
use crate::world::inventory::{Catalog, TypePlan};
use crate::world::outage::{Outage, Role};

/// The SM-SR's identifier (`Smsr-id`, SGP.02 5.1.1.2.1).
pub const SMSR_ID: &str = "sr-1";
/// The SM-SR's SMS address: the eUICCs' notifications go there.
pub const SMSR_MSISDN: &str = "447700900100";
/// The SMSC account of every device's modem.
pub const DEVICE_ACCOUNT: (&str, &str) = ("device", "device");
/// How long the SM-SR waits for a PoR before it sends a script again: short, since the
/// lab's SMSC and radio answer within milliseconds unless a short message was lost, but
/// with room for a loaded host: a script sent again after the card executed it (a
/// CreateISDP) is refused by the card and fails its operation.
const POR_TIMEOUT: Duration = Duration::from_secs(5);

fn setup(what: &'static str) -> impl Fn(String) -> SetupError {
    move |detail| SetupError::Io {
        what: what.into(),
        detail,
    }
}

/// `127.0.0.1:0`: the host resolved to loopback, the URL's port kept.
fn loopback_any() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The running servers.
pub struct M2mServers {
    pub pki: Pki,
    pub smsc: Smsc,
    /// `None` while an outage holds it stopped.
    smsr: Option<SmSrHandle>,
    smsr_config: SmSrConfig,
    pub smdp: SmDpHandle,
    /// Every profile of the inventory.
    pub catalog: Catalog,
    /// Where the operators reach the SGP.02 SM-DP's ES2.
    pub sgp02_addr: SocketAddr,
    /// Times the SM-SR was started again after an outage.
    pub smsr_restarts: u32,
}

impl M2mServers {
    /// Starts the SMSC for `devices` modems, the SM-SR on it, then the SM-DP+ with its
    /// SGP.02 SM-DP and `types` loaded; the ES2 responses and notifications of each
    /// operator of `operators` go to its `notify_url`.
    pub async fn start(
        layout: &mut Layout,
        pki: Pki,
        types: &[TypePlan],
        devices: usize,
        operators: BTreeMap<String, String>,
    ) -> Result<M2mServers, SetupError> {
        let smsc = start_smsc(devices).await?;
        let free =
            || infra::startup::free_loopback_port().map_err(|e| setup("port")(e.to_string()));
        let (es3, sgp02) = (free()?, free()?);
        let es3_callback = format!("https://{SMDP_FQDN}:{}/gsma/smdp/ES3", sgp02.port());
        let smsr_config = smsr_config(layout, &pki, &smsc, es3, &es3_callback)?;
        let smsr = SmSr::start(smsr_config.clone())
            .await
            .map_err(|e| SetupError::Smsr(e.to_string()))?;
        let mut s = Sgp02Config::new(sgp02, es3_callback);
        s.resolve = vec![(SMDP_FQDN.into(), loopback_any())];
        let smsr_host = LabPkiOptions::default().smsr_fqdn;
        let endpoint = SmsrEndpoint {
            url: format!("https://{smsr_host}:{}/gsma/smsr/ES3", es3.port()),
            resolve: Some(es3),
        };
        s.smsrs.insert(SMSR_ID.into(), endpoint);
        for (id, notify_url) in operators {
            let resolve = Some(loopback_any());
            s.operators.insert(
                id,
                Es2Endpoint {
                    notify_url,
                    resolve,
                },
            );
        }
        layout.sgp02 = Some(s);
        let (smdp, catalog) = start_smdp(layout, &pki, types).await?;
        Ok(M2mServers {
            pki,
            smsc,
            smsr: Some(smsr),
            smsr_config,
            smdp,
            catalog,
            sgp02_addr: sgp02,
            smsr_restarts: 0,
        })
    }

    /// The SM-SR, unless an outage holds it stopped.
    pub fn smsr(&self) -> Option<&SmSrHandle> {
        self.smsr.as_ref()
    }

    /// The SMSC's SMPP address.
    pub fn smsc_addr(&self) -> String {
        self.smsc.local_addr().to_string()
    }

    /// Stops the SM-SR on the days of its outages and starts it again on the first day
    /// after; whether it is down on `day`.
    pub async fn set_day(&mut self, day: u32, outages: &[Outage]) -> Result<bool, SetupError> {
        let down = Outage::down(outages, Role::Smsr, day);
        match (&self.smsr, down) {
            (Some(_), true) => {
                if let Some(smsr) = self.smsr.take() {
                    smsr.shutdown().await;
                }
            }
            (None, false) => {
                let smsr = SmSr::start(self.smsr_config.clone())
                    .await
                    .map_err(|e| SetupError::Smsr(e.to_string()))?;
                self.smsr = Some(smsr);
                self.smsr_restarts += 1;
            }
            _ => {}
        }
        Ok(down)
    }

    /// `name → address` of the listeners, for the terminal.
    pub fn endpoints(&self) -> Vec<(&'static str, String)> {
        let mut e = vec![
            ("SMSC (SMPP)", self.smsc_addr()),
            ("SGP.02 SM-DP ES2/ES3", self.sgp02_addr.to_string()),
            ("SM-SR ES3/ES4", self.smsr_config.es4_listen.to_string()),
        ];
        e.push(("SM-DP+ ES2+", self.smdp.es2_addr().to_string()));
        e
    }

    /// Stops every server.
    pub async fn shutdown(self) {
        self.smdp.shutdown().await;
        if let Some(smsr) = self.smsr {
            smsr.shutdown().await;
        }
        self.smsc.stop().await;
    }
}

/// The lab's SMSC: the SM-SR's account and the devices' one, room for every modem's
/// session and for a fleet's downloads in flight at once.
async fn start_smsc(devices: usize) -> Result<Smsc, SetupError> {
    let (id, password) = DEVICE_ACCOUNT;
    let accounts = vec![Account::new("smsr", "smsr"), Account::new(id, password)];
    let mut c = SmscConfig::new(accounts);
    c.limits.sessions = devices + 16;
    c.limits.session_window = 10_000;
    c.limits.total = 100_000;
    Smsc::start("127.0.0.1:0", c)
        .await
        .map_err(|e| SetupError::Smsc(e.to_string()))
}

/// The SM-SR: ES3/ES4 on `es3`, bound to `smsc`, its ES3 notifications to the SM-DP at
/// `es3_callback`, a fresh SQLite database in the data directory.
fn smsr_config(
    layout: &Layout,
    pki: &Pki,
    smsc: &Smsc,
    es3: SocketAddr,
    es3_callback: &str,
) -> Result<SmSrConfig, SetupError> {
    let mut c = SmSrConfig::new(layout.data_dir.join("smsr"), SMSR_ID);
    c.es4_listen = es3;
    c.es4_credentials =
        Some(Es4Credentials::from_pki(pki).map_err(|e| SetupError::Pki(e.to_string()))?);
    c.server.database_url = Some(fresh_sqlite(&layout.data_dir.join("smsr.db"))?);
    c.server.trace_dir = layout.trace("smsr");
    c.sms_address = SMSR_MSISDN.into();
    c.smsc = Some(SmscLink {
        address: smsc.local_addr().to_string(),
        system_id: "smsr".into(),
        password: "smsr".into(),
    });
    c.operations.por_timeout = POR_TIMEOUT;
    c.outbox.poll = Duration::from_millis(200);
    c.outbox.backoff = Duration::from_millis(100);
    c.outbox.resolve = vec![(SMDP_FQDN.into(), loopback_any())];
    let endpoint = OperatorEndpoint {
        notify_url: es3_callback.into(),
        resolve: Some(loopback_any()),
    };
    c.smdps.insert(SMDP_FQDN.into(), endpoint);
    Ok(c)
}
