//! A throw-away PKI (rcgen) and a TLS client for the loopback tests of `infra`.

use std::net::SocketAddr;
use std::sync::Arc;

use infra::tls::Identity;
use rcgen::{CertificateParams, Issuer, KeyPair, PKCS_ECDSA_P256_SHA256};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

pub(crate) struct Ca {
    pub der: Vec<u8>,
    issuer: Issuer<'static, KeyPair>,
}

pub(crate) fn ca(name: &str) -> Ca {
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

pub(crate) fn leaf(ca: &Ca, dns: &str) -> Identity {
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let params = CertificateParams::new(vec![dns.to_string()]).unwrap();
    let cert = params.signed_by(&key, &ca.issuer).unwrap();
    Identity {
        chain: vec![cert.der().to_vec()],
        key_pem: key.serialize_pem().into_bytes(),
    }
}

/// A rustls client trusting `root` only.
pub(crate) fn client_config(root: &Ca) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(root.der.clone()))
        .unwrap();
    Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth(),
    )
}

/// A TLS connection to `addr` (server name `dns`), handshake done.
pub(crate) async fn connect(
    config: &Arc<rustls::ClientConfig>,
    addr: SocketAddr,
    dns: &str,
) -> TlsStream<TcpStream> {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from(dns.to_string()).unwrap();
    TlsConnector::from(config.clone())
        .connect(name, tcp)
        .await
        .unwrap()
}

/// Serves `router` on a loopback port with TLS as `dns` (a leaf of `root`) under `limits`.
pub(crate) async fn serve(
    root: &Ca,
    dns: &str,
    router: axum::Router,
    limits: infra::serve::Limits,
) -> SocketAddr {
    let tls = infra::tls::server_config(&leaf(root, dns), None).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(infra::serve::serve_tls_with(
        listener,
        tls,
        router,
        limits,
        std::future::pending(),
    ));
    addr
}
