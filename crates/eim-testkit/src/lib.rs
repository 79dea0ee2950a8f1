//! The eIM's test harness (the eim crate's integration tests and the end-to-end tests in
//! `crates/tests`): a lab PKI, the eIM on loopback with real TLS (SQLite in a temporary
//! directory, a manual clock, a trace directory), an operator API client with the
//! operator's client certificate, an ESipa client standing for the IPA, and a scripted
//! eUICC ([`euicc::TestEuicc`], with its side of a relayed download in [`download`]).

#![forbid(unsafe_code)]
// Public items of this crate still lack documentation; the workspace's `missing_docs`
// applies once they have it and this line is gone.
#![allow(missing_docs)]

pub mod download;
pub mod euicc;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use base64::Engine;
use certs::{CertRole, Pki};
use eim::{CredentialSource, Eim, EimHandle, EimServerConfig, ManualClock};
use infra::client::{ClientOptions, build};
use infra::tls::{Identity, ServerTrust};
use proto::der::Asn1;
use proto::json::http::{
    ADMIN_PROTOCOL_ESIPA, CONTENT_TYPE_ASN1, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL,
};
use proto::sgp32::{
    EimPackageResult, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim, GetEimPackageRequest,
    GetEimPackageResponse, ProvideEimPackageResult, ProvideEimPackageResultResponse,
};
use serde_json::{Value, json};
use tempfile::TempDir;

pub use euicc::TestEuicc;

pub const EIM_FQDN: &str = certs::generate::DEFAULT_EIM_FQDN;
pub const OPERATOR: &str = "operator1";

pub fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

pub fn unb64(v: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(v.as_str().expect("base64 member"))
        .unwrap()
}

/// A PKI with two operators.
pub fn pki() -> Pki {
    certs::generate(&certs::LabPkiOptions {
        operators: vec!["operator1".into(), "operator2".into()],
        ..certs::LabPkiOptions::default()
    })
    .unwrap()
}

/// An HTTPS client for the eIM's name, trusting the CI, optionally with an identity.
fn client(pki: &Pki, identity: Option<Identity>, addr: SocketAddr) -> reqwest::Client {
    let ci = pki.require(CertRole::Ci).unwrap().cert_der.clone();
    let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
    o.identity = identity;
    o.resolve.push((EIM_FQDN.to_string(), addr));
    o.timeout = Duration::from_secs(20);
    build(&o).unwrap()
}

/// The client identity of an operator of the PKI.
pub fn operator_identity(pki: &Pki, operator: &str) -> Identity {
    let cred = pki.operator(operator).unwrap();
    Identity {
        chain: vec![cred.cert_der.clone()],
        key_pem: cred
            .key()
            .unwrap()
            .to_sec1_pem()
            .unwrap()
            .as_bytes()
            .to_vec(),
    }
}

/// The operator API as one operator.
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
}

impl Api {
    pub fn new(pki: &Pki, identity: Option<Identity>, addr: SocketAddr) -> Api {
        Api {
            http: client(pki, identity, addr),
            base: format!("https://{EIM_FQDN}:{}", addr.port()),
        }
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Queues an operation; returns its id.
    pub async fn queue(&self, eid: &str, body: Value) -> String {
        let (s, v) = self
            .post(&format!("/v1/devices/{eid}/operations"), body)
            .await;
        assert_eq!(s, 202, "{v}");
        v["id"].as_str().unwrap().to_string()
    }

    pub async fn operation(&self, id: &str) -> Value {
        let (s, v) = self.get(&format!("/v1/operations/{id}")).await;
        assert_eq!(s, 200, "{v}");
        v
    }
}

/// The IPA's side of ESipa.
pub struct Ipa {
    pub http: reqwest::Client,
    pub base: String,
}

impl Ipa {
    pub fn new(pki: &Pki, addr: SocketAddr) -> Ipa {
        Ipa {
            http: client(pki, None, addr),
            base: format!("https://{EIM_FQDN}:{}", addr.port()),
        }
    }

    /// Posts raw octets to the ASN.1 binding: status and body.
    pub async fn raw(&self, body: Vec<u8>) -> (u16, Vec<u8>) {
        let r = self
            .http
            .post(format!("{}/gsma/rsp2/asn1", self.base))
            .header("content-type", CONTENT_TYPE_ASN1)
            .header(X_ADMIN_PROTOCOL, ADMIN_PROTOCOL_ESIPA)
            .header("user-agent", "gsma-rsp-ipad")
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
    }

    /// One ASN.1 binding exchange.
    pub async fn send(&self, msg: &EsipaMessageFromIpaToEim) -> Option<EsipaMessageFromEimToIpa> {
        let (status, body) = self.raw(msg.to_der()).await;
        if status == 204 {
            return None;
        }
        assert_eq!(status, 200);
        Some(EsipaMessageFromEimToIpa::from_der(&body).unwrap())
    }

    /// GetEimPackage (ASN.1).
    pub async fn poll(&self, req: GetEimPackageRequest) -> GetEimPackageResponse {
        match self
            .send(&EsipaMessageFromIpaToEim::GetEimPackageRequest(req))
            .await
        {
            Some(EsipaMessageFromEimToIpa::GetEimPackageResponse(r)) => r,
            other => panic!("not a GetEimPackageResponse: {other:?}"),
        }
    }

    /// GetEimPackage (ASN.1) for an EID.
    pub async fn poll_eid(&self, eid: [u8; 16]) -> GetEimPackageResponse {
        self.poll(GetEimPackageRequest {
            eid_value: eid,
            ..GetEimPackageRequest::default()
        })
        .await
    }

