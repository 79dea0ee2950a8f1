//! The ESipa JSON binding (SGP.32 v1.2 6.4; member names as `proto::json::esipa`): bodies
//! decoded into the ASN.1 values the functions work on, answers encoded back. Relayed
//! members keep the ES9+ JSON forms: signatures as the whole `5F37` TLV, the CI key
//! identifier as a DER OCTET STRING (`04 14 ...`). A refusal is
//! HTTP 200 with status `Failed` and an SGP.22 status code; GetEimPackage keeps its error
//! alternative (`eimPackageError`) in an executed answer, as the ASN.1 binding does.
//!
//! An SGP.32 v1.0 IPA gets the same members with v1.0's DER inside (its IpaEuiccDataRequest,
//! its error values) and may provide a v1.0 result ([`super::v1_0`]); a refusal is `Failed`
//! in both generations.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode as HttpStatus};
use axum::response::Response;
use infra::serve::{BodyError, ConnectionState};
use infra::trace::Direction;
use proto::der::{Asn1, Null};
use proto::json::esipa::{self as j, EimPackage, EsipaFunction, EsipaNotification};
use proto::json::http::is_json_content_type;
use proto::json::{EmptyResponse, JsonError, ResponseHeader, StatusCode, StatusCodeData};
use proto::sgp32::{
    EimPackageError, EimPackageResult, GetEimPackageRequest, GetEimPackageResponse,
    HandleNotificationEsipa, InitiateAuthenticationRequestEsipa, ProvideEimPackageResult,
    SGP32AuthenticateServerResponse, SGP32CancelSessionResponse, SGP32PendingNotification,
    SGP32PrepareDownloadResponse, StateChangeCause, v1_0 as v10,
};
use serde::de::DeserializeOwned;

use super::device_eid::{Binding, of_request};
use super::functions::{self, Provided, poll_error};
use super::generation::{self, Generation, Session};
use super::json_response;
use super::named;
use super::relay::{self, RelayError};
use super::v1_0;
use crate::context::Ctx;
use crate::engine::EngineError;
use crate::faults;
use infra::crash::{Stage, crash_point};

/// A refusal in the JSON binding; `.1`: a relayed function the SM-DP+ gave no answer to,
/// answered 502 Bad Gateway ([`RelayError::unanswered`]).
pub(super) struct Refusal(StatusCodeData, bool);

impl Refusal {
    pub(super) fn new(code: StatusCode, message: impl Into<String>) -> Refusal {
        Refusal(StatusCodeData::from(code).with_message(message), false)
    }
}

impl From<RelayError> for Refusal {
    fn from(e: RelayError) -> Refusal {
        Refusal(e.status, e.unanswered)
    }
}

pub(super) fn failed(r: Refusal) -> Vec<u8> {
    let body = EmptyResponse {
        header: ResponseHeader::with(proto::json::ExecutionStatus::Failed, Some(r.0)),
    };
    serde_json::to_vec(&body).unwrap_or_default()
}

/// A missing member is 1.3.1/2.2, anything else malformed 1.3.1/2.1.
fn json_refusal(e: JsonError) -> Refusal {
    if e.message.starts_with("missing field") {
        Refusal::new(
            StatusCode::PROTOCOL_FORMAT_MANDATORY_ELEMENT_MISSING,
            e.to_string(),
        )
    } else {
        Refusal::new(StatusCode::PROTOCOL_FORMAT_INVALID, e.to_string())
    }
}

pub(super) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    proto::json::decode(body).map_err(json_refusal)
}

pub(super) fn der<T: Asn1>(member: &str, bytes: &[u8]) -> Result<T, Refusal> {
    T::from_der(bytes).map_err(|e| {
        Refusal::new(
            StatusCode::PROTOCOL_FORMAT_INVALID,
            format!("{member}: {e}"),
        )
    })
}

fn encode<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, Refusal> {
    serde_json::to_vec(body)
        .map_err(|e| Refusal::new(StatusCode::FUNCTION_EXECUTION_ERROR, e.to_string()))
}

