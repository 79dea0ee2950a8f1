//! Metrics (the guide's "Metrics"): both servers' `GET /metrics` scraped before and after real
//! traffic on loopback with TLS — an ES2+ order and an ES9+ download by the device LPA at
//! the SM-DP+, a refused ES9+ call, the operator API and an ESipa session at the eIM, and a
//! client that does not speak TLS — and every counter that traffic concerns moved by exactly
//! what was done. Each exposition is checked against the Prometheus text format grammar.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine as _;
use certs::CertRole;
use eim::{CredentialSource, Eim, EimHandle, EimServerConfig};
use euicc_sim::{Credentials, Sgp32Version};
use infra::client::{ClientOptions, build};
use infra::metrics::exposition::{self, Sample};
use infra::tls::{Identity, ServerTrust};
use ipa::{EsipaClient, EsipaOptions};
use lpa::DownloadRequest;
use proto::sgp32::{
    EimPackageError, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim, GetEimPackageRequest,
    GetEimPackageResponse,
};
use serde_json::json;
use sm_dp::{OrderStatus, Template};
use tests::metrics::{get_metrics, scrape};
use tests::{FQDN, Lab, OPERATOR};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const ICCID0: &str = "8949449999999990023";

/// The OpenMetrics exposition Prometheus asks for, ending in `# EOF`.
async fn scrape_openmetrics(addr: SocketAddr) -> String {
    let accept = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";
    let (content_type, text) = get_metrics(addr, accept).await;
    assert_eq!(content_type, exposition::OPENMETRICS_TEXT);
    text
}

/// How much each `(name, labels)` moved between two scrapes.
struct Delta {
    before: Vec<Sample>,
    after: Vec<Sample>,
}

impl Delta {
    fn of(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        exposition::value(&self.after, name, labels) - exposition::value(&self.before, name, labels)
    }

    fn now(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        exposition::value(&self.after, name, labels)
    }
}

/// Waits (at most 5 s) until `name{labels}` satisfies `want`: the server counts a failed
/// handshake once its side of it ended, which may be just after the client saw it fail;
/// the outbox is delivered by a worker of its own.
async fn soon(addr: SocketAddr, name: &str, labels: &[(&str, &str)], want: fn(f64) -> bool) {
    let mut seen = f64::NAN;
    for _ in 0..100 {
        seen = exposition::value(&scrape(addr).await, name, labels);
        if want(seen) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{name}{labels:?} stayed at {seen}");
}

/// A client that is not TLS: the server's handshake fails (`protocol`); returns once the
/// server closed the connection, so the failure is counted.
async fn not_tls(addr: SocketAddr) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 256];
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        while matches!(s.read(&mut buf).await, Ok(n) if n > 0) {}
    })
    .await;
}

