//! Both SGP.22 curve sets on one listener (SGP.22 2.6.1; RFC 8422 5.1.1, RFC 7027): real
//! TLS clients on loopback — OpenSSL offering brainpoolP256r1, rustls offering NIST P-256 —
//! each get the certificate of their curve under that curve's CI; a client offering neither
//! is refused with an alert; a client that stalls inside its ClientHello is cut at
//! `handshake_timeout`. Every outcome reaches the listener's handshake hook.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use certs::{CertRole, Credential, Curve, LabPkiOptions, Pki};
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use infra::serve::{Handshake, HandshakeFailure, Limits, ServerTls, serve_tls_observed};
use infra::tls::Identity;
use openssl::ssl::{SslConnector, SslMethod, SslVersion};
use openssl::x509::X509;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const FQDN: &str = certs::generate::DEFAULT_SMDP_FQDN;

fn lab() -> &'static Pki {
    static LAB: OnceLock<Pki> = OnceLock::new();
    LAB.get_or_init(|| {
        certs::generate(&LabPkiOptions {
            curves: vec![Curve::NistP256, Curve::BrainpoolP256r1],
            ..LabPkiOptions::default()
        })
        .unwrap()
    })
}

fn identity(c: &Credential) -> Identity {
    Identity {
        chain: vec![c.cert_der.clone()],
        key_pem: c.key().unwrap().to_sec1_pem().unwrap().as_bytes().to_vec(),
    }
}

fn der(role: CertRole, curve: Curve) -> Vec<u8> {
    lab().require_on(role, curve).unwrap().cert_der.clone()
}

/// A listener with both curve sets; the handshakes it reports.
async fn start(limits: Limits) -> (SocketAddr, Arc<Mutex<Vec<Handshake>>>) {
    let nist = identity(lab().require_on(CertRole::DpTls, Curve::NistP256).unwrap());
    let brp = identity(
        lab()
            .require_on(CertRole::DpTls, Curve::BrainpoolP256r1)
            .unwrap(),
    );
    let tls = ServerTls::new(
        infra::tls::server_config(&nist, None).unwrap(),
        Some(infra::tls::brainpool::brainpool_server_config(&brp).unwrap()),
    );
    let seen = Arc::new(Mutex::new(Vec::new()));
    let hook_seen = seen.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = Router::new().route("/", get(|| async { "served" }));
    tokio::spawn(serve_tls_observed(
        listener,
        tls,
        router,
        limits,
        Some(Arc::new(move |h| hook_seen.lock().unwrap().push(h))),
        std::future::pending(),
    ));
    (addr, seen)
}

/// An OpenSSL TLS 1.2 client offering `groups`, trusting `ca` only and checking the name,
/// connected to `addr`.
async fn openssl_connect(
    addr: SocketAddr,
    groups: &str,
    ca: &[u8],
) -> Result<tokio_openssl::SslStream<TcpStream>, openssl::ssl::Error> {
    let mut c = SslConnector::builder(SslMethod::tls_client()).unwrap();
    c.set_max_proto_version(Some(SslVersion::TLS1_2)).unwrap();
    c.set_groups_list(groups).unwrap();
    c.cert_store_mut()
        .add_cert(X509::from_der(ca).unwrap())
        .unwrap();
    c.set_alpn_protos(b"\x08http/1.1").unwrap();
    let ssl = c.build().configure().unwrap().into_ssl(FQDN).unwrap();
    let tcp = TcpStream::connect(addr).await.unwrap();
    let mut tls = tokio_openssl::SslStream::new(ssl, tcp).unwrap();
    std::pin::Pin::new(&mut tls).connect().await?;
    Ok(tls)
}

/// One GET over [`openssl_connect`]: the server's leaf certificate and the body.
async fn openssl_get(
    addr: SocketAddr,
    groups: &str,
    ca: &[u8],
) -> Result<(Vec<u8>, String), openssl::ssl::Error> {
    let tls = openssl_connect(addr, groups, ca).await?;
    let leaf = tls.ssl().peer_certificate().unwrap().to_der().unwrap();
    let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
        .await
        .unwrap();
    tokio::spawn(conn);
    let req = hyper::Request::get("/")
        .header("host", FQDN)
        .body(Empty::<bytes::Bytes>::new())
        .unwrap();
    let resp = send.send_request(req).await.unwrap();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    Ok((leaf, String::from_utf8_lossy(&body).into_owned()))
}

