//! Why a request was refused before its function ran, for the reasons every function of
//! the SGP.22 bindings shares (6.5.1, 6.6): the request's format and protocol version.

use super::{JsonError, StatusCode};

/// A request refused for its form.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
// Exhaustive on purpose: the roles map every variant to its spec code, and a new one
// must not compile without a code.
pub enum RequestError {
    /// The body, a member, base64, DER or a header is malformed (1.3.1 / 2.1).
    #[error("malformed request: {0}")]
    Malformed(String),
    /// A mandatory member is missing (1.3.1 / 2.2).
    #[error("mandatory element missing: {0}")]
    MissingElement(String),
    /// X-Admin-Protocol absent or not one the server speaks (1.3.2 / 3.1).
    #[error("X-Admin-Protocol {0:?} is not supported")]
    ProtocolVersion(String),
}

impl RequestError {
    /// The JSON binding's subject and reason codes.
    pub fn status_code(&self) -> StatusCode {
        match self {
            RequestError::Malformed(_) => StatusCode::PROTOCOL_FORMAT_INVALID,
            RequestError::MissingElement(_) => {
                StatusCode::PROTOCOL_FORMAT_MANDATORY_ELEMENT_MISSING
            }
            RequestError::ProtocolVersion(_) => StatusCode::PROTOCOL_VERSION_UNSUPPORTED,
        }
    }
}

/// A missing member is [`RequestError::MissingElement`], anything else malformed.
impl From<JsonError> for RequestError {
    fn from(e: JsonError) -> RequestError {
        if e.message.starts_with("missing field") {
            RequestError::MissingElement(e.to_string())
        } else {
            RequestError::Malformed(e.to_string())
        }
    }
}
