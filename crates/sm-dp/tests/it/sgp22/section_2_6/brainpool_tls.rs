//! SGP.22 2.6.1: ES9+ on both curve sets. A TLS client offering only brainpoolP256r1
//! (OpenSSL, TLS 1.2, trusting the brainpool CI only and checking the SM-DP+'s name) is served
//! the brainpool CERT.DP.TLS on the ES9+ listener and runs InitiateAuthentication for a
//! brainpool eUICC; a NIST-only client (rustls) still gets the NIST certificate on the same
//! listener; a client offering neither curve is refused at once. The SGP.26 v3 set that
//! osmocom's SGP.23 suite ships loads as it is and serves brainpool likewise.

use crate::support;

use std::net::SocketAddr;
use std::time::Duration;

use certs::{CertRole, CiAnchor, Curve, LabPkiOptions, Pki};
use openssl::ssl::{SslConnector, SslMethod, SslVersion};
use openssl::x509::X509;
use serde_json::{Value, json};
use sm_dp::{CredentialSource, SmDp};
use support::{Es9Client, FQDN, TestEuicc, b64, config, database_url, executed, unb64};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What an OpenSSL client saw of one ES9+ JSON call: the server's leaf certificate and the
/// answer.
struct Seen {
    leaf: Vec<u8>,
    status: u16,
    body: Value,
}

/// One ES9+ JSON call over HTTP/1.1 (`Connection: close`) on an OpenSSL TLS 1.2 client
/// offering `groups`, trusting `ca` only, naming the server `host`.
async fn openssl_call(
    addr: SocketAddr,
    host: &str,
    groups: &str,
    ca: &[u8],
    function: &str,
    body: &Value,
) -> Result<Seen, String> {
    let mut c = SslConnector::builder(SslMethod::tls_client()).unwrap();
    c.set_max_proto_version(Some(SslVersion::TLS1_2)).unwrap();
    c.set_groups_list(groups).unwrap();
    c.cert_store_mut()
        .add_cert(X509::from_der(ca).unwrap())
        .unwrap();
    let ssl = c.build().configure().unwrap().into_ssl(host).unwrap();
    let tcp = TcpStream::connect(addr).await.unwrap();
    let mut tls = tokio_openssl::SslStream::new(ssl, tcp).unwrap();
    std::pin::Pin::new(&mut tls)
        .connect()
        .await
        .map_err(|e| e.to_string())?;
    let leaf = tls.ssl().peer_certificate().unwrap().to_der().unwrap();
    let json = serde_json::to_vec(body).unwrap();
    let head = format!(
        "POST /gsma/rsp2/es9plus/{function} HTTP/1.1\r\nHost: {host}\r\n\
         User-Agent: gsma-rsp-lpad\r\nX-Admin-Protocol: gsma/rsp/v2.5.0\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        json.len()
    );
    tls.write_all(head.as_bytes()).await.unwrap();
    tls.write_all(&json).await.unwrap();
    let mut answer = Vec::new();
    tls.read_to_end(&mut answer).await.unwrap();
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let status = std::str::from_utf8(&answer[9..12])
        .unwrap()
        .parse()
        .unwrap();
    Ok(Seen {
        leaf,
        status,
        body: serde_json::from_slice(&answer[split + 4..]).unwrap(),
    })
}

/// InitiateAuthentication of `euicc` naming only the CI `ci_ski`.
fn initiate_body(ci_ski: &[u8], euicc: &TestEuicc, address: &str) -> Value {
    let mut info = euicc.info1();
    info.euicc_ci_pkid_list_for_verification = vec![ci_ski.to_vec()];
    info.euicc_ci_pkid_list_for_signing = vec![ci_ski.to_vec()];
    json!({
        "euiccChallenge": b64(&[7u8; 16]),
        "euiccInfo1": b64(&proto::der::Asn1::to_der(&info)),
        "smdpAddress": address,
    })
}

fn ski(der: &[u8]) -> Vec<u8> {
    CiAnchor::from_der(der).unwrap().ski().to_vec()
}

