//! The ESipa ASN.1 binding (SGP.32 v1.2 6.1.1, 6.3): one path, the message names the
//! function. A request whose content does not decode is answered with that function's
//! error value (GetEimPackage without eidValue: `missingEid`); a body that names no
//! function gets HTTP 400 with the reason in one line of text. A body refused by the
//! listener's limits (too large, too slow) is told by its first octets and answered the same
//! way. HandleNotification answers 204.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::Response;
use infra::serve::BodyError;
use infra::trace::Direction;
use proto::der::{Asn1, Tag, Tlv};
use proto::json::http::is_asn1_content_type;
use proto::sgp22::{CancelSessionErrorEs9, CancelSessionOk};
use proto::sgp32::{
    AuthenticateClientErrorEsipa, AuthenticateClientResponseEsipa, CancelSessionResponseEsipa,
    EimPackageError, EsipaMessageFromEimToIpa as Out, EsipaMessageFromIpaToEim as In,
    GetBoundProfilePackageErrorEsipa, GetBoundProfilePackageResponseEsipa, GetEimPackageResponse,
    InitiateAuthenticationErrorEsipa, InitiateAuthenticationResponseEsipa,
    ProvideEimPackageResultError, ProvideEimPackageResultResponse,
};

use super::functions::{self, poll_error};
use super::{asn1_response, bad_request, no_content, relay};
use crate::context::Ctx;
use infra::fault::{Stage, crash_point};

/// The function a message is for, by its tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Function {
    Initiate,
    Authenticate,
    GetBpp,
    Cancel,
    Notification,
    TransferResponse,
    GetPackage,
    ProvideResult,
}

impl Function {
    fn name(self) -> &'static str {
        match self {
            Function::Initiate => "initiateAuthentication",
            Function::Authenticate => "authenticateClient",
            Function::GetBpp => "getBoundProfilePackage",
            Function::Cancel => "cancelSession",
            Function::Notification => "handleNotification",
            Function::TransferResponse => "transferEimPackage",
            Function::GetPackage => "getEimPackage",
            Function::ProvideResult => "provideEimPackageResult",
        }
    }

    pub(super) fn sniff(body: &[u8]) -> Option<Function> {
        let tag = Tag::parse(body)?.0;
        if tag.class != proto::der::Class::Context {
            return None;
        }
        Some(match tag.number {
            57 => Function::Initiate,
            59 => Function::Authenticate,
            58 => Function::GetBpp,
            65 => Function::Cancel,
            61 => Function::Notification,
            78 => Function::TransferResponse,
            79 => Function::GetPackage,
            80 => Function::ProvideResult,
            _ => return None,
        })
    }
}

/// The error answer of a function whose request could not be served.
pub(super) fn error_response(f: Function, body: &[u8]) -> Option<Out> {
    Some(match f {
        Function::Initiate => Out::InitiateAuthenticationResponseEsipa(
            InitiateAuthenticationResponseEsipa::InitiateAuthenticationErrorEsipa(
                InitiateAuthenticationErrorEsipa::UndefinedError,
            ),
        ),
        Function::Authenticate => Out::AuthenticateClientResponseEsipa(
            AuthenticateClientResponseEsipa::AuthenticateClientErrorEsipa(
                AuthenticateClientErrorEsipa::UndefinedError,
            ),
        ),
        Function::GetBpp => Out::GetBoundProfilePackageResponseEsipa(
            GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageErrorEsipa(
                GetBoundProfilePackageErrorEsipa::UndefinedError,
            ),
        ),
        Function::Cancel => Out::CancelSessionResponseEsipa(
            CancelSessionResponseEsipa::CancelSessionError(CancelSessionErrorEs9::UndefinedError),
        ),
        Function::GetPackage => {
            Out::GetEimPackageResponse(GetEimPackageResponse::EimPackageError(if lacks_eid(body) {
                EimPackageError::MissingEid
            } else {
                EimPackageError::UndefinedError
            }))
        }
        Function::ProvideResult => Out::ProvideEimPackageResultResponse(
            ProvideEimPackageResultResponse::ProvideEimPackageResultError(
                ProvideEimPackageResultError::UndefinedError,
            ),
        ),
        Function::Notification | Function::TransferResponse => return None,
    })
}

/// Whether a well-formed `BF4F` has no `5A` (eidValue) inside.
fn lacks_eid(body: &[u8]) -> bool {
    let Ok(t) = Tlv::parse_single(body) else {
        return false;
    };
    let Ok(mut r) = t.contents() else {
        return false;
    };
    while let Ok(Some(tag)) = r.peek_tag() {
        if tag == Tag::application(26, false) {
            return false;
        }
        if r.read().is_err() {
            return false;
        }
    }
    true
}

