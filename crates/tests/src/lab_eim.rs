//! The eIM of a lab (the eim crate on loopback with real TLS, pointed at the lab's SM-DP+), its
//! operator API as the lab's operator (mutual TLS), and IoT devices: a software IoT eUICC
//! associated with the eIM (the bootstrap profile pre-loaded, enabled and the Fallback
//! Profile) and its IPA, of either SGP.32 version.

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine as _;
use certs::CertRole;
use eim::{CredentialSource, Eim, EimHandle, EimServerConfig, Target};
use euicc_sim::state::EimConfig;
use euicc_sim::{Credentials, Euicc, EuiccOptions, Preload, Sgp32Version};
use infra::client::{ClientOptions, build};
use infra::tls::{Identity, ServerTrust};
use ipa::{EsipaClient, EsipaOptions, Ipa, IpaCard, IpaOptions, PollOutcome};
use proto::saip::{Personalization, minimal_profile};
use proto::sgp22::{Iccid, StoreMetadataRequest};
use serde_json::{Value, json};

use crate::lab::{FQDN, Lab, OPERATOR};

/// The association token of the lab's devices.
pub const TOKEN: i64 = 3;
/// The bootstrap profile every device ships with.
pub const BOOTSTRAP: &str = "8949449999999991013";

/// Starts the eIM of `lab`; `tune` changes its configuration first.
pub async fn start_eim(lab: &Lab, tune: impl FnOnce(&mut EimServerConfig)) -> EimHandle {
    let dir = lab.dir.path().join("eim");
    let mut c = EimServerConfig::new(&dir);
    c.server.credentials = CredentialSource::Pki(Box::new(lab.pki.clone()));
    c.esipa_listen = "127.0.0.1:0".parse().expect("address");
    c.api_listen = "127.0.0.1:0".parse().expect("address");
    c.server.database_url = Some(storage::sqlite_url(&lab.dir.path().join("eim.db")));
    c.server.trace_dir = Some(lab.dir.path().join("eim-trace"));
    c.delivery.engine_interval = Duration::from_millis(50);
    c.delivery.initial_backoff = Duration::from_millis(50);
    c.smdp.es2_url = Some(format!("https://{FQDN}:{}", lab.es2_addr().port()));
    c.smdp.es9_url = Some(format!("https://{FQDN}:{}", lab.es9_addr().port()));
    c.smdp
        .resolve
        .insert(FQDN.into(), "127.0.0.1:0".parse().expect("address"));
    c.operator = OPERATOR.into();
    tune(&mut c);
    Eim::start(c).await.expect("eIM starts")
}

/// Localization targets for Germany: `types`, in order of preference, from any operator
/// (`EimServerConfig::localization.targets`).
pub fn german_targets(types: &[&str]) -> BTreeMap<String, Vec<Target>> {
    let targets = types
        .iter()
        .map(|t| Target {
            profile_type: t.to_string(),
            operator: None,
        })
        .collect();
    BTreeMap::from([("DE".to_string(), targets)])
}

/// The eIM's operator API as the lab's operator (mutual TLS).
pub struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    pub fn new(lab: &Lab, eim: &EimHandle) -> Api {
        let ci = lab.pki.require(CertRole::Ci).expect("CI").cert_der.clone();
        let cred = lab.pki.operator(OPERATOR).expect("operator");
        let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
        o.identity = Some(Identity {
            chain: vec![cred.cert_der.clone()],
            key_pem: cred
                .key()
                .expect("key")
                .to_sec1_pem()
                .expect("PEM")
                .as_bytes()
                .to_vec(),
        });
        let host = certs::generate::DEFAULT_EIM_FQDN;
        o.resolve.push((host.to_string(), eim.api_addr()));
        Api {
            http: build(&o).expect("client"),
            base: format!("https://{host}:{}", eim.api_addr().port()),
        }
    }

    /// `GET` or `POST` (with a JSON body): status and JSON answer.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let request = match method {
            "POST" => self
                .http
                .post(url)
                .header("content-type", "application/json")
                .body(body.unwrap_or(Value::Null).to_string()),
            _ => self.http.get(url),
        };
        let r = request.send().await.expect("operator API");
        let status = r.status().as_u16();
        let text = r.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Queues an operation for `eid`; its id.
    pub async fn queue(&self, eid: &str, request: Value) -> String {
        let (status, v) = self
            .call(
                "POST",
                &format!("/v1/devices/{eid}/operations"),
                Some(request),
            )
            .await;
        assert_eq!(status, 202, "{v}");
        v["id"].as_str().expect("operation id").to_string()
    }

    /// The operation as the API shows it.
    pub async fn operation(&self, id: &str) -> Value {
        self.call("GET", &format!("/v1/operations/{id}"), None)
            .await
            .1
    }

    /// Registers `euicc` (the token, the bootstrap; its certificates when `certificates`).
    pub async fn register(&self, euicc: &Euicc, certificates: bool) {
        let mut body = json!({
            "eid": euicc.eid(),
            "counterValue": 0,
            "associationToken": TOKEN,
            "bootstrapIccid": BOOTSTRAP,
        });
        if certificates {
            body["euiccCertificate"] = json!(b64(euicc.credentials().euicc_certificate()));
            body["eumCertificate"] = json!(b64(euicc.credentials().eum_certificate()));
        }
        let (status, v) = self.call("POST", "/v1/devices", Some(body)).await;
        assert!((200..300).contains(&status), "{status} {v}");
    }
}