#[tokio::test]
async fn smdp_metrics_count_a_download_a_refusal_and_a_failed_handshake() {
    let lab =
        Lab::start_with(|c| c.server.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let metrics = lab.smdp.metrics_addr().await.expect("metrics listener");
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let before = scrape(metrics).await;

    let (iccid, matching_id) = lab.order("lab", Some(&device.eid), None).await;
    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let report = lpa.download(&request).await.expect("download");
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    assert_eq!(lab.order_of(&matching_id).await.status, OrderStatus::Done);
    // A JSON call without any member: 1.3.1/2.2 (SGP.22 6.5.1.4 mandatory element missing).
    let ci = lab.pki.require(CertRole::Ci).unwrap().cert_der.clone();
    let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
    o.resolve.push((FQDN.to_string(), lab.es9_addr()));
    let refused = build(&o)
        .unwrap()
        .post(format!(
            "https://{FQDN}:{}/gsma/rsp2/es9plus/authenticateClient",
            lab.es9_addr().port()
        ))
        .header("content-type", "application/json")
        .header("x-admin-protocol", "gsma/rsp/v2.5.0")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 200);
    not_tls(lab.es9_addr()).await;
    // ES2+ is mutual TLS: a client without a certificate fails the handshake.
    o.resolve = vec![(FQDN.to_string(), lab.es2_addr())];
    let es2_url = format!(
        "https://{FQDN}:{}/gsma/rsp2/es2plus/downloadOrder",
        lab.es2_addr().port()
    );
    let no_certificate = build(&o).unwrap().post(es2_url).body("{}").send().await;
    assert!(no_certificate.is_err(), "{no_certificate:?}");
    let es2_refused = [("listener", "es2plus"), ("cause", "client_certificate")];
    soon(
        metrics,
        "smdp_tls_handshake_failures_total",
        &es2_refused,
        |v| v >= 1.0,
    )
    .await;

    let d = Delta {
        before,
        after: scrape(metrics).await,
    };
    let es9 = |f: &'static str, result: &'static str| {
        d.of(
            "smdp_requests_total",
            &[
                ("interface", "es9plus"),
                ("function", f),
                ("result", result),
            ],
        )
    };
    assert_eq!(es9("initiateAuthentication", "ok"), 1.0);
    assert_eq!(es9("authenticateClient", "ok"), 1.0);
    assert_eq!(es9("getBoundProfilePackage", "ok"), 1.0);
    assert_eq!(
        es9("handleNotification", "ok"),
        1.0,
        "the installation result"
    );
    assert_eq!(
        d.of(
            "smdp_requests_total",
            &[
                ("interface", "es9plus"),
                ("function", "authenticateClient"),
                ("result", "failed"),
                ("code", "1.3.1/2.2"),
            ]
        ),
        1.0
    );
    assert_eq!(
        d.of("smdp_requests_total", &[("interface", "es9plus")]),
        5.0
    );
    let es2 = |f: &'static str| {
        d.of(
            "smdp_requests_total",
            &[("interface", "es2plus"), ("function", f), ("result", "ok")],
        )
    };
    assert_eq!(es2("downloadOrder"), 1.0);
    assert_eq!(es2("confirmOrder"), 1.0);
    assert_eq!(
        d.of(
            "smdp_request_duration_seconds_count",
            &[
                ("interface", "es9plus"),
                ("function", "getBoundProfilePackage")
            ]
        ),
        1.0
    );
    assert_eq!(d.of("smdp_downloads_started_total", &[]), 1.0);
    assert_eq!(d.of("smdp_downloads_completed_total", &[]), 1.0);
    assert_eq!(d.of("smdp_downloads_failed_total", &[]), 0.0);
    assert_eq!(
        d.of(
            "smdp_tls_handshake_failures_total",
            &[("listener", "es9plus"), ("cause", "protocol")]
        ),
        1.0
    );
    assert_eq!(d.of("smdp_tls_handshake_failures_total", &es2_refused), 1.0);
    assert_eq!(d.of("smdp_tls_handshake_failures_total", &[]), 2.0);
    // The LPA's four calls on one kept connection, the refused call on its own.
    assert_eq!(
        d.of("smdp_tls_handshakes_total", &[("listener", "es9plus")]),
        2.0
    );
    // Gauges read from the database at scrape time.
    assert_eq!(d.now("smdp_orders", &[("state", "done")]), 1.0);
    assert_eq!(d.now("smdp_orders", &[("state", "open")]), 0.0);
    assert_eq!(d.now("smdp_profiles", &[("state", "installed")]), 1.0);
    assert_eq!(d.now("smdp_sessions_open", &[]), 0.0, "the session closed");
    assert!(
        d.of(
            "smdp_db_transaction_duration_seconds_count",
            &[("access", "write")]
        ) >= 4.0
    );
    // The operator's progress notifications went through the outbox; once delivered, the
    // outbox is empty again though its delivered rows remain.
    soon(metrics, "smdp_outbox_depth", &[], |v| v == 0.0).await;
    soon(metrics, "smdp_outbox_oldest_age_seconds", &[], |v| v == 0.0).await;
    let open = scrape_openmetrics(metrics).await;
    assert!(open.ends_with("# EOF\n"));
    assert!(open.contains("# TYPE smdp_downloads_started counter\n"));
}

/// The eIM of the lab with a metrics listener.
async fn start_eim(lab: &Lab) -> EimHandle {
    start_eim_with(lab, |_| {}).await
}

/// [`start_eim`], its configuration changed by `tune` first.
async fn start_eim_with(lab: &Lab, tune: impl FnOnce(&mut EimServerConfig)) -> EimHandle {
    let mut c = EimServerConfig::new(lab.dir.path().join("eim"));
    c.server.credentials = CredentialSource::Pki(Box::new(lab.pki.clone()));
    c.esipa_listen = "127.0.0.1:0".parse().unwrap();
    c.api_listen = "127.0.0.1:0".parse().unwrap();
    c.server.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    c.server.database_url = Some(storage::sqlite_url(&lab.dir.path().join("eim.db")));
    c.smdp.es2_url = Some(format!("https://{FQDN}:{}", lab.es2_addr().port()));
    c.operator = OPERATOR.into();
    tune(&mut c);
    Eim::start(c).await.expect("eIM starts")
}

