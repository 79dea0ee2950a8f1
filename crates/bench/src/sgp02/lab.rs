//! The benchmark's lab: a lab PKI; the lab's SMSC; the SM-SR on it; the SM-DP+ server with
//! its SGP.02 SM-DP (`[sgp02]`) and the local profiles in stock; one M2M device per
//! concurrent download, each a software M2M eUICC with its bootstrap profile, registered at
//! the SM-SR; the operator with its ES2 client and its endpoint for the responses.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::time::Duration;

use certs::{CertRole, LabPkiOptions, Pki, generate};
use proto::ids::{Eid, Iccid};
use sm_dp::sgp02::{Sgp02Config, SmsrEndpoint};
use sm_dp::{CredentialSource, InventoryAdd, SmDp, SmDpConfig, SmDpHandle, Template};
use sm_sr::config::{Es4Credentials, SmscLink};
use sm_sr::eis::CardOwners;
use sm_sr::{SmSr, SmSrConfig, SmSrHandle};
use smpp::{Account, Smsc, SmscConfig};
use soap::envelope::{Addressing, Envelope};
use soap::es2::{self, DownloadProfileRequest, DownloadProfileResponse, Es2Request};
use soap::http::request_headers;
use soap::status::{ExecutionStatus, RequestHeader};
use tokio::sync::{Mutex, mpsc, watch};

use super::{PATIENCE, Sgp02BenchError};
use crate::m2m::{Device, SM_SR, Subscription, card, start_device};

const OPERATOR: &str = "operator1";
const SMSR_ID: &str = "sr-1";
const SMDP_FQDN: &str = generate::DEFAULT_SMDP_FQDN;
const PROFILE_TYPE: &str = "local-m2m";

fn setup(what: &'static str) -> impl Fn(String) -> Sgp02BenchError {
    move |e| Sgp02BenchError::Setup(format!("{what}: {e}"))
}

/// The running lab.
pub(super) struct Lab {
    smsc: Smsc,
    smsr: SmSrHandle,
    smdp: SmDpHandle,
    devices: Vec<(String, Device)>,
    operator: Operator,
    /// The package's size and its segments.
    pub(super) package_bytes: usize,
    pub(super) segments: usize,
    _dir: tempfile::TempDir,
}

/// A loopback port free now (a listener named before it is bound).
fn free_port() -> Result<SocketAddr, Sgp02BenchError> {
    infra::startup::free_loopback_port().map_err(|e| setup("port")(e.to_string()))
}

/// Device `i`'s bootstrap: ICCID, IMSI, MSISDN.
fn bootstrap(i: usize) -> Result<Subscription, Sgp02BenchError> {
    let payload = format!("894944999990{i:06}");
    let luhn = Iccid::luhn_digit(&payload).map_err(|e| setup("ICCID")(e.to_string()))?;
    Ok((
        format!("{payload}{luhn}"),
        format!("00101{i:010}"),
        format!("49155{i:06}"),
    ))
}

impl Lab {
    /// `devices` devices, `per_device` local profiles in stock for each, SCP03t segments of
    /// `segment_len` octets.
    pub(super) async fn start(
        devices: usize,
        per_device: usize,
        segment_len: usize,
        profile: Option<std::path::PathBuf>,
    ) -> Result<Lab, Sgp02BenchError> {
        let pki = generate(&LabPkiOptions::default()).map_err(|x| setup("PKI")(x.to_string()))?;
        let dir = tempfile::tempdir().map_err(|x| setup("data directory")(x.to_string()))?;
        let accounts = vec![
            Account::new("smsr", "smsr"),
            Account::new("device", "device"),
        ];
        let smsc = Smsc::start("127.0.0.1:0", SmscConfig::new(accounts))
            .await
            .map_err(|x| setup("SMSC")(x.to_string()))?;
        let smsc_addr = smsc.local_addr().to_string();
        let es3 = free_port()?;
        let smsr = start_smsr(&pki, dir.path(), &smsc_addr, es3).await?;
        let sgp02 = free_port()?;
        let smdp = start_smdp(&pki, dir.path(), es3, sgp02, segment_len).await?;
        let package = stock(&smdp, devices * per_device, profile).await?;
        let creds = fleet::devices::deploy::issue(&pki, devices)
            .map_err(|x| setup("eUICCs")(x.to_string()))?;
        let mut running = Vec::with_capacity(devices);
        for (i, c) in creds.into_iter().enumerate() {
            let b = bootstrap(i)?;
            let euicc = card(&pki, c, std::slice::from_ref(&b)).map_err(setup("card"))?;
            let eis =
                serde_json::to_string(&euicc.m2m_eis()).map_err(|x| setup("EIS")(x.to_string()))?;
            let owners = CardOwners {
                eum_id: "eum.rsp-lab.test".into(),
                mno_id: OPERATOR.into(),
                smdp_id: "bootstrap".into(),
                msisdns: vec![(b.0.clone(), b.2.clone())],
            };
            let eid = smsr
                .import_card_eis(&eis, &owners)
                .await
                .map_err(|x| setup("EIS")(x.to_string()))?;
            let device = start_device(euicc, smsc_addr.clone(), std::slice::from_ref(&b))
                .await
                .map_err(setup("device"))?;
            running.push((eid, device));
        }
        let operator = Operator::start(&pki, sgp02).await?;
        Ok(Lab {
            smsc,
            smsr,
            smdp,
            devices: running,
            operator,
            package_bytes: package,
            segments: package.div_ceil(segment_len.max(1)),
            _dir: dir,
        })
    }

