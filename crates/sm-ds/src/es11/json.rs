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
use proto::json::{EmptyResponse, JsonError, ResponseHeader};
use proto::sgp22::{AuthenticateServerResponse, EUICCInfo1};
use serde::de::DeserializeOwned;

use super::{Es11Error, authenticate, initiate};
use crate::context::Ctx;
use crate::http::{self, HeaderProblem};

/// Serves one JSON function call (`f` is InitiateAuthentication or AuthenticateClient).
pub(crate) async fn handle(
    ctx: Ctx,
    f: Es9Function,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    if let Some(t) = &ctx.trace {
        t.write(
            "es11",
            f.name(),
            Direction::Request,
            body.as_ref().unwrap_or_else(|e| &e.head),
        );
    }
    let outcome = match body {
        Ok(body) => run(&ctx, f, &headers, &body).await,
        Err(e) => Err(Es11Error::Malformed(e.to_string())),
    };
    let json = outcome.unwrap_or_else(|e| {
        match &e {
            Es11Error::Internal(d) => {
                tracing::error!(function = f.name(), error = %d, "ES11 failed")
            }
            other => tracing::info!(function = f.name(), refusal = %other, "ES11 refused"),
        }
        serde_json::to_vec(&EmptyResponse::failed(e.status_code(), e.to_string()))
            .unwrap_or_default()
    });
    if let Some(t) = &ctx.trace {
        t.write("es11", f.name(), Direction::Response, &json);
    }
    http::json(json)
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Es11Error> {
    proto::json::decode(body).map_err(|e: JsonError| {
        if e.message.starts_with("missing field") {
            Es11Error::MissingElement(e.to_string())
        } else {
            Es11Error::Malformed(e.to_string())
        }
    })
}

fn der<T: Asn1>(member: &str, bytes: &[u8]) -> Result<T, Es11Error> {
    T::from_der(bytes).map_err(|e| Es11Error::Malformed(format!("{member}: {e}")))
}

fn encode<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, Es11Error> {
    serde_json::to_vec(body).map_err(|e| Es11Error::Internal(e.to_string()))
}

fn transaction_id(bytes: &[u8]) -> Result<proto::ids::TransactionId, Es11Error> {
    proto::ids::TransactionId::new(bytes).map_err(|e| Es11Error::Internal(e.to_string()))
}

async fn run(
    ctx: &Ctx,
    f: Es9Function,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<u8>, Es11Error> {
    http::check_headers(headers, is_json_content_type).map_err(|p| match p {
        HeaderProblem::Protocol(v) => Es11Error::ProtocolVersion(v),
        HeaderProblem::ContentType(v) => {
            Es11Error::Malformed(format!("Content-Type {v:?} is not JSON"))
        }
    })?;
    match f {
        Es9Function::AuthenticateClient => {
            let req: j::AuthenticateClientRequest = decode(body)?;
            let asr: AuthenticateServerResponse = der(
                "authenticateServerResponse",
                &req.authenticate_server_response,
            )?;
            let ok =
                authenticate::authenticate_client(ctx, req.transaction_id.as_bytes(), &asr).await?;
            encode(&AuthenticateClientResponseEs11 {
                header: ResponseHeader::success(),
                transaction_id: req.transaction_id,
                event_entries: ok
                    .event_entries
                    .into_iter()
                    .map(|e| EventEntry {
                        event_id: e.event_id,
                        rsp_server_address: e.rsp_server_address,
                    })
                    .collect(),
            })
        }
        _ => {
            let req: j::InitiateAuthenticationRequest = decode(body)?;
            let challenge: [u8; 16] = req.euicc_challenge.as_slice().try_into().map_err(|_| {
                Es11Error::Malformed(format!(
                    "euiccChallenge has {} octets, 16 expected",
                    req.euicc_challenge.len()
                ))
            })?;
            let info1: EUICCInfo1 = der("euiccInfo1", &req.euicc_info1)?;
            let ok = initiate::initiate_authentication(
                ctx,
                challenge,
                req.smdp_address.as_str(),
                &info1,
            )
            .await?;
            let mut pkid = Vec::new();
            proto::der::write_tlv(
                proto::der::Tag::OCTET_STRING,
                &ok.euicc_ci_pkid_to_be_used,
                &mut pkid,
            );
            encode(&j::InitiateAuthenticationResponse {
                header: ResponseHeader::success(),
                transaction_id: transaction_id(&ok.transaction_id)?,
                server_signed1: ok.server_signed1.raw().to_vec(),
                server_signature1: proto::crypto::signature_tlv(&ok.server_signature1),
                euicc_ci_pkid_to_be_used: pkid,
                server_certificate: ok.server_certificate.as_bytes().to_vec(),
            })
        }
    }
}