fn engine(e: EngineError) -> Refusal {
    tracing::error!(error = %e, "ESipa function failed");
    Refusal::new(StatusCode::FUNCTION_EXECUTION_ERROR, e.to_string())
}

/// Serves one JSON function call.
pub(crate) async fn handle(
    ctx: Ctx,
    conn: Option<ConnectionState>,
    f: EsipaFunction,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    if let Some(t) = &ctx.trace {
        let traced = body.as_ref().unwrap_or_else(|e| &e.head);
        t.write("esipa", f.name(), Direction::Request, traced);
    }
    let checked = super::admin_protocol(&headers)
        .map_err(|e| Refusal::new(e.status_code(), e.to_string()))
        .and_then(|()| {
            let ct = super::content_type(&headers);
            if is_json_content_type(ct) {
                Ok(())
            } else {
                Err(Refusal::new(
                    StatusCode::PROTOCOL_FORMAT_INVALID,
                    format!("Content-Type {ct:?} is not JSON"),
                ))
            }
        });
    let eid = |body: &Result<Bytes, BodyError>| {
        of_request(
            conn.as_ref(),
            body.as_ref().ok().map(|b| &b[..]),
            Binding::Json,
        )
    };
    let faulty = !ctx.faults.is_empty();
    if faulty {
        if let Some(closed) = Box::pin(faults::unreachable(&ctx, f.name(), || eid(&body))).await {
            return closed;
        }
    }
    let named = if faulty { eid(&body) } else { None };
    crash_point(Stage::Before, f.name());
    let out = match (checked, body) {
        (Ok(()), Ok(body)) => run(&ctx, conn.as_ref(), f, &body).await,
        (Err(r), _) => Err(r),
        (Ok(()), Err(e)) => Err(Refusal::new(
            StatusCode::PROTOCOL_FORMAT_INVALID,
            e.to_string(),
        )),
    };
    let armed = match (&out, faulty) {
        (Ok(_), faulty) => {
            crash_point(Stage::After, f.name());
            let eid = || named.or_else(|| of_request(conn.as_ref(), None, Binding::Json));
            faulty
                .then(eid)
                .and_then(|e| faults::after(&ctx, f.name(), e))
        }
        (Err(_), _) => None,
    };
    let json = match out {
        Ok(json) => json,
        Err(Refusal(_, true)) => {
            return super::BINDING.answer(HttpStatus::BAD_GATEWAY, None, Vec::new());
        }
        Err(r) => {
            tracing::info!(function = f.name(), refusal = ?r.0, "ESipa (JSON) refused");
            failed(r)
        }
    };
    if let Some(t) = &ctx.trace {
        t.write("esipa", f.name(), Direction::Response, &json);
    }
    match armed {
        Some(a) => Box::pin(faults::apply(&ctx, a, f.name(), json_response(json))).await,
        None => json_response(json),
    }
}

fn cause(n: i64) -> StateChangeCause {
    match n {
        0 => StateChangeCause::OtherEim,
        1 => StateChangeCause::Fallback,
        2 => StateChangeCause::EmergencyProfile,
        3 => StateChangeCause::Local,
        4 => StateChangeCause::Reset,
        5 => StateChangeCause::ImmediateEnableProfile,
        6 => StateChangeCause::DeviceChange,
        127 => StateChangeCause::Undefined,
        other => StateChangeCause::Other(other),
    }
}

fn package_error(e: EimPackageError, g: Generation) -> Result<Vec<u8>, Refusal> {
    let e = match g {
        Generation::V1_2 | Generation::V1_3 => e,
        // v1.0 knows no EID problems (SGP.32 v1.0 6.3.2.6).
        Generation::V1_0 => match v10::EimPackageError::from_v1_2(e) {
            v10::EimPackageError::NoEimPackageAvailable => EimPackageError::NoEimPackageAvailable,
            v10::EimPackageError::UndefinedError | v10::EimPackageError::Other(_) => {
                EimPackageError::UndefinedError
            }
        },
    };
    let value = match e {
        EimPackageError::NoEimPackageAvailable => 1,
        EimPackageError::EidNotFound => 2,
        EimPackageError::InvalidEid => 3,
        EimPackageError::MissingEid => 4,
        EimPackageError::UndefinedError => 127,
        EimPackageError::Other(v) => v,
    };
    encode(&j::GetEimPackageResponse {
        header: ResponseHeader::success(),
        package: EimPackage::EimPackageError(value),
    })
}

