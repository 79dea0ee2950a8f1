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
//!
//! [`receive`] runs the media type, envelope, addressing and dispatch checks in one call and
//! returns either the message or the [`Answer`] to send.

mod check;
mod receive;
mod refusal;

pub use check::{check_request, check_requester};
pub use receive::{Answer, Received, STATUS_UNSUPPORTED_MEDIA_TYPE, receive};
pub use refusal::Refusal;

use crate::envelope::{Addressing, SoapVersion};

/// The HTTP headers of a request (or an asynchronous response, or a notification) whose
/// `wsa:Action` is `action`: the SOAP 1.1 content type and the `SOAPAction` header.
pub fn request_headers(action: &str) -> [(&'static str, String); 2] {
    [
        ("content-type", CONTENT_TYPE_SOAP11.to_string()),
        ("soapaction", soap_action_header(action)),
    ]
}

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
