//! The ES9+ JSON binding (SGP.22 6.5.1, over HTTP as 6.1 says): a request the binding
//! cannot take is not executed. The refusal may come from the HTTP layer (a 4xx status)
//! or from the binding (HTTP 200, `Failed`); only a missing mandatory member has one code
//! of its own (1.3.1/2.2, "Mandatory Element Missing"). A 5xx status is a server fault,
//! never a refusal.

use proto::json::StatusCode;
use proto::json::es9p::Es9Function;
use proto::json::http::{
    ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_JSON, USER_AGENT_LPAD, X_ADMIN_PROTOCOL,
};
use serde_json::json;

use super::case;
use crate::Stop;
use crate::smdp::{Case, Ctx, flow};

const GROUP: &str = "ES9+ JSON binding";

/// Longer than any ES9+ request (a bound profile package travels in answers only): 1 MiB.
const OVERSIZED: usize = 1024 * 1024;

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 wrong content type",
        test_case: None,
        clause: "SGP.22 6.5.1",
        checks: "a valid InitiateAuthentication body sent as text/plain is not executed (HTTP 4xx, or Failed)",
        run: wrong_content_type,
    },
    case! {
        group: GROUP,
        title: "#02 body that is not JSON",
        test_case: None,
        clause: "SGP.22 6.5.1",
        checks: "a truncated JSON body is not executed (HTTP 4xx, or Failed)",
        run: not_json,
    },
    case! {
        group: GROUP,
        title: "#03 mandatory member missing",
        test_case: None,
        clause: "SGP.22 6.5.1, 6.5.2.6",
        checks: "InitiateAuthentication without euiccInfo1 is refused with 1.3.1/2.2",
        run: member_missing,
    },
    case! {
        group: GROUP,
        title: "#04 member not base64",
        test_case: None,
        clause: "SGP.22 6.5.1, 6.5.2.6",
        checks: "InitiateAuthentication whose euiccInfo1 is not base64 is not executed (HTTP 4xx, or Failed)",
        run: not_base64,
    },
    case! {
        group: GROUP,
        title: "#05 oversized body",
        test_case: None,
        clause: "SGP.22 6.1, 6.5.1",
        checks: "a 1 MiB InitiateAuthentication body (a valid request padded with an unknown member) is refused (HTTP 4xx, Failed, or the connection closed) or executed, never a 5xx or no answer in time; the next nominal request is served (SGP.22 gives no size limit)",
        run: oversized,
    },
    case! {
        group: GROUP,
        title: "#06 unsupported X-Admin-Protocol",
        test_case: None,
        clause: "SGP.22 6.5.1",
        checks: "X-Admin-Protocol gsma/rsp/v9.0.0, a version the SM-DP+ cannot implement, is not executed (HTTP 4xx, or Failed)",
        run: admin_protocol,
    },
];

/// POSTs `body` to InitiateAuthentication with the LPA's headers but `content_type` and
/// `admin_protocol`.
async fn post(
    ctx: &mut Ctx,
    content_type: &str,
    admin_protocol: &str,
    body: Vec<u8>,
) -> Result<flow_answer::Answer, Stop> {
    let shared = ctx.shared.clone();
    let headers = [
        ("content-type", content_type),
        (X_ADMIN_PROTOCOL, admin_protocol),
        ("user-agent", USER_AGENT_LPAD),
    ];
    shared
        .wire
        .post_bare(
            &mut ctx.ev,
            &shared.options.address,
            &Es9Function::InitiateAuthentication.path(),
            &headers,
            body,
        )
        .await
}

mod flow_answer {
    pub(super) use crate::smdp::Answer;
}

/// A valid InitiateAuthentication body of the case's eUICC.
fn valid_body(ctx: &mut Ctx) -> Result<Vec<u8>, Stop> {
    let hello = flow::hello(ctx)?;
    Ok(flow::initiate_body(&hello, ctx.smdp_address()))
}

async fn wrong_content_type(ctx: &mut Ctx) -> Result<(), Stop> {
    let body = valid_body(ctx)?;
    let answer = post(ctx, "text/plain", ADMIN_PROTOCOL_SGP22, body).await?;
    answer.not_executed()
}

async fn not_json(ctx: &mut Ctx) -> Result<(), Stop> {
    let mut body = valid_body(ctx)?;
    body.truncate(body.len() / 2);
    let answer = post(ctx, CONTENT_TYPE_JSON, ADMIN_PROTOCOL_SGP22, body).await?;
    answer.not_executed()
}

async fn member_missing(ctx: &mut Ctx) -> Result<(), Stop> {
    let hello = flow::hello(ctx)?;
    let body = json!({
        "euiccChallenge": flow::b64(&hello.challenge),
        "smdpAddress": ctx.smdp_address(),
    });
    let answer = post(
        ctx,
        CONTENT_TYPE_JSON,
        ADMIN_PROTOCOL_SGP22,
        body.to_string().into_bytes(),
    )
    .await?;
    answer.refused(StatusCode::PROTOCOL_FORMAT_MANDATORY_ELEMENT_MISSING)
}

async fn not_base64(ctx: &mut Ctx) -> Result<(), Stop> {
    let hello = flow::hello(ctx)?;
    let body = json!({
        "euiccChallenge": flow::b64(&hello.challenge),
        "euiccInfo1": "not*base64*at*all",
        "smdpAddress": ctx.smdp_address(),
    });
    let answer = post(
        ctx,
        CONTENT_TYPE_JSON,
        ADMIN_PROTOCOL_SGP22,
        body.to_string().into_bytes(),
    )
    .await?;
    answer.not_executed()
}

async fn oversized(ctx: &mut Ctx) -> Result<(), Stop> {
    let hello = flow::hello(ctx)?;
    let body = json!({
        "euiccChallenge": flow::b64(&hello.challenge),
        "euiccInfo1": flow::b64(&hello.euicc_info1),
        "smdpAddress": ctx.smdp_address(),
        "padding": "A".repeat(OVERSIZED),
    });
    let answer = post(
        ctx,
        CONTENT_TYPE_JSON,
        ADMIN_PROTOCOL_SGP22,
        body.to_string().into_bytes(),
    )
    .await;
    // a server may also close the connection on a body it will not read
    match answer {
        Ok(a) if a.not_executed().is_ok() => {}
        Ok(a) if a.status == 200 => {
            a.success::<proto::json::es9p::InitiateAuthenticationResponse>()?;
        }
        Ok(a) => {
            return Err(Stop::fail(format!(
                "a 1 MiB request: expected a refusal or an execution, got {}",
                a.describe()
            )));
        }
        // the server closed the connection on a body it would not read (not a timeout)
        Err(Stop::Fail(d)) if d.contains(": HTTP: ") => {}
        Err(e) => return Err(e),
    }
    flow::initiate(ctx).await.map(|_| ())
}

async fn admin_protocol(ctx: &mut Ctx) -> Result<(), Stop> {
    let body = valid_body(ctx)?;
    let answer = post(ctx, CONTENT_TYPE_JSON, "gsma/rsp/v9.0.0", body).await?;
    answer.not_executed()
}
