//! Why a PSK-TLS handshake or configuration failed.

use thiserror::Error;

/// OpenSSL's `SSL_AD_REASON_OFFSET`: a reason code from here on is an alert received, the
/// alert's description being the difference.
const ALERT_RECEIVED: i32 = 1000;
/// `SSL_R_PSK_IDENTITY_NOT_FOUND`: the server's key look-up found nothing.
const PSK_IDENTITY_NOT_FOUND: i32 = 223;
/// `SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC`: the peer's Finished did not decrypt or
/// verify, the sign of a different key.
const BAD_RECORD_MAC: i32 = 281;
/// `SSL_R_UNEXPECTED_EOF_WHILE_READING`.
const UNEXPECTED_EOF: i32 = 294;

/// A PSK-TLS failure.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum TlsError {
    /// A key not 16 to 32 bytes long.
    #[error("a pre-shared key is 16 to 32 bytes, not {0}")]
    PskLength(usize),
    /// A PSK identity longer than OpenSSL's limit (128 octets).
    #[error("PSK identity of {0} octets is too long")]
    IdentityLength(usize),
    /// No cipher suite configured.
    #[error("no cipher suite configured")]
    NoSuite,
    /// OpenSSL refused the configuration.
    #[error("OpenSSL {what}: {detail}")]
    Config {
        /// What was being configured.
        what: &'static str,
        /// OpenSSL's words.
        detail: String,
    },
    /// The handshake did not end within the configured time.
    #[error("TLS handshake timed out")]
    Timeout,
    /// The peer closed the connection during the handshake.
    #[error("the peer closed the connection during the handshake")]
    Closed,
    /// The server found no key for the client's identity, and sent the alert
    /// unknown_psk_identity (115, RFC 4279 2).
    #[error("no key for the PSK identity (alert unknown_psk_identity sent)")]
    UnknownIdentity,
    /// The peer's Finished did not verify: the two sides hold different keys (alert
    /// bad_record_mac, 20, sent).
    #[error("the peer's Finished did not verify: different pre-shared keys")]
    BadRecordMac,
    /// The peer sent a fatal alert, whose description (RFC 5246 7.2) is given.
    #[error("the peer sent TLS alert {0}")]
    AlertReceived(u8),
    /// Any other TLS failure (no common suite, not TLS, ...).
    #[error("TLS handshake failed: {0}")]
    Protocol(String),
    /// An I/O error on the underlying stream.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
}

impl TlsError {
    /// The alert description a received `AlertReceived` names.
    pub fn alert(&self) -> Option<u8> {
        match self {
            TlsError::AlertReceived(a) => Some(*a),
            _ => None,
        }
    }

    /// The failure of a handshake, from what tokio-openssl returned.
    pub(crate) fn of_handshake(e: openssl::ssl::Error) -> TlsError {
        use openssl::ssl::ErrorCode;
        let reasons: Vec<i32> = e
            .ssl_error()
            .map(|s| s.errors().iter().map(|r| r.reason_code()).collect())
            .unwrap_or_default();
        if let Some(alert) = reasons.iter().find(|&&r| r >= ALERT_RECEIVED) {
            return TlsError::AlertReceived(u8::try_from(alert - ALERT_RECEIVED).unwrap_or(0xFF));
        }
        if reasons.contains(&PSK_IDENTITY_NOT_FOUND) {
            return TlsError::UnknownIdentity;
        }
        if reasons.contains(&BAD_RECORD_MAC) {
            return TlsError::BadRecordMac;
        }
        if reasons.contains(&UNEXPECTED_EOF)
            || e.code() == ErrorCode::ZERO_RETURN
            || (e.code() == ErrorCode::SYSCALL && e.io_error().is_none())
        {
            return TlsError::Closed;
        }
        match e.into_io_error() {
            Ok(io) => TlsError::Io(io),
            Err(e) => TlsError::Protocol(e.to_string()),
        }
    }

    pub(crate) fn config(what: &'static str) -> impl Fn(openssl::error::ErrorStack) -> TlsError {
        move |e| TlsError::Config {
            what,
            detail: e.to_string(),
        }
    }
}
