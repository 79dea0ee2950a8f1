//! ESipa (IPA ↔ eIM, SGP.32 v1.2 5.14, 6): the ASN.1 binding at `/gsma/rsp2/asn1`
//! (`application/x-gsma-rsp-asn1`, EsipaMessageFromIpaToEim in, EsipaMessageFromEimToIpa
//! out) and the JSON binding at `/gsma/rsp2/esipa/<function>`, over server-authenticated
//! TLS with the eIM's TLS certificate. Every refusal is the function's own error value
//! (ASN.1) or a `Failed` header with an SGP.22 status code (JSON); malformed input never
//! gets more than a spec error or, when no function can be told, HTTP 400.
//!
//! Both SGP.32 generations are served on the same paths: v1.2 is the model, an SGP.32 v1.0
//! IPA (the IPAs in the field) is decoded, converted and answered in v1.0 at this edge
//! (`generation`, `v1_0`); the engine never sees the difference.

mod asn1;
pub(crate) mod coap;
mod device_eid;
pub(crate) mod functions;
#[doc(hidden)]
pub mod fuzz;
mod generation;
mod json;
mod named;
mod precheck;
pub(crate) mod psk;
mod refused;
pub(crate) mod relay;
mod v1_0;

use axum::Extension;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;
use axum::routing::post;
use infra::serve::answer::{Binding, header_text};
use infra::serve::{ConnectionState, RequestBody};
use proto::json::esipa::EsipaFunction;
use proto::json::http::{
    ADMIN_PROTOCOL_ESIPA, ASN1_PATH, CONTENT_TYPE_ASN1, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL,
    is_admin_protocol_v2,
};

use crate::context::Ctx;

/// The ESipa router: both bindings. Bodies are read under the listener's limits
/// ([`RequestBody`]); one refused is answered in the binding's own format.
pub(crate) fn router(ctx: Ctx) -> Router {
    let mut r = Router::new();
    for f in EsipaFunction::ALL {
        r = r.route(
            &f.path(),
            post(
                move |State(ctx): State<Ctx>,
                      conn: Option<Extension<ConnectionState>>,
                      headers: HeaderMap,
                      RequestBody(body): RequestBody| async move {
                    json::handle(ctx, conn.map(|c| c.0), f, headers, body).await
                },
            ),
        );
    }
    r.route(
        ASN1_PATH,
        post(
            |State(ctx): State<Ctx>,
             conn: Option<Extension<ConnectionState>>,
             headers: HeaderMap,
             RequestBody(body): RequestBody| async move {
                asn1::handle(ctx, conn.map(|c| c.0), headers, body).await
            },
        ),
    )
    .with_state(ctx)
}

/// SGP.32 6.1: the eIM's ESipa answers carry `X-Admin-Protocol: gsma/rsp/v2.1.0`.
const BINDING: Binding = Binding::new(ADMIN_PROTOCOL_ESIPA);

/// Whether X-Admin-Protocol names an SGP.22 v2 protocol (ESipa uses `gsma/rsp/v2.1.0`).
fn admin_protocol(headers: &HeaderMap) -> Result<(), refused::AdminProtocolError> {
    let value = header_text(headers, X_ADMIN_PROTOCOL);
    if is_admin_protocol_v2(value) {
        Ok(())
    } else {
        Err(refused::AdminProtocolError(value.to_string()))
    }
}

fn content_type(headers: &HeaderMap) -> &str {
    header_text(headers, header::CONTENT_TYPE.as_str())
}

fn json_response(body: Vec<u8>) -> Response {
    BINDING.ok(CONTENT_TYPE_JSON, body)
}

fn asn1_response(body: Vec<u8>) -> Response {
    BINDING.ok(CONTENT_TYPE_ASN1, body)
}

fn no_content() -> Response {
    BINDING.no_content()
}

/// 400 Bad Request: a message that names no function (SGP.32 6.1.1 defines no error value
/// for it); the body says why in one line of text.
fn bad_request(why: &str) -> Response {
    BINDING.bad_request(why)
}
