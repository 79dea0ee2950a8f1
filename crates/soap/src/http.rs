//! The HTTP layer's share of the binding, without an HTTP library: content types, the
//! `SOAPAction` header, the checks every received request passes before its function runs,
//! and the answer (SOAP fault or function execution status) when it fails them.
//!
//! ```text
//! POST /es4  Content-Type: text/xml; charset=utf-8      (SOAP 1.1 6.1.1)
//!            SOAPAction: "http://gsma.com/ES4/ProfileManagent/ES4-EnableProfile"
//! -> 200 + response envelope             ReplyTo absent or anonymous
//! -> 202, empty; response later to ReplyTo (WS-Addressing 1.0 SOAP Binding 5.1.2)
//! -> 500 (SOAP 1.1 6.2) / 400 or 500 (SOAP 1.2 Part 2 7.5.2.2) + fault envelope
//! ```
//!
//! A request without `wsa:MessageID`, `wsa:Action` or `wsa:To`, or addressed to another
//! endpoint, is refused with the WS-Addressing fault; a request whose `wsa:From` is not a
//! known requester is refused with the function execution status 1.1 / 1.1 (function
//! requester unknown) — SGP.02 identifies and authorises requesters, and the SOAP binding
//! carries the requester's identity in `wsa:From`.

use crate::bodies::BaseResponse;
use crate::envelope::{
    Addressing, Envelope, EnvelopeError, Fault, FaultCode, InvalidHeader, SoapVersion,
};
use crate::message::MessageError;
use crate::operation::Operation;
use crate::status::{ResponseHeader, StatusCode, StatusCodeData, codes};

/// Content type of a SOAP 1.1 message (SOAP 1.1 6.1.1).
pub const CONTENT_TYPE_SOAP11: &str = "text/xml; charset=utf-8";
/// Content type of a SOAP 1.2 message (RFC 3902, SOAP 1.2 Part 2 7.1.4).
pub const CONTENT_TYPE_SOAP12: &str = "application/soap+xml; charset=utf-8";
/// The HTTP status of an accepted one-way or asynchronous request.
pub const STATUS_ACCEPTED: u16 = 202;
/// The HTTP status of a synchronous response.
pub const STATUS_OK: u16 = 200;

/// The content type for `version`.
pub fn content_type(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::Soap11 => CONTENT_TYPE_SOAP11,
        SoapVersion::Soap12 => CONTENT_TYPE_SOAP12,
    }
}

/// The SOAP version a `Content-Type` announces; `None` for any other media type or a charset
/// other than UTF-8.
pub fn version_of_content_type(value: &str) -> Option<SoapVersion> {
    let mut params = value.split(';').map(str::trim);
    let version = match params.next()?.to_ascii_lowercase().as_str() {
        "text/xml" => SoapVersion::Soap11,
        "application/soap+xml" => SoapVersion::Soap12,
        _ => return None,
    };
    for p in params {
        if let Some((k, v)) = p.split_once('=')
            && k.trim().eq_ignore_ascii_case("charset")
            && !v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        {
            return None;
        }
    }
    Some(version)
}

/// The `SOAPAction` header value for `action`: a quoted URI (SOAP 1.1 6.1.1).
pub fn soap_action_header(action: &str) -> String {
    format!("\"{action}\"")
}

/// The URI in a `SOAPAction` header, quotes removed; empty for `""`.
pub fn parse_soap_action(value: &str) -> &str {
    let v = value.trim();
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v)
}

/// Where the response to a request goes (WS-Addressing 1.0 SOAP Binding 5.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyRoute {
    /// In the HTTP response (no `ReplyTo`, or the anonymous address).
    HttpResponse,
    /// To this address, later; the HTTP answer is 202 with no body.
    Callback(String),
}

/// The route of the response to a request with `addressing`.
pub fn reply_route(addressing: &Addressing) -> ReplyRoute {
    match &addressing.reply_to {
        Some(r) if !r.is_anonymous() => ReplyRoute::Callback(r.address.clone()),
        _ => ReplyRoute::HttpResponse,
    }
}

