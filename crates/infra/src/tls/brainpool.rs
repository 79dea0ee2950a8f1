//! The brainpoolP256r1 server side, through the system's OpenSSL (rustls has no brainpool
//! curve): SGP.22 2.6.1 allows brainpoolP256r1 for TLS, and 2.6.6 asks TLS 1.2 with
//! TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, here on brainpoolP256r1 for both the
//! certificate and ECDHE (RFC 7027 2: NamedCurve brainpoolP256r1 = 26). A listener hands
//! a connection to it when the client prefers that curve ([`super::hello`]).

use openssl::ec::EcKey;
use openssl::nid::Nid;
use openssl::pkey::PKey;
use openssl::ssl::{
    AlpnError, SslContext, SslContextBuilder, SslMethod, SslOptions, SslVersion, select_next_proto,
};
use openssl::x509::X509;

use super::{Identity, TlsError};

/// ALPN (RFC 7301) protocol list of the listeners: HTTP/1.1 only, as the rustls side.
const ALPN_HTTP11: &[u8] = b"\x08http/1.1";

/// A server configuration presenting a brainpoolP256r1 certificate (no client
/// authentication: ES9+ is server-authenticated only).
#[derive(Clone)]
pub struct BrainpoolServer {
    context: SslContext,
}

impl std::fmt::Debug for BrainpoolServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrainpoolServer").finish_non_exhaustive()
    }
}

impl BrainpoolServer {
    /// The OpenSSL context connections are accepted with.
    pub fn context(&self) -> &SslContext {
        &self.context
    }
}

fn ossl(what: &'static str) -> impl Fn(openssl::error::ErrorStack) -> TlsError {
    move |e| TlsError::OpenSsl {
        what,
        detail: e.to_string(),
    }
}

/// The brainpool server configuration of `identity`, whose leaf key must be on
/// brainpoolP256r1 (all certificates of an SGP.22 chain are on one curve, 2.6.1).
pub fn brainpool_server_config(identity: &Identity) -> Result<BrainpoolServer, TlsError> {
    let key =
        PKey::private_key_from_pem(&identity.key_pem).map_err(|e| TlsError::Key(e.to_string()))?;
    let curve = key
        .ec_key()
        .ok()
        .and_then(|k: EcKey<_>| k.group().curve_name());
    if curve != Some(Nid::BRAINPOOL_P256R1) {
        return Err(TlsError::Key(
            "the brainpool TLS key is not on brainpoolP256r1".into(),
        ));
    }
    let mut certs = identity
        .chain
        .iter()
        .map(|der| X509::from_der(der).map_err(|e| TlsError::Certificate(e.to_string())));
    let leaf = certs
        .next()
        .ok_or_else(|| TlsError::Certificate("no certificate".into()))??;

    let mut b = SslContextBuilder::new(SslMethod::tls_server()).map_err(ossl("context"))?;
    // SGP.22 2.6.6: TLS 1.2; OpenSSL 3.0 has no brainpool codepoints for TLS 1.3 (RFC 8734).
    b.set_min_proto_version(Some(SslVersion::TLS1_2))
        .map_err(ossl("version"))?;
    b.set_max_proto_version(Some(SslVersion::TLS1_2))
        .map_err(ossl("version"))?;
    b.set_cipher_list("ECDHE-ECDSA-AES128-GCM-SHA256")
        .map_err(ossl("cipher suites"))?;
    b.set_groups_list("brainpoolP256r1")
        .map_err(ossl("groups"))?;
    b.set_sigalgs_list("ECDSA+SHA256")
        .map_err(ossl("signature algorithms"))?;
    // Renegotiation is never needed here and costs the server a handshake per request.
    b.set_options(SslOptions::NO_RENEGOTIATION);
    b.set_alpn_select_callback(|_, offered| {
        select_next_proto(ALPN_HTTP11, offered).ok_or(AlpnError::NOACK)
    });
    b.set_certificate(&leaf).map_err(ossl("certificate"))?;
    for cert in certs {
        b.add_extra_chain_cert(cert?)
            .map_err(ossl("chain certificate"))?;
    }
    b.set_private_key(&key).map_err(ossl("private key"))?;
    b.check_private_key()
        .map_err(|e| TlsError::Key(format!("does not match the certificate: {e}")))?;
    Ok(BrainpoolServer { context: b.build() })
}
