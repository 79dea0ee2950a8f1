//! The lab's servers, started in this process on loopback with real TLS and SQLite: the
//! SM-DP+ (sm-dp) with the inventory loaded, and the eIM (eim) on the lab's clock with the
//! localization policy and a local profile type per local operator of each country. The PKI
//! lives in the data directory (generated on the first run, kept afterwards); the databases
//! start empty on every run.
//!
//! Beside them: the root SM-DS of a run by discovery ([`smds`]), the SMSC and the SM-SR of a
//! run through SGP.02 ([`m2m`]), an SM-DP+ outside the lab
//! reached on the wire only ([`outside`]), the [`gate`] that closes a server's port during
//! an outage, what the lab reads of the servers besides the protocols ([`observe`]), and
//! why they could not be set up ([`error`]).

pub mod error;
pub mod gate;
pub mod m2m;
pub mod observe;
pub mod outside;
pub mod smds;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use certs::{LabPkiOptions, Pki};
use eim::{Eim, EimHandle, EimServerConfig, Target};
use sm_dp::{SmDp, SmDpConfig, SmDpHandle, SmDpView};

use crate::servers::error::SetupError;
use crate::servers::gate::Gate;
use crate::world::clock::SimClock;
use crate::world::inventory::{Catalog, TypePlan};

/// The SM-DP+ name in activation codes (its TLS certificate's).
pub const SMDP_FQDN: &str = certs::generate::DEFAULT_SMDP_FQDN;
/// The ES2+ identity that orders first; the second local operator's types belong to
/// [`SECOND_OPERATOR`] when the PKI has it.
pub const FIRST_OPERATOR: &str = "operator1";
pub const SECOND_OPERATOR: &str = "operator2";

