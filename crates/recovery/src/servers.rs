//! The servers' side of a recovery test: rsp-lab's SM-DP+ (with the lab's three profile
//! types) and eIM, started in this process with real TLS listeners and fresh SQLite
//! databases, each with an empty set of faults the steps arm.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use certs::{LabPkiOptions, Pki};
use eim::{Eim, EimHandle, EimServerConfig};
use infra::faults::Faults;
use sm_dp::inventory::{InventoryAdd, Template};
use sm_dp::{SmDp, SmDpConfig, SmDpHandle};

use super::error::RecoveryError;
use super::scenario::ProfileType;

/// The SM-DP+'s name (its TLS certificate's, and the address in Activation Codes).
pub const SMDP_HOST: &str = certs::generate::DEFAULT_SMDP_FQDN;
/// The ES2+ identity the runner orders as.
pub const OPERATOR: &str = "operator1";
/// Profiles of each type: enough for every step of many scenarios with kept databases.
const PER_TYPE: u32 = 200;

/// Where the servers listen and keep their files.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// The run's directory: `pki/` (kept between runs), the databases (fresh every run).
    pub data_dir: PathBuf,
    /// A PKI directory to use instead of `<data_dir>/pki`.
    pub pki_dir: Option<PathBuf>,
    /// The address the listeners bind (port chosen by the system); loopback by default.
    pub listen: IpAddr,
    /// Keep the databases from one scenario (and run) to the next: a real card keeps its
    /// profiles and the counter of its eIM configuration, so the SM-DP+ must not hand out
    /// an ICCID twice nor the eIM count from 0 again. Fresh databases otherwise.
    pub keep_databases: bool,
    /// The eIM relays downloads (`indirectProfileDownload` in its configuration).
    pub indirect_download: bool,
    /// The eIM serves ESipa over CoAP on DTLS too (its certificate; no PSK).
    pub esipa_coap: bool,
}

/// The running servers.
pub struct Servers {
    pub pki: Pki,
    pub pki_dir: PathBuf,
    pub smdp: SmDpHandle,
    pub eim: EimHandle,
    /// The faults the SM-DP+ and the eIM serve; the steps arm them.
    pub smdp_faults: Faults,
    pub eim_faults: Faults,
}

/// The first ICCID of a type (18 digits; the SM-DP+ adds the Luhn digit).
pub fn iccid_start(t: ProfileType) -> &'static str {
    match t {
        ProfileType::Bootstrap => "894901000000001000",
        ProfileType::Local => "894901000000002000",
        ProfileType::Uncovered => "894901000000009000",
    }
}

/// The leading ICCID digits every profile of a type shares (its range: 1,000 ICCIDs).
pub fn iccid_prefix(t: ProfileType) -> &'static str {
    &iccid_start(t)[..16]
}

fn imsi_start(t: ProfileType) -> &'static str {
    match t {
        ProfileType::Bootstrap => "901700000001000",
        ProfileType::Local => "262010000002000",
        ProfileType::Uncovered => "262990000009000",
    }
}

/// The PKI of `dir`, generated (a complete lab PKI) when `dir` holds none.
pub fn ensure_pki(dir: &Path) -> Result<Pki, RecoveryError> {
    let pki_err = |e: String| RecoveryError::Setup(format!("PKI {}: {e}", dir.display()));
    if dir.join("DPauth").is_dir() {
        return Pki::load_dir(dir).map_err(|e| pki_err(e.to_string()));
    }
    let pki = certs::generate(&LabPkiOptions::default()).map_err(|e| pki_err(e.to_string()))?;
    pki.write_dir(dir).map_err(|e| pki_err(e.to_string()))?;
    Ok(pki)
}

/// The SQLite database at `path`: emptied unless `keep`.
fn database(path: &Path, keep: bool) -> Result<String, RecoveryError> {
    if keep {
        return Ok(storage::sqlite_url(path));
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(PathBuf::from(p)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(RecoveryError::Setup(format!("{}: {e}", path.display()))),
        }
    }
    Ok(storage::sqlite_url(path))
}

