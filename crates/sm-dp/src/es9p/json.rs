//! The ES9+ JSON binding (SGP.22 6.5): request headers checked, members decoded (base64 of
//! DER, hex transaction IDs), the function run, and the answer in JSON with
//! `header.functionExecutionStatus`; a refusal is HTTP 200 with status `Failed` and the
//! spec's subject and reason codes. handleNotification answers 204 with no body.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::Response;
use infra::serve::BodyError;
use infra::trace::Direction;
use proto::der::Asn1;
use proto::json::es9p::{self as j, Es9Function};
use proto::json::http::is_json_content_type;
use proto::json::{EmptyResponse, JsonError, ResponseHeader};
use proto::sgp22::{
    AuthenticateServerResponse, CancelSessionResponse, EUICCInfo1, PendingNotification,
    PrepareDownloadResponse,
};
use serde::de::DeserializeOwned;

use super::Es9Error;
use super::faults;
use super::{authenticate, bpp, cancel, initiate, notification};
use crate::context::Ctx;
use crate::http;
use infra::crash::{Stage, crash_point};

/// Serves one JSON function call.
pub(crate) async fn handle(
    ctx: Ctx,
    f: Es9Function,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    if let Some(t) = &ctx.trace {
        let traced = body.as_ref().unwrap_or_else(|e| &e.head);
        t.write("es9p", f.name(), Direction::Request, traced);
    }
    crash_point(Stage::Before, f.name());
    let tid = match (&body, ctx.faults.is_empty()) {
        (Ok(b), false) => transaction_id(b),
        _ => None,
    };
    let outcome = match (check_headers(&headers), body) {
        (Ok(()), Ok(body)) => run(&ctx, f, &body).await,
        (Err(e), _) => Err(e),
        (Ok(()), Err(e)) => Err(Es9Error::Malformed(e.to_string())),
    };
    let armed = match outcome {
        Ok(_) => {
            crash_point(Stage::After, f.name());
            match ctx.faults.is_empty() {
                true => None,
                false => Box::pin(faults::after(&ctx, f.name(), tid.as_deref())).await,
            }
        }
        Err(_) => None,
    };
    let (response, traced) = match outcome {
        Ok(Some(json)) => (http::json(json.clone()), json),
        Ok(None) => (http::no_content(), Vec::new()),
        Err(e) => {
            match &e {
                Es9Error::Internal(d) => {
                    tracing::error!(function = f.name(), error = %d, "ES9+ failed")
                }
                Es9Error::Store(s) => {
                    tracing::error!(function = f.name(), error = %s, "ES9+ failed")
                }
                other => tracing::info!(function = f.name(), refusal = %other, "ES9+ refused"),
            }
            let json = failed(&e);
            (http::json(json.clone()), json)
        }
    };
    if let Some(t) = &ctx.trace {
        t.write("es9p", f.name(), Direction::Response, &traced);
    }
    match armed {
        Some(a) => Box::pin(faults::apply(&ctx, a, f.name(), response, traced)).await,
        None => response,
    }
}

/// The request's `transactionId` (hex), for the faults that select by the session's EID.
fn transaction_id(body: &[u8]) -> Option<Vec<u8>> {
    #[derive(serde::Deserialize)]
    struct WithTid {
        #[serde(rename = "transactionId")]
        transaction_id: Option<String>,
    }
    let tid = serde_json::from_slice::<WithTid>(body)
        .ok()?
        .transaction_id?;
    hex::decode(tid).ok()
}

fn check_headers(headers: &HeaderMap) -> Result<(), Es9Error> {
    http::admin_protocol(headers).map_err(|p| Es9Error::ProtocolVersion(p.0))?;
    let ct = http::content_type(headers);
    if !is_json_content_type(ct) {
        return Err(Es9Error::Malformed(format!(
            "Content-Type {ct:?} is not JSON"
        )));
    }
    Ok(())
}

pub(super) fn failed(e: &Es9Error) -> Vec<u8> {
    let body = EmptyResponse::failed(e.status_code(), e.to_string());
    serde_json::to_vec(&body).unwrap_or_default()
}

