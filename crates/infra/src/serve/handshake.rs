//! How each TLS handshake of a listener ended: done, or failed for one of a few bounded
//! causes, for whoever counts them (the servers' metrics, `tls_handshakes_total` and
//! `tls_handshake_failures_total{cause}`). A listener reports every handshake to the
//! [`HandshakeHook`] it was given ([`super::serve_tls_observed`]).

use std::sync::Arc;

/// Called once per TLS handshake on a listener, when it ends.
pub type HandshakeHook = Arc<dyn Fn(Handshake) + Send + Sync>;

/// How a TLS handshake ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Handshake {
    /// Done: a new TLS connection, whose HTTP requests follow. Requests per handshake tell
    /// an operator whether clients keep their connections (an LPA makes 4 ES9+ calls per
    /// download; one handshake per call is a client that does not keep its connection).
    Done,
    /// Failed: the connection is closed.
    Failed(HandshakeFailure),
}

/// The cause of a failed TLS handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HandshakeFailure {
    /// Not done within `handshake_timeout`.
    Timeout,
    /// The client closed or reset the connection before the handshake ended.
    Closed,
    /// The client sent a fatal alert (typically: it does not trust our certificate).
    AlertReceived,
    /// Mutual TLS: no client certificate, or one that does not verify.
    ClientCertificate,
    /// Not TLS, or TLS this server does not speak (version, cipher suites, malformed).
    Protocol,
    /// Any other I/O error.
    Io,
}

impl HandshakeFailure {
    /// Every cause, for initializing counters at zero.
    pub const ALL: [HandshakeFailure; 6] = [
        HandshakeFailure::Timeout,
        HandshakeFailure::Closed,
        HandshakeFailure::AlertReceived,
        HandshakeFailure::ClientCertificate,
        HandshakeFailure::Protocol,
        HandshakeFailure::Io,
    ];

    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            HandshakeFailure::Timeout => "timeout",
            HandshakeFailure::Closed => "closed",
            HandshakeFailure::AlertReceived => "alert_received",
            HandshakeFailure::ClientCertificate => "client_certificate",
            HandshakeFailure::Protocol => "protocol",
            HandshakeFailure::Io => "io",
        }
    }

    /// The cause of the error tokio-openssl returned from `accept` (the brainpool side).
    pub(crate) fn of_openssl(e: &openssl::ssl::Error) -> HandshakeFailure {
        use openssl::ssl::ErrorCode;
        /// OpenSSL's SSL_AD_REASON_OFFSET: reasons from here on are alerts received.
        const ALERT_RECEIVED: i32 = 1000;
        if let Some(io) = e.io_error() {
            return HandshakeFailure::of(io);
        }
        if e.code() == ErrorCode::ZERO_RETURN || e.code() == ErrorCode::SYSCALL {
            return HandshakeFailure::Closed;
        }
        let reasons = e.ssl_error().map(|s| s.errors()).unwrap_or_default();
        if reasons.iter().any(|r| r.reason_code() >= ALERT_RECEIVED) {
            return HandshakeFailure::AlertReceived;
        }
        // SSL_R_UNEXPECTED_EOF_WHILE_READING (OpenSSL 3).
        if reasons.iter().any(|r| r.reason_code() == 294) {
            return HandshakeFailure::Closed;
        }
        HandshakeFailure::Protocol
    }

    /// The cause of the error tokio-rustls returned from `accept`.
    pub fn of(e: &std::io::Error) -> HandshakeFailure {
        use std::io::ErrorKind as K;
        if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
            return match tls {
                rustls::Error::AlertReceived(_) => HandshakeFailure::AlertReceived,
                rustls::Error::NoCertificatesPresented | rustls::Error::InvalidCertificate(_) => {
                    HandshakeFailure::ClientCertificate
                }
                _ => HandshakeFailure::Protocol,
            };
        }
        match e.kind() {
            K::UnexpectedEof | K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
                HandshakeFailure::Closed
            }
            K::InvalidData => HandshakeFailure::Protocol,
            _ => HandshakeFailure::Io,
        }
    }
}
