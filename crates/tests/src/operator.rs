//! The operator's ES2+ receiver: an HTTPS endpoint with mutual TLS (the SM-DP+ presents
//! CERT.DP.TLS, issued under the CI) taking ES2+.HandleDownloadProgressInfo (SGP.22 5.3.5)
//! and answering 204. Its own server certificate comes from a test CA of the operator.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::routing::post;
use certs::{CertRole, Pki};
use infra::tls::Identity;
use serde_json::Value;
use sm_dp::OperatorEndpoint;

/// The host name in the operator's notification URL.
pub const OPERATOR_HOST: &str = "operator.rsp-lab.test";

/// What the operator received.
#[derive(Clone, Default)]
pub struct OperatorInbox {
    received: Arc<Mutex<Vec<Value>>>,
}

impl OperatorInbox {
    /// Every HandleDownloadProgressInfo body so far.
    pub fn received(&self) -> Vec<Value> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The reports about one ICCID: `(notificationPointId, status)`.
    pub fn points(&self, iccid: &str) -> Vec<(i64, String)> {
        self.received()
            .iter()
            .filter(|v| v["iccid"].as_str() == Some(iccid))
            .map(|v| {
                (
                    v["notificationPointId"].as_i64().unwrap_or(-1),
                    v["notificationPointStatus"]["status"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                )
            })
            .collect()
    }

    /// Waits (up to 10 s) until a report with this point arrived for the ICCID.
    pub async fn wait_for_point(&self, iccid: &str, point: i64) -> Vec<(i64, String)> {
        for _ in 0..200 {
            if self.points(iccid).iter().any(|(p, _)| *p == point) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.points(iccid)
    }
}

/// Starts the endpoint on an ephemeral loopback port.
pub async fn start(pki: &Pki) -> (OperatorEndpoint, OperatorInbox) {
    let ca_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("CA key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "operator test CA");
    let ca_cert = ca_params.self_signed(&ca_key).expect("CA certificate");
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("key");
    let cert = rcgen::CertificateParams::new(vec![OPERATOR_HOST.to_string()])
        .expect("params")
        .signed_by(&key, &issuer)
        .expect("certificate");
    let identity = Identity {
        chain: vec![cert.der().to_vec()],
        key_pem: key.serialize_pem().into_bytes(),
    };
    let ci = pki.require(CertRole::Ci).expect("CI").cert_der.clone();
    let tls = infra::tls::server_config(&identity, Some(&[ci])).expect("TLS");
    let inbox = OperatorInbox::default();
    let sink = inbox.clone();
    let router = Router::new().route(
        "/gsma/rsp2/es2plus/handleDownloadProgressInfo",
        post(move |body: Bytes| {
            let sink = sink.clone();
            async move {
                match serde_json::from_slice::<Value>(&body) {
                    Ok(v) => {
                        if let Ok(mut r) = sink.received.lock() {
                            r.push(v);
                        }
                        StatusCode::NO_CONTENT
                    }
                    Err(_) => StatusCode::BAD_REQUEST,
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("operator listener");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(infra::serve::serve_tls(
        listener,
        tls,
        router,
        std::future::pending(),
    ));
    (
        OperatorEndpoint {
            notification_url: format!("https://{OPERATOR_HOST}:{}", addr.port()),
            server_roots: vec![ca_cert.der().to_vec()],
            resolve: Some(addr),
        },
        inbox,
    )
}