pub(super) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Es9Error> {
    proto::json::decode(body).map_err(json_error)
}

/// A missing member is 1.3.1/2.2, anything else malformed 1.3.1/2.1.
pub(crate) fn json_error(e: JsonError) -> Es9Error {
    use proto::json::RequestError as R;
    match R::from(e) {
        R::MissingElement(m) => Es9Error::MissingElement(m),
        R::Malformed(m) | R::ProtocolVersion(m) => Es9Error::Malformed(m),
    }
}

pub(super) fn der<T: Asn1>(member: &str, bytes: &[u8]) -> Result<T, Es9Error> {
    T::from_der(bytes).map_err(|e| Es9Error::Malformed(format!("{member}: {e}")))
}

fn encode<T: serde::Serialize>(body: &T) -> Result<Option<Vec<u8>>, Es9Error> {
    serde_json::to_vec(body)
        .map(Some)
        .map_err(|e| Es9Error::Internal(e.to_string()))
}

async fn run(ctx: &Ctx, f: Es9Function, body: &[u8]) -> Result<Option<Vec<u8>>, Es9Error> {
    match f {
        Es9Function::InitiateAuthentication => {
            let req: j::InitiateAuthenticationRequest = decode(body)?;
            let challenge = req.challenge().map_err(Es9Error::Malformed)?;
            let info1: EUICCInfo1 = der("euiccInfo1", &req.euicc_info1)?;
            let ok = initiate::initiate_authentication(
                ctx,
                challenge,
                req.smdp_address.as_str(),
                &info1,
                &req.euicc_info1,
            )
            .await?;
            let answer = j::InitiateAuthenticationResponse::success(&ok)
                .map_err(|e| Es9Error::Internal(e.to_string()))?;
            encode(&answer)
        }
        Es9Function::AuthenticateClient => {
            let req: j::AuthenticateClientRequest = decode(body)?;
            let asr: AuthenticateServerResponse = der(
                "authenticateServerResponse",
                &req.authenticate_server_response,
            )?;
            let ok =
                authenticate::authenticate_client(ctx, req.transaction_id.as_bytes(), &asr).await?;
            encode(&j::AuthenticateClientResponse {
                header: ResponseHeader::success(),
                transaction_id: req.transaction_id,
                profile_metadata: ok.profile_meta_data.to_der(),
                smdp_signed2: ok.smdp_signed2.raw().to_vec(),
                smdp_signature2: http::signature_tlv(&ok.smdp_signature2),
                smdp_certificate: ok.smdp_certificate.as_bytes().to_vec(),
            })
        }
        Es9Function::GetBoundProfilePackage => {
            let req: j::GetBoundProfilePackageRequest = decode(body)?;
            let pdr: PrepareDownloadResponse =
                der("prepareDownloadResponse", &req.prepare_download_response)?;
            let bpp =
                bpp::get_bound_profile_package(ctx, req.transaction_id.as_bytes(), &pdr).await?;
            let bpp = match ctx.faults.is_empty() {
                true => bpp,
                false => {
                    let tid = req.transaction_id.as_bytes();
                    Box::pin(faults::bound_package(ctx, tid, bpp)).await
                }
            };
            encode(&j::GetBoundProfilePackageResponse {
                header: ResponseHeader::success(),
                transaction_id: req.transaction_id,
                bound_profile_package: bpp,
            })
        }
        Es9Function::HandleNotification => {
            let req: j::HandleNotificationRequest = decode(body)?;
            let pending: PendingNotification =
                der("pendingNotification", &req.pending_notification)?;
            notification::handle_notification(ctx, &pending, &req.pending_notification).await?;
            Ok(None)
        }
        Es9Function::CancelSession => {
            let req: j::CancelSessionRequest = decode(body)?;
            let csr: CancelSessionResponse =
                der("cancelSessionResponse", &req.cancel_session_response)?;
            cancel::cancel_session(ctx, req.transaction_id.as_bytes(), &csr).await?;
            encode(&EmptyResponse::success())
        }
    }
}