/// The operator API client of `operator1` (mutual TLS).
fn operator_api(lab: &Lab, eim: &EimHandle) -> (reqwest::Client, String) {
    let ci = lab.pki.require(CertRole::Ci).unwrap().cert_der.clone();
    let cred = lab.pki.operator(OPERATOR).unwrap();
    let mut o = ClientOptions::new(ServerTrust::roots(vec![ci]));
    o.identity = Some(Identity {
        chain: vec![cred.cert_der.clone()],
        key_pem: cred
            .key()
            .unwrap()
            .to_sec1_pem()
            .unwrap()
            .as_bytes()
            .to_vec(),
    });
    let host = certs::generate::DEFAULT_EIM_FQDN;
    o.resolve.push((host.to_string(), eim.api_addr()));
    let base = format!("https://{host}:{}", eim.api_addr().port());
    (build(&o).unwrap(), base)
}

/// An IPA's ESipa client options for `eim` (its address resolved to its listener), and
/// the eIM's base URL.
fn esipa_options(lab: &Lab, eim: &EimHandle) -> (EsipaOptions, String) {
    let ci = lab.pki.require(CertRole::Ci).unwrap().cert_der.clone();
    let mut o = EsipaOptions::new(ServerTrust::roots(vec![ci]));
    let host = eim.eim_address().split(':').next().unwrap().to_string();
    o.resolve = vec![(host, eim.esipa_addr())];
    (o, format!("https://{}", eim.eim_address()))
}

