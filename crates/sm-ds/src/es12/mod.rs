//! ES12 (SM-DP+ → SM-DS, SGP.22 5.9; JSON binding 6.5.2.13–14 at `/gsma/rsp2/es12/<function>`)
//! over mutually authenticated TLS: RegisterEvent and DeleteEvent, the caller named by its
//! client certificate ([`Registrant`]). An alternative SM-DS's ES15 calls (5.10) arrive here
//! too, with its CERT.DS.TLS.

mod caller;
pub mod error;
mod functions;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use infra::serve::{BodyError, PeerCertificates, RequestBody};
use infra::trace::Direction;
use proto::json::EmptyResponse;
use proto::json::es12::Es12Function;
use proto::json::http::is_json_content_type;
use serde::de::DeserializeOwned;

pub use caller::Registrant;
pub use error::Es12Error;

use crate::context::Ctx;
use crate::http;

/// The ES12 router. Bodies are read under the listener's limits; one refused is answered
/// in the binding's format (1.3.1/2.1).
pub(crate) fn router(ctx: Ctx) -> Router {
    let mut r = Router::new();
    for f in Es12Function::ALL {
        r = r.route(
            &f.path(),
            post(
                move |State(ctx): State<Ctx>,
                      Extension(peer): Extension<PeerCertificates>,
                      headers: HeaderMap,
                      RequestBody(body): RequestBody| async move {
                    handle(ctx, f, peer, headers, body).await
                },
            ),
        );
    }
    r.with_state(ctx)
}

async fn handle(
    ctx: Ctx,
    f: Es12Function,
    peer: PeerCertificates,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    if let Some(t) = &ctx.trace {
        t.write(
            "es12",
            f.name(),
            Direction::Request,
            body.as_ref().unwrap_or_else(|e| &e.head),
        );
    }
    let outcome = run(&ctx, f, &peer, &headers, body).await;
    let answer = match outcome {
        Ok(()) => EmptyResponse::success(),
        Err(e) => {
            match &e {
                Es12Error::Store(s) => {
                    tracing::error!(function = f.name(), error = %s, "ES12 failed")
                }
                other => tracing::info!(function = f.name(), refusal = %other, "ES12 refused"),
            }
            EmptyResponse::failed(e.status_code(), e.to_string())
        }
    };
    let json = serde_json::to_vec(&answer).unwrap_or_default();
    if let Some(t) = &ctx.trace {
        t.write("es12", f.name(), Direction::Response, &json);
    }
    http::json(json)
}

async fn run(
    ctx: &Ctx,
    f: Es12Function,
    peer: &PeerCertificates,
    headers: &HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Result<(), Es12Error> {
    let body = body.map_err(|e| Es12Error::malformed(e.to_string()))?;
    http::check_headers(headers, is_json_content_type, "JSON")?;
    let who = caller::registrant(ctx, peer)?;
    match f {
        Es12Function::RegisterEvent => {
            let e = functions::register_event(ctx, &who, decode(&body)?).await?;
            tracing::info!(eid = %e.eid, registrant = %who.id, "event registered");
        }
        Es12Function::DeleteEvent => {
            functions::delete_event(ctx, &who, decode(&body)?).await?;
            tracing::info!(registrant = %who.id, "event deleted");
        }
    }
    Ok(())
}

/// A missing member is 1.3.1/2.2, anything else malformed 1.3.1/2.1.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Es12Error> {
    proto::json::decode(body).map_err(|e| Es12Error::Request(e.into()))
}
