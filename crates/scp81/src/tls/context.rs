//! What the client and server contexts share: TLS 1.2 only, the configured PSK suites, no
//! session resumption (SGP.02 2.4.4), no renegotiation.

use openssl::ssl::{SslContextBuilder, SslMethod, SslOptions, SslSessionCacheMode, SslVersion};

use super::{TlsConfig, TlsError};

/// A context builder for `method` with the common settings of `config`.
pub(super) fn builder(
    method: SslMethod,
    config: &TlsConfig,
) -> Result<SslContextBuilder, TlsError> {
    if config.suites.is_empty() {
        return Err(TlsError::NoSuite);
    }
    let mut b = SslContextBuilder::new(method).map_err(TlsError::config("context"))?;
    b.set_min_proto_version(Some(SslVersion::TLS1_2))
        .map_err(TlsError::config("version"))?;
    b.set_max_proto_version(Some(SslVersion::TLS1_2))
        .map_err(TlsError::config("version"))?;
    let names: Vec<&str> = config.suites.iter().map(|s| s.openssl_name()).collect();
    b.set_cipher_list(&names.join(":"))
        .map_err(TlsError::config("cipher suites"))?;
    b.set_options(SslOptions::NO_TICKET | SslOptions::NO_RENEGOTIATION);
    b.set_session_cache_mode(SslSessionCacheMode::OFF);
    Ok(b)
}
