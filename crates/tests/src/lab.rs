//! A lab on loopback: a lab PKI, the real SM-DP+ started in this process with real TLS (ES9+
//! server-authenticated, ES2+ mutual), the operator's ES2+ client and progress endpoint, and
//! software eUICCs in state files driven by the device LPA through the APDU layer.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use certs::{CertIssuer, CertRole, LabPkiOptions, Pki};
use euicc_sim::apdu::Card;
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use lpa::{Lpa, LpaOptions, Resolve, ServerTrust};
use sm_dp::{
    ConfirmOrder, CredentialSource, Es2Client, Es2ClientOptions, InventoryAdd, OperatorEndpoint,
    SmDp, SmDpConfig, SmDpHandle, Template,
};
use sm_dp::{Order, OrderStatus, Profile, SmDpView};
use tempfile::TempDir;
use tokio::sync::Mutex;

use crate::operator::{self, OperatorInbox};

/// The SM-DP+ address (the DP TLS certificate's name; activation codes carry it).
pub const FQDN: &str = certs::generate::DEFAULT_SMDP_FQDN;
/// The operator ordering profiles.
pub const OPERATOR: &str = "operator1";

/// Changes applied to the SM-DP+ configuration at every start.
pub type Tune = Arc<dyn Fn(&mut SmDpConfig) + Send + Sync>;

/// The SM-DP+ of a lab, restartable on the same addresses and database.
#[derive(Clone)]
pub struct SmdpControl {
    handle: Arc<Mutex<Option<SmDpHandle>>>,
    pki: Pki,
    data_dir: PathBuf,
    db: String,
    endpoint: OperatorEndpoint,
    tune: Tune,
    es9: SocketAddr,
    es2: SocketAddr,
}

impl SmdpControl {
    fn config(&self, es9: SocketAddr, es2: SocketAddr) -> SmDpConfig {
        let mut c = SmDpConfig::new(&self.data_dir);
        c.server.credentials = CredentialSource::Pki(Box::new(self.pki.clone()));
        c.es9_listen = es9;
        c.es2_listen = es2;
        c.server.database_url = Some(self.db.clone());
        c.outbox.poll_interval = Duration::from_millis(100);
        c.outbox.initial_backoff = Duration::from_millis(100);
        c.operators.insert(OPERATOR.into(), self.endpoint.clone());
        (self.tune)(&mut c);
        c
    }

    /// Stops the SM-DP+ (open connections end, the database closes) and starts it again
    /// on the same addresses and database.
    pub async fn restart(&self) {
        let mut slot = self.handle.lock().await;
        if let Some(old) = slot.take() {
            old.shutdown().await;
        }
        let started = SmDp::start(self.config(self.es9, self.es2))
            .await
            .expect("SM-DP+ restarts");
        *slot = Some(started);
    }

    /// Where the running SM-DP+ serves `GET /metrics`, if it does.
    pub async fn metrics_addr(&self) -> Option<SocketAddr> {
        self.handle.lock().await.as_ref()?.metrics_addr()
    }

    /// What may be read of the running SM-DP+.
    pub async fn view(&self) -> SmDpView {
        self.handle
            .lock()
            .await
            .as_ref()
            .expect("SM-DP+ running")
            .view()
    }
}

/// A running lab.
pub struct Lab {
    pub dir: TempDir,
    pub pki: Pki,
    pub smdp: SmdpControl,
    pub es2: Es2Client,
    pub inbox: OperatorInbox,
}

/// A lab PKI with the operators used here.
pub fn lab_pki() -> Pki {
    certs::generate(&LabPkiOptions {
        operators: vec![OPERATOR.into(), "operator2".into()],
        ..LabPkiOptions::default()
    })
    .expect("lab PKI")
}

impl Lab {
    /// A lab with the default SM-DP+ configuration.
    pub async fn start() -> Lab {
        Lab::start_with(|_| {}).await
    }

