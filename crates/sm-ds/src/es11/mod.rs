//! ES11 (LPA → SM-DS, SGP.22 5.8): InitiateAuthentication and AuthenticateClient with the
//! common mutual authentication of ES9+ (the SM-DS signs with CERT.DSauth.ECDSA, verifies
//! the eUICC's chain and signature over the received octets), answering the eUICC's Event
//! Records. JSON binding on `/gsma/rsp2/es9plus/initiateAuthentication|authenticateClient`
//! (SGP.22 6.5, as LPAs post ES11 to the SM-DS's host), ASN.1 binding at `/gsma/rsp2/asn1`
//! (6.6). Server-authenticated TLS with CERT.DS.TLS.

mod asn1;
mod authenticate;
pub mod error;
mod initiate;
mod json;

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{MethodRouter, post};
use infra::serve::RequestBody;
use proto::json::es9p::Es9Function;
use proto::json::http::ASN1_PATH;

pub use error::Es11Error;

use crate::context::Ctx;

/// The ES11 router: both functions in the JSON binding, and the ASN.1 binding.
pub(crate) fn router(ctx: Ctx) -> Router {
    let initiate = Es9Function::InitiateAuthentication;
    let authenticate = Es9Function::AuthenticateClient;
    Router::new()
        .route(&initiate.path(), json_function(initiate))
        .route(&authenticate.path(), json_function(authenticate))
        .route(ASN1_PATH, post(asn1_binding))
        .with_state(ctx)
}

/// A JSON function's route; bodies are read under the listener's limits.
fn json_function(f: Es9Function) -> MethodRouter<Ctx> {
    post(
        move |State(ctx): State<Ctx>, headers: HeaderMap, RequestBody(body): RequestBody| {
            json::handle(ctx, f, headers, body)
        },
    )
}

async fn asn1_binding(
    State(ctx): State<Ctx>,
    headers: HeaderMap,
    RequestBody(body): RequestBody,
) -> Response {
    asn1::handle(ctx, headers, body).await
}
