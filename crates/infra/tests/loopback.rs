//! HTTPS on loopback with real sockets: server-authenticated and mutually authenticated TLS.

use std::net::SocketAddr;

use axum::routing::post;
use axum::{Extension, Router};
use infra::client::{ClientOptions, build};
use infra::serve::{PeerCertificates, serve_tls};
use infra::tls::{Identity, ServerTrust, server_config};
use rcgen::{CertificateParams, Issuer, KeyPair, PKCS_ECDSA_P256_SHA256};

struct Ca {
    der: Vec<u8>,
    issuer: Issuer<'static, KeyPair>,
}

fn ca(name: &str) -> Ca {
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    let cert = params.self_signed(&key).unwrap();
    Ca {
        der: cert.der().to_vec(),
        issuer: Issuer::new(params, key),
    }
}

fn leaf(ca: &Ca, dns: &str) -> Identity {
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let params = CertificateParams::new(vec![dns.to_string()]).unwrap();
    let cert = params.signed_by(&key, &ca.issuer).unwrap();
    Identity {
        chain: vec![cert.der().to_vec()],
        key_pem: key.serialize_pem().into_bytes(),
    }
}

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

    let mut options = ClientOptions::new(ServerTrust::Roots(vec![root.der.clone()]));
    options.resolve.push(("smdp.example.test".into(), addr));
    let client = build(&options).unwrap();
    let url = format!("https://smdp.example.test:{}/echo", addr.port());
    let reply = client.post(&url).body("hello").send().await.unwrap();
    assert_eq!(reply.text().await.unwrap(), "hello");

    // A client trusting another root refuses the server.
    let other = ca("other");
    let mut options = ClientOptions::new(ServerTrust::Roots(vec![other.der.clone()]));
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

    let mut options = ClientOptions::new(ServerTrust::Roots(vec![root.der.clone()]));
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