/// The SM-DP+ on `any`, its inventory stocked with each profile type once.
async fn start_smdp(
    options: &ServerOptions,
    pki: &Pki,
    any: SocketAddr,
    faults: &Faults,
) -> Result<SmDpHandle, RecoveryError> {
    let mut c = SmDpConfig::new(options.data_dir.join("smdp"));
    c.server.credentials = sm_dp::CredentialSource::Pki(Box::new(pki.clone()));
    c.es9_listen = any;
    c.es2_listen = any;
    c.server.database_url = Some(database(
        &options.data_dir.join("smdp.db"),
        options.keep_databases,
    )?);
    c.server.faults = faults.clone();
    let smdp = SmDp::start(c)
        .await
        .map_err(|e| RecoveryError::Setup(format!("SM-DP+: {e}")))?;
    for t in ProfileType::ALL {
        let stocked = smdp
            .view()
            .profiles(Some(t.as_str()))
            .await
            .map_err(|e| RecoveryError::Setup(format!("SM-DP+ inventory: {e}")))?;
        if !stocked.is_empty() {
            continue;
        }
        smdp.view()
            .add_inventory(&InventoryAdd {
                profile_type: t.as_str().into(),
                template: Template::Minimal,
                count: PER_TYPE,
                iccid_start: iccid_start(t).into(),
                imsi_start: imsi_start(t).into(),
                operator: Some(OPERATOR.into()),
                service_provider_name: Some(format!("rsp-lab {}", t.as_str())),
                profile_name: Some(t.as_str().into()),
            })
            .await
            .map_err(|e| RecoveryError::Setup(format!("SM-DP+ inventory: {e}")))?;
    }
    Ok(smdp)
}

/// The eIM on `any`, ordering from and relaying to `smdp`.
async fn start_eim(
    options: &ServerOptions,
    pki: &Pki,
    any: SocketAddr,
    smdp: &SmDpHandle,
    faults: &Faults,
) -> Result<EimHandle, RecoveryError> {
    let mut c = EimServerConfig::new(options.data_dir.join("eim"));
    c.server.credentials = eim::CredentialSource::Pki(Box::new(pki.clone()));
    c.esipa_listen = any;
    c.api_listen = any;
    // the device's polls are counted here (`within_polls`)
    c.server.metrics_listen = Some(SocketAddr::new(IpAddr::from([127, 0, 0, 1]), 0));
    c.server.database_url = Some(database(
        &options.data_dir.join("eim.db"),
        options.keep_databases,
    )?);
    c.smdp.es9_url = Some(format!("https://{SMDP_HOST}:{}", smdp.es9_addr().port()));
    c.smdp.es2_url = Some(format!("https://{SMDP_HOST}:{}", smdp.es2_addr().port()));
    c.smdp.resolve.insert(
        SMDP_HOST.into(),
        SocketAddr::new(loopback_of(smdp.es9_addr()), 0),
    );
    c.delivery.engine_interval = Duration::from_millis(200);
    c.delivery.initial_backoff = Duration::from_millis(200);
    c.delivery.max_backoff = Duration::from_secs(2);
    c.indirect_profile_download = options.indirect_download;
    if options.esipa_coap {
        c.esipa_coap = Some(eim::EsipaCoap {
            listen: any,
            psks: Default::default(),
        });
    }
    c.server.faults = faults.clone();
    Eim::start(c)
        .await
        .map_err(|e| RecoveryError::Setup(format!("eIM: {e}")))
}

impl Servers {
    /// Starts the SM-DP+ and the eIM.
    pub async fn start(options: &ServerOptions) -> Result<Servers, RecoveryError> {
        std::fs::create_dir_all(&options.data_dir)
            .map_err(RecoveryError::dir(&options.data_dir))?;
        let (pki, pki_dir) = match &options.pki_dir {
            // one given is read, never written
            Some(dir) => (
                Pki::load_dir(dir)
                    .map_err(|e| RecoveryError::Setup(format!("PKI {}: {e}", dir.display())))?,
                dir.clone(),
            ),
            None => {
                let dir = options.data_dir.join("pki");
                (ensure_pki(&dir)?, dir)
            }
        };
        let any = SocketAddr::new(options.listen, 0);

        let smdp_faults = Faults::new("smdp", Vec::new());
        let smdp = start_smdp(options, &pki, any, &smdp_faults).await?;
        let eim_faults = Faults::new("eim", Vec::new());
        let eim = start_eim(options, &pki, any, &smdp, &eim_faults).await?;
        Ok(Servers {
            pki,
            pki_dir,
            smdp,
            eim,
            smdp_faults,
            eim_faults,
        })
    }

    /// The CI certificate (PEM) the servers' TLS certificates chain to.
    pub fn ci_pem(&self) -> PathBuf {
        self.pki_dir
            .join("CertificateIssuer")
            .join("CERT_CI_ECDSA_NIST.pem")
    }

    /// Stops both.
    pub async fn shutdown(self) {
        self.eim.shutdown().await;
        self.smdp.shutdown().await;
    }
}

/// Where this process reaches a listener bound to `addr` (loopback for an unspecified
/// address).
pub fn loopback_of(addr: SocketAddr) -> IpAddr {
    if addr.ip().is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        addr.ip()
    }
}
