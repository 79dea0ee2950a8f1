//! HTTPS on loopback with real sockets: server-authenticated and mutually authenticated TLS.

use std::net::SocketAddr;

use axum::routing::post;
use axum::{Extension, Router};
use infra::client::{ClientOptions, build};
use infra::serve::{PeerCertificates, serve_tls};
use infra::tls::{Identity, ServerTrust, server_config};

use crate::support;
use support::{ca, leaf};

async fn start(router: Router, identity: &Identity, client_cas: Option<&[Vec<u8>]>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let tls = server_config(identity, client_cas).unwrap();
    tokio::spawn(serve_tls(listener, tls, router, std::future::pending()));
    addr
}

#[tokio::test]
async fn server_authenticated_tls_with_resolve_override() {
    let root = ca("test CI");
    let server = leaf(&root, "smdp.example.test");
    let router = Router::new().route("/echo", post(|body: String| async move { body }));
    let addr = start(router, &server, None).await;

    let mut options = ClientOptions::new(ServerTrust::roots(vec![root.der.clone()]));
    options.resolve.push(("smdp.example.test".into(), addr));
    let client = build(&options).unwrap();
    let url = format!("https://smdp.example.test:{}/echo", addr.port());
    let reply = client.post(&url).body("hello").send().await.unwrap();
    assert_eq!(reply.text().await.unwrap(), "hello");

    // A client trusting another root refuses the server.
    let other = ca("other");
    let mut options = ClientOptions::new(ServerTrust::roots(vec![other.der.clone()]));
    options.resolve.push(("smdp.example.test".into(), addr));
    assert!(build(&options).unwrap().post(&url).send().await.is_err());

    // Explicitly insecure: accepted.
    let mut options = ClientOptions::new(ServerTrust::Insecure);
    options.resolve.push(("smdp.example.test".into(), addr));
    let reply = build(&options)
        .unwrap()
        .post(&url)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.text().await.unwrap(), "x");
}

#[tokio::test]
async fn mutual_tls_passes_the_client_certificate_to_handlers() {
    let root = ca("test CI");
    let operators = ca("operators");
    let server = leaf(&root, "smdp.example.test");
    let operator = leaf(&operators, "operator.example.test");
    let router =
        Router::new().route(
            "/who",
            post(|Extension(peer): Extension<PeerCertificates>| async move {
                format!("{}", peer.0.len())
            }),
        );
    let addr = start(router, &server, Some(std::slice::from_ref(&operators.der))).await;
    let url = format!("https://smdp.example.test:{}/who", addr.port());

    let mut options = ClientOptions::new(ServerTrust::roots(vec![root.der.clone()]));
    options.resolve.push(("smdp.example.test".into(), addr));
    assert!(
        build(&options).unwrap().post(&url).send().await.is_err(),
        "no client certificate must be refused"
    );
    options.identity = Some(operator.clone());
    let reply = build(&options).unwrap().post(&url).send().await.unwrap();
    assert_eq!(reply.text().await.unwrap(), "1");

    // A certificate from another CA is refused.
    options.identity = Some(leaf(&root, "intruder.example.test"));
    assert!(build(&options).unwrap().post(&url).send().await.is_err());
}

/// A TLS handshake against `infra::tls::server_config` from a rustls client restricted to
/// `suites` and `groups` (TLS 1.2 and 1.3); the negotiated suite and group on success.
async fn handshake(
    suites: Vec<rustls::SupportedCipherSuite>,
    groups: Vec<&'static dyn rustls::crypto::SupportedKxGroup>,
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> std::io::Result<(rustls::CipherSuite, rustls::NamedGroup)> {
    use std::sync::Arc;
    let root = ca("test CI");
    let server = leaf(&root, "smdp.example.test");
    let router = Router::new().route("/echo", post(|body: String| async move { body }));
    let addr = start(router, &server, None).await;

    let provider = rustls::crypto::CryptoProvider {
        cipher_suites: suites,
        kx_groups: groups,
        ..rustls::crypto::ring::default_provider()
    };
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(root.der.clone()))
        .unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(provider))
        .with_protocol_versions(versions)
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("smdp.example.test").unwrap();
    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await?;
    let conn = tls.get_ref().1;
    Ok((
        conn.negotiated_cipher_suite().unwrap().suite(),
        conn.negotiated_key_exchange_group().unwrap().name(),
    ))
}

#[tokio::test]
async fn sgp22_2_6_6_server_tls_refuses_aes256_suites_and_x25519() {
    use rustls::crypto::ring::{cipher_suite as cs, kx_group};
    let both = &[&rustls::version::TLS13, &rustls::version::TLS12][..];
    let aes256 = vec![
        cs::TLS13_AES_256_GCM_SHA384,
        cs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    ];
    let r = handshake(aes256, vec![kx_group::SECP256R1], both).await;
    assert!(
        r.as_ref()
            .is_err_and(|e| e.to_string().contains("HandshakeFailure")),
        "AES-256-GCM only: {r:?}"
    );

    let aes128 = vec![
        cs::TLS13_AES_128_GCM_SHA256,
        cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    ];
    let r = handshake(aes128, vec![kx_group::X25519], both).await;
    assert!(
        r.as_ref()
            .is_err_and(|e| e.to_string().contains("HandshakeFailure")),
        "X25519 only: {r:?}"
    );
    // The same client with secp256r1 added succeeds: the group alone made the difference.
    let aes128 = vec![
        cs::TLS13_AES_128_GCM_SHA256,
        cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    ];
    let r = handshake(aes128, vec![kx_group::X25519, kx_group::SECP256R1], both).await;
    assert!(r.is_ok(), "{r:?}");
}

#[tokio::test]
async fn sgp22_2_6_6_server_tls_negotiates_aes128_gcm_on_secp256r1() {
    use rustls::crypto::ring::kx_group;
    use rustls::{CipherSuite, NamedGroup};
    let all_groups = || vec![kx_group::X25519, kx_group::SECP384R1, kx_group::SECP256R1];
    // A client offering everything gets the suite and group of SGP.22 2.6.6.
    let r = handshake(
        rustls::crypto::ring::ALL_CIPHER_SUITES.to_vec(),
        all_groups(),
        &[&rustls::version::TLS13],
    )
    .await;
    assert_eq!(
        r.map_err(|e| e.to_string()),
        Ok((CipherSuite::TLS13_AES_128_GCM_SHA256, NamedGroup::secp256r1))
    );
    let r = handshake(
        rustls::crypto::ring::ALL_CIPHER_SUITES.to_vec(),
        all_groups(),
        &[&rustls::version::TLS12],
    )
    .await;
    assert_eq!(
        r.map_err(|e| e.to_string()),
        Ok((
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            NamedGroup::secp256r1
        ))
    );
}
