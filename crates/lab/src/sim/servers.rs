//! The lab's servers, started in this process on loopback with real TLS and SQLite: the
//! SM-DP+ (sm-dp) with the inventory loaded, and the eIM (sm-sr) on the lab's clock with the
//! localization policy and a local profile type per local operator of each country. The PKI
//! lives in the data directory (generated on the first run, kept afterwards); the databases
//! start empty on every run.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use certs::{LabPkiOptions, Pki};
use proto::ids::Imsi;
use sm_dp::{SmDp, SmDpConfig, SmDpHandle};
use sm_sr::{SmSr, SmSrConfig, SmSrHandle, Target};

use super::clock::SimClock;
use super::inventory::{Catalog, ProfileFacts, TypePlan};

/// The SM-DP+ name in activation codes (its TLS certificate's).
pub const SMDP_FQDN: &str = certs::generate::DEFAULT_SMDP_FQDN;
/// The ES2+ identity that orders first; the second local operator's types belong to
/// [`SECOND_OPERATOR`] when the PKI has it.
pub const FIRST_OPERATOR: &str = "operator1";
pub const SECOND_OPERATOR: &str = "operator2";

/// Why the lab could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("{what}: {detail}")]
    Io { what: String, detail: String },
    #[error("PKI: {0}")]
    Pki(String),
    #[error("SM-DP+: {0}")]
    Smdp(String),
    #[error("eIM: {0}")]
    Eim(String),
    #[error("inventory: {0}")]
    Inventory(String),
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> SetupError {
    let what = what.into();
    move |e| SetupError::Io {
        what,
        detail: e.to_string(),
    }
}

/// Creates `data_dir` and returns the lab PKI of `data_dir/pki`, generated (with two ES2+
/// operators) when absent.
pub fn lab_pki(data_dir: &Path) -> Result<Pki, SetupError> {
    std::fs::create_dir_all(data_dir).map_err(io(format!("creating {}", data_dir.display())))?;
    let dir = data_dir.join("pki");
    if dir.join("DPauth").is_dir() {
        // PkiError names the file it failed on.
        return Pki::load_dir(&dir).map_err(|e| SetupError::Pki(e.to_string()));
    }
    let pki = certs::generate(&LabPkiOptions {
        operators: vec![FIRST_OPERATOR.into(), SECOND_OPERATOR.into()],
        ..LabPkiOptions::default()
    })
    .map_err(|e| SetupError::Pki(e.to_string()))?;
    pki.write_dir(&dir)
        .map_err(|e| SetupError::Pki(e.to_string()))?;
    Ok(pki)
}

/// Removes a SQLite database and its journal files, so the run starts empty.
fn fresh_sqlite(path: &Path) -> Result<String, SetupError> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(format!("removing {}", p.display()))(e)),
        }
    }
    Ok(storage::sqlite_url(path))
}

fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The running servers.
pub struct Servers {
    pub pki: Pki,
    pub smdp: SmDpHandle,
    pub smsr: SmSrHandle,
    pub clock: SimClock,
    /// Every profile of the inventory.
    pub catalog: Catalog,
}

/// Where the servers keep what.
#[derive(Clone, Debug)]
pub struct Layout {
    pub data_dir: PathBuf,
    pub trace_dir: Option<PathBuf>,
}

impl Layout {
    fn trace(&self, who: &str) -> Option<PathBuf> {
        self.trace_dir.as_ref().map(|t| t.join(who))
    }
}