    /// Round `r`: one download to each of `n` devices from device `first` on (in turn) at
    /// once, until every response is in.
    pub(super) async fn round(
        &self,
        r: usize,
        first: usize,
        n: usize,
    ) -> Result<(), Sgp02BenchError> {
        let mut waiting = HashSet::new();
        let count = self.devices.len();
        for i in (first..first + n).map(|i| i % count) {
            let eid = &self.devices[i].0;
            let id = format!("urn:uuid:bench-{r}-{i}");
            self.operator
                .download(eid, &id)
                .await
                .map_err(|detail| Sgp02BenchError::Download { index: i, detail })?;
            waiting.insert(id);
        }
        let all = async {
            while !waiting.is_empty() {
                let (relates_to, r) = self.operator.next().await?;
                if !waiting.remove(&relates_to) {
                    continue;
                }
                if r.header.status() != ExecutionStatus::ExecutedSuccess {
                    return Err(format!(
                        "{relates_to}: {:?}",
                        r.header.function_execution_status
                    ));
                }
            }
            Ok(())
        };
        tokio::time::timeout(PATIENCE * (n as u32).max(1), all)
            .await
            .map_err(|_| "not finished in time".to_string())
            .and_then(|r| r)
            .map_err(|detail| Sgp02BenchError::Download { index: r, detail })
    }

    pub(super) async fn stop(self) {
        for (_, (stop, task)) in self.devices {
            let _ = stop.send(());
            let _ = task.await;
        }
        self.smdp.shutdown().await;
        self.smsr.shutdown().await;
        self.smsc.stop().await;
    }
}

/// The SM-SR on the SMSC, its ES3 on `es3`, its responses to the SM-DP's host on loopback.
async fn start_smsr(
    pki: &Pki,
    dir: &std::path::Path,
    smsc: &str,
    es3: SocketAddr,
) -> Result<SmSrHandle, Sgp02BenchError> {
    let mut c = SmSrConfig::new(dir.join("smsr"), SMSR_ID);
    c.es4_listen = es3;
    c.es4_credentials =
        Some(Es4Credentials::from_pki(pki).map_err(|x| setup("SM-SR")(x.to_string()))?);
    c.sms_address = SM_SR.into();
    c.outbox.poll = Duration::from_millis(200);
    c.outbox.resolve = vec![(SMDP_FQDN.into(), loopback_any())];
    c.smsc = Some(SmscLink {
        address: smsc.into(),
        system_id: "smsr".into(),
        password: "smsr".into(),
    });
    SmSr::start(c)
        .await
        .map_err(|x| setup("SM-SR")(x.to_string()))
}

/// `127.0.0.1:0`: the host resolved to loopback, the URL's port kept.
fn loopback_any() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The SM-DP+ server with `[sgp02]` on `sgp02`, the SM-SR at `es3`.
async fn start_smdp(
    pki: &Pki,
    dir: &std::path::Path,
    es3: SocketAddr,
    sgp02: SocketAddr,
    segment_len: usize,
) -> Result<SmDpHandle, Sgp02BenchError> {
    let mut c = SmDpConfig::new(dir.join("smdp"));
    c.server.credentials = CredentialSource::Pki(Box::new(pki.clone()));
    c.es9_listen = loopback_any();
    c.es2_listen = loopback_any();
    let url = format!("https://{SMDP_FQDN}:{}/gsma/smdp/ES3", sgp02.port());
    let mut s = Sgp02Config::new(sgp02, url);
    s.segment_len = segment_len;
    s.resolve = vec![(SMDP_FQDN.into(), loopback_any())];
    let smsr_host = LabPkiOptions::default().smsr_fqdn;
    s.smsrs.insert(
        SMSR_ID.into(),
        SmsrEndpoint {
            url: format!("https://{smsr_host}:{}/gsma/smsr/ES3", es3.port()),
            resolve: Some(es3),
        },
    );
    c.sgp02 = Some(s);
    SmDp::start(c)
        .await
        .map_err(|x| setup("SM-DP")(x.to_string()))
}

