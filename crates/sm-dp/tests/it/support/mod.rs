//! Test support: a lab PKI, an SM-DP+ on loopback with real TLS, an operator (ES2+ client and
//! a HandleDownloadProgressInfo endpoint with mTLS), an ES9+ client and a scripted eUICC.
//! The database is SQLite in a temporary directory, or a fresh PostgreSQL database when
//! `RSP_TEST_POSTGRES_URL` names a server (e.g. `postgres://postgres@127.0.0.1:5432/postgres`).

pub(crate) mod euicc;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode as HttpStatus;
use axum::routing::post;
use base64::Engine;
use certs::Pki;
use infra::client::{ClientOptions, build};
use infra::tls::{Identity, ServerTrust};
use proto::der::Asn1;
use proto::json::http::{
    ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_ASN1, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL,
};
use serde_json::{Value, json};
use sm_dp::{
    CredentialSource, Es2Client, Es2ClientOptions, InventoryAdd, OperatorEndpoint, SmDp,
    SmDpConfig, SmDpHandle, Template,
};
use tempfile::TempDir;

pub(crate) use euicc::{Download, TestEuicc, sig_value};

pub(crate) const FQDN: &str = certs::generate::DEFAULT_SMDP_FQDN;
pub(crate) const OPERATOR: &str = "operator1";

pub(crate) fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

pub(crate) fn unb64(v: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(v.as_str().expect("base64 member"))
        .unwrap()
}

/// A PKI with two operators.
pub(crate) fn pki() -> Pki {
    certs::generate(&certs::LabPkiOptions {
        operators: vec!["operator1".into(), "operator2".into()],
        ..certs::LabPkiOptions::default()
    })
    .unwrap()
}

/// A database URL for one test: SQLite in `dir`, or a new PostgreSQL database.
pub(crate) async fn database_url(dir: &std::path::Path) -> String {
    storage::testing::database_url(dir, "smdp_test").await
}

/// What the operator's HandleDownloadProgressInfo endpoint received, and how many requests
/// it still refuses (to exercise the retries).
#[derive(Clone, Default)]
pub(crate) struct OperatorInbox {
    pub received: Arc<Mutex<Vec<Value>>>,
    pub refuse_next: Arc<Mutex<u32>>,
    pub client_cns: Arc<Mutex<Vec<String>>>,
}

impl OperatorInbox {
    pub(crate) fn points(&self) -> Vec<i64> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .map(|v| v["notificationPointId"].as_i64().unwrap())
            .collect()
    }

    /// Waits until `n` reports arrived.
    pub(crate) async fn wait_for(&self, n: usize) -> Vec<Value> {
        for _ in 0..200 {
            if self.received.lock().unwrap().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.received.lock().unwrap().clone()
    }
}

