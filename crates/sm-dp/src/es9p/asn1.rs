//! The ES9+ ASN.1 binding (SGP.22 6.6): `RemoteProfileProvisioningRequest` (`A2`) posted to
//! `/gsma/rsp2/asn1` as `application/x-gsma-rsp-asn1`, answered with
//! `RemoteProfileProvisioningResponse`; a refusal is the function's own error value.
//! HandleNotification answers 204. A body that names no function this SM-DP+ can answer
//! with an error value (undecodable, or InitiateAuthentication refused for a reason its v2.5
//! enumeration lacks) gets HTTP 400 with the reason in one line of text. A body refused by
//! the listener's limits (too large, too slow) is told by its first octets and answered the
//! same way.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::Response;
use infra::serve::BodyError;
use infra::trace::Direction;
use proto::der::{Asn1, Tlv};
use proto::json::http::is_asn1_content_type;
use proto::sgp22::{
    AuthenticateClientResponseEs9, CancelSessionOk, CancelSessionResponseEs9,
    GetBoundProfilePackageOk, GetBoundProfilePackageResponse, InitiateAuthenticationResponse,
    RemoteProfileProvisioningRequest as Req, RemoteProfileProvisioningResponse as Resp,
};

use super::faults;
use super::{Es9Error, authenticate, bpp, cancel, initiate, notification};
use crate::context::Ctx;
use crate::http;
use infra::crash::{Stage, crash_point};

/// Which function a request is for, from its tag alone (for answering a request whose
/// content does not decode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Function {
    Initiate,
    Authenticate,
    GetBpp,
    Cancel,
    Notification,
}

impl Function {
    fn name(self) -> &'static str {
        match self {
            Function::Initiate => "initiateAuthentication",
            Function::Authenticate => "authenticateClient",
            Function::GetBpp => "getBoundProfilePackage",
            Function::Cancel => "cancelSession",
            Function::Notification => "handleNotification",
        }
    }

    /// From the tag inside `A2`: BF39, BF3B, BF3A, BF41, BF3D. Reads only the outer
    /// identifier and length octets, so the first octets of a refused body suffice.
    pub(super) fn sniff(body: &[u8]) -> Option<Function> {
        match Req::function_tag(body)? {
            57 => Some(Function::Initiate),
            59 => Some(Function::Authenticate),
            58 => Some(Function::GetBpp),
            65 => Some(Function::Cancel),
            61 => Some(Function::Notification),
            _ => None,
        }
    }
}

/// Serves one ASN.1 binding request.
pub(crate) async fn handle(
    ctx: Ctx,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    let octets = body.as_ref().unwrap_or_else(|e| &e.head);
    let f = Function::sniff(octets);
    let name = f.map(Function::name).unwrap_or("unknown");
    if let Some(t) = &ctx.trace {
        t.write("asn1", name, Direction::Request, octets);
    }
    let header_check = http::admin_protocol(&headers)
        .map_err(|p| Es9Error::ProtocolVersion(p.0))
        .and_then(|()| {
            let ct = http::content_type(&headers);
            if is_asn1_content_type(ct) {
                Ok(())
            } else {
                Err(Es9Error::Malformed(format!(
                    "Content-Type {ct:?} is not the ASN.1 binding's"
                )))
            }
        });
    crash_point(Stage::Before, name);
    let mut tid = None;
    let outcome = match (header_check, body) {
        (Ok(()), Ok(body)) => match Req::from_der(&body) {
            Ok(req) => {
                if !ctx.faults.is_empty() {
                    tid = transaction_id(&req);
                }
                run(&ctx, &req, &body).await
            }
            Err(e) => Err((f, Es9Error::Malformed(e.to_string()))),
        },
        (Err(e), _) => Err((f, e)),
        (Ok(()), Err(e)) => Err((f, Es9Error::Malformed(e.to_string()))),
    };
    let armed = match outcome {
        Ok(_) => {
            crash_point(Stage::After, name);
            match ctx.faults.is_empty() {
                true => None,
                false => Box::pin(faults::after(&ctx, name, tid.as_deref())).await,
            }
        }
        Err(_) => None,
    };
    let (response, traced) = match outcome {
        Ok(Some(der)) => (http::asn1(der.clone()), der),
        Ok(None) => (http::no_content(), Vec::new()),
        Err((f, e)) => {
            tracing::info!(function = name, refusal = %e, "ES9+ (ASN.1) refused");
            match f.and_then(|f| error_response(f, &e)) {
                Some(resp) => {
                    let der = resp.to_der();
                    (http::asn1(der.clone()), der)
                }
                None => {
                    let why = match &e {
                        Es9Error::Store(_) | Es9Error::Internal(_) => {
                            "the SM-DP+ could not serve the request".into()
                        }
                        other => other.to_string(),
                    };
                    (http::bad_request(&why), Vec::new())
                }
            }
        }
    };
    if let Some(t) = &ctx.trace {
        t.write("asn1", name, Direction::Response, &traced);
    }
    match armed {
        Some(a) => Box::pin(faults::apply(&ctx, a, name, response, traced)).await,
        None => response,
    }
}

