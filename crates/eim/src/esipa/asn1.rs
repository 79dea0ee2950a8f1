//! The ESipa ASN.1 binding (SGP.32 v1.2 6.1.1, 6.3): one path, the message names the
//! function. A request whose content does not decode is answered with that function's
//! error value (GetEimPackage without eidValue: `missingEid`); a body that names no
//! function gets HTTP 400 with the reason in one line of text. A body refused by the
//! listener's limits (too large, too slow) is told by its first octets and answered the same
//! way. HandleNotification answers 204.
//!
//! Requests of SGP.32 v1.0 IPAs are decoded as v1.0, taken as v1.2 and answered in v1.0
//! ([`super::generation`], [`super::v1_0`]); a refused v1.0 result gets HTTP 400, as v1.0's
//! ProvideEimPackageResultResponse has no error to say it with.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode as HttpStatus};
use axum::response::Response;
use infra::serve::{BodyError, ConnectionState};
use infra::trace::Direction;
use proto::der::{Asn1, Tag, Tlv};
use proto::json::http::is_asn1_content_type;
use proto::sgp22::{CancelSessionErrorEs9, CancelSessionOk};
use proto::sgp32::{
    AuthenticateClientErrorEsipa, AuthenticateClientResponseEsipa, CancelSessionResponseEsipa,
    EimPackageError, EsipaMessageFromEimToIpa as Out, EsipaMessageFromIpaToEim as In,
    GetBoundProfilePackageErrorEsipa, GetBoundProfilePackageResponseEsipa, GetEimPackageRequest,
    GetEimPackageResponse, HandleNotificationEsipa, InitiateAuthenticationErrorEsipa,
    InitiateAuthenticationResponseEsipa, ProvideEimPackageResult, ProvideEimPackageResultError,
    ProvideEimPackageResultResponse, v1_0::HandleNotificationEsipa as V10Notification,
};

use super::device_eid::{Binding, of_request};
use super::functions::{self, Provided, poll_error};
use super::generation::{self, Generation, Session};
use super::named;
use super::refused::Asn1Refusal;
use super::v1_0::{self, Request};
use super::{asn1_response, bad_request, no_content, relay};
use crate::context::Ctx;
use crate::engine::EngineError;
use crate::engine::delivery::eid_of;
use crate::faults;
use infra::crash::{Stage, crash_point};

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

/// What goes back to the IPA.
enum Answer {
    /// The DER of an EsipaMessageFromEimToIpa (v1.2 or v1.0).
    Message(Vec<u8>),
    /// HandleNotification: 204 without a body.
    NoContent,
    /// A refusal without an error value (none names the function, or v1.0 has none for
    /// it): 400 with the reason in one line of text.
    BadRequest(String),
    /// Another HTTP status without a body (v1.0 has no error value for a failure).
    Status(HttpStatus),
}

/// A relayed function the SM-DP+ gave no answer to ([`relay::RelayError::unanswered`]).
const BAD_GATEWAY: Answer = Answer::Status(HttpStatus::BAD_GATEWAY);

/// Serves one ASN.1 binding request, in the SGP.32 generation of the IPA.
pub(crate) async fn handle(
    ctx: Ctx,
    conn: Option<ConnectionState>,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    let octets = body.as_ref().unwrap_or_else(|e| &e.head).clone();
    let f = Function::sniff(&octets);
    let name = f.map(Function::name).unwrap_or("unknown");
    if let Some(t) = &ctx.trace {
        t.write("esipa", name, Direction::Request, &octets);
    }
    let checked = check_headers(&headers);
    let eid = || of_request(conn.as_ref(), Some(&octets), Binding::Asn1);
    let faulty = !ctx.faults.is_empty();
    if faulty {
        if let Some(closed) = Box::pin(faults::unreachable(&ctx, name, eid)).await {
            return closed;
        }
    }
    let named = if faulty { eid() } else { None };
    crash_point(Stage::Before, name);
    let out = match (checked, body) {
        (Err(e), _) => Err(e),
        (Ok(()), Err(e)) => Err(Asn1Refusal::Body(e)),
        (Ok(()), Ok(body)) => match v1_0::decode(&body) {
            // A poll, the request nearly every IPA sends, is answered without the other
            // functions' futures (boxed), which made this handler's future 13 KiB, copied
            // by every request as it is set up.
            Ok(Request::V1_2 {
                msg: In::GetEimPackageRequest(r),
                told,
            }) => poll(&ctx, conn.as_ref(), &r, told.then_some(Generation::V1_2)).await,
            Ok(request) => Box::pin(route(&ctx, conn.as_ref(), request)).await,
            Err(e) => Err(Asn1Refusal::Undecodable(e)),
        },
    };
    let armed = match (&out, faulty) {
        (Ok(_), faulty) => {
            crash_point(Stage::After, name);
            let eid = || named.or_else(|| of_request(conn.as_ref(), None, Binding::Asn1));
            faulty.then(eid).and_then(|e| faults::after(&ctx, name, e))
        }
        (Err(_), _) => None,
    };
    let answer = out.unwrap_or_else(|why| refused(f, conn.as_ref(), &octets, &why));
    let (response, traced) = answer.response();
    if let Some(t) = &ctx.trace {
        t.write("esipa", name, Direction::Response, &traced);
    }
    match armed {
        Some(a) => Box::pin(faults::apply(&ctx, a, name, response)).await,
        None => response,
    }
}

