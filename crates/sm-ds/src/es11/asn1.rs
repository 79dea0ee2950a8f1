//! The ES11 ASN.1 binding (SGP.22 6.6): `RemoteProfileProvisioningRequest` posted to
//! `/gsma/rsp2/asn1`, InitiateAuthenticationRequest (`BF39`) and AuthenticateClientRequest
//! (`BF3B`) answered with InitiateAuthenticationResponse and AuthenticateClientResponseEs11
//! (`BF40`); a refusal is the function's own error value. A body that names neither, or a
//! refusal the v2.5 enumeration has no value for, gets HTTP 400 with the reason as text.

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::Response;
use infra::serve::BodyError;
use infra::trace::Direction;
use proto::der::Asn1;
use proto::json::http::is_asn1_content_type;
use proto::sgp22::{
    AuthenticateClientResponseEs11, InitiateAuthenticationResponse,
    RemoteProfileProvisioningRequest as Req, RemoteProfileProvisioningResponse as Resp,
};

use super::{Es11Error, authenticate, initiate};
use crate::context::Ctx;
use crate::http;

/// The two ES11 functions, told apart by the request's tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Function {
    Initiate,
    Authenticate,
}

/// The function of a request from the tag inside `A2` (BF39 or BF3B), read from the first
/// octets only, so a body refused by the limits is still answered in kind.
fn sniff(body: &[u8]) -> Option<Function> {
    match Req::function_tag(body)? {
        57 => Some(Function::Initiate),
        59 => Some(Function::Authenticate),
        _ => None,
    }
}

/// Serves one ASN.1 binding request.
pub(crate) async fn handle(
    ctx: Ctx,
    headers: HeaderMap,
    body: Result<Bytes, BodyError>,
) -> Response {
    let octets = body.as_ref().unwrap_or_else(|e| &e.head);
    let f = sniff(octets);
    if let Some(t) = &ctx.trace {
        t.write("es11-asn1", "request", Direction::Request, octets);
    }
    let checked = http::check_headers(&headers, is_asn1_content_type, "the ASN.1 binding's")
        .map_err(Es11Error::from);
    let outcome = match (checked, body) {
        (Err(e), _) => Err(e),
        (Ok(()), Err(e)) => Err(Es11Error::malformed(e.to_string())),
        (Ok(()), Ok(body)) => match Req::from_der(&body) {
            Ok(req) => run(&ctx, &req).await,
            Err(e) => Err(Es11Error::malformed(e.to_string())),
        },
    };
    let answer = match outcome {
        Ok(resp) => Ok(resp),
        Err(e) => {
            tracing::info!(refusal = %e, "ES11 (ASN.1) refused");
            refusal(f, &e).ok_or(e)
        }
    };
    match answer {
        Ok(resp) => {
            let der = resp.to_der();
            if let Some(t) = &ctx.trace {
                t.write("es11-asn1", "response", Direction::Response, &der);
            }
            http::asn1(der)
        }
        Err(Es11Error::Store(_) | Es11Error::Internal(_)) => {
            http::bad_request("the SM-DS could not serve the request")
        }
        Err(e) => http::bad_request(&e.to_string()),
    }
}

/// The function's own error value, when it has one.
fn refusal(f: Option<Function>, e: &Es11Error) -> Option<Resp> {
    Some(match f? {
        Function::Initiate => Resp::InitiateAuthenticationResponse(
            InitiateAuthenticationResponse::InitiateAuthenticationError(
                e.initiate_authentication()?,
            ),
        ),
        Function::Authenticate => Resp::AuthenticateClientResponseEs11(
            AuthenticateClientResponseEs11::AuthenticateClientError(e.authenticate_client()),
        ),
    })
}

async fn run(ctx: &Ctx, req: &Req) -> Result<Resp, Es11Error> {
    match req {
        Req::InitiateAuthenticationRequest(r) => {
            let ok = initiate::initiate_authentication(
                ctx,
                r.euicc_challenge,
                &r.smdp_address,
                &r.euicc_info1,
            )
            .await?;
            Ok(Resp::InitiateAuthenticationResponse(
                InitiateAuthenticationResponse::InitiateAuthenticationOk(ok),
            ))
        }
        Req::AuthenticateClientRequest(r) => {
            let ok = authenticate::authenticate_client(
                ctx,
                &r.transaction_id,
                &r.authenticate_server_response,
            )
            .await?;
            Ok(Resp::AuthenticateClientResponseEs11(
                AuthenticateClientResponseEs11::AuthenticateClientOk(ok),
            ))
        }
        _ => Err(Es11Error::malformed(
            "not an ES11 function (InitiateAuthentication or AuthenticateClient)",
        )),
    }
}
