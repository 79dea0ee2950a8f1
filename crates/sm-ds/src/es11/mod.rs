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
use axum::routing::post;
use infra::serve::RequestBody;
use proto::json::es9p::Es9Function;
use proto::json::http::ASN1_PATH;

pub use error::Es11Error;

use crate::context::Ctx;

/// The ES11 router: both bindings, both functions.
pub(crate) fn router(ctx: Ctx) -> Router {
    let mut r = Router::new();
    for f in [
        Es9Function::InitiateAuthentication,
        Es9Function::AuthenticateClient,
    ] {
        r = r.route(
            &f.path(),
            post(
                move |State(ctx): State<Ctx>,
                      headers: HeaderMap,
                      RequestBody(body): RequestBody| async move {
                    json::handle(ctx, f, headers, body).await
                },
            ),
        );
    }
    r.route(
        ASN1_PATH,
        post(
            |State(ctx): State<Ctx>, headers: HeaderMap, RequestBody(body): RequestBody| async move {
                asn1::handle(ctx, headers, body).await
            },
        ),
    )
    .with_state(ctx)
}