/// Checks the addressing of a received request: `MessageID` and `Action` present, `To`
/// present and equal to `endpoint`, and a non-empty `SOAPAction` header equal to
/// `wsa:Action` (WS-Addressing 1.0 SOAP Binding 6.4.1 `ActionMismatch`).
///
/// # Errors
///
/// The [`EnvelopeError`] naming the WS-Addressing fault.
pub fn check_request(
    env: &Envelope,
    endpoint: &str,
    soap_action: Option<&str>,
) -> Result<(), EnvelopeError> {
    let a = &env.addressing;
    let message_id = a.message_id.as_deref().filter(|m| !m.is_empty());
    message_id.ok_or(EnvelopeError::MessageAddressingHeaderRequired("MessageID"))?;
    let action = crate::operation::require_action(env)?;
    let to = a.to.as_deref().filter(|t| !t.is_empty());
    let to = to.ok_or(EnvelopeError::MessageAddressingHeaderRequired("To"))?;
    if to != endpoint {
        return Err(EnvelopeError::DestinationUnreachable(to.to_owned()));
    }
    if let Some(header) = soap_action.map(parse_soap_action).filter(|h| !h.is_empty())
        && header != action
    {
        return Err(EnvelopeError::InvalidAddressingHeader {
            header: "Action".to_owned(),
            problem: InvalidHeader::ActionMismatch,
        });
    }
    Ok(())
}

/// The requester's identity, `wsa:From`'s address, if `known` accepts it.
///
/// # Errors
///
/// [`Refusal::Status`] with 1.1 / 1.1 when `wsa:From` is absent or not known.
pub fn check_requester(env: &Envelope, known: impl Fn(&str) -> bool) -> Result<&str, Refusal> {
    match env.addressing.from.as_ref().map(|f| f.address.as_str()) {
        Some(from) if known(from) => Ok(from),
        from => Err(Refusal::Status(
            StatusCodeData::from(codes::FUNCTION_REQUESTER_UNKNOWN)
                .with_message(format!("function requester {from:?} is not known")),
        )),
    }
}

/// How a request is refused: a SOAP fault for a message the binding cannot take, a
/// function execution status (`Failed`) for a well-formed request the function refuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Answer with this fault.
    Fault(Fault),
    /// Answer with the operation's response, `Failed` with this status code data.
    Status(StatusCodeData),
}

impl Refusal {
    /// The refusal for a message error: envelope and dispatch errors are faults, a missing
    /// part is reason 2.2 and an invalid one 2.1 (SGP.02 5.1.6.2) with the subject the part
    /// identifies.
    pub fn of(err: &MessageError) -> Refusal {
        let status = |element: &str, reason: &'static str| {
            let subject = codes::subject_of_element(element);
            Refusal::Status(
                StatusCodeData::from(StatusCode::new(subject, reason))
                    .with_subject_identifier(element)
                    .with_message(err.to_string()),
            )
        };
        match err {
            MessageError::Envelope(e) => Refusal::Fault(e.to_fault()),
            MessageError::MissingElement(element) => status(element, "2.2"),
            MessageError::InvalidValue { element, .. } => status(element, "2.1"),
            MessageError::Fault(f) => Refusal::Fault(f.clone()),
            other => Refusal::Fault(Fault {
                code: FaultCode::Sender,
                subcode: None,
                reason: other.to_string(),
            }),
        }
    }

    /// The answer to `request`: for a status, the response of `op` (a fault when the
    /// operation is not known); `message_id` identifies the answer.
    pub fn to_envelope(
        &self,
        request: Option<&Envelope>,
        op: Option<&Operation>,
        message_id: &str,
    ) -> Envelope {
        let version = request.map_or(SoapVersion::Soap11, |r| r.version);
        match (self, op, request) {
            (Refusal::Status(data), Some(op), Some(req)) => {
                let header = ResponseHeader::with(
                    crate::status::ExecutionStatus::Failed,
                    Some(data.clone()),
                );
                let mut env = op.response(&req.addressing, message_id, &BaseResponse::new(header));
                env.version = version;
                env
            }
            (Refusal::Status(data), _, _) => {
                let fault = Fault {
                    code: FaultCode::Sender,
                    subcode: None,
                    reason: data.message.clone().unwrap_or_default(),
                };
                Envelope::fault_reply(request, version, &fault)
            }
            (Refusal::Fault(f), _, _) => Envelope::fault_reply(request, version, f),
        }
    }

    /// The HTTP status of the answer: a status answer is a normal response (200); a fault is
    /// 500 in SOAP 1.1 (6.2) and 400 for a sender fault in SOAP 1.2 (Part 2 7.5.2.2).
    pub fn http_status(&self, version: SoapVersion) -> u16 {
        match (self, version) {
            (Refusal::Status(_), _) => STATUS_OK,
            (Refusal::Fault(f), SoapVersion::Soap12) if f.code == FaultCode::Sender => 400,
            (Refusal::Fault(_), _) => 500,
        }
    }
}