#[tokio::test]
async fn sgp22_2_6_1_es9_serves_brainpool_and_nist_clients_on_one_listener() {
    let pki = certs::generate(&LabPkiOptions {
        curves: vec![Curve::NistP256, Curve::BrainpoolP256r1],
        ..LabPkiOptions::default()
    })
    .unwrap();
    let on = |role, curve| -> Vec<u8> { pki.require_on(role, curve).unwrap().cert_der.clone() };
    let brp = Curve::BrainpoolP256r1;
    let dir = tempfile::tempdir().unwrap();
    let db = database_url(dir.path()).await;
    let smdp = SmDp::start(config(&pki, dir.path(), &db)).await.unwrap();
    let euicc = TestEuicc::of(&pki);

    // brainpoolP256r1 only: the brainpool CERT.DP.TLS, chained to the brainpool CI; the
    // session then runs on the brainpool set (its CI chosen, its CERT.DPauth sent).
    let brp_ci = on(CertRole::Ci, brp);
    let body = initiate_body(&ski(&brp_ci), &euicc, FQDN);
    let seen = openssl_call(
        smdp.es9_addr(),
        FQDN,
        "brainpoolP256r1",
        &brp_ci,
        "initiateAuthentication",
        &body,
    )
    .await
    .unwrap();
    assert_eq!(seen.leaf, on(CertRole::DpTls, brp));
    assert_eq!(seen.status, 200);
    assert!(executed(&seen.body), "{}", seen.body);
    assert_eq!(
        unb64(&seen.body["euiccCiPKIdToBeUsed"]),
        [&[0x04, 0x14][..], &ski(&brp_ci)].concat()
    );
    assert_eq!(
        unb64(&seen.body["serverCertificate"]),
        on(CertRole::DpAuth, brp)
    );

    // NIST P-256 only (rustls, trusting the NIST CI): the NIST certificate, as before.
    let nist = Es9Client::new(&pki, smdp.es9_addr());
    assert!(executed(&nist.initiate(&euicc, FQDN).await));

    // Neither curve: refused with an alert, at once.
    let refused = tokio::time::timeout(
        Duration::from_secs(10),
        openssl_call(
            smdp.es9_addr(),
            FQDN,
            "X25519:P-384",
            &brp_ci,
            "initiateAuthentication",
            &body,
        ),
    )
    .await
    .expect("answered at once");
    assert!(refused.is_err());
    smdp.shutdown().await;
}

/// The SGP.26 v3 test certificate set (as osmocom's SGP.23 suite carries it), when present.
fn suite_sgp26() -> Option<std::path::PathBuf> {
    let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/sgp26-v3-certs");
    if d.join("DPtls").is_dir() {
        Some(d)
    } else {
        println!("notice: {} absent; test skipped", d.display());
        None
    }
}

/// `--credentials` on the suite's own folder: both DP TLS certificates load under their
/// SGP.26 v3 names (`CERT_S_SM_DP_VARO_TLS_{NIST,BRP}.der`), and a brainpool-only client
/// trusting the suite's brainpool CI (as the suite's BRP cases do) completes the handshake
/// and InitiateAuthentication on the brainpool set.
#[tokio::test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
async fn sgp22_2_6_1_the_sgp23_suites_credentials_serve_brainpool() {
    let Some(creds) = suite_sgp26() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = database_url(dir.path()).await;
    let lab: Pki = support::pki();
    let mut c = config(&lab, dir.path(), &db);
    c.server.credentials = CredentialSource::Dir(creds.clone());
    let smdp = SmDp::start(c).await.unwrap();
    let host = "testsmdpplus1.example.com";
    assert_eq!(smdp.address(), host);

    let read = |rel: &str| std::fs::read(creds.join(rel)).unwrap();
    let brp_ci = read("CertificateIssuer/CERT_CI_ECDSA_BRP.der");
    let body = initiate_body(&ski(&brp_ci), &TestEuicc::of(&lab), host);
    let seen = openssl_call(
        smdp.es9_addr(),
        host,
        "brainpoolP256r1",
        &brp_ci,
        "initiateAuthentication",
        &body,
    )
    .await
    .unwrap();
    assert_eq!(seen.leaf, read("DPtls/CERT_S_SM_DP_VARO_TLS_BRP.der"));
    assert!(executed(&seen.body), "{}", seen.body);
    assert_eq!(
        unb64(&seen.body["serverCertificate"]),
        read("DPauth/CERT_S_SM_DPauth_ECDSA_BRP.der")
    );

    // A client of the NIST CI still gets the suite's NIST certificate.
    let nist_ci = read("CertificateIssuer/CERT_CI_ECDSA_NIST.der");
    let seen = openssl_call(
        smdp.es9_addr(),
        host,
        "P-256",
        &nist_ci,
        "initiateAuthentication",
        &initiate_body(&ski(&nist_ci), &TestEuicc::of(&lab), host),
    )
    .await
    .unwrap();
    assert_eq!(seen.leaf, read("DPtls/CERT_S_SM_DP_VARO_TLS_NIST.der"));
    assert!(executed(&seen.body), "{}", seen.body);
    smdp.shutdown().await;
}