    /// GetEimPackage (ASN.1) for an EID reporting its serving network (rPLMN).
    pub async fn poll_from(&self, eid: [u8; 16], plmn: [u8; 3]) -> GetEimPackageResponse {
        self.poll(GetEimPackageRequest {
            eid_value: eid,
            r_plmn: Some(plmn),
            ..GetEimPackageRequest::default()
        })
        .await
    }

    /// ProvideEimPackageResult (ASN.1).
    pub async fn provide(
        &self,
        eid: Option<[u8; 16]>,
        result: EimPackageResult,
    ) -> ProvideEimPackageResultResponse {
        match self
            .send(&EsipaMessageFromIpaToEim::ProvideEimPackageResult(
                ProvideEimPackageResult {
                    eid_value: eid,
                    eim_package_result: result,
                },
            ))
            .await
        {
            Some(EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(r)) => r,
            other => panic!("not a ProvideEimPackageResultResponse: {other:?}"),
        }
    }

    /// One JSON binding call.
    pub async fn json(&self, function: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}/gsma/rsp2/esipa/{function}", self.base))
            .header("content-type", CONTENT_TYPE_JSON)
            .header(X_ADMIN_PROTOCOL, ADMIN_PROTOCOL_ESIPA)
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        serde_json::from_slice(&r.bytes().await.unwrap()).unwrap()
    }
}

pub fn executed(v: &Value) -> bool {
    v["header"]["functionExecutionStatus"]["status"] == "Executed-Success"
}

pub fn status_code(v: &Value) -> (String, String) {
    let d = &v["header"]["functionExecutionStatus"]["statusCodeData"];
    (
        d["subjectCode"].as_str().unwrap_or_default().to_string(),
        d["reasonCode"].as_str().unwrap_or_default().to_string(),
    )
}

/// A database URL for one test: SQLite in `dir`, or a new PostgreSQL database when
/// `RSP_TEST_POSTGRES_URL` names a server (`tools/postgres/test-postgres.sh start`).
pub async fn database_url(dir: &std::path::Path) -> String {
    storage::testing::database_url(dir, "eim_test").await
}

/// A running eIM with its clients.
pub struct Lab {
    pub dir: TempDir,
    pub pki: Pki,
    pub db: String,
    pub clock: ManualClock,
    pub trace: PathBuf,
    eim: Option<EimHandle>,
    pub api: Api,
    pub ipa: Ipa,
}

/// A configuration on ephemeral loopback ports.
pub fn config(pki: &Pki, dir: &std::path::Path, db: &str, clock: &ManualClock) -> EimServerConfig {
    let mut c = EimServerConfig::new(dir);
    c.server.credentials = CredentialSource::Pki(Box::new(pki.clone()));
    c.esipa_listen = "127.0.0.1:0".parse().unwrap();
    c.api_listen = "127.0.0.1:0".parse().unwrap();
    c.server.database_url = Some(db.to_string());
    c.server.trace_dir = Some(dir.join("trace"));
    c.clock = std::sync::Arc::new(clock.clone());
    c.delivery.engine_interval = Duration::from_millis(50);
    c.delivery.initial_backoff = Duration::from_millis(50);
    c
}

impl Lab {
    pub async fn start() -> Lab {
        Lab::start_with(|_| {}).await
    }

    pub async fn start_with(tune: impl FnOnce(&mut EimServerConfig)) -> Lab {
        Lab::start_with_pki(pki(), tune).await
    }

    pub async fn start_with_pki(pki: Pki, tune: impl FnOnce(&mut EimServerConfig)) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let db = database_url(dir.path()).await;
        let clock = ManualClock::new(1_767_225_600_000); // 2026-01-01
        let mut c = config(&pki, dir.path(), &db, &clock);
        tune(&mut c);
        let eim = Eim::start(c).await.unwrap();
        let api = Api::new(
            &pki,
            Some(operator_identity(&pki, OPERATOR)),
            eim.api_addr(),
        );
        let ipa = Ipa::new(&pki, eim.esipa_addr());
        Lab {
            trace: dir.path().join("trace"),
            dir,
            pki,
            db,
            clock,
            eim: Some(eim),
            api,
            ipa,
        }
    }

    /// Stops the eIM and starts it again on the same database.
    pub async fn restart(&mut self, tune: impl FnOnce(&mut EimServerConfig)) {
        let mut c = config(&self.pki, self.dir.path(), &self.db, &self.clock);
        tune(&mut c);
        if let Some(old) = self.eim.take() {
            old.shutdown().await;
        }
        let eim = Eim::start(c).await.unwrap();
        self.api = Api::new(
            &self.pki,
            Some(operator_identity(&self.pki, OPERATOR)),
            eim.api_addr(),
        );
        self.ipa = Ipa::new(&self.pki, eim.esipa_addr());
        self.eim = Some(eim);
    }

    pub async fn eim_shutdown(mut self) {
        if let Some(e) = self.eim.take() {
            e.shutdown().await;
        }
    }

    pub fn eim(&self) -> &EimHandle {
        self.eim.as_ref().unwrap()
    }

    pub fn fleet(&self) -> eim::Fleet {
        self.eim().fleet()
    }

    /// Registers a test eUICC through the operator API, with certificates and token.
    pub async fn register(&self, e: &TestEuicc) -> Value {
        let (s, v) = self
            .api
            .post(
                "/v1/devices",
                json!({
                    "eid": e.eid,
                    "euiccCertificate": b64(&e.cert),
                    "eumCertificate": b64(&e.eum),
                    "associationToken": e.token,
                    "counterValue": e.last_counter,
                    "bootstrapIccid": euicc::BOOTSTRAP_ICCID,
                }),
            )
            .await;
        assert_eq!(s, 201, "{v}");
        v
    }
}
