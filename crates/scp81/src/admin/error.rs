//! Why an admin session failed.

use thiserror::Error;

use crate::tls::TlsError;

/// An admin-protocol failure, on either side.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AdminError {
    /// The PSK-TLS link failed.
    #[error(transparent)]
    Tls(#[from] TlsError),
    /// The HTTP/1.1 connection failed.
    #[error("HTTP: {0}")]
    Http(#[from] hyper::Error),
    /// The peer did not send anything in time.
    #[error("the peer went silent")]
    Timeout,
    /// A body larger than the configured limit (the server answers 413).
    #[error("body over the limit of {0} octets")]
    BodyTooLarge(usize),
    /// A body that could not be read.
    #[error("body: {0}")]
    Body(String),
    /// A required header missing.
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    /// A header whose value the protocol does not allow.
    #[error("bad value of header {0}")]
    BadHeader(&'static str),
    /// The server answered with a status other than 200 or 204.
    #[error("the admin server answered HTTP {0}")]
    Status(u16),
    /// A URI that does not make a request.
    #[error("bad URI {0:?}")]
    Uri(String),
    /// An I/O error on the connection.
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
}