/// The request's transactionId, for the faults that select by the session's EID.
fn transaction_id(req: &Req) -> Option<Vec<u8>> {
    let tid: &[u8] = match req {
        Req::AuthenticateClientRequest(r) => &r.transaction_id,
        Req::GetBoundProfilePackageRequest(r) => &r.transaction_id,
        Req::CancelSessionRequestEs9(r) => &r.transaction_id,
        _ => return None,
    };
    Some(tid.to_vec())
}

pub(super) fn error_response(f: Function, e: &Es9Error) -> Option<Resp> {
    Some(match f {
        Function::Initiate => Resp::InitiateAuthenticationResponse(
            InitiateAuthenticationResponse::InitiateAuthenticationError(
                e.initiate_authentication()?,
            ),
        ),
        Function::Authenticate => Resp::AuthenticateClientResponseEs9(
            AuthenticateClientResponseEs9::AuthenticateClientError(e.authenticate_client()),
        ),
        Function::GetBpp => Resp::GetBoundProfilePackageResponse(
            GetBoundProfilePackageResponse::GetBoundProfilePackageError(
                e.get_bound_profile_package(),
            ),
        ),
        Function::Cancel => Resp::CancelSessionResponseEs9(
            CancelSessionResponseEs9::CancelSessionError(e.cancel_session()),
        ),
        Function::Notification => return None,
    })
}

type Outcome = Result<Option<Vec<u8>>, (Option<Function>, Es9Error)>;

async fn run(ctx: &Ctx, req: &Req, body: &[u8]) -> Outcome {
    let at = |f: Function| move |e: Es9Error| (Some(f), e);
    let resp = match req {
        Req::InitiateAuthenticationRequest(r) => {
            let info1_der = r.euicc_info1.to_der();
            let ok = initiate::initiate_authentication(
                ctx,
                r.euicc_challenge,
                &r.smdp_address,
                &r.euicc_info1,
                &info1_der,
            )
            .await
            .map_err(at(Function::Initiate))?;
            Resp::InitiateAuthenticationResponse(
                InitiateAuthenticationResponse::InitiateAuthenticationOk(ok),
            )
        }
        Req::AuthenticateClientRequest(r) => {
            let ok = authenticate::authenticate_client(
                ctx,
                &r.transaction_id,
                &r.authenticate_server_response,
            )
            .await
            .map_err(at(Function::Authenticate))?;
            Resp::AuthenticateClientResponseEs9(
                AuthenticateClientResponseEs9::AuthenticateClientOk(ok),
            )
        }
        Req::GetBoundProfilePackageRequest(r) => {
            let der = bpp::get_bound_profile_package(
                ctx,
                &r.transaction_id,
                &r.prepare_download_response,
            )
            .await
            .map_err(at(Function::GetBpp))?;
            let der = match ctx.faults.is_empty() {
                true => der,
                false => Box::pin(faults::bound_package(ctx, &r.transaction_id, der)).await,
            };
            let bound_profile_package = proto::sgp22::BoundProfilePackage::from_der(&der)
                .map_err(|e| Es9Error::Internal(e.to_string()))
                .map_err(at(Function::GetBpp))?;
            Resp::GetBoundProfilePackageResponse(
                GetBoundProfilePackageResponse::GetBoundProfilePackageOk(
                    GetBoundProfilePackageOk {
                        transaction_id: r.transaction_id.clone(),
                        bound_profile_package,
                    },
                ),
            )
        }
        Req::CancelSessionRequestEs9(r) => {
            cancel::cancel_session(ctx, &r.transaction_id, &r.cancel_session_response)
                .await
                .map_err(at(Function::Cancel))?;
            Resp::CancelSessionResponseEs9(CancelSessionResponseEs9::CancelSessionOk(
                CancelSessionOk {},
            ))
        }
        Req::HandleNotification(r) => {
            let raw = pending_raw(body).unwrap_or_else(|| r.pending_notification.to_der());
            notification::handle_notification(ctx, &r.pending_notification, &raw)
                .await
                .map_err(at(Function::Notification))?;
            return Ok(None);
        }
        Req::Unknown(_) => {
            return Err((
                None,
                Es9Error::Malformed("a request of a later version".into()),
            ));
        }
    };
    Ok(Some(resp.to_der()))
}

/// The PendingNotification TLV as received: `A2 { BF3D { A0 { <it> } } }`.
pub(super) fn pending_raw(body: &[u8]) -> Option<Vec<u8>> {
    let a2 = Tlv::parse_single(body).ok()?;
    let bf3d = a2.contents().ok()?.read().ok()?;
    let a0 = bf3d.contents().ok()?.read().ok()?;
    let it = a0.contents().ok()?.read().ok()?;
    Some(it.raw.to_vec())
}