async fn get_eim_package(
    ctx: &Ctx,
    conn: Option<&ConnectionState>,
    body: &[u8],
) -> Result<Vec<u8>, Refusal> {
    let session = generation::session(conn);
    let unknown = session.as_ref().map_or(Generation::V1_2, |s| s.generation);
    let (typed, eid) = match get_eim_package_request(body, unknown) {
        Ok(request) => request,
        Err(answer) => return answer,
    };
    // Only v1.2 has stateChangeCause; otherwise the members are the same in both, and the
    // generation is the connection's, or read in the poll's own transaction.
    let known = match typed.state_change_cause {
        Some(_) => Some(Generation::V1_2),
        None => session
            .as_ref()
            .filter(|s| s.eid == eid)
            .map(|s| s.generation),
    };
    let unanswered = |e: EngineError| GetEimPackageResponse::EimPackageError(poll_error(&e));
    let (g, resp) = match known {
        Some(g) => {
            let resp = functions::get_eim_package(ctx, &typed).await;
            (g, resp.unwrap_or_else(unanswered))
        }
        None => match functions::get_eim_package_of(ctx, &typed, eid.clone()).await {
            Ok((resp, g)) => (g, resp),
            Err(e) => (Generation::V1_2, unanswered(e)),
        },
    };
    generation::remember(
        conn,
        Session {
            eid,
            generation: g,
            delivered: v1_0::delivered(&resp),
            trigger: matches!(
                resp,
                GetEimPackageResponse::ProfileDownloadTriggerRequest(_)
            ),
        },
    );
    let package = match (resp, g) {
        (GetEimPackageResponse::EimPackageError(e), g) => return package_error(e, g),
        (GetEimPackageResponse::IpaEuiccDataRequest(r), Generation::V1_0) => {
            EimPackage::IpaEuiccDataRequest(v10::IpaEuiccDataRequest::from_v1_2(&r).to_der())
        }
        (GetEimPackageResponse::EuiccPackageRequest(r), _) => {
            EimPackage::EuiccPackageRequest(r.to_der())
        }
        (GetEimPackageResponse::IpaEuiccDataRequest(r), _) => {
            EimPackage::IpaEuiccDataRequest(r.to_der())
        }
        (GetEimPackageResponse::ProfileDownloadTriggerRequest(r), _) => {
            EimPackage::ProfileDownloadTriggerRequest(r.to_der())
        }
    };
    encode(&j::GetEimPackageResponse {
        header: ResponseHeader::success(),
        package,
    })
}

/// The request in a GetEimPackage body and its EID as text, or the answer to a body that is
/// none: a missing or malformed `eidValue` is the function's own error (`missingEid`,
/// `invalidEid`, in generation `g`'s terms) in an executed answer, anything else a `Failed`
/// header.
pub(super) fn get_eim_package_request(
    body: &[u8],
    g: Generation,
) -> Result<(GetEimPackageRequest, String), Result<Vec<u8>, Refusal>> {
    let req: j::GetEimPackageRequest = match proto::json::decode(body) {
        Ok(r) => r,
        Err(e) if e.member() == Some("eidValue") => {
            let error = if e.message.starts_with("missing field") {
                EimPackageError::MissingEid
            } else {
                EimPackageError::InvalidEid
            };
            return Err(package_error(error, g));
        }
        Err(e) if e.message.contains("eidValue") => {
            return Err(package_error(EimPackageError::MissingEid, g));
        }
        Err(e) => return Err(Err(json_refusal(e))),
    };
    let typed = GetEimPackageRequest {
        eid_value: req.eid_value.to_bcd(),
        notify_state_change: req.notify_state_change.filter(|b| *b).map(|_| Null),
        state_change_cause: req.state_change_cause.map(cause),
        r_plmn: req.r_plmn.map(|p| p.to_bytes()),
    };
    Ok((typed, req.eid_value.as_str().to_string()))
}