/// A GET over infra's own (rustls, NIST P-256) client trusting the NIST CI.
async fn rustls_get(addr: SocketAddr) -> String {
    let trust = infra::tls::ServerTrust::roots(vec![der(CertRole::Ci, Curve::NistP256)]);
    let mut o = infra::client::ClientOptions::new(trust);
    o.resolve.push((FQDN.into(), addr));
    let client = infra::client::build(&o).unwrap();
    let url = format!("https://{FQDN}:{}/", addr.port());
    client.get(url).send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn sgp22_2_6_1_each_client_gets_the_certificate_of_its_curve() {
    let (addr, seen) = start(Limits::default()).await;
    let brp_ci = der(CertRole::Ci, Curve::BrainpoolP256r1);
    let brp_tls = der(CertRole::DpTls, Curve::BrainpoolP256r1);
    let nist_tls = der(CertRole::DpTls, Curve::NistP256);

    // brainpoolP256r1 only: the brainpool CERT.DP.TLS, verified to the brainpool CI.
    let (leaf, body) = openssl_get(addr, "brainpoolP256r1", &brp_ci).await.unwrap();
    assert_eq!((leaf, body.as_str()), (brp_tls.clone(), "served"));
    // Both, brainpool first (RFC 8422 5.1.1: the client's preference): brainpool.
    let (leaf, _) = openssl_get(addr, "brainpoolP256r1:P-256", &brp_ci)
        .await
        .unwrap();
    assert_eq!(leaf, brp_tls);
    // Both, P-256 first: the NIST certificate (verified against the NIST CI).
    let nist_ci = der(CertRole::Ci, Curve::NistP256);
    let (leaf, _) = openssl_get(addr, "P-256:brainpoolP256r1", &nist_ci)
        .await
        .unwrap();
    assert_eq!(leaf, nist_tls);
    // rustls, NIST P-256 only: NIST, as before.
    assert_eq!(rustls_get(addr).await, "served");

    // Neither curve: refused with an alert, within the client's patience.
    let refused = tokio::time::timeout(
        Duration::from_secs(10),
        openssl_get(addr, "X25519:P-384", &nist_ci),
    )
    .await
    .expect("a client offering neither curve is answered at once");
    let err = refused.unwrap_err().to_string();
    assert!(
        err.contains("handshake failure") || err.contains("alert"),
        "{err}"
    );
    // A brainpool client that trusts only the NIST CI refuses the brainpool certificate with
    // an alert, which the OpenSSL side reports as such.
    assert!(
        openssl_get(addr, "brainpoolP256r1", &nist_ci)
            .await
            .is_err()
    );

    // The server reads the alert after the client has gone on.
    for _ in 0..100 {
        if seen.lock().unwrap().len() >= 6 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen.iter().filter(|h| **h == Handshake::Done).count(),
        4,
        "{seen:?}"
    );
    let failed: Vec<_> = seen
        .iter()
        .filter(|h| matches!(h, Handshake::Failed(_)))
        .collect();
    assert_eq!(
        failed,
        [
            &Handshake::Failed(HandshakeFailure::Protocol),
            &Handshake::Failed(HandshakeFailure::AlertReceived)
        ],
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_client_stalling_in_its_client_hello_is_cut_at_handshake_timeout() {
    let limits = Limits {
        handshake_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let (addr, seen) = start(limits).await;
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    // A record header announcing a ClientHello, then nothing.
    tcp.write_all(&[22, 3, 1, 0, 200, 1, 0, 0, 196])
        .await
        .unwrap();
    let mut buf = [0u8; 16];
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        use tokio::io::AsyncReadExt;
        tcp.read(&mut buf).await
    })
    .await
    .expect("the server closes the connection");
    assert!(matches!(closed, Ok(0) | Err(_)), "{closed:?}");
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        [Handshake::Failed(HandshakeFailure::Timeout)]
    );
}

#[tokio::test]
async fn a_brainpool_connection_sending_no_request_is_cut_at_header_timeout() {
    let limits = Limits {
        header_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let (addr, seen) = start(limits).await;
    let brp_ci = der(CertRole::Ci, Curve::BrainpoolP256r1);
    let mut tls = openssl_connect(addr, "brainpoolP256r1", &brp_ci)
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = [0u8; 16];
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        use tokio::io::AsyncReadExt;
        tls.read(&mut buf).await
    })
    .await
    .expect("the server closes the idle brainpool connection");
    assert!(matches!(closed, Ok(0) | Err(_)), "{closed:?}");
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(seen.lock().unwrap().as_slice(), [Handshake::Done]);
}