/// Starts the SM-DP+ and loads `types` into it.
async fn start_smdp(
    layout: &Layout,
    pki: &Pki,
    types: &[TypePlan],
) -> Result<(SmDpHandle, Catalog), SetupError> {
    let mut c = SmDpConfig::new(layout.data_dir.join("smdp"));
    c.credentials = sm_dp::CredentialSource::Pki(Box::new(pki.clone()));
    c.es9_listen = loopback();
    c.es2_listen = loopback();
    c.database_url = Some(fresh_sqlite(&layout.data_dir.join("smdp.db"))?);
    c.trace_dir = layout.trace("smdp");
    let smdp = SmDp::start(c)
        .await
        .map_err(|e| SetupError::Smdp(e.to_string()))?;
    let mut catalog = Catalog::new();
    for t in types {
        let added = smdp
            .view()
            .add_inventory(&t.request())
            .await
            .map_err(|e| SetupError::Inventory(format!("{}: {e}", t.name)))?;
        let imsi0: u128 = t.imsi_start.parse().unwrap_or(0);
        for (n, iccid) in added.iccids.into_iter().enumerate() {
            let imsi = format!("{:015}", imsi0 + n as u128);
            let mcc = Imsi::parse(&imsi)
                .map(|i| i.mcc().to_string())
                .unwrap_or_else(|_| t.operator.mcc.to_string());
            catalog.insert(
                iccid,
                ProfileFacts {
                    profile_type: t.name.clone(),
                    mcc,
                    country: t.country,
                    operator: t.operator,
                },
            );
        }
    }
    Ok((smdp, catalog))
}

/// Starts the eIM on `clock`, ordering from `smdp`.
async fn start_eim(
    layout: &Layout,
    pki: &Pki,
    smdp: &SmDpHandle,
    clock: &SimClock,
    policy: &sm_sr::policy::Policy,
    targets: BTreeMap<String, Vec<Target>>,
) -> Result<SmSrHandle, SetupError> {
    let mut c = SmSrConfig::new(layout.data_dir.join("smsr"));
    c.credentials = sm_sr::CredentialSource::Pki(Box::new(pki.clone()));
    c.esipa_listen = loopback();
    c.api_listen = loopback();
    c.database_url = Some(fresh_sqlite(&layout.data_dir.join("smsr.db"))?);
    c.trace_dir = layout.trace("smsr");
    c.smdp.es2_url = Some(format!("https://{SMDP_FQDN}:{}", smdp.es2_addr().port()));
    c.smdp.es9_url = Some(format!("https://{SMDP_FQDN}:{}", smdp.es9_addr().port()));
    // The URLs carry the ports; the name only needs to lead to loopback.
    c.smdp.resolve.insert(SMDP_FQDN.into(), loopback());
    c.operator = FIRST_OPERATOR.into();
    c.localization.enabled = true;
    c.localization.policy = policy.clone();
    c.localization.targets = targets;
    c.delivery.engine_interval = Duration::from_millis(200);
    c.delivery.initial_backoff = Duration::from_millis(100);
    c.delivery.max_backoff = Duration::from_secs(2);
    c.clock = Arc::new(clock.clone());
    // The report reads the whole history of the run (180 simulated days by default).
    c.retention.keep = sm_sr::Retention::keep_all();
    SmSr::start(c)
        .await
        .map_err(|e| SetupError::Eim(e.to_string()))
}

/// What the eIM orders per country: the local types in operator order.
fn targets(types: &[TypePlan]) -> BTreeMap<String, Vec<Target>> {
    let mut out: BTreeMap<String, Vec<Target>> = BTreeMap::new();
    for t in types {
        if let Some(country) = t.country {
            out.entry(country.to_string()).or_default().push(Target {
                profile_type: t.name.clone(),
                operator: Some(t.owner.clone()),
            });
        }
    }
    out
}

impl Servers {
    /// Starts the SM-DP+ with the inventory of `types` and the eIM with `policy`, both on
    /// `pki` ([`lab_pki`]).
    pub async fn start(
        layout: &Layout,
        pki: Pki,
        types: &[TypePlan],
        policy: &sm_sr::policy::Policy,
    ) -> Result<Servers, SetupError> {
        let clock = SimClock::new();
        let (smdp, catalog) = start_smdp(layout, &pki, types).await?;
        let smsr = start_eim(layout, &pki, &smdp, &clock, policy, targets(types)).await?;
        Ok(Servers {
            pki,
            smdp,
            smsr,
            clock,
            catalog,
        })
    }

    /// Stops both servers (listeners, workers, databases).
    pub async fn shutdown(self) {
        self.smsr.shutdown().await;
        self.smdp.shutdown().await;
    }
}