/// Sends a request to its function in the IPA's generation.
async fn route(
    ctx: &Ctx,
    conn: Option<&ConnectionState>,
    request: Request,
) -> Result<Answer, Asn1Refusal> {
    use proto::sgp32::v1_0::EsipaMessageFromIpaToEim as In10;
    match request {
        Request::V1_2 {
            msg: In::GetEimPackageRequest(r),
            told,
        } => poll(ctx, conn, &r, told.then_some(Generation::V1_2)).await,
        Request::V1_0(In10::GetEimPackageRequest(r)) => {
            poll(ctx, conn, &r.to_v1_2(), Some(Generation::V1_0)).await
        }
        Request::V1_0(In10::ProvideEimPackageResult(r)) => {
            provide_v1_0(ctx, conn, &r, true, Generation::V1_0).await
        }
        Request::Either { v1_2, v1_0 } => {
            let session = generation::session(conn);
            let g = v1_0::generation_of_result(ctx, session.as_ref(), &v1_0)
                .await
                .map_err(Asn1Refusal::Generation)?;
            // Without eidValue v1.2 takes a result by the eimTransactionId it names; one that
            // names none is the connection's device's, as in v1.0.
            if g != Generation::V1_0 && named::transaction_of(&v1_2.eim_package_result).is_some() {
                run(ctx, In::ProvideEimPackageResult(v1_2), false).await
            } else {
                provide_v1_0(ctx, conn, &v1_0, false, g).await
            }
        }
        Request::V1_0(In10::HandleNotificationEsipa(h)) => {
            let outcome = match h {
                V10Notification::PendingNotification(n) => {
                    functions::handle_notification(
                        ctx,
                        &HandleNotificationEsipa::PendingNotification(n),
                    )
                    .await
                }
                V10Notification::ProvideEimPackageResult(r) => {
                    let session = generation::session(conn);
                    v1_0::provide(ctx, session.as_ref(), &r, None, true)
                        .await
                        .map(|p| match p {
                            Provided::Refused(_, _, why) => Some(why),
                            Provided::Acknowledged(_) => None,
                        })
                }
            };
            log_notification(outcome);
            Ok(Answer::NoContent)
        }
        Request::V1_0(other) => Err(Asn1Refusal::V1_0Only(other.to_json().to_string())),
        Request::V1_2 {
            msg: In::InitiateAuthenticationRequestEsipa(mut r),
            told,
        } => {
            // v1.0 has no eimTransactionId here: the download is the one of the trigger
            // delivered on this connection.
            if let Some(s) =
                generation::session(conn).filter(|s| s.generation == Generation::V1_0 && s.trigger)
            {
                r.eim_transaction_id = r.eim_transaction_id.or(s.delivered);
            }
            run(ctx, In::InitiateAuthenticationRequestEsipa(r), told).await
        }
        Request::V1_2 { msg, told } => run(ctx, msg, told).await,
    }
}