/// `count` local profiles in stock; the package's size.
async fn stock(
    smdp: &SmDpHandle,
    count: usize,
    profile: Option<std::path::PathBuf>,
) -> Result<usize, Sgp02BenchError> {
    let add = InventoryAdd {
        profile_type: PROFILE_TYPE.into(),
        template: profile.map_or(Template::Minimal, Template::File),
        count: u32::try_from(count).map_err(|_| setup("inventory")("too many".into()))?,
        iccid_start: "894944999991000000".into(),
        imsi_start: "262010000000001".into(),
        operator: Some(OPERATOR.into()),
        service_provider_name: None,
        profile_name: None,
    };
    let view = smdp.view();
    let report = view
        .add_inventory(&add)
        .await
        .map_err(|x| setup("inventory")(x.to_string()))?;
    let first = report
        .iccids
        .first()
        .ok_or_else(|| setup("inventory")("empty".into()))?;
    let package = view
        .package(first)
        .await
        .map_err(|x| setup("inventory")(x.to_string()))?
        .unwrap_or_default();
    Ok(package.len())
}

/// The operator: ES2 over mutual TLS, and its endpoint for the responses.
struct Operator {
    client: reqwest::Client,
    url: String,
    reply_to: String,
    received: Mutex<mpsc::Receiver<Envelope>>,
    _stop: watch::Sender<bool>,
}

impl Operator {
    async fn start(pki: &Pki, sgp02: SocketAddr) -> Result<Operator, Sgp02BenchError> {
        let e = setup("operator");
        let cred = pki.operator(OPERATOR).map_err(|x| e(x.to_string()))?;
        let key = cred.key().map_err(|x| e(x.to_string()))?;
        let key = key.to_sec1_pem().map_err(|x| e(x.to_string()))?;
        let ci = pki.require(CertRole::Ci).map_err(|x| e(x.to_string()))?;
        let mut o = infra::client::ClientOptions::new(infra::tls::ServerTrust::roots(vec![
            ci.cert_der.clone(),
        ]));
        o.identity = Some(infra::tls::Identity {
            chain: vec![cred.cert_der.clone()],
            key_pem: key.as_bytes().to_vec(),
        });
        o.resolve = vec![(SMDP_FQDN.into(), sgp02)];
        let client = infra::client::build(&o).map_err(|x| e(x.to_string()))?;
        let (reply_to, received, stop) = fleet::run::sgp02::operator::listen(pki)
            .await
            .map_err(|x| e(x.to_string()))?;
        Ok(Operator {
            client,
            url: format!("https://{SMDP_FQDN}:{}/gsma/smdp/ES2", sgp02.port()),
            reply_to,
            received: Mutex::new(received),
            _stop: stop,
        })
    }

    /// ES2.DownloadProfile of a local profile to `eid`, not enabled; accepted `202`.
    async fn download(&self, eid: &str, message_id: &str) -> Result<(), String> {
        let msg = DownloadProfileRequest {
            header: RequestHeader::new(message_id),
            eid: Eid::parse_lenient(eid).map_err(|e| e.to_string())?,
            smsr_id: SMSR_ID.into(),
            profile_type: Some(PROFILE_TYPE.into()),
            iccid: None,
            enable_profile: Some(false),
        };
        let a = Addressing::request(&self.url, OPERATOR, message_id).with_reply_to(&self.reply_to);
        let env = Es2Request::DownloadProfile(msg).encode(a);
        let headers = request_headers(es2::DOWNLOAD_PROFILE.request_action);
        let sent =
            infra::client::post_bounded(&self.client, &self.url, &headers, env.encode(), 1 << 20);
        match sent.await.map_err(|e| e.to_string())? {
            (202, _) => Ok(()),
            (s, _) => Err(format!("DownloadProfile answered HTTP {s}")),
        }
    }

    /// The next response: its `RelatesTo` and body.
    async fn next(&self) -> Result<(String, DownloadProfileResponse), String> {
        let env = self
            .received
            .lock()
            .await
            .recv()
            .await
            .ok_or("the endpoint stopped")?;
        let r = es2::DOWNLOAD_PROFILE
            .decode_response(&env)
            .map_err(|e| e.to_string())?;
        Ok((env.addressing.relates_to.unwrap_or_default(), r))
    }
}