/// Registers the lab's device with the eIM through the operator API (`POST /v1/devices`).
async fn register(lab: &Lab, api: &reqwest::Client, base: &str) -> Credentials {
    let creds = Credentials::from_pki(&lab.pki).unwrap();
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let registered = api
        .post(format!("{base}/v1/devices"))
        .header("content-type", "application/json")
        .body(
            json!({
                "eid": creds.eid().as_str(),
                "euiccCertificate": b64(creds.euicc_certificate()),
                "eumCertificate": b64(creds.eum_certificate()),
                "counterValue": 0,
                "associationToken": 3,
            })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert!(registered.status().is_success(), "{registered:?}");
    creds
}

#[tokio::test]
async fn eim_metrics_count_the_operator_api_an_esipa_session_and_polls() {
    let lab = Lab::start().await;
    let eim = start_eim(&lab).await;
    let metrics = eim.metrics_addr().expect("metrics listener");
    let before = scrape(metrics).await;

    // The operator registers a device (POST), reads it (GET) and asks for an unknown one.
    let (api, base) = operator_api(&lab, &eim);
    let creds = register(&lab, &api, &base).await;
    let eid = creds.eid().as_str().to_string();
    let got = api
        .get(format!("{base}/v1/devices/{eid}"))
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    let unknown = api
        .get(format!("{base}/v1/devices/{}", "0".repeat(32)))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    // An ESipa session (ASN.1 binding, TLS): two polls with nothing queued, one with an EID
    // that is not one (its check digits are wrong).
    let (o, url) = esipa_options(&lab, &eim);
    let esipa = EsipaClient::new(&o).unwrap();
    let poll = |eid: [u8; 16]| {
        EsipaMessageFromIpaToEim::GetEimPackageRequest(GetEimPackageRequest {
            eid_value: eid,
            notify_state_change: None,
            state_change_cause: None,
            r_plmn: None,
        })
    };
    let own: [u8; 16] = hex::decode(&eid).unwrap().try_into().unwrap();
    for (eid, expected) in [
        (own, EimPackageError::NoEimPackageAvailable),
        (own, EimPackageError::NoEimPackageAvailable),
        ([0x89; 16], EimPackageError::InvalidEid),
    ] {
        let answer = esipa.send(&url, &poll(eid)).await.unwrap();
        assert_eq!(
            answer,
            Some(EsipaMessageFromEimToIpa::GetEimPackageResponse(
                GetEimPackageResponse::EimPackageError(expected)
            ))
        );
    }
    not_tls(eim.esipa_addr()).await;

    let d = Delta {
        before,
        after: scrape(metrics).await,
    };
    let api_calls = |f: &'static str, result: &'static str| {
        d.of(
            "eim_requests_total",
            &[
                ("interface", "operator_api"),
                ("function", f),
                ("result", result),
            ],
        )
    };
    assert_eq!(api_calls("POST /v1/devices", "ok"), 1.0);
    assert_eq!(api_calls("GET /v1/devices/{eid}", "ok"), 1.0);
    assert_eq!(
        d.of(
            "eim_requests_total",
            &[("function", "GET /v1/devices/{eid}"), ("code", "404")]
        ),
        1.0
    );
    let polls = |code: &'static str| {
        d.of(
            "eim_requests_total",
            &[
                ("interface", "esipa"),
                ("binding", "asn1"),
                ("function", "getEimPackage"),
                ("result", "failed"),
                ("code", code),
            ],
        )
    };
    assert_eq!(polls("1"), 2.0, "noEimPackageAvailable");
    assert_eq!(polls("3"), 1.0, "invalidEid");
    assert_eq!(d.of("eim_polls_total", &[("outcome", "no_package")]), 2.0);
    assert_eq!(d.of("eim_polls_total", &[("outcome", "refused")]), 1.0);
    assert_eq!(d.of("eim_polls_total", &[("outcome", "package")]), 0.0);
    assert_eq!(
        d.of(
            "eim_request_duration_seconds_count",
            &[("interface", "esipa"), ("function", "getEimPackage")]
        ),
        3.0
    );
    assert_eq!(
        d.of(
            "eim_tls_handshake_failures_total",
            &[("listener", "esipa"), ("cause", "protocol")]
        ),
        1.0
    );
    // Three polls one after the other through the IPA's client: one connection, put back
    // by each exchange and taken by the next.
    assert_eq!(
        d.of("eim_tls_handshakes_total", &[("listener", "esipa")]),
        1.0
    );
    assert_eq!(esipa.connections(), 1);
    let queued = BTreeMap::from([("queued", 0.0), ("sent", 0.0)]);
    for (state, n) in queued {
        assert_eq!(d.now("eim_packages_pending", &[("state", state)]), n);
    }
    assert_eq!(d.now("eim_forward_queue_depth", &[]), 0.0);
    assert!(d.of("eim_db_transaction_duration_seconds_count", &[]) >= 3.0);

    // An SGP.32 v1.0 IPA made from that client polls on a connection of its own (a v1.0
    // eIM knows the device of a result by it): one handshake more, none on the shared one.
    let v1_0 = esipa.speaking(Sgp32Version::V1_0).unwrap();
    for _ in 0..2 {
        let answer = v1_0.send(&url, &poll(own)).await.unwrap();
        assert_eq!(
            answer,
            Some(EsipaMessageFromEimToIpa::GetEimPackageResponse(
                GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable)
            ))
        );
    }
    let v1_0_polls = Delta {
        before: d.after,
        after: scrape(metrics).await,
    };
    assert_eq!(
        v1_0_polls.of("eim_tls_handshakes_total", &[("listener", "esipa")]),
        1.0
    );
    assert_eq!((esipa.connections(), v1_0.connections()), (1, 1));
    eim.shutdown().await;
}

