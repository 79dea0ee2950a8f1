//! One call from a received HTTP request to a dispatched message, or to the answer that
//! refuses it.

use crate::envelope::{Envelope, SoapVersion};
use crate::message::MessageError;
use crate::operation::Dispatch;

use super::{Refusal, STATUS_ACCEPTED, STATUS_OK, check_request, content_type};

/// The HTTP status of a request whose media type is not SOAP's (RFC 9110 15.5.16).
pub const STATUS_UNSUPPORTED_MEDIA_TYPE: u16 = 415;

/// An HTTP answer: status, content type and body (empty for 202 and 415).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`, `None` without a body.
    pub content_type: Option<&'static str>,
    /// The body.
    pub body: String,
}

impl Answer {
    /// 200 with `env`.
    pub fn envelope(env: &Envelope) -> Answer {
        Answer::with_status(STATUS_OK, env)
    }

    /// `status` with `env`.
    pub fn with_status(status: u16, env: &Envelope) -> Answer {
        Answer {
            status,
            content_type: Some(content_type(env.version)),
            body: env.encode(),
        }
    }

    /// 202 without a body: a one-way message, or a request answered later at its `ReplyTo`.
    pub fn accepted() -> Answer {
        Answer {
            status: STATUS_ACCEPTED,
            content_type: None,
            body: String::new(),
        }
    }
}

/// A request that passed the binding's checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received<D> {
    /// The envelope, for its addressing.
    pub envelope: Envelope,
    /// The dispatched message.
    pub message: D,
}

/// Reads a request received at `endpoint`: the media type, the envelope, the addressing
/// ([`check_request`]) and the body ([`Dispatch::decode`]). A refusal comes back as the
/// answer to send, identified by `message_id`: a fault, or for a missing or invalid part
/// the operation's response with status `Failed`.
///
/// # Errors
///
/// The [`Answer`] refusing the request.
pub fn receive<D: Dispatch>(
    body: &[u8],
    content_type: Option<&str>,
    soap_action: Option<&str>,
    endpoint: &str,
    message_id: &str,
) -> Result<Received<D>, Answer> {
    let version = match content_type {
        Some(ct) => super::version_of_content_type(ct).ok_or(Answer {
            status: STATUS_UNSUPPORTED_MEDIA_TYPE,
            content_type: None,
            body: String::new(),
        })?,
        None => SoapVersion::Soap11,
    };
    let refuse = |err: MessageError, env: Option<&Envelope>| {
        let op = env
            .and_then(|e| e.action())
            .and_then(D::operation_of)
            .map(|(op, _)| op);
        let refusal = Refusal::of(&err);
        let answer = refusal.to_envelope(env, op, message_id);
        let version = env.map_or(version, |e| e.version);
        Answer::with_status(refusal.http_status(version), &answer)
    };
    let envelope = Envelope::decode(body).map_err(|e| refuse(e.into(), None))?;
    if let Err(e) = check_request(&envelope, endpoint, soap_action) {
        return Err(refuse(e.into(), Some(&envelope)));
    }
    match D::decode(&envelope) {
        Ok(message) => Ok(Received { envelope, message }),
        Err(e) => Err(refuse(e, Some(&envelope))),
    }
}