/// A v1.0 result in a JSON member: the alternative's DER, as v1.2's `eimPackageResult`.
fn v1_0_result(der: &[u8]) -> Option<v10::ProvideEimPackageResult> {
    let mut tlv = Vec::with_capacity(der.len() + 6);
    proto::der::write_tlv(proto::der::Tag::context(80, true), der, &mut tlv);
    v10::ProvideEimPackageResult::from_der(&tlv).ok()
}

/// ESipa.ProvideEimPackageResult: the result in v1.2's octets, or in v1.0's when v1.2 does
/// not read it or the connection's IPA speaks v1.0.
async fn provide_eim_package_result(
    ctx: &Ctx,
    conn: Option<&ConnectionState>,
    body: &[u8],
) -> Result<Vec<u8>, Refusal> {
    let req: j::ProvideEimPackageResultRequest = decode(body)?;
    let session = generation::session(conn);
    let v1_2 = EimPackageResult::from_der(&req.eim_package_result);
    let v1_0 = v1_0_result(&req.eim_package_result);
    let speaks_v1_0 = session.as_ref().map(|s| s.generation) == Some(Generation::V1_0);
    let eid = req.eid_value.as_ref().map(|e| e.to_bcd());
    let p = match (v1_2, v1_0) {
        (Ok(r), v1_0) => {
            // Without eidValue and eimTransactionId only the connection names the device,
            // as in v1.0.
            let named = eid.is_some() || named::transaction_of(&r).is_some();
            match v1_0 {
                Some(v) if speaks_v1_0 || !named => {
                    v1_0::provide(ctx, session.as_ref(), &v, eid, false).await
                }
                _ => {
                    let typed = ProvideEimPackageResult {
                        eid_value: eid,
                        eim_package_result: r,
                    };
                    let told = eid.map(|_| Generation::V1_2);
                    functions::provide_eim_package_result(ctx, &typed, told).await
                }
            }
        }
        (Err(_), Some(r)) => v1_0::provide(ctx, session.as_ref(), &r, eid, true).await,
        (Err(e), None) => {
            return Err(Refusal::new(
                StatusCode::PROTOCOL_FORMAT_INVALID,
                format!("eimPackageResult: {e}"),
            ));
        }
    };
    provided(p.map_err(engine)?)
}

fn provided(p: Provided) -> Result<Vec<u8>, Refusal> {
    match p {
        Provided::Refused(_, code, why) => Err(Refusal::new(code, why)),
        Provided::Acknowledged(seqs) => {
            let acks = match p_response(&seqs) {
                proto::sgp32::ProvideEimPackageResultResponse::EimAcknowledgements(a) => {
                    Some(a.to_der())
                }
                _ => None,
            };
            encode(&j::ProvideEimPackageResultResponse {
                header: ResponseHeader::success(),
                eim_acknowledgements: acks,
            })
        }
    }
}

fn p_response(seqs: &[i64]) -> proto::sgp32::ProvideEimPackageResultResponse {
    Provided::Acknowledged(seqs.to_vec()).response()
}

