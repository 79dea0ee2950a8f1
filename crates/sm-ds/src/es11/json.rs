//! The ES11 JSON binding (SGP.22 6.5): the paths of ES9+'s InitiateAuthentication and
//! AuthenticateClient on the SM-DS's host (as LPAs such as lpac post them), answered in
//! JSON with `header.functionExecutionStatus`; a refusal is HTTP 200 with status `Failed`
//! and the spec's codes.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::Response;
use infra::serve::BodyError;
use infra::trace::Direction;
use proto::der::Asn1;
use proto::json::es9p::{self as j, Es9Function};
use proto::json::es12::{AuthenticateClientResponseEs11, EventEntry};
use proto::json::http::is_json_content_type;
use proto::json::{EmptyResponse, ResponseHeader};
use proto::sgp22::{AuthenticateServerResponse, EUICCInfo1};
use serde::de::DeserializeOwned;

use super::{Es11Error, authenticate, initiate};
use crate::context::Ctx;
use crate::http;

/// Serves one JSON function call (`f` is InitiateAuthentication or AuthenticateClient).
pub(crate) async fn handle(
    ctx: Ctx,
    f: Es9Function,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    let trace = |direction, octets: &[u8]| {
        if let Some(t) = &ctx.trace {
            t.write("es11", f.name(), direction, octets);
        }
    };
    trace(
        Direction::Request,
        body.as_ref().unwrap_or_else(|e| &e.head),
    );
    let answered = match body {
        Ok(body) => answer(&ctx, f, &headers, &body).await,
        Err(e) => Err(Es11Error::malformed(e.to_string())),
    };
    let out = match answered {
        Ok(out) => out,
        Err(refusal) => {
            match &refusal {
                Es11Error::Internal(d) => {
                    tracing::error!(function = f.name(), error = %d, "ES11 failed")
                }
                Es11Error::Store(s) => {
                    tracing::error!(function = f.name(), error = %s, "ES11 failed")
                }
                other => tracing::info!(function = f.name(), refusal = %other, "ES11 refused"),
            }
            let failed = EmptyResponse::failed(refusal.status_code(), refusal.to_string());
            serde_json::to_vec(&failed).unwrap_or_default()
        }
    };
    trace(Direction::Response, &out);
    http::json(out)
}

/// A body member or the body itself.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Es11Error> {
    proto::json::decode(body).map_err(|e| Es11Error::Request(e.into()))
}

/// A DER member.
fn parse_der<T: Asn1>(member: &str, bytes: &[u8]) -> Result<T, Es11Error> {
    T::from_der(bytes).map_err(|e| Es11Error::malformed(format!("{member}: {e}")))
}

fn to_json<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, Es11Error> {
    serde_json::to_vec(body).map_err(|e| Es11Error::Internal(e.to_string()))
}

async fn answer(
    ctx: &Ctx,
    f: Es9Function,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<u8>, Es11Error> {
    http::check_headers(headers, is_json_content_type, "JSON")?;
    if f == Es9Function::AuthenticateClient {
        let req: j::AuthenticateClientRequest = parse(body)?;
        let asr: AuthenticateServerResponse = parse_der(
            "authenticateServerResponse",
            &req.authenticate_server_response,
        )?;
        let ok =
            authenticate::authenticate_client(ctx, req.transaction_id.as_bytes(), &asr).await?;
        let event_entries = ok
            .event_entries
            .into_iter()
            .map(|e| EventEntry {
                event_id: e.event_id,
                rsp_server_address: e.rsp_server_address,
            })
            .collect();
        return to_json(&AuthenticateClientResponseEs11 {
            header: ResponseHeader::success(),
            transaction_id: req.transaction_id,
            event_entries,
        });
    }
    let req: j::InitiateAuthenticationRequest = parse(body)?;
    let challenge = req.challenge().map_err(Es11Error::malformed)?;
    let info1: EUICCInfo1 = parse_der("euiccInfo1", &req.euicc_info1)?;
    let ok = initiate::initiate_authentication(ctx, challenge, req.smdp_address.as_str(), &info1)
        .await?;
    let out = j::InitiateAuthenticationResponse::success(&ok)
        .map_err(|e| Es11Error::Internal(e.to_string()))?;
    to_json(&out)
}