/// ESipa.GetEimPackage, answered in the IPA's generation; the connection remembers the
/// device, its generation and the package delivered.
async fn poll(
    ctx: &Ctx,
    conn: Option<&ConnectionState>,
    r: &GetEimPackageRequest,
    told: Option<Generation>,
) -> Result<Answer, Asn1Refusal> {
    let session = generation::session(conn);
    let eid = eid_of(&r.eid_value).ok().map(|e| e.as_str().to_string());
    // The generation when the request or the connection tells it; otherwise the EID whose
    // generation the poll's own transaction reads.
    let known = match (told, &eid) {
        (Some(Generation::V1_0), Some(e)) => {
            if let Err(err) = generation::learnt(ctx, session.as_ref(), e, Generation::V1_0).await {
                tracing::error!(error = %err, "SGP.32 generation not recorded");
            }
            Ok(Generation::V1_0)
        }
        (Some(g), _) => Ok(g),
        (None, Some(e)) => match session.as_ref().filter(|s| &s.eid == e) {
            Some(s) => Ok(s.generation),
            None => Err(e.clone()),
        },
        (None, None) => Ok(session.as_ref().map_or(Generation::V1_2, |s| s.generation)),
    };
    let unanswered = |e: EngineError| GetEimPackageResponse::EimPackageError(poll_error(&e));
    let (g, response) = match known {
        Ok(g) => {
            let response = functions::get_eim_package(ctx, r).await;
            (g, response.unwrap_or_else(unanswered))
        }
        Err(e) => match functions::get_eim_package_of(ctx, r, e).await {
            Ok((response, g)) => (g, response),
            Err(err) => {
                tracing::error!(error = %err, "SGP.32 generation unknown");
                (Generation::V1_2, unanswered(err))
            }
        },
    };
    if let Some(eid) = eid {
        generation::remember(
            conn,
            Session {
                eid,
                generation: g,
                delivered: v1_0::delivered(&response),
                trigger: matches!(
                    response,
                    GetEimPackageResponse::ProfileDownloadTriggerRequest(_)
                ),
            },
        );
    }
    v1_0::encode_poll_answer(response, g)
        .map(Answer::Message)
        .map_err(Asn1Refusal::NoV1_0Form)
}

/// ESipa.ProvideEimPackageResult in v1.0's reading, answered in `answer`'s octets: for v1.0
/// acknowledgements, a refusal as 400 and a failure of the eIM as 503 (v1.0 has no error
/// value); `told` when only v1.0 reads the message. A refusal whose generation is only a
/// guess is 400 in either.
async fn provide_v1_0(
    ctx: &Ctx,
    conn: Option<&ConnectionState>,
    r: &proto::sgp32::v1_0::ProvideEimPackageResult,
    told: bool,
    answer: Generation,
) -> Result<Answer, Asn1Refusal> {
    let session = generation::session(conn);
    let provided = v1_0::provide(ctx, session.as_ref(), r, None, told).await;
    if let Ok(Provided::Refused(_, _, why)) = &provided {
        tracing::info!(refusal = %why, "v1.0 result refused");
    }
    // Octets both generations read, on a connection no device polled on: an error value of
    // either generation would be misread by the other (v1.2's reads as an empty success in
    // v1.0), an HTTP error by neither.
    let guessed = !told && session.is_none();
    Ok(match (provided, answer) {
        (Ok(Provided::Refused(_, _, why)), _) if guessed => Answer::BadRequest(why),
        (Ok(p), Generation::V1_2 | Generation::V1_3) => {
            Answer::Message(Out::ProvideEimPackageResultResponse(p.response()).to_der())
        }
        (Ok(p), Generation::V1_0) => match v1_0::encode_provided(&p) {
            Some(der) => Answer::Message(der),
            None => {
                Answer::BadRequest("the result was refused; v1.0 has no error value for it".into())
            }
        },
        (Err(e), g) => {
            tracing::error!(error = %e, "ProvideEimPackageResult failed");
            match g {
                Generation::V1_2 | Generation::V1_3 => Answer::Message(
                    Out::ProvideEimPackageResultResponse(
                        ProvideEimPackageResultResponse::ProvideEimPackageResultError(
                            ProvideEimPackageResultError::UndefinedError,
                        ),
                    )
                    .to_der(),
                ),
                Generation::V1_0 => Answer::Status(HttpStatus::SERVICE_UNAVAILABLE),
            }
        }
    })
}

fn log_notification(outcome: Result<Option<String>, EngineError>) {
    match outcome {
        Ok(None) => {}
        Ok(Some(why)) => tracing::info!(refusal = %why, "notification refused"),
        Err(e) => tracing::error!(error = %e, "HandleNotification failed"),
    }
}

/// The binding's headers: `X-Admin-Protocol` and the ASN.1 `Content-Type`.
fn check_headers(headers: &HeaderMap) -> Result<(), Asn1Refusal> {
    super::admin_protocol(headers)?;
    let ct = super::content_type(headers);
    if is_asn1_content_type(ct) {
        Ok(())
    } else {
        Err(Asn1Refusal::ContentType(ct.to_string()))
    }
}

/// The answer to a refused request of function `f`: its error value where it has one.
fn refused(
    f: Option<Function>,
    conn: Option<&ConnectionState>,
    octets: &[u8],
    why: &Asn1Refusal,
) -> Answer {
    tracing::info!(function = f.map(Function::name).unwrap_or("unknown"), refusal = %why, "ESipa (ASN.1) refused");
    let v1_0 = generation::session(conn).map(|s| s.generation) == Some(Generation::V1_0);
    match (f, v1_0) {
        // v1.2's error reads as an empty success in v1.0.
        (Some(Function::ProvideResult), true) => Answer::BadRequest(why.to_string()),
        _ => match f.and_then(|f| error_response(f, octets)) {
            Some(msg) => Answer::Message(msg.to_der()),
            None => Answer::BadRequest(why.to_string()),
        },
    }
}