/// Runs one ESipa function of the JSON binding (SGP.32 v1.2 6.1.2) on its request body.
async fn run(
    ctx: &Ctx,
    conn: Option<&ConnectionState>,
    f: EsipaFunction,
    body: &[u8],
) -> Result<Vec<u8>, Refusal> {
    match f {
        EsipaFunction::GetEimPackage => get_eim_package(ctx, conn, body).await,
        EsipaFunction::ProvideEimPackageResult => provide_eim_package_result(ctx, conn, body).await,
        EsipaFunction::HandleNotification => handle_notification(ctx, conn, body).await,
        EsipaFunction::InitiateAuthentication => initiate_authentication(ctx, body).await,
        EsipaFunction::AuthenticateClient => authenticate_client(ctx, body).await,
        EsipaFunction::GetBoundProfilePackage => get_bound_profile_package(ctx, body).await,
        EsipaFunction::CancelSession => cancel_session(ctx, body).await,
        EsipaFunction::TransferEimPackage => Err(Refusal::new(
            StatusCode::PROTOCOL_FORMAT_INVALID,
            "transferEimPackage is called by the eIM, not served by it",
        )),
    }
}

/// ESipa.HandleNotification (SGP.32 v1.2 6.1.2.5): a pending notification, or a package
/// result handed over as a notification (v1.2, or v1.0 settled by the connection's device).
async fn handle_notification(
    ctx: &Ctx,
    conn: Option<&ConnectionState>,
    body: &[u8],
) -> Result<Vec<u8>, Refusal> {
    let req: j::HandleNotificationRequest = decode(body)?;
    let typed = match &req.notification {
        EsipaNotification::PendingNotification(b) => HandleNotificationEsipa::PendingNotification(
            der::<SGP32PendingNotification>("pendingNotification", b)?,
        ),
        EsipaNotification::ProvideEimPackageResult(b) => {
            match (
                ProvideEimPackageResult::from_der(b),
                v10::ProvideEimPackageResult::from_der(b),
            ) {
                (Ok(p), _) => HandleNotificationEsipa::ProvideEimPackageResult(p),
                // A v1.0 result (a CHOICE without eidValue under the same tag).
                (Err(_), Ok(r)) => {
                    let session = generation::session(conn);
                    return match v1_0::provide(ctx, session.as_ref(), &r, None, true)
                        .await
                        .map_err(engine)?
                    {
                        Provided::Acknowledged(_) => encode(&EmptyResponse::success()),
                        Provided::Refused(_, _, why) => {
                            Err(Refusal::new(StatusCode::EUICC_VERIFICATION_FAILED, why))
                        }
                    };
                }
                (Err(e), Err(_)) => {
                    return Err(Refusal::new(
                        StatusCode::PROTOCOL_FORMAT_INVALID,
                        format!("provideEimPackageResult: {e}"),
                    ));
                }
            }
        }
    };
    match functions::handle_notification(ctx, &typed)
        .await
        .map_err(engine)?
    {
        None => encode(&EmptyResponse::success()),
        Some(why) => Err(Refusal::new(StatusCode::EUICC_VERIFICATION_FAILED, why)),
    }
}

/// ESipa.InitiateAuthentication (SGP.32 v1.2 6.1.2.1), relayed to the SM-DP+.
async fn initiate_authentication(ctx: &Ctx, body: &[u8]) -> Result<Vec<u8>, Refusal> {
    let req: j::InitiateAuthenticationRequest = decode(body)?;
    let challenge: [u8; 16] = req.euicc_challenge.as_slice().try_into().map_err(|_| {
        Refusal::new(
            StatusCode::PROTOCOL_FORMAT_INVALID,
            format!(
                "euiccChallenge has {} octets, 16 expected",
                req.euicc_challenge.len()
            ),
        )
    })?;
    let typed = InitiateAuthenticationRequestEsipa {
        euicc_challenge: challenge,
        smdp_address: req.smdp_address.map(|a| a.as_str().to_string()),
        euicc_info1: req
            .euicc_info1
            .as_deref()
            .map(|b| der("euiccInfo1", b))
            .transpose()?,
        eim_transaction_id: req.eim_transaction_id.map(|t| t.as_bytes().to_vec()),
    };
    let ok = relay::initiate_authentication(ctx, &typed).await?;
    encode(&j::InitiateAuthenticationResponse {
        header: ResponseHeader::success(),
        transaction_id: ok
            .transaction_id
            .as_deref()
            .and_then(|t| proto::ids::TransactionId::new(t).ok()),
        server_signed1: ok.server_signed1.raw().to_vec(),
        server_signature1: signature_tlv(&ok.server_signature1),
        euicc_ci_pk_identifier_to_be_used: octet_string_tlv(&ok.euicc_ci_pk_identifier_to_be_used),
        server_certificate: ok.server_certificate.0.as_bytes().to_vec(),
        matching_id: ok.matching_id.clone(),
        ctx_params1: ok.ctx_params1.as_ref().map(|c| c.to_der()),
    })
}