/// An HTTPS endpoint with mTLS (clients under the CI, i.e. CERT.DP.TLS) standing for the
/// operator's ES2+ receiver; its server certificate comes from its own test CA.
pub(crate) async fn operator_endpoint(pki: &Pki) -> (OperatorEndpoint, OperatorInbox) {
    let ca_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "operator test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let cert = rcgen::CertificateParams::new(vec!["operator.test".to_string()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let identity = Identity {
        chain: vec![cert.der().to_vec()],
        key_pem: key.serialize_pem().into_bytes(),
    };
    let ci = pki.require(certs::CertRole::Ci).unwrap().cert_der.clone();
    let tls = infra::tls::server_config(&identity, Some(&[ci])).unwrap();
    let inbox = OperatorInbox::default();
    let i2 = inbox.clone();
    let router = Router::new().route(
        "/gsma/rsp2/es2plus/handleDownloadProgressInfo",
        post(
            move |axum::Extension(peer): axum::Extension<infra::serve::PeerCertificates>,
                  body: Bytes| {
                let i = i2.clone();
                async move {
                    {
                        let mut refuse = i.refuse_next.lock().unwrap();
                        if *refuse > 0 {
                            *refuse -= 1;
                            return HttpStatus::SERVICE_UNAVAILABLE;
                        }
                    }
                    if let Some(leaf) = peer.0.first() {
                        let f = certs::verify::facts::CertFacts::parse(leaf).unwrap();
                        i.client_cns
                            .lock()
                            .unwrap()
                            .push(f.subject_cn().unwrap_or_default().to_string());
                    }
                    let v: Value = serde_json::from_slice(&body).unwrap();
                    i.received.lock().unwrap().push(v);
                    HttpStatus::NO_CONTENT
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(infra::serve::serve_tls(
        listener,
        tls,
        router,
        std::future::pending(),
    ));
    (
        OperatorEndpoint {
            notification_url: format!("https://operator.test:{}", addr.port()),
            server_roots: vec![ca_cert.der().to_vec()],
            resolve: Some(addr),
        },
        inbox,
    )
}

/// An SM-DP+ configuration on ephemeral loopback ports.
pub(crate) fn config(pki: &Pki, dir: &std::path::Path, db: &str) -> SmDpConfig {
    let mut c = SmDpConfig::new(dir);
    c.server.credentials = CredentialSource::Pki(Box::new(pki.clone()));
    c.es9_listen = "127.0.0.1:0".parse().unwrap();
    c.es2_listen = "127.0.0.1:0".parse().unwrap();
    c.server.database_url = Some(db.to_string());
    c.outbox.poll_interval = Duration::from_millis(100);
    c.outbox.initial_backoff = Duration::from_millis(100);
    c
}

/// A running lab: PKI, SM-DP+, the operator's client and endpoint, the default eUICC.
pub(crate) struct Lab {
    pub dir: TempDir,
    pub pki: Pki,
    pub db: String,
    pub smdp: SmDpHandle,
    pub es2: Es2Client,
    pub inbox: OperatorInbox,
    pub endpoint: OperatorEndpoint,
    pub euicc: TestEuicc,
    pub es9: Es9Client,
}

impl Lab {
    pub(crate) async fn start() -> Lab {
        Lab::start_with(|_| {}).await
    }

    pub(crate) async fn start_with(tune: impl FnOnce(&mut SmDpConfig)) -> Lab {
        let dir = tempfile::tempdir().unwrap();
        let pki = pki();
        let db = database_url(dir.path()).await;
        let (endpoint, inbox) = operator_endpoint(&pki).await;
        let mut c = config(&pki, dir.path(), &db);
        c.operators.insert(OPERATOR.into(), endpoint.clone());
        tune(&mut c);
        let smdp = SmDp::start(c).await.unwrap();
        let es2 = es2_client(&pki, OPERATOR, &smdp);
        let euicc = TestEuicc::of(&pki);
        let es9 = Es9Client::new(&pki, smdp.es9_addr());
        Lab {
            dir,
            pki,
            db,
            smdp,
            es2,
            inbox,
            endpoint,
            euicc,
            es9,
        }
    }

    /// Stops the SM-DP+ and starts it again on the same database.
    pub(crate) async fn restart(&mut self, tune: impl FnOnce(&mut SmDpConfig)) {
        let mut c = config(&self.pki, self.dir.path(), &self.db);
        c.operators.insert(OPERATOR.into(), self.endpoint.clone());
        tune(&mut c);
        let old = std::mem::replace(&mut self.smdp, SmDp::start(c).await.unwrap());
        old.shutdown().await;
        self.es2 = es2_client(&self.pki, OPERATOR, &self.smdp);
        self.es9 = Es9Client::new(&self.pki, self.smdp.es9_addr());
    }

    /// Adds `count` minimal profiles of `ptype` for `operator`.
    pub(crate) async fn inventory(
        &self,
        ptype: &str,
        operator: &str,
        count: u32,
        iccid_start: &str,
    ) -> Vec<String> {
        self.smdp
            .view()
            .add_inventory(&InventoryAdd {
                profile_type: ptype.into(),
                template: Template::Minimal,
                count,
                iccid_start: iccid_start.into(),
                imsi_start: "001010000000001".into(),
                operator: Some(operator.into()),
                service_provider_name: Some("Lab Operator".into()),
                profile_name: None,
            })
            .await
            .unwrap()
            .iccids
    }

    /// DownloadOrder by type + ConfirmOrder (released); returns (ICCID, Matching ID).
    pub(crate) async fn order(
        &self,
        ptype: &str,
        eid: Option<&str>,
        cc: Option<&str>,
    ) -> (String, String) {
        let eid = eid.map(|e| proto::ids::Eid::parse(e).unwrap());
        let r = self
            .es2
            .download_order(eid.clone(), None, Some(ptype.into()))
            .await
            .unwrap();
        let mut c = sm_dp::ConfirmOrder::new(r.iccid.clone());
        c.eid = eid;
        c.confirmation_code = cc.map(str::to_string);
        let confirmed = self.es2.confirm_order(c).await.unwrap();
        (r.iccid.as_str().to_string(), confirmed.matching_id)
    }

    /// InitiateAuthentication + AuthenticateClient over JSON; returns the session and the
    /// AuthenticateClient answer (or the failure).
    pub(crate) async fn authenticate(
        &self,
        euicc: &TestEuicc,
        matching_id: Option<&str>,
    ) -> Result<(Download, Value), Value> {
        let init = self.es9.initiate(euicc, FQDN).await;
        if !executed(&init) {
            return Err(init);
        }
        let (asr, mut d) = euicc.authenticate_server(
            &unb64(&init["serverSigned1"]),
            &sig_value(&unb64(&init["serverSignature1"])),
            &unb64(&init["serverCertificate"]),
            matching_id,
        );
        let ac = self
            .es9
            .call(
                "authenticateClient",
                json!({
                    "transactionId": init["transactionId"],
                    "authenticateServerResponse": b64(&asr.to_der()),
                }),
            )
            .await;
        if !executed(&ac) {
            return Err(ac);
        }
        euicc.accept_smdp_signed2(
            &mut d,
            &unb64(&ac["smdpSigned2"]),
            &sig_value(&unb64(&ac["smdpSignature2"])),
            &unb64(&ac["smdpCertificate"]),
        );
        Ok((d, ac))
    }

    /// GetBoundProfilePackage over JSON.
    pub(crate) async fn get_bpp(
        &self,
        euicc: &TestEuicc,
        d: &Download,
        otpk: &proto::crypto::EckaKeyPair,
        cc: Option<&str>,
    ) -> Value {
        let pdr = euicc.prepare_download(d, otpk, cc);
        self.es9
            .call(
                "getBoundProfilePackage",
                json!({
                    "transactionId": hex::encode_upper(&d.transaction_id),
                    "prepareDownloadResponse": b64(&pdr.to_der()),
                }),
            )
            .await
    }

    /// The stored profile.
    pub(crate) async fn profile(&self, iccid: &str) -> sm_dp::Profile {
        self.smdp.view().profile(iccid).await.unwrap().unwrap()
    }

    /// The states a profile went through.
    pub(crate) async fn history(&self, iccid: &str) -> Vec<sm_dp::ProfileState> {
        let h = self.smdp.view().history(iccid).await.unwrap();
        h.into_iter().map(|e| e.state).collect()
    }

    /// The stored (personalized) package of a profile.
    pub(crate) async fn package(&self, iccid: &str) -> Vec<u8> {
        self.smdp.view().package(iccid).await.unwrap().unwrap()
    }
}

pub(crate) fn es2_client(pki: &Pki, operator: &str, smdp: &SmDpHandle) -> Es2Client {
    let mut o = Es2ClientOptions::from_pki(
        pki,
        operator,
        &format!("https://{FQDN}:{}", smdp.es2_addr().port()),
    )
    .unwrap();
    o.resolve = Some(smdp.es2_addr());
    Es2Client::new(&o).unwrap()
}

/// Whether a JSON answer is Executed-Success.
pub(crate) fn executed(v: &Value) -> bool {
    v["header"]["functionExecutionStatus"]["status"] == "Executed-Success"
}

/// `(subjectCode, reasonCode)` of a Failed answer.
pub(crate) fn code(v: &Value) -> (String, String) {
    let d = &v["header"]["functionExecutionStatus"]["statusCodeData"];
    assert_eq!(
        v["header"]["functionExecutionStatus"]["status"], "Failed",
        "expected a Failed answer: {v}"
    );
    (
        d["subjectCode"].as_str().unwrap().to_string(),
        d["reasonCode"].as_str().unwrap().to_string(),
    )
}

/// An LPA-side HTTPS client for ES9+ (server-authenticated TLS, the CI as root).
pub(crate) struct Es9Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Es9Client {
    pub(crate) fn new(pki: &Pki, addr: SocketAddr) -> Es9Client {
        let ci = pki.require(certs::CertRole::Ci).unwrap().cert_der.clone();
        Es9Client::with(ServerTrust::roots(vec![ci]), FQDN, addr)
    }

    /// A client trusting `trust`, naming the server `host`, connecting to `addr`.
    pub(crate) fn with(trust: ServerTrust, host: &str, addr: SocketAddr) -> Es9Client {
        let mut o = ClientOptions::new(trust);
        o.resolve.push((host.to_string(), addr));
        Es9Client {
            http: build(&o).unwrap(),
            base: format!("https://{host}:{}", addr.port()),
        }
    }

    /// Posts raw bytes with the given headers; returns (HTTP status, body).
    pub(crate) async fn raw(
        &self,
        path: &str,
        content_type: &str,
        admin: Option<&str>,
        body: Vec<u8>,
    ) -> (u16, Vec<u8>) {
        self.try_raw(path, content_type, admin, body).await.unwrap()
    }

    /// [`Self::raw`], or what went wrong on the connection (an answer lost or cut short).
    pub(crate) async fn try_raw(
        &self,
        path: &str,
        content_type: &str,
        admin: Option<&str>,
        body: Vec<u8>,
    ) -> Result<(u16, Vec<u8>), reqwest::Error> {
        let mut r = self
            .http
            .post(format!("{}{}", self.base, path))
            .header("Content-Type", content_type)
            .header("User-Agent", "gsma-rsp-lpad");
        if let Some(a) = admin {
            r = r.header(X_ADMIN_PROTOCOL, a);
        }
        let resp = r.body(body).send().await?;
        let status = resp.status().as_u16();
        Ok((status, resp.bytes().await?.to_vec()))
    }

    /// Calls a JSON function; 204 comes back as `null`.
    pub(crate) async fn call(&self, function: &str, body: Value) -> Value {
        let (status, bytes) = self
            .raw(
                &format!("/gsma/rsp2/es9plus/{function}"),
                CONTENT_TYPE_JSON,
                Some(ADMIN_PROTOCOL_SGP22),
                serde_json::to_vec(&body).unwrap(),
            )
            .await;
        assert!(
            status == 200 || status == 204,
            "HTTP {status} for {function}"
        );
        if status == 204 {
            assert!(bytes.is_empty());
            return Value::Null;
        }
        serde_json::from_slice(&bytes).unwrap()
    }

    pub(crate) async fn initiate(&self, euicc: &TestEuicc, address: &str) -> Value {
        self.call(
            "initiateAuthentication",
            json!({
                "euiccChallenge": b64(&[7u8; 16]),
                "euiccInfo1": b64(&euicc.info1().to_der()),
                "smdpAddress": address,
            }),
        )
        .await
    }

    /// ES9+.CancelSession (SGP.22 5.6.5) of the session `transaction_id` with the eUICC's
    /// signed answer.
    pub(crate) async fn cancel_session(
        &self,
        transaction_id: &[u8],
        response: &proto::sgp22::CancelSessionResponse,
    ) -> Value {
        self.call(
            "cancelSession",
            json!({
                "transactionId": hex::encode_upper(transaction_id),
                "cancelSessionResponse": b64(&response.to_der()),
            }),
        )
        .await
    }

    /// InitiateAuthentication (to `smdp_address`) and AuthenticateClient for `matching_id`
    /// over the ASN.1 binding (SGP.22 6.6) with `euicc`: the InitiateAuthenticationOk and
    /// the eUICC's download, which has accepted smdpSigned2 (ready for PrepareDownload).
    pub(crate) async fn asn1_authenticate(
        &self,
        euicc: &TestEuicc,
        smdp_address: &str,
        matching_id: &str,
    ) -> (proto::sgp22::InitiateAuthenticationOkEs9, Download) {
        use proto::sgp22::{
            AuthenticateClientRequest, AuthenticateClientResponseEs9,
            InitiateAuthenticationRequest, InitiateAuthenticationResponse,
            RemoteProfileProvisioningRequest as Req, RemoteProfileProvisioningResponse as Resp,
        };
        let req = Req::InitiateAuthenticationRequest(InitiateAuthenticationRequest {
            euicc_challenge: [9; 16],
            smdp_address: smdp_address.into(),
            euicc_info1: euicc.info1(),
        });
        let (status, body) = self.asn1(req.to_der()).await;
        assert_eq!(status, 200);
        let Resp::InitiateAuthenticationResponse(
            InitiateAuthenticationResponse::InitiateAuthenticationOk(init),
        ) = Resp::from_der(&body).unwrap()
        else {
            panic!("initiateAuthenticationOk expected");
        };
        let (asr, mut d) = euicc.authenticate_server(
            init.server_signed1.raw(),
            &init.server_signature1,
            init.server_certificate.as_bytes(),
            Some(matching_id),
        );
        let req = Req::AuthenticateClientRequest(AuthenticateClientRequest {
            transaction_id: init.transaction_id.clone(),
            authenticate_server_response: asr,
        });
        let (_, body) = self.asn1(req.to_der()).await;
        let Resp::AuthenticateClientResponseEs9(
            AuthenticateClientResponseEs9::AuthenticateClientOk(ac),
        ) = Resp::from_der(&body).unwrap()
        else {
            panic!("authenticateClientOk expected");
        };
        euicc.accept_smdp_signed2(
            &mut d,
            ac.smdp_signed2.raw(),
            &ac.smdp_signature2,
            ac.smdp_certificate.as_bytes(),
        );
        (init, d)
    }

    /// Posts a RemoteProfileProvisioningRequest; returns (HTTP status, body).
    pub(crate) async fn asn1(&self, body: Vec<u8>) -> (u16, Vec<u8>) {
        self.raw(
            "/gsma/rsp2/asn1",
            CONTENT_TYPE_ASN1,
            Some(ADMIN_PROTOCOL_SGP22),
            body,
        )
        .await
    }
}