    /// A lab whose SM-DP+ configuration `tune` changes (at every start).
    pub async fn start_with(tune: impl Fn(&mut SmDpConfig) + Send + Sync + 'static) -> Lab {
        Lab::start_on(lab_pki(), tune).await
    }

    /// A lab on `pki` (e.g. one with both curve sets, the guide's "Curve sets"), the SM-DP+
    /// configuration changed by `tune` (at every start).
    pub async fn start_on(pki: Pki, tune: impl Fn(&mut SmDpConfig) + Send + Sync + 'static) -> Lab {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (endpoint, inbox) = operator::start(&pki).await;
        let mut control = SmdpControl {
            handle: Arc::new(Mutex::new(None)),
            pki: pki.clone(),
            data_dir: dir.path().join("smdp"),
            db: storage::sqlite_url(&dir.path().join("smdp.db")),
            endpoint,
            tune: Arc::new(tune),
            es9: "127.0.0.1:0".parse().expect("address"),
            es2: "127.0.0.1:0".parse().expect("address"),
        };
        let handle = SmDp::start(control.config(control.es9, control.es2))
            .await
            .expect("SM-DP+ starts");
        control.es9 = handle.es9_addr();
        control.es2 = handle.es2_addr();
        *control.handle.lock().await = Some(handle);
        let mut o = Es2ClientOptions::from_pki(
            &pki,
            OPERATOR,
            &format!("https://{FQDN}:{}", control.es2.port()),
        )
        .expect("ES2+ client options");
        o.resolve = Some(control.es2);
        let es2 = Es2Client::new(&o).expect("ES2+ client");
        Lab {
            dir,
            pki,
            smdp: control,
            es2,
            inbox,
        }
    }

    /// Where ES9+ listens.
    pub fn es9_addr(&self) -> SocketAddr {
        self.smdp.es9
    }

    /// Where ES2+ listens (mutual TLS), for other clients than the lab's (the eIM).
    pub fn es2_addr(&self) -> SocketAddr {
        self.smdp.es2
    }

    /// LPA options for this lab: the CI as TLS root, the SM-DP+ name resolved to loopback.
    pub fn lpa_options(&self) -> LpaOptions {
        let mut o = LpaOptions::default();
        let ci = self.pki.require(CertRole::Ci).expect("CI").cert_der.clone();
        o.es9.trust = Some(ServerTrust::roots(vec![ci]));
        o.es9.resolve = vec![Resolve {
            host: FQDN.into(),
            port: None,
            addr: self.es9_addr(),
        }];
        o.es9.timeout = Duration::from_secs(20);
        o
    }

    /// `LPA:1$<SM-DP+>$<Matching ID>`.
    pub fn activation_code(&self, matching_id: &str) -> String {
        format!("LPA:1${FQDN}${matching_id}")
    }

    /// Adds `count` profiles of type `ptype` from `template`; returns their ICCIDs.
    pub async fn inventory(
        &self,
        ptype: &str,
        template: Template,
        count: u32,
        iccid_start: &str,
    ) -> Vec<String> {
        self.smdp
            .view()
            .await
            .add_inventory(&InventoryAdd {
                profile_type: ptype.into(),
                template,
                count,
                iccid_start: iccid_start.into(),
                imsi_start: "001010000000001".into(),
                operator: Some(OPERATOR.into()),
                service_provider_name: Some("Lab Operator".into()),
                profile_name: None,
            })
            .await
            .expect("inventory added")
            .iccids
    }

    /// ES2+ DownloadOrder by profile type, then ConfirmOrder (released, Matching ID
    /// generated); returns the ICCID and the Matching ID.
    pub async fn order(
        &self,
        ptype: &str,
        eid: Option<&str>,
        cc: Option<&str>,
    ) -> (String, String) {
        let eid = eid.map(|e| proto::ids::Eid::parse(e).expect("EID"));
        let ordered = self
            .es2
            .download_order(eid.clone(), None, Some(ptype.into()))
            .await
            .expect("DownloadOrder");
        let mut confirm = ConfirmOrder::new(ordered.iccid.clone());
        confirm.eid = eid;
        confirm.confirmation_code = cc.map(str::to_string);
        let confirmed = self.es2.confirm_order(confirm).await.expect("ConfirmOrder");
        (ordered.iccid.as_str().to_string(), confirmed.matching_id)
    }