/// ESipa.AuthenticateClient (SGP.32 v1.2 6.1.2.2), relayed to the SM-DP+.
async fn authenticate_client(ctx: &Ctx, body: &[u8]) -> Result<Vec<u8>, Refusal> {
    let req: j::AuthenticateClientRequest = decode(body)?;
    let typed = proto::sgp32::AuthenticateClientRequestEsipa {
        transaction_id: req.transaction_id.as_bytes().to_vec(),
        authenticate_server_response: der::<SGP32AuthenticateServerResponse>(
            "authenticateServerResponse",
            &req.authenticate_server_response,
        )?,
    };
    let ok = relay::authenticate_client(ctx, &typed).await?;
    encode(&j::AuthenticateClientResponse {
        header: ResponseHeader::success(),
        transaction_id: Some(req.transaction_id),
        profile_metadata: ok.profile_meta_data.as_ref().map(|m| m.to_der()),
        smdp_signed2: ok.smdp_signed2.raw().to_vec(),
        smdp_signature2: signature_tlv(&ok.smdp_signature2),
        smdp_certificate: ok.smdp_certificate.0.as_bytes().to_vec(),
        hash_cc: ok.hash_cc.map(|h| h.to_vec()),
    })
}

/// ESipa.GetBoundProfilePackage (SGP.32 v1.2 6.1.2.3), relayed to the SM-DP+.
async fn get_bound_profile_package(ctx: &Ctx, body: &[u8]) -> Result<Vec<u8>, Refusal> {
    let req: j::GetBoundProfilePackageRequest = decode(body)?;
    let typed = proto::sgp32::GetBoundProfilePackageRequestEsipa {
        transaction_id: req.transaction_id.as_bytes().to_vec(),
        prepare_download_response: der::<SGP32PrepareDownloadResponse>(
            "prepareDownloadResponse",
            &req.prepare_download_response,
        )?,
    };
    let ok = relay::get_bound_profile_package(ctx, &typed).await?;
    encode(&j::GetBoundProfilePackageResponse {
        header: ResponseHeader::success(),
        transaction_id: Some(req.transaction_id),
        bound_profile_package: ok.bound_profile_package.to_der(),
    })
}

/// ESipa.CancelSession (SGP.32 v1.2 6.1.2.4), relayed to the SM-DP+.
async fn cancel_session(ctx: &Ctx, body: &[u8]) -> Result<Vec<u8>, Refusal> {
    let req: j::CancelSessionRequest = decode(body)?;
    let typed = proto::sgp32::CancelSessionRequestEsipa {
        transaction_id: req.transaction_id.as_bytes().to_vec(),
        cancel_session_response: der::<SGP32CancelSessionResponse>(
            "cancelSessionResponse",
            &req.cancel_session_response,
        )?,
    };
    relay::cancel_session(ctx, &typed).await?;
    encode(&EmptyResponse::success())
}

/// The `04` TLV of an OCTET STRING: how the ES9+ JSON binding carries the CI key identifier
/// (`euiccCiPKIdToBeUsed`), kept for ESipa's `euiccCiPKIdentifierToBeUsed`.
fn octet_string_tlv(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 2);
    proto::der::write_tlv(proto::der::Tag::OCTET_STRING, value, &mut out);
    out
}

/// The `5F37` TLV of a raw signature, as the JSON bindings carry signatures.
fn signature_tlv(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 3);
    proto::der::write_tlv(proto::der::Tag::application(55, false), raw, &mut out);
    out
}
