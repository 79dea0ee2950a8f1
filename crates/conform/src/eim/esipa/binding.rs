//! The ESipa ASN.1 binding (SGP.32 v1.2 6.3, over HTTP as 6.1 says): a message the binding
//! cannot take is refused, with an HTTP 4xx status when it names no function (a 5xx is a
//! server fault, not a refusal).

use ipa::{ESIPA_ADMIN_PROTOCOL, ESIPA_CONTENT_TYPE, ESIPA_USER_AGENT};
use proto::json::http::X_ADMIN_PROTOCOL;

use super::unknown_eid;
use crate::Stop;
use crate::case::case;
use crate::eim::{Case, Ctx, EsipaAnswer};

const GROUP: &str = "ESipa ASN.1 binding";

/// Longer than any ESipa request an IPA sends: 1 MiB.
const OVERSIZED: usize = 1024 * 1024;

pub(crate) const CASES: &[Case] = &[
    case! {
        group: GROUP,
        title: "#01 body that is not DER",
        test_case: None,
        clause: "SGP.32 6.3.1",
        checks: "40 octets of FF are refused with HTTP 4xx",
        run: not_der,
    },
    case! {
        group: GROUP,
        title: "#02 unknown message",
        test_case: None,
        clause: "SGP.32 6.3.1",
        checks: "a DER TLV of no ESipa message (BF99 01 00) is refused with HTTP 4xx",
        run: unknown_message,
    },
    case! {
        group: GROUP,
        title: "#03 oversized body",
        test_case: None,
        clause: "SGP.32 6.1, 6.3.1",
        checks: "a 1 MiB body is refused (HTTP 4xx, or the connection closed), never a 5xx or no answer in time; the next request is served",
        run: oversized,
    },
];

async fn send(ctx: &mut Ctx, content_type: &str, body: Vec<u8>) -> Result<EsipaAnswer, Stop> {
    let shared = ctx.shared.clone();
    let headers = [
        ("content-type", content_type),
        (X_ADMIN_PROTOCOL, ESIPA_ADMIN_PROTOCOL),
        ("user-agent", ESIPA_USER_AGENT),
    ];
    shared
        .wire
        .send_with(&mut ctx.ev, "request", &headers, body)
        .await
}

fn http_refusal(answer: &EsipaAnswer) -> Result<(), Stop> {
    answer.refused(|_| false)
}

async fn not_der(ctx: &mut Ctx) -> Result<(), Stop> {
    let answer = send(ctx, ESIPA_CONTENT_TYPE, vec![0xFF; 40]).await?;
    http_refusal(&answer)
}

async fn unknown_message(ctx: &mut Ctx) -> Result<(), Stop> {
    let answer = send(ctx, ESIPA_CONTENT_TYPE, vec![0xBF, 0x99, 0x01, 0x00]).await?;
    http_refusal(&answer)
}

async fn oversized(ctx: &mut Ctx) -> Result<(), Stop> {
    // a GetEimPackageRequest (BF4F) whose length says 1 MiB of content
    let mut body = vec![0xBF, 0x4F, 0x83];
    let len = u32::try_from(OVERSIZED).unwrap_or(u32::MAX).to_be_bytes();
    body.extend_from_slice(&len[1..]);
    body.resize(body.len() + OVERSIZED, 0);
    match send(ctx, ESIPA_CONTENT_TYPE, body).await {
        Ok(a) => http_refusal(&a)?,
        // the eIM closed the connection on a body it would not read (not a timeout)
        Err(Stop::Fail(d)) if d.contains(": HTTP: ") => {}
        Err(e) => return Err(e),
    }
    let eid = unknown_eid(ctx.eid())?;
    let answer = super::get_eim_package::get(ctx, eid.to_bcd()).await?;
    answer.message().map(|_| ())
}