    /// The SM-DP+'s record of a profile.
    pub async fn profile(&self, iccid: &str) -> Profile {
        self.smdp
            .view()
            .await
            .profile(iccid)
            .await
            .expect("query")
            .expect("profile exists")
    }

    /// The SM-DP+'s order holding a Matching ID.
    pub async fn order_of(&self, matching_id: &str) -> Order {
        self.smdp
            .view()
            .await
            .order_by_matching_id(matching_id)
            .await
            .expect("query")
            .expect("order exists")
    }

    /// The order of `matching_id` once it has `status`, or as it stands after 10 s: an
    /// installation result that the eIM forwards to the SM-DP+ (an indirect download) moves
    /// the order on its own round, after the eIM's operation is done.
    pub async fn order_reaching(&self, matching_id: &str, status: OrderStatus) -> Order {
        for _ in 0..200 {
            let order = self.order_of(matching_id).await;
            if order.status == status {
                return order;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.order_of(matching_id).await
    }

    /// A new eUICC of this lab's PKI in a state file; `serial` picks another EID under
    /// the EUM's prefix (`None`: the PKI's own eUICC).
    pub fn euicc(&self, name: &str, serial: Option<u64>) -> TestEuicc {
        let creds = match serial {
            None => Credentials::from_pki(&self.pki).expect("eUICC credentials"),
            Some(n) => issue_euicc(&self.pki, n),
        };
        TestEuicc::create(&self.dir.path().join(format!("{name}.json")), creds)
    }
}

/// Credentials of an eUICC with an EID of serial `n` under the EUM of `pki`.
pub fn issue_euicc(pki: &Pki, n: u64) -> Credentials {
    let eum = pki.require(CertRole::Eum).expect("EUM");
    let ci = pki.require(CertRole::Ci).expect("CI");
    let own = Credentials::from_pki(pki).expect("eUICC credentials");
    let prefix = &own.eid().as_str()[..8];
    let eid = certs::eid::eid_from_prefix(prefix, 1_000_000 + n).expect("EID");
    let issued = CertIssuer::new(eum)
        .expect("EUM issuer")
        .issue_euicc(&eid)
        .expect("eUICC certificate");
    let key = issued.credential.key().expect("key");
    Credentials::new(
        issued.credential.cert_der.clone(),
        eum.cert_der.clone(),
        key.clone(),
        std::slice::from_ref(&ci.cert_der),
    )
    .expect("credentials")
}

/// An eUICC in a state file.
pub struct TestEuicc {
    pub path: PathBuf,
    pub eid: String,
}

impl TestEuicc {
    /// Creates the state file, with this lab's SM-DP+ as default SM-DP+ address.
    pub fn create(path: &Path, creds: Credentials) -> TestEuicc {
        let options = EuiccOptions {
            default_dp_address: Some(FQDN.into()),
            ..EuiccOptions::default()
        };
        let euicc = Euicc::create(path, creds, options).expect("eUICC created");
        TestEuicc {
            path: path.to_path_buf(),
            eid: euicc.eid().to_string(),
        }
    }

    /// The card: the eUICC opened from its state file behind the APDU layer.
    pub fn card(&self) -> Card<Euicc> {
        Card::new(Euicc::open(&self.path).expect("eUICC state"))
    }

    /// An LPA on the card.
    pub fn lpa(&self, options: LpaOptions) -> Lpa<Card<Euicc>> {
        Lpa::open(self.card(), options).expect("LPA opens the ISD-R")
    }

    /// The eUICC as stored now.
    pub fn open(&self) -> Euicc {
        Euicc::open(&self.path).expect("eUICC state")
    }
}

/// Where the TS.48 reference profiles are, if present.
pub fn ts48(file: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/ts48")
        .join(file);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("notice: {} not found, TS.48 test skipped", path.display());
        None
    }
}
