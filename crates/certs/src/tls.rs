//! rustls configurations from the lab PKI (ring provider; TLS 1.2 and 1.3).
//!
//! SGP.22 §2.6.6 wants TLS 1.2 with `TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256` on P-256; rustls
//! offers it among its defaults. Server certificates (CERT.DP.TLS, the eIM TLS certificate)
//! chain directly to the CI, which serves as the client's trust anchor: webpki ignores
//! unknown critical extensions on trust anchors, and the lab's TLS end-entity certificates
//! carry certificatePolicies non-critical. ES2+ and the operator API add client
//! authentication with certificates under the operator CA.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use rustls::server::WebPkiClientVerifier;
use rustls::{ClientConfig, RootCertStore, ServerConfig};
use thiserror::Error;

use crate::pki::{Credential, PkiError};

/// Why a TLS configuration could not be built.
#[derive(Debug, Error)]
pub enum TlsError {
    #[error(transparent)]
    Pki(#[from] PkiError),
    #[error("rustls: {0}")]
    Rustls(#[from] rustls::Error),
    #[error("client verifier: {0}")]
    ClientVerifier(#[from] rustls::server::VerifierBuilderError),
}

/// The ring crypto provider.
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A root store holding the given root certificates (CI, operator CA), DER.
pub fn root_store(roots: &[&[u8]]) -> Result<RootCertStore, TlsError> {
    let mut store = RootCertStore::empty();
    for der in roots {
        store.add(CertificateDer::from(der.to_vec()))?;
    }
    Ok(store)
}

/// A server configuration presenting `server` (e.g. CERT.DP.TLS). With `client_roots`,
/// clients must present a certificate chaining to one of them (mutual TLS, ES2+).
pub fn server_config(
    server: &Credential,
    client_roots: Option<&[&[u8]]>,
) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = provider();
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()?;
    let builder = match client_roots {
        Some(roots) => {
            let verifier =
                WebPkiClientVerifier::builder_with_provider(Arc::new(root_store(roots)?), provider)
                    .build()?;
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    let config = builder.with_single_cert(vec![server.cert_rustls()], server.key()?.to_rustls())?;
    Ok(Arc::new(config))
}

/// A client configuration trusting `server_roots` (the CI for SM-DP+ and eIM servers),
/// presenting `client` when given (an operator certificate for ES2+).
pub fn client_config(
    server_roots: &[&[u8]],
    client: Option<&Credential>,
) -> Result<Arc<ClientConfig>, TlsError> {
    let provider = provider();
    let verifier = WebPkiServerVerifier::builder_with_provider(
        Arc::new(root_store(server_roots)?),
        provider.clone(),
    )
    .build()
    .map_err(|e| rustls::Error::General(e.to_string()))?;
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_webpki_verifier(verifier);
    let config = match client {
        Some(c) => builder.with_client_auth_cert(vec![c.cert_rustls()], c.key()?.to_rustls())?,
        None => builder.with_no_client_auth(),
    };
    Ok(Arc::new(config))
}