/// Open download orders one EID may hold at the lab's SM-DP+ (the contract's five
/// downloads a day, [`crate::ledger::usage::device_policy`]); an honest device holds one at a time.
pub const EID_ORDER_LIMIT: u32 = 5;

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
pub(crate) fn fresh_sqlite(path: &Path) -> Result<String, SetupError> {
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

/// The running servers: instance 0 of each role, and the further instances over the same
/// PostgreSQL databases.
pub struct Servers {
    pub pki: Pki,
    /// SM-DP+ instance 0: the lab's own, or one outside the lab.
    pub smdp: SmdpSide,
    pub eim: EimHandle,
    /// Instances 1.. of the SM-DP+ and the eIM (each eIM orders from its own SM-DP+).
    pub more: Vec<(SmDpHandle, EimHandle)>,
    pub clock: SimClock,
    /// Every profile of the inventory.
    pub catalog: Catalog,
    /// The gates in front of SM-DP+ instance 0, with [`Layout::gate_smdp`].
    gates: Option<SmdpGates>,
    /// The devices poll over CoAP on DTLS ([`Layout::esipa_coap`]).
    pub esipa_coap: bool,
}

/// Where one instance of the roles listens.
#[derive(Clone, Copy, Debug)]
pub struct InstanceAddrs {
    /// The SM-DP+'s ES9+.
    pub es9: SocketAddr,
    /// The eIM's ESipa over HTTPS, and over CoAP when it serves it.
    pub esipa: SocketAddr,
    pub esipa_coap: Option<SocketAddr>,
}

/// The SM-DP+ the eIM orders from and the devices download from.
pub enum SmdpSide {
    /// Started by the lab, its database readable.
    Ours(SmDpHandle),
    /// Outside the lab ([`crate::servers::outside`]): reached on the wire only.
    Outside {
        host: String,
        es9: SocketAddr,
        es2: SocketAddr,
    },
}

/// The gates in front of an SM-DP+'s ES9+ and ES2+ listeners.
struct SmdpGates {
    es9: Gate,
    es2: Gate,
}

impl SmdpGates {
    async fn start(smdp: &SmDpHandle) -> Result<SmdpGates, SetupError> {
        let gate = |e: std::io::Error| SetupError::Io {
            what: "a loopback gate".into(),
            detail: e.to_string(),
        };
        Ok(SmdpGates {
            es9: Gate::start(smdp.es9_addr()).await.map_err(gate)?,
            es2: Gate::start(smdp.es2_addr()).await.map_err(gate)?,
        })
    }

    fn addrs(&self) -> (SocketAddr, SocketAddr) {
        (self.es9.addr(), self.es2.addr())
    }
}

/// Where the servers keep what.
#[derive(Clone, Debug)]
pub struct Layout {
    pub data_dir: PathBuf,
    pub trace_dir: Option<PathBuf>,
    /// The URLs of the SM-DP+ and eIM databases (fresh SQLite files by default).
    pub smdp_db: String,
    pub eim_db: String,
    /// The dashboard of eIM instance 0, when wanted.
    pub web_listen: Option<SocketAddr>,
    /// `(host, address)` of the SM-DSs the SM-DP+ registers events at (ES12), for
    /// localization by discovery ([`crate::run::discovery`]); none by default.
    pub smds_resolve: Vec<(String, SocketAddr)>,
    /// Put the SM-DP+'s listeners behind [`Gate`]s that the run's outages close (one
    /// instance only); off by default: the eIM and the devices reach the SM-DP+ directly.
    pub gate_smdp: bool,
    /// An SM-DP+ outside the lab instead of the lab's own ([`crate::servers::outside`]).
    pub outside_smdp: Option<outside::OutsideSmdp>,
    /// The SGP.02 SM-DP beside the SM-DP+ (`[sgp02]`), for localization through the
    /// SM-SR ([`crate::run::sgp02`]); none by default.
    pub sgp02: Option<sm_dp::sgp02::Sgp02Config>,
    /// The eIMs serve ESipa over CoAP on DTLS too, and the devices poll there
    /// (`demo --esipa coap`); HTTPS by default.
    pub esipa_coap: bool,
}

impl Layout {
    /// Fresh databases for a run: SQLite files in the data directory, or the two demo
    /// databases recreated on the PostgreSQL server of `postgres`.
    pub async fn new(
        data_dir: PathBuf,
        trace_dir: Option<PathBuf>,
        postgres: Option<&str>,
    ) -> Result<Layout, SetupError> {
        let (smdp_db, eim_db) = match postgres {
            None => (
                fresh_sqlite(&data_dir.join("smdp.db"))?,
                fresh_sqlite(&data_dir.join("eim.db"))?,
            ),
            Some(base) => {
                let base = base.to_string();
                tokio::task::spawn_blocking(move || {
                    let db = |name: &'static str| {
                        storage::testing::recreate_database(&base, name)
                            .map_err(|source| SetupError::Postgres { name, source })
                    };
                    Ok::<_, SetupError>((db("rsp_lab_demo_smdp")?, db("rsp_lab_demo_eim")?))
                })
                .await
                .map_err(|e| SetupError::Io {
                    what: "PostgreSQL set-up".into(),
                    detail: e.to_string(),
                })??
            }
        };
        Ok(Layout {
            data_dir,
            trace_dir,
            smdp_db,
            eim_db,
            web_listen: None,
            smds_resolve: Vec::new(),
            gate_smdp: false,
            outside_smdp: None,
            sgp02: None,
            esipa_coap: false,
        })
    }
}

impl Layout {
    pub(crate) fn trace(&self, who: &str) -> Option<PathBuf> {
        self.trace_dir.as_ref().map(|t| t.join(who))
    }
}

/// Starts SM-DP+ instance `n`.
async fn start_smdp_instance(
    layout: &Layout,
    pki: &Pki,
    n: usize,
) -> Result<SmDpHandle, SetupError> {
    let mut c = SmDpConfig::new(layout.data_dir.join("smdp"));
    c.server.credentials = sm_dp::CredentialSource::Pki(Box::new(pki.clone()));
    c.es9_listen = loopback();
    c.es2_listen = loopback();
    c.server.database_url = Some(layout.smdp_db.clone());
    c.server.trace_dir = layout.trace(&instance_name("smdp", n));
    // The roaming ledger's download bursts are refused by the SM-DP+ itself, which counts
    // them in its metrics.
    c.policy.max_open_orders_per_eid = EID_ORDER_LIMIT;
    c.server.metrics_listen = Some(loopback());
    if n == 0 {
        c.sgp02 = layout.sgp02.clone();
    }
    if !layout.smds_resolve.is_empty() {
        c.smds.resolve = layout.smds_resolve.clone();
        // DeleteEvents held back by an SM-DS outage go out soon after it ends.
        c.outbox.initial_backoff = Duration::from_millis(100);
        c.outbox.max_backoff = Duration::from_secs(1);
    }
    SmDp::start(c)
        .await
        .map_err(|e| SetupError::Smdp(e.to_string()))
}