impl Answer {
    /// The HTTP response, and the body to trace.
    fn response(self) -> (Response, Vec<u8>) {
        match self {
            Answer::Message(der) => (asn1_response(der.clone()), der),
            Answer::NoContent => (no_content(), Vec::new()),
            Answer::BadRequest(why) => (bad_request(&why), Vec::new()),
            Answer::Status(s) => (super::BINDING.answer(s, None, Vec::new()), Vec::new()),
        }
    }
}

/// ProvideEimPackageResult's answer; `told` when its octets showed v1.2.
async fn provide(
    ctx: &Ctx,
    r: &ProvideEimPackageResult,
    told: bool,
) -> ProvideEimPackageResultResponse {
    match functions::provide_eim_package_result(ctx, r, told.then_some(Generation::V1_2)).await {
        Ok(p) => p.response(),
        Err(e) => {
            tracing::error!(error = %e, "ProvideEimPackageResult failed");
            ProvideEimPackageResultResponse::ProvideEimPackageResultError(
                ProvideEimPackageResultError::UndefinedError,
            )
        }
    }
}

/// A v1.2 message other than GetEimPackage; `told` when its octets showed v1.2.
async fn run(ctx: &Ctx, msg: In, told: bool) -> Result<Answer, Asn1Refusal> {
    Ok(Answer::Message(
        match msg {
            In::GetEimPackageRequest(r) => Out::GetEimPackageResponse(
                functions::get_eim_package(ctx, &r)
                    .await
                    .unwrap_or_else(|e| GetEimPackageResponse::EimPackageError(poll_error(&e))),
            ),
            In::ProvideEimPackageResult(r) => {
                Out::ProvideEimPackageResultResponse(provide(ctx, &r, told).await)
            }
            In::HandleNotificationEsipa(n) => {
                log_notification(functions::handle_notification(ctx, &n).await);
                return Ok(Answer::NoContent);
            }
            In::InitiateAuthenticationRequestEsipa(r) => Out::InitiateAuthenticationResponseEsipa(
                match relay::initiate_authentication(ctx, &r).await {
                    Ok(ok) => {
                        InitiateAuthenticationResponseEsipa::InitiateAuthenticationOkEsipa(ok)
                    }
                    Err(e) if e.unanswered => return Ok(BAD_GATEWAY),
                    Err(e) => {
                        InitiateAuthenticationResponseEsipa::InitiateAuthenticationErrorEsipa(
                            InitiateAuthenticationErrorEsipa::Other(e.value),
                        )
                    }
                },
            ),
            In::AuthenticateClientRequestEsipa(r) => Out::AuthenticateClientResponseEsipa(
                match relay::authenticate_client(ctx, &r).await {
                    Ok(ok) => AuthenticateClientResponseEsipa::AuthenticateClientOkDpEsipa(ok),
                    Err(e) if e.unanswered => return Ok(BAD_GATEWAY),
                    Err(e) => AuthenticateClientResponseEsipa::AuthenticateClientErrorEsipa(
                        AuthenticateClientErrorEsipa::Other(e.value),
                    ),
                },
            ),
            In::GetBoundProfilePackageRequestEsipa(r) => Out::GetBoundProfilePackageResponseEsipa(
                match relay::get_bound_profile_package(ctx, &r).await {
                    Ok(ok) => {
                        GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageOkEsipa(ok)
                    }
                    Err(e) if e.unanswered => return Ok(BAD_GATEWAY),
                    Err(e) => {
                        GetBoundProfilePackageResponseEsipa::GetBoundProfilePackageErrorEsipa(
                            GetBoundProfilePackageErrorEsipa::Other(e.value),
                        )
                    }
                },
            ),
            In::CancelSessionRequestEsipa(r) => {
                Out::CancelSessionResponseEsipa(match relay::cancel_session(ctx, &r).await {
                    Ok(()) => CancelSessionResponseEsipa::CancelSessionOk(CancelSessionOk {}),
                    Err(e) if e.unanswered => return Ok(BAD_GATEWAY),
                    Err(e) => CancelSessionResponseEsipa::CancelSessionError(
                        CancelSessionErrorEs9::Other(e.value),
                    ),
                })
            }
            In::TransferEimPackageResponse(_) => {
                return Err(Asn1Refusal::NotPushed);
            }
            In::Unknown(_) => return Err(Asn1Refusal::LaterVersion),
        }
        .to_der(),
    ))
}
