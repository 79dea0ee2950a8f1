//! TLS configurations (SGP.22 2.6.6): TLS 1.2 with
//! TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (and TLS 1.3 with TLS_AES_128_GCM_SHA256) on
//! NIST P-256, through rustls with the ring provider; a server's brainpoolP256r1 side
//! (feature `server`) through OpenSSL ([`brainpool`]), chosen per connection from the
//! ClientHello ([`hello`]).

#[cfg(feature = "server")]
pub mod brainpool;
mod files;
#[cfg(feature = "server")]
pub mod hello;

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, ring};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, ServerConfig, SignatureScheme};

pub use files::{CertificateFileError, certificate_file, certificates};

/// Why a TLS configuration could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TlsError {
    #[error("private key: {0}")]
    Key(String),
    #[error("certificate: {0}")]
    Certificate(String),
    #[error("TLS configuration: {0}")]
    Config(#[from] rustls::Error),
    #[error("client verifier: {0}")]
    Verifier(String),
    /// The OpenSSL configuration of the brainpool side.
    #[error("OpenSSL {what}: {detail}")]
    OpenSsl { what: &'static str, detail: String },
}

/// The ring provider restricted to the suites and group the specifications allow.
pub fn provider() -> Arc<CryptoProvider> {
    let base = ring::default_provider();
    Arc::new(CryptoProvider {
        cipher_suites: vec![
            ring::cipher_suite::TLS13_AES_128_GCM_SHA256,
            ring::cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        ],
        kx_groups: vec![ring::kx_group::SECP256R1],
        ..base
    })
}

/// A certificate chain (leaf first, DER) and its private key (PEM: SEC1 or PKCS#8).
#[derive(Clone)]
pub struct Identity {
    pub chain: Vec<Vec<u8>>,
    pub key_pem: Vec<u8>,
}

impl Identity {
    fn parts(&self) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), TlsError> {
        let key = PrivateKeyDer::from_pem_slice(&self.key_pem)
            .map_err(|e| TlsError::Key(format!("{e:?}")))?;
        let chain = self
            .chain
            .iter()
            .map(|c| CertificateDer::from(c.clone()))
            .collect();
        Ok((chain, key))
    }
}

fn roots(ca_ders: &[Vec<u8>]) -> Result<RootCertStore, TlsError> {
    let mut store = RootCertStore::empty();
    for der in ca_ders {
        store
            .add(CertificateDer::from(der.clone()))
            .map_err(|e| TlsError::Certificate(e.to_string()))?;
    }
    Ok(store)
}

/// A server configuration; with `client_cas`, clients must present a certificate issued by
/// one of them (mutually authenticated TLS, as ES2+ requires).
pub fn server_config(
    identity: &Identity,
    client_cas: Option<&[Vec<u8>]>,
) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = provider();
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?;
    let builder = match client_cas {
        Some(cas) => {
            let verifier =
                WebPkiClientVerifier::builder_with_provider(Arc::new(roots(cas)?), provider)
                    .build()
                    .map_err(|e| TlsError::Verifier(e.to_string()))?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let (chain, key) = identity.parts()?;
    let mut config = builder.with_single_cert(chain, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// How a client checks the server.
#[derive(Clone)]
pub enum ServerTrust {
    /// Certificates chaining to these roots (DER); shared by the clones (a fleet of
    /// devices trusting one CI holds its octets once).
    Roots(Arc<[Vec<u8>]>),
    /// No verification at all: only by explicit user choice (`--insecure`).
    Insecure,
}

impl ServerTrust {
    /// Certificates chaining to `roots` (DER).
    pub fn roots(roots: Vec<Vec<u8>>) -> ServerTrust {
        ServerTrust::Roots(roots.into())
    }
}

/// A client configuration, optionally presenting a client certificate.
pub fn client_config(
    trust: &ServerTrust,
    identity: Option<&Identity>,
) -> Result<ClientConfig, TlsError> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?;
    let builder = match trust {
        ServerTrust::Roots(cas) => builder.with_root_certificates(roots(cas)?),
        ServerTrust::Insecure => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyServer(provider))),
    };
    let mut config = match identity {
        Some(id) => {
            let (chain, key) = id.parts()?;
            builder.with_client_auth_cert(chain, key)?
        }
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Accepts any server certificate but still checks the handshake signatures.
#[derive(Debug)]
struct AcceptAnyServer(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyServer {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