/// ESipa over CoAP is served by the ASN.1 router but counted apart: `binding="coap"`, so
/// the requests of each binding can be told from the metrics.
#[tokio::test]
async fn eim_metrics_count_esipa_over_coap_apart_from_https() {
    let lab = Lab::start().await;
    let (identity, key) = (b"device-coap".to_vec(), b"coap-metrics-key".to_vec());
    let eim = start_eim_with(&lab, |c| {
        c.esipa_coap = Some(eim::EsipaCoap {
            listen: "127.0.0.1:0".parse().unwrap(),
            psks: [(identity.clone(), key.clone())].into(),
        })
    })
    .await;
    let metrics = eim.metrics_addr().expect("metrics listener");
    let (api, base) = operator_api(&lab, &eim);
    let creds = register(&lab, &api, &base).await;
    let own: [u8; 16] = hex::decode(creds.eid().as_str())
        .unwrap()
        .try_into()
        .unwrap();
    let before = scrape(metrics).await;

    let (mut o, https) = esipa_options(&lab, &eim);
    o.psk = Some((identity, key));
    let esipa = EsipaClient::new(&o).unwrap();
    let coap = format!("coaps://{}", eim.esipa_coap_addr().expect("CoAP listens"));
    let poll = EsipaMessageFromIpaToEim::GetEimPackageRequest(GetEimPackageRequest {
        eid_value: own,
        notify_state_change: None,
        state_change_cause: None,
        r_plmn: None,
    });
    for url in [&coap, &coap, &coap, &https] {
        let answer = esipa.send(url, &poll).await.unwrap();
        assert_eq!(
            answer,
            Some(EsipaMessageFromEimToIpa::GetEimPackageResponse(
                GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable)
            ))
        );
    }
    let d = Delta {
        before,
        after: scrape(metrics).await,
    };
    let polls = |binding: &'static str| {
        d.of(
            "eim_requests_total",
            &[
                ("interface", "esipa"),
                ("binding", binding),
                ("function", "getEimPackage"),
            ],
        )
    };
    assert_eq!((polls("coap"), polls("asn1")), (3.0, 1.0));
    assert_eq!(d.of("eim_polls_total", &[("outcome", "no_package")]), 4.0);
    eim.shutdown().await;
}

/// An idle poll that does not tell its SGP.32 generation (no rPLMN: the same octets in
/// v1.0 and v1.2), on a connection no poll of the device came over before, is answered from
/// one read transaction: the device's generation is read in the poll's own read, not in a
/// second one on a reader thread before it.
#[tokio::test]
async fn an_idle_poll_on_a_new_connection_is_one_read_transaction() {
    const POLLS: usize = 20;
    let lab = Lab::start().await;
    // The engine's background reads (due orders, notifications to forward) once at start,
    // then not again during the test.
    let eim = start_eim_with(&lab, |c| {
        c.delivery.engine_interval = Duration::from_secs(3600)
    })
    .await;
    let metrics = eim.metrics_addr().expect("metrics listener");
    let (api, base) = operator_api(&lab, &eim);
    let creds = register(&lab, &api, &base).await;
    let (o, url) = esipa_options(&lab, &eim);
    let poll = EsipaMessageFromIpaToEim::GetEimPackageRequest(GetEimPackageRequest {
        eid_value: hex::decode(creds.eid().as_str())
            .unwrap()
            .try_into()
            .unwrap(),
        notify_state_change: None,
        state_change_cause: None,
        r_plmn: None,
    });
    let reads = |samples: &[Sample]| {
        exposition::value(
            samples,
            "eim_db_transaction_duration_seconds_count",
            &[("access", "read")],
        )
    };
    let before = reads(&scrape(metrics).await);
    for _ in 0..POLLS {
        // A client of its own: a new connection, so no earlier poll tells the generation.
        let answer = EsipaClient::new(&o)
            .unwrap()
            .send(&url, &poll)
            .await
            .unwrap();
        assert_eq!(
            answer,
            Some(EsipaMessageFromEimToIpa::GetEimPackageResponse(
                GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable)
            ))
        );
    }
    let read = reads(&scrape(metrics).await) - before;
    // At most a stray read of the eIM's own besides (a wake-up of its engine).
    assert!(
        (POLLS as f64..=POLLS as f64 + 3.0).contains(&read),
        "{POLLS} idle polls took {read} read transactions"
    );
    eim.shutdown().await;
}

#[tokio::test]
async fn a_metrics_listener_off_loopback_is_refused_unless_allowed() {
    let lab = Lab::start().await;
    let mut c = EimServerConfig::new(lab.dir.path().join("eim"));
    c.server.credentials = CredentialSource::Pki(Box::new(lab.pki.clone()));
    c.esipa_listen = "127.0.0.1:0".parse().unwrap();
    c.api_listen = "127.0.0.1:0".parse().unwrap();
    c.server.metrics_listen = Some("0.0.0.0:0".parse().unwrap());
    let refused = Eim::start(c.clone()).await.err().expect("refused");
    assert!(
        refused.to_string().contains("not a loopback address"),
        "{refused}"
    );
    c.server.metrics_allow_remote = true;
    let started = Eim::start(c).await.expect("allowed explicitly");
    assert!(started.metrics_addr().is_some());
    started.shutdown().await;
}