/// Serves one ASN.1 binding request.
pub(crate) async fn handle(
    ctx: Ctx,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    let octets = body.as_ref().unwrap_or_else(|e| &e.head).clone();
    let f = Function::sniff(&octets);
    let name = f.map(Function::name).unwrap_or("unknown");
    if let Some(t) = &ctx.trace {
        t.write("esipa", name, Direction::Request, &octets);
    }
    let checked = super::admin_protocol(&headers).and_then(|()| {
        let ct = super::content_type(&headers);
        if is_asn1_content_type(ct) {
            Ok(())
        } else {
            Err(format!("Content-Type {ct:?} is not the ASN.1 binding's"))
        }
    });
    crash_point(Stage::Before, name);
    let out = match (checked, body) {
        (Err(e), _) => Err(e),
        (Ok(()), Err(e)) => Err(e.to_string()),
        (Ok(()), Ok(body)) => match In::from_der(&body) {
            Ok(msg) => run(&ctx, msg).await,
            Err(e) => Err(format!("undecodable: {e}")),
        },
    };
    if out.is_ok() {
        crash_point(Stage::After, name);
    }
    let (response, traced) = match out {
        Ok(Some(msg)) => {
            let der = msg.to_der();
            (asn1_response(der.clone()), der)
        }
        Ok(None) => (no_content(), Vec::new()),
        Err(why) => {
            tracing::info!(function = name, refusal = %why, "ESipa (ASN.1) refused");
            match f.and_then(|f| error_response(f, &octets)) {
                Some(msg) => {
                    let der = msg.to_der();
                    (asn1_response(der.clone()), der)
                }
                None => (bad_request(&why), Vec::new()),
            }
        }
    };
    if let Some(t) = &ctx.trace {
        t.write("esipa", name, Direction::Response, &traced);
    }
    response
}

async fn run(ctx: &Ctx, msg: In) -> Result<Option<Out>, String> {
    Ok(Some(match msg {
        In::GetEimPackageRequest(r) => Out::GetEimPackageResponse(
            functions::get_eim_package(ctx, &r)
                .await
                .unwrap_or_else(|e| GetEimPackageResponse::EimPackageError(poll_error(&e))),
        ),
        In::ProvideEimPackageResult(r) => Out::ProvideEimPackageResultResponse(
            match functions::provide_eim_package_result(ctx, &r).await {
                Ok(p) => p.response(),
                Err(e) => {
                    tracing::error!(error = %e, "ProvideEimPackageResult failed");
                    ProvideEimPackageResultResponse::ProvideEimPackageResultError(
                        ProvideEimPackageResultError::UndefinedError,
                    )
                }
            },
        ),
        In::HandleNotificationEsipa(n) => {
            match functions::handle_notification(ctx, &n).await {
                Ok(None) => {}
                Ok(Some(why)) => tracing::info!(refusal = %why, "notification refused"),
                Err(e) => tracing::error!(error = %e, "HandleNotification failed"),
            }
            return Ok(None);
        }
        In::InitiateAuthenticationRequestEsipa(r) => Out::InitiateAuthenticationResponseEsipa(
            match relay::initiate_authentication(ctx, &r).await {
                Ok(ok) => InitiateAuthenticationResponseEsipa::InitiateAuthenticationOkEsipa(ok),
                Err(e) => InitiateAuthenticationResponseEsipa::InitiateAuthenticationErrorEsipa(
                    InitiateAuthenticationErrorEsipa::Other(e.value),
                ),
            },
        ),
        In::AuthenticateClientRequestEsipa(r) => {
            Out::AuthenticateClientResponseEsipa(match relay::authenticate_client(ctx, &r).await {
                Ok(ok) => AuthenticateClientResponseEsipa::AuthenticateClientOkDpEsipa(ok),
                Err(e) => AuthenticateClientResponseEsipa::AuthenticateClientErrorEsipa(
                    AuthenticateClientErrorEsipa::Other(e.value),
                ),
            })
        }
        In::GetBoundProfilePackageRequestEsipa(r) => Out::GetBoundProfilePackageResponseEsipa(
            match relay::get_bound_profile_package(ctx, &r).await {
                Ok(ok) => GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageOkEsipa(ok),
                Err(e) => GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageErrorEsipa(
                    GetBoundProfilePackageErrorEsipa::Other(e.value),
                ),
            },
        ),
        In::CancelSessionRequestEsipa(r) => {
            Out::CancelSessionResponseEsipa(match relay::cancel_session(ctx, &r).await {
                Ok(()) => CancelSessionResponseEsipa::CancelSessionOk(CancelSessionOk {}),
                Err(e) => CancelSessionResponseEsipa::CancelSessionError(
                    CancelSessionErrorEs9::Other(e.value),
                ),
            })
        }
        In::TransferEimPackageResponse(_) => {
            return Err("TransferEimPackage: this eIM does not push packages".into());
        }
        In::Unknown(_) => return Err("a message of a later version".into()),
    }))
}
