//! Test support: the lab PKI, an SM-DS on loopback, ES12 and ES11 clients, and a software
//! eUICC (euicc-sim) that answers ES10b as a device's would.

pub(crate) mod device;

use std::net::SocketAddr;
use std::sync::OnceLock;

use certs::{CertRole, Curve, LabPkiOptions, Pki, SmdsSite, generate};
use infra::client::{ClientOptions, build};
use infra::tls::{Identity, ServerTrust};
use serde_json::{Value, json};
use sm_ds::{CredentialSource, SmDs, SmDsConfig, SmDsHandle};

/// The lab PKI shared by the tests of the binary.
pub(crate) fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| generate(&LabPkiOptions::default()).expect("lab PKI"))
}

/// The EID of the PKI's eUICC.
pub(crate) const EID: &str = generate::DEFAULT_EID;
/// The SM-DP+ address of the PKI's CERT.DP.TLS.
pub(crate) const SMDP: &str = "smdp.rsp-lab.test";

/// An SM-DS on loopback with a fresh database (PostgreSQL when RSP_TEST_POSTGRES_URL is set).
pub(crate) struct Lab {
    pub smds: SmDsHandle,
    /// The SM-DS's host name (its CERT.DS.TLS dNSName).
    host: &'static str,
    _dir: tempfile::TempDir,
}

impl Lab {
    pub(crate) async fn start() -> Lab {
        Lab::start_with(|_| {}).await
    }

    pub(crate) async fn start_with(tune: impl FnOnce(&mut SmDsConfig)) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let mut c = SmDsConfig::new(dir.path(), CredentialSource::Pki(Box::new(pki().clone())));
        c.es11_listen = "127.0.0.1:0".parse().unwrap();
        c.es12_listen = "127.0.0.1:0".parse().unwrap();
        c.server.database_url = Some(storage::testing::database_url(dir.path(), "smds_test").await);
        tune(&mut c);
        let host = match c.site {
            SmdsSite::Root => "smds.rsp-lab.test",
            SmdsSite::Alternative => "alt-smds.rsp-lab.test",
        };
        let smds = SmDs::start(c).await.expect("SM-DS starts");
        Lab {
            smds,
            host,
            _dir: dir,
        }
    }

    /// An ES12 client presenting the PKI's CERT.DP.TLS.
    pub(crate) fn smdp(&self) -> Client {
        let (cred, key) = pki()
            .require_key_on(CertRole::DpTls, Curve::NistP256)
            .unwrap();
        Client::new(
            Some(identity(&cred.cert_der, key)),
            self.host,
            self.smds.es12_addr(),
        )
    }

    /// An ES12 (ES15) client presenting the alternative SM-DS's CERT.DS.TLS: another
    /// registrant under the same CI.
    pub(crate) fn alternative_smds(&self) -> Client {
        let (cred, key) = pki()
            .require_smds_key_on(SmdsSite::Alternative, CertRole::DsTls, Curve::NistP256)
            .unwrap();
        Client::new(
            Some(identity(&cred.cert_der, key)),
            self.host,
            self.smds.es12_addr(),
        )
    }

    /// An ES11 client (no client certificate).
    pub(crate) fn lpa(&self) -> Client {
        Client::new(None, self.host, self.smds.es11_addr())
    }
}

fn identity(cert: &[u8], key: &certs::PrivateKey) -> Identity {
    Identity {
        chain: vec![cert.to_vec()],
        key_pem: key.to_sec1_pem().unwrap().as_bytes().to_vec(),
    }
}

/// HTTPS to the SM-DS by its name, trusting the PKI's CI.
pub(crate) struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    fn new(identity: Option<Identity>, host: &str, addr: SocketAddr) -> Client {
        let ci = pki().require(CertRole::Ci).unwrap().cert_der.clone();
        let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
        o.identity = identity;
        o.resolve = vec![(host.into(), addr)];
        Client {
            http: build(&o).unwrap(),
            base: format!("https://{host}:{}", addr.port()),
        }
    }

    /// POST with the binding's headers; the HTTP status and body.
    pub(crate) async fn post(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, Vec<u8>) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Content-Type", content_type)
            .header("X-Admin-Protocol", "gsma/rsp/v2.5.0")
            .body(body)
            .send()
            .await
            .expect("request sent");
        let status = r.status().as_u16();
        (status, r.bytes().await.unwrap().to_vec())
    }

    /// A JSON call; the answer's JSON.
    pub(crate) async fn json(&self, path: &str, body: Value) -> Value {
        let (status, out) = self
            .post(
                path,
                "application/json;charset=UTF-8",
                body.to_string().into_bytes(),
            )
            .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&out));
        serde_json::from_slice(&out).expect("JSON answer")
    }

    /// An ASN.1 binding call.
    pub(crate) async fn asn1(&self, body: Vec<u8>) -> (u16, Vec<u8>) {
        self.post("/gsma/rsp2/asn1", "application/x-gsma-rsp-asn1", body)
            .await
    }

    pub(crate) async fn register(&self, eid: &str, address: &str, event_id: &str) -> Value {
        self.register_with(eid, address, event_id, false).await
    }

    /// RegisterEvent with the forwarding indicator given.
    pub(crate) async fn register_with(
        &self,
        eid: &str,
        address: &str,
        event_id: &str,
        forwarding: bool,
    ) -> Value {
        self.json(
            "/gsma/rsp2/es12/registerEvent",
            json!({
                "header": {"functionRequesterIdentifier": "test", "functionCallIdentifier": "1"},
                "eid": eid, "rspServerAddress": address, "eventId": event_id,
                "forwardingIndicator": forwarding,
            }),
        )
        .await
    }

    pub(crate) async fn delete(&self, eid: &str, event_id: &str) -> Value {
        self.json(
            "/gsma/rsp2/es12/deleteEvent",
            json!({
                "header": {"functionRequesterIdentifier": "test", "functionCallIdentifier": "2"},
                "eid": eid, "eventId": event_id,
            }),
        )
        .await
    }
}

/// Whether a JSON answer says Executed-Success.
pub(crate) fn executed(v: &Value) -> bool {
    v["header"]["functionExecutionStatus"]["status"] == "Executed-Success"
}

/// The subject and reason code of a failed JSON answer.
pub(crate) fn code(v: &Value) -> (String, String) {
    let d = &v["header"]["functionExecutionStatus"]["statusCodeData"];
    (
        d["subjectCode"].as_str().unwrap_or_default().to_string(),
        d["reasonCode"].as_str().unwrap_or_default().to_string(),
    )
}

/// `code` as `(&str, &str)` for comparisons.
pub(crate) fn is(v: &Value, subject: &str, reason: &str) -> bool {
    code(v) == (subject.to_string(), reason.to_string())
}

impl Client {
    /// A client without a certificate, to the ES12 listener.
    pub(crate) fn anonymous(addr: SocketAddr) -> Client {
        Client::new(None, "smds.rsp-lab.test", addr)
    }

    /// A POST whose transport may fail.
    pub(crate) async fn try_post(&self, path: &str) -> Result<u16, reqwest::Error> {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json")
            .body("{}")
            .send()
            .await?;
        Ok(r.status().as_u16())
    }
}

/// Waits up to five seconds for `check` to hold.
pub(crate) async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("never: {what}");
}
