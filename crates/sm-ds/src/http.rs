//! The HTTP side of the SM-DS's bindings (SGP.22 6.1–6.6): request headers checked, answers
//! with `X-Admin-Protocol`.

use axum::http::{HeaderMap, header};
use axum::response::Response;
use infra::serve::answer::{Binding, header_text};
use proto::json::RequestError;
use proto::json::http::{
    ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_ASN1, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL,
    is_admin_protocol_v2,
};

/// SGP.22 6.1: answers carry `X-Admin-Protocol: gsma/rsp/v2.x.y`.
const BINDING: Binding = Binding::new(ADMIN_PROTOCOL_SGP22);

/// Checks X-Admin-Protocol (1.3.2/3.1) and that `binding_type` accepts the Content-Type
/// (1.3.1/2.1, the binding named `binding` in the message).
pub(crate) fn check_headers(
    headers: &HeaderMap,
    binding_type: fn(&str) -> bool,
    binding: &str,
) -> Result<(), RequestError> {
    let protocol = header_text(headers, X_ADMIN_PROTOCOL);
    if !is_admin_protocol_v2(protocol) {
        return Err(RequestError::ProtocolVersion(protocol.to_string()));
    }
    let ct = header_text(headers, header::CONTENT_TYPE.as_str());
    if !binding_type(ct) {
        return Err(RequestError::Malformed(format!(
            "Content-Type {ct:?} is not {binding}"
        )));
    }
    Ok(())
}

/// 200 with a JSON body.
pub(crate) fn json(body: Vec<u8>) -> Response {
    BINDING.ok(CONTENT_TYPE_JSON, body)
}

/// 200 with an ASN.1 binding body.
pub(crate) fn asn1(body: Vec<u8>) -> Response {
    BINDING.ok(CONTENT_TYPE_ASN1, body)
}

/// 400 with the reason as text: an ASN.1 request that names no function the SM-DS could
/// answer with an error value.
pub(crate) fn bad_request(why: &str) -> Response {
    BINDING.bad_request(why)
}
