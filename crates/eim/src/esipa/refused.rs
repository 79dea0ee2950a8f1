//! Why the eIM refuses an ESipa request before one of its functions answers it (SGP.32
//! v1.2 6.1, 6.3): the text is logged and, where the function has no error value of its
//! own to answer with, is the body of the HTTP 400.

use infra::serve::BodyError;
use proto::der::DecodeError;
use proto::json::StatusCode;

use crate::engine::EngineError;

/// `X-Admin-Protocol` names no SGP.22 v2 protocol (ESipa uses `gsma/rsp/v2.1.0`).
#[derive(Debug, thiserror::Error)]
#[error("X-Admin-Protocol {0:?} is not gsma/rsp/v2.x")]
pub(crate) struct AdminProtocolError(pub(crate) String);

impl AdminProtocolError {
    /// The JSON binding's answer to it: subject 1.3.2 reason 3.1, the protocol version
    /// unsupported (SGP.22 5.2.6.1).
    pub(crate) fn status_code(&self) -> StatusCode {
        StatusCode::PROTOCOL_VERSION_UNSUPPORTED
    }
}

/// Why the ASN.1 binding refused a request.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Asn1Refusal {
    /// See [`AdminProtocolError`].
    #[error(transparent)]
    AdminProtocol(#[from] AdminProtocolError),
    /// The request's `Content-Type` is not `application/x-gsma-rsp-asn1`.
    #[error("Content-Type {0:?} is not the ASN.1 binding's")]
    ContentType(String),
    /// The body could not be read (too large, cut, too slow).
    #[error(transparent)]
    Body(#[from] BodyError),
    /// The body is no ESipa message of either generation.
    #[error("undecodable: {0}")]
    Undecodable(DecodeError),
    /// The generation of a result that both generations read could not be told.
    #[error("generation of a result: {0}")]
    Generation(EngineError),
    /// A v1.0 message that v1.2 does not read, from a v1.0 IPA (shown as JSON).
    #[error("a v1.0 message v1.2 does not read: {0}")]
    V1_0Only(String),
    /// The package due has no v1.0 encoding for a v1.0 IPA.
    #[error("the package has no v1.0 form: {0}")]
    NoV1_0Form(DecodeError),
    /// A TransferEimPackage response, for a push this eIM never makes (SGP.32 v1.2 5.14,
    /// 6.3.2).
    #[error("TransferEimPackage: this eIM does not push packages")]
    NotPushed,
    /// A message of an ESipa version after v1.2 (an extension of the CHOICE).
    #[error("a message of a later version")]
    LaterVersion,
}
