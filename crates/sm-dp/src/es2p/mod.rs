//! ES2+ (Operator ↔ SM-DP+, SGP.22 5.3, JSON binding 6.5 at `/gsma/rsp2/es2plus/<function>`)
//! over mutually authenticated TLS: the operator is the commonName of its client certificate,
//! issued under the operator CA, and sees only its own profile types and profiles. The
//! SM-DP+ side of HandleDownloadProgressInfo is in [`crate::progress`]; a client for
//! operators in [`client`].

mod caller;
pub mod client;
mod eid_limit;
pub mod error;
mod functions;
#[doc(hidden)]
pub mod fuzz;
mod matching_id;
mod smds;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use caller::{Caller, operator};
use infra::serve::{BodyError, ConnectionState, PeerCertificates, RequestBody};
use infra::trace::Direction;
use proto::json::es2p::{self as j, Es2Function};
use proto::json::http::is_json_content_type;
use proto::json::{EmptyResponse, JsonError};
use serde::de::DeserializeOwned;

use crate::context::Ctx;
use crate::http;
pub use error::Es2Error;

/// The ES2+ router (the four operator-called functions).
/// Bodies are read under the listener's limits ([`RequestBody`]); one refused is answered
/// in the binding's own format (1.3.1/2.1), never with a plain-text 413.
pub(crate) fn router(ctx: Ctx) -> Router {
    let mut r = Router::new();
    for f in [
        Es2Function::DownloadOrder,
        Es2Function::ConfirmOrder,
        Es2Function::CancelOrder,
        Es2Function::ReleaseProfile,
    ] {
        r = r.route(
            &f.path(),
            post(
                move |State(ctx): State<Ctx>,
                      Extension(peer): Extension<PeerCertificates>,
                      conn: Option<Extension<ConnectionState>>,
                      headers: HeaderMap,
                      RequestBody(body): RequestBody| async move {
                    let caller = Caller {
                        peer,
                        conn: conn.map(|c| c.0),
                    };
                    handle(ctx, f, caller, headers, body).await
                },
            ),
        );
    }
    r.with_state(ctx)
}

async fn handle(
    ctx: Ctx,
    f: Es2Function,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    if let Some(t) = &ctx.trace {
        let traced = body.as_ref().unwrap_or_else(|e| &e.head);
        t.write("es2p", f.name(), Direction::Request, traced);
    }
    let outcome = async {
        let body = body.map_err(|e| Es2Error::Malformed(e.to_string()))?;
        http::admin_protocol(&headers).map_err(|p| Es2Error::ProtocolVersion(p.0))?;
        let ct = http::content_type(&headers);
        if !is_json_content_type(ct) {
            return Err(Es2Error::Malformed(format!(
                "Content-Type {ct:?} is not JSON"
            )));
        }
        let op = operator(&ctx, &caller)?;
        let out = match f {
            Es2Function::DownloadOrder => {
                encode(&functions::download_order(&ctx, &op, decode(&body)?).await?)
            }
            Es2Function::ConfirmOrder => {
                encode(&functions::confirm_order(&ctx, &op, decode(&body)?).await?)
            }
            Es2Function::CancelOrder => {
                functions::cancel_order(&ctx, &op, decode::<j::CancelOrderRequest>(&body)?).await?;
                encode(&EmptyResponse::success())
            }
            Es2Function::ReleaseProfile => {
                functions::release_profile(&ctx, &op, decode::<j::ReleaseProfileRequest>(&body)?)
                    .await?;
                encode(&EmptyResponse::success())
            }
            Es2Function::HandleDownloadProgressInfo => {
                Err(Es2Error::Malformed("not served by the SM-DP+".into()))
            }
        }?;
        tracing::info!(function = f.name(), operator = %op, "ES2+ executed");
        infra::crash::crash_point(infra::crash::Stage::After, f.name());
        Ok::<_, Es2Error>(out)
    }
    .await;
    let json = match outcome {
        Ok(json) => json,
        Err(e) => {
            match &e {
                Es2Error::Internal(d) => {
                    tracing::error!(function = f.name(), error = %d, "ES2+ failed")
                }
                Es2Error::Store(s) => {
                    tracing::error!(function = f.name(), error = %s, "ES2+ failed")
                }
                other => tracing::info!(function = f.name(), refusal = %other, "ES2+ refused"),
            }
            serde_json::to_vec(&EmptyResponse::failed(e.status_code(), e.to_string()))
                .unwrap_or_default()
        }
    };
    if let Some(t) = &ctx.trace {
        t.write("es2p", f.name(), Direction::Response, &json);
    }
    http::json(json)
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Es2Error> {
    proto::json::decode(body).map_err(json_error)
}

/// A missing member is 1.3.1/2.2; a malformed EID 8.1.1/2.1; anything else 1.3.1/2.1.
fn json_error(e: JsonError) -> Es2Error {
    if e.message.starts_with("missing field") {
        Es2Error::MissingElement(e.to_string())
    } else if e.member() == Some("eid") {
        Es2Error::EidInvalid(e.to_string())
    } else {
        Es2Error::Malformed(e.to_string())
    }
}

fn encode<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, Es2Error> {
    serde_json::to_vec(body).map_err(|e| Es2Error::Internal(e.to_string()))
}
