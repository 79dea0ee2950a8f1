//! HTTP facts shared by the bindings (SGP.22 6.1–6.6): the X-Admin-Protocol check, content
//! types, and answers with the headers the spec asks for.

use axum::http::{HeaderMap, header};
use axum::response::Response;
use infra::serve::answer::{Binding, header_text};
use proto::json::http::{
    ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_ASN1, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL,
    is_admin_protocol_v2,
};

/// SGP.22 6.1: the SM-DP+'s answers carry `X-Admin-Protocol: gsma/rsp/v2.x.y`.
const BINDING: Binding = Binding::new(ADMIN_PROTOCOL_SGP22);

/// The X-Admin-Protocol of a request if it names SGP.22 v2 (`gsma/rsp/v2.x.y`), else what
/// was sent (empty when absent) as the error.
pub(crate) fn admin_protocol(headers: &HeaderMap) -> Result<(), OtherAdminProtocol> {
    let value = header_text(headers, X_ADMIN_PROTOCOL);
    if is_admin_protocol_v2(value) {
        Ok(())
    } else {
        Err(OtherAdminProtocol(value.to_string()))
    }
}

/// The X-Admin-Protocol a request sent when it is not SGP.22 v2's (empty when absent).
#[derive(Debug)]
pub(crate) struct OtherAdminProtocol(pub(crate) String);

/// The request's Content-Type, empty when absent or not text.
pub(crate) fn content_type(headers: &HeaderMap) -> &str {
    header_text(headers, header::CONTENT_TYPE.as_str())
}

/// 200 with a JSON body.
pub(crate) fn json(body: Vec<u8>) -> Response {
    BINDING.ok(CONTENT_TYPE_JSON, body)
}

/// 200 with an ASN.1 binding body.
pub(crate) fn asn1(body: Vec<u8>) -> Response {
    BINDING.ok(CONTENT_TYPE_ASN1, body)
}

/// 204 No Content: the answer to a notification (SGP.22 6.3).
pub(crate) fn no_content() -> Response {
    BINDING.no_content()
}

/// 400 Bad Request: an ASN.1 request that names no function this SM-DP+ could answer with
/// its own error value (SGP.22 6.6 defines none for it); the body says why in one line of
/// text, as HTTP servers do for what they cannot parse.
pub(crate) fn bad_request(why: &str) -> Response {
    BINDING.bad_request(why)
}

/// The `5F37` TLV of a raw signature ([`proto::crypto::signature_tlv`]).
pub(crate) fn signature_tlv(raw: &[u8]) -> Vec<u8> {
    proto::crypto::signature_tlv(raw)
}