pub fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// An ICCID in its eUICC coding.
pub fn iccid(digits: &str) -> Iccid {
    Iccid(
        proto::ids::Iccid::parse_lenient(digits)
            .expect("ICCID")
            .to_swapped_bcd(),
    )
}

/// A fleet device of SGP.32 `version`: an IoT eUICC with the eIM's configuration (as the
/// eIM hands it out) and the lab's association token, the bootstrap profile pre-loaded,
/// enabled and the Fallback Profile.
pub fn iot_device(lab: &Lab, eim: &EimHandle, version: Sgp32Version) -> Euicc {
    let creds = Credentials::from_pki(&lab.pki).expect("credentials");
    iot_device_with(eim, version, creds)
}

/// [`iot_device`] with an EID of serial `n` (several devices of one lab).
pub fn iot_device_numbered(lab: &Lab, eim: &EimHandle, version: Sgp32Version, n: u64) -> Euicc {
    iot_device_with(eim, version, crate::lab::issue_euicc(&lab.pki, n))
}

fn iot_device_with(eim: &EimHandle, version: Sgp32Version, creds: Credentials) -> Euicc {
    let info = eim.fleet().eim_info();
    let der = base64::engine::general_purpose::STANDARD
        .decode(&info.eim_configuration_data)
        .expect("eIM configuration");
    let mut config = EimConfig::from_der(&der).expect("eIM configuration");
    config.association_token = Some(TOKEN);
    let options = EuiccOptions {
        default_dp_address: Some(FQDN.into()),
        sgp32: version,
        ..EuiccOptions::iot_with_eim(config)
    };
    let mut e = Euicc::in_memory(creds, options).expect("eUICC");
    let package = minimal_profile(&Personalization {
        iccid: BOOTSTRAP.into(),
        imsi: "001019990000001".into(),
        ki: vec![0x11; 16],
        opc: vec![0x22; 16],
    })
    .expect("profile")
    .to_der();
    let metadata = StoreMetadataRequest::new(iccid(BOOTSTRAP), "Global IoT", "bootstrap");
    e.preload_profile(&Preload {
        enabled: true,
        fallback: true,
        ..Preload::new(package, metadata)
    })
    .expect("bootstrap profile");
    e
}

/// The host name devices know the eIM by (its eimFqdn without the port).
pub fn eim_host(eim: &EimHandle) -> String {
    let address = eim.eim_address();
    address.split(':').next().unwrap_or_default().to_string()
}

/// The device's IPA speaking SGP.32 `version`: ESipa to the eIM, ES9+ to the SM-DP+, both
/// names on loopback; `trace`: its ESipa messages written there. `euicc` is the device's
/// eUICC, or a wrapper around it (one that records the ES10 calls).
pub fn iot_ipa<C: IpaCard>(
    lab: &Lab,
    eim: &EimHandle,
    euicc: C,
    version: Sgp32Version,
    trace: Option<infra::trace::TraceDir>,
) -> Ipa<C> {
    let ci = lab.pki.require(CertRole::Ci).expect("CI").cert_der.clone();
    let mut esipa = EsipaOptions::new(ServerTrust::roots(vec![ci]));
    esipa.resolve = vec![(eim_host(eim), eim.esipa_addr())];
    esipa.timeout = Duration::from_secs(20);
    esipa.trace = trace;
    let mut lpa = lab.lpa_options();
    lpa.process_notifications = false;
    let options = IpaOptions {
        lpa,
        sgp32: version,
        ..IpaOptions::default()
    };
    Ipa::new(
        euicc,
        EsipaClient::new(&esipa).expect("ESipa client"),
        options,
    )
    .expect("IPA")
}

/// Polls from `rplmn` until operation `op` is settled (done, error or failed); the settled
/// operation and every outcome that brought something.
pub async fn poll_until_settled(
    ipa: &mut Ipa<Euicc>,
    api: &Api,
    op: &str,
    rplmn: [u8; 3],
) -> (Value, Vec<PollOutcome>) {
    let mut outcomes = Vec::new();
    for _ in 0..400 {
        let outcome = ipa.poll(Some(rplmn)).await.expect("poll");
        if !matches!(outcome, PollOutcome::NoPackage) {
            outcomes.push(outcome);
        }
        let v = api.operation(op).await;
        if matches!(v["state"].as_str(), Some("done" | "failed" | "error")) {
            // What the last result made pending is delivered and acknowledged too.
            outcomes.extend(ipa.poll_until_idle(Some(rplmn), 8).await.expect("poll"));
            return (v, outcomes);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("operation {op} not settled; outcomes: {outcomes:?}");
}