/// `smdp`, `smdp-2`, ... (trace directories, reports).
pub fn instance_name(role: &str, n: usize) -> String {
    if n == 0 {
        role.to_string()
    } else {
        format!("{role}-{}", n + 1)
    }
}

/// Starts the SM-DP+ and loads `types` into it.
pub(crate) async fn start_smdp(
    layout: &Layout,
    pki: &Pki,
    types: &[TypePlan],
) -> Result<(SmDpHandle, Catalog), SetupError> {
    let smdp = start_smdp_instance(layout, pki, 0).await?;
    let mut catalog = Catalog::new();
    for t in types {
        let added = smdp
            .view()
            .add_inventory(&t.request())
            .await
            .map_err(|e| SetupError::Inventory(format!("{}: {e}", t.name)))?;
        let imsi0: u128 = t.imsi_start.parse().unwrap_or(0);
        let profiles = (added.iccids.into_iter().enumerate())
            .map(|(n, iccid)| (iccid, format!("{:015}", imsi0 + n as u128)));
        outside::add_to_catalog(&mut catalog, t, profiles);
    }
    Ok((smdp, catalog))
}

/// Starts eIM instance `n` on `clock`, ordering from the SM-DP+ named `host` at `smdp` (its
/// ES9+ and ES2+ addresses).
async fn start_eim(
    layout: &Layout,
    pki: &Pki,
    (host, smdp): (&str, (SocketAddr, SocketAddr)),
    clock: &SimClock,
    policy: &eim::policy::Policy,
    targets: BTreeMap<String, Vec<Target>>,
    n: usize,
) -> Result<EimHandle, SetupError> {
    let mut c = EimServerConfig::new(layout.data_dir.join("eim"));
    c.server.credentials = eim::CredentialSource::Pki(Box::new(pki.clone()));
    c.esipa_listen = loopback();
    if layout.esipa_coap {
        // the devices authenticate the eIM by its certificate, as over HTTPS
        c.esipa_coap = Some(eim::EsipaCoap {
            listen: loopback(),
            psks: Default::default(),
        });
    }
    c.api_listen = loopback();
    if n == 0 {
        c.web_listen = layout.web_listen;
    }
    c.server.database_url = Some(layout.eim_db.clone());
    c.server.trace_dir = layout.trace(&instance_name("eim", n));
    c.smdp.es2_url = Some(format!("https://{host}:{}", smdp.1.port()));
    c.smdp.es9_url = Some(format!("https://{host}:{}", smdp.0.port()));
    // The URLs carry the ports; the name only needs to lead to the address.
    c.smdp
        .resolve
        .insert(host.into(), SocketAddr::new(smdp.0.ip(), 0));
    c.operator = FIRST_OPERATOR.into();
    c.localization.enabled = true;
    c.localization.policy = policy.clone();
    c.localization.targets = targets;
    c.delivery.engine_interval = Duration::from_millis(200);
    // The lab places the ES2+ orders itself, in device order (`crate::run::rounds`).
    c.delivery.hold_orders = true;
    c.delivery.initial_backoff = Duration::from_millis(100);
    c.delivery.max_backoff = Duration::from_secs(2);
    c.clock = Arc::new(clock.clone());
    // The report reads the whole history of the run (180 simulated days by default).
    c.retention.keep = eim::Retention::keep_all();
    Eim::start(c)
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
    /// `name → address` of the first instances' listeners, for the terminal.
    pub fn endpoints(&self) -> Vec<(&'static str, String)> {
        let (es9, es2) = self.smdp_addrs();
        vec![
            ("SM-DP+ ES9+", es9.to_string()),
            ("SM-DP+ ES2+", es2.to_string()),
            ("eIM ESipa", self.eim.esipa_addr().to_string()),
            ("eIM operator API", self.eim.api_addr().to_string()),
        ]
    }

    /// Starts `instances` SM-DP+ instances (the inventory of `types` loaded through the
    /// first) and as many eIM instances with `policy`, all on `pki` ([`lab_pki`]).
    pub async fn start(
        layout: &Layout,
        pki: Pki,
        types: &[TypePlan],
        policy: &eim::policy::Policy,
        instances: usize,
    ) -> Result<Servers, SetupError> {
        let clock = SimClock::new();
        let (smdp, catalog) = match &layout.outside_smdp {
            Some(o) => {
                let (es9, es2) = o.addrs()?;
                let side = SmdpSide::Outside {
                    host: o.host()?,
                    es9,
                    es2,
                };
                (side, outside::catalog_of(types)?)
            }
            None => {
                let (handle, catalog) = start_smdp(layout, &pki, types).await?;
                (SmdpSide::Ours(handle), catalog)
            }
        };
        let gates = match (&smdp, layout.gate_smdp) {
            (SmdpSide::Ours(h), true) => Some(SmdpGates::start(h).await?),
            _ => None,
        };
        let addrs = match (&gates, &smdp) {
            (Some(g), _) => g.addrs(),
            (None, SmdpSide::Ours(h)) => (h.es9_addr(), h.es2_addr()),
            (None, SmdpSide::Outside { es9, es2, .. }) => (*es9, *es2),
        };
        let host = match &smdp {
            SmdpSide::Ours(_) => SMDP_FQDN.to_string(),
            SmdpSide::Outside { host, .. } => host.clone(),
        };
        let endpoint = (host.as_str(), addrs);
        let eim = start_eim(layout, &pki, endpoint, &clock, policy, targets(types), 0).await?;
        let mut more = Vec::new();
        for n in 1..instances.max(1) {
            let dp = start_smdp_instance(layout, &pki, n).await?;
            let addrs = (SMDP_FQDN, (dp.es9_addr(), dp.es2_addr()));
            let eim = start_eim(layout, &pki, addrs, &clock, policy, targets(types), n).await?;
            more.push((dp, eim));
        }
        Ok(Servers {
            pki,
            smdp,
            eim,
            more,
            clock,
            catalog,
            gates,
            esipa_coap: layout.esipa_coap,
        })
    }

    /// Where the eIM and the devices reach SM-DP+ instance 0's ES9+ and ES2+ (its gates',
    /// when it has them).
    pub fn smdp_addrs(&self) -> (SocketAddr, SocketAddr) {
        match (&self.gates, &self.smdp) {
            (Some(g), _) => g.addrs(),
            (None, SmdpSide::Ours(h)) => (h.es9_addr(), h.es2_addr()),
            (None, SmdpSide::Outside { es9, es2, .. }) => (*es9, *es2),
        }
    }

    /// SM-DP+ instance 0's name: the host of its ES9+ (its address in activation codes).
    pub fn smdp_host(&self) -> &str {
        match &self.smdp {
            SmdpSide::Ours(_) => SMDP_FQDN,
            SmdpSide::Outside { host, .. } => host,
        }
    }

    /// The lab's own SM-DP+ (instance 0), if the run has one.
    pub fn own_smdp(&self) -> Option<&SmDpHandle> {
        match &self.smdp {
            SmdpSide::Ours(h) => Some(h),
            SmdpSide::Outside { .. } => None,
        }
    }

    /// What may be read of the lab's own SM-DP+; `None` for one outside the lab.
    pub fn smdp_view(&self) -> Option<SmDpView> {
        self.own_smdp().map(SmDpHandle::view)
    }

    /// Opens or closes the SM-DP+'s gates for `day` by `outages`; whether it is down.
    pub fn set_day(&self, day: u32, outages: &[crate::world::outage::Outage]) -> bool {
        let down =
            crate::world::outage::Outage::down(outages, crate::world::outage::Role::Smdp, day);
        if let Some(g) = &self.gates {
            g.es9.set_open(!down);
            g.es2.set_open(!down);
        }
        down
    }

    /// The ES9+ and ESipa addresses of every instance, in instance order (ESipa's CoAP
    /// listener with [`Servers::esipa_coap`]).
    pub fn instance_addrs(&self) -> Vec<InstanceAddrs> {
        let of = |es9: SocketAddr, e: &EimHandle| InstanceAddrs {
            es9,
            esipa: e.esipa_addr(),
            esipa_coap: e.esipa_coap_addr().filter(|_| self.esipa_coap),
        };
        std::iter::once(of(self.smdp_addrs().0, &self.eim))
            .chain(self.more.iter().map(|(d, s)| of(d.es9_addr(), s)))
            .collect()
    }

    /// Stops every server (listeners, workers, databases).
    pub async fn shutdown(self) {
        for (dp, eim) in self.more {
            eim.shutdown().await;
            dp.shutdown().await;
        }
        self.eim.shutdown().await;
        if let SmdpSide::Ours(h) = self.smdp {
            h.shutdown().await;
        }
    }
}
