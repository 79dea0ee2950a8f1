//! Faults served on purpose to a device under test (`[faults]`, [`infra::faults`]): the
//! kinds the eIM serves and where ESipa and the package delivery meet them. A request's EID
//! is the one its poll names, or that of the device that polled on its connection; windows
//! are read on the eIM's clock. Each fault injected for a known device is also written to
//! the device's history (event `fault`), which its dashboard page shows. With no rule
//! configured nothing here reads or writes the database.
//!
//! - `unreachable`: requests in the window are closed unanswered before any work;
//! - `lose_answer`, `delay`: any ESipa function, after its work was committed;
//! - `stale_counter`: an eUICC Package signed with the counterValue before the one
//!   allocated (one the eUICC has seen; SGP.32 v1.2 5.14.5 refuses it);
//! - `bad_signature`: an eUICC Package whose eimSignature does not verify;
//! - `coap_lose_request`, `coap_lose_ack`, `coap_lose_block`, `dtls_drop`: ESipa over
//!   CoAP, message by message ([`coap`]).

use std::time::{Duration, SystemTime};

use axum::response::Response;
use infra::faults::{FaultKind, Injection, cut};
use serde_json::json;

use crate::context::{Context, Ctx};
use crate::store::{Tx, events};

pub(crate) mod coap;
pub(crate) mod served;

pub use served::from_table;

/// The history entry of a fault.
fn detail(kind: FaultKind, function: &str) -> serde_json::Value {
    json!({"fault": kind.as_str(), "function": function})
}

fn now(ctx: &Context) -> SystemTime {
    let ms = u64::try_from(ctx.now()).unwrap_or(0);
    SystemTime::UNIX_EPOCH + Duration::from_millis(ms)
}

/// Logs and counts a fault, and writes it to the device's history when the device is known.
async fn report(ctx: &Ctx, kind: FaultKind, function: &str, eid: Option<&str>) {
    ctx.faults.injected_now(kind, function, eid);
    let Some(eid) = eid.map(str::to_string) else {
        return;
    };
    let (at, entry) = (ctx.now(), detail(kind, function));
    let written = ctx
        .store
        .write(move |tx| events::add(tx, &eid, "fault", entry.clone(), at))
        .await;
    if let Err(e) = written {
        // a device never registered has no history
        tracing::debug!(error = %e, "faults: not written to the device's history");
    }
}

/// Before any work: whether the request meets the eIM unreachable (then it is answered
/// with the connection's end).
pub(crate) async fn unreachable(
    ctx: &Ctx,
    function: &str,
    eid: impl FnOnce() -> Option<String>,
) -> Option<Response> {
    if ctx.faults.is_empty() || !ctx.faults.concerns(function) {
        return None;
    }
    let eid = eid();
    ctx.faults.pick(
        &[FaultKind::Unreachable],
        function,
        eid.as_deref(),
        now(ctx),
    )?;
    report(ctx, FaultKind::Unreachable, function, eid.as_deref()).await;
    Some(cut::lost())
}

/// A fault picked for an answer, with the request's EID.
pub(crate) struct Armed {
    injection: Injection,
    eid: Option<String>,
}

/// After the work was committed: the fault the answer meets, if any.
pub(crate) fn after(ctx: &Ctx, function: &str, eid: Option<String>) -> Option<Armed> {
    if ctx.faults.is_empty() {
        return None;
    }
    let injection = ctx.faults.pick(
        &[FaultKind::LoseAnswer, FaultKind::Delay],
        function,
        eid.as_deref(),
        now(ctx),
    )?;
    Some(Armed { injection, eid })
}

/// The answer as the fault makes it.
pub(crate) async fn apply(ctx: &Ctx, armed: Armed, function: &str, response: Response) -> Response {
    report(ctx, armed.injection.kind, function, armed.eid.as_deref()).await;
    match armed.injection.kind {
        FaultKind::Delay => {
            tokio::time::sleep(armed.injection.delay).await;
            response
        }
        _ => cut::lost(),
    }
}

/// What an eUICC Package is signed with at its first delivery to `eid`: the counterValue
/// allocated, or the one before it (`stale_counter`); and whether its signature is to be
/// broken (`bad_signature`). The fault is written to the device's history in the
/// delivery's transaction.
pub(crate) fn package(
    ctx: &Context,
    tx: &mut Tx<'_>,
    eid: &str,
    counter: i64,
    at: i64,
) -> Result<(i64, bool), crate::store::StoreError> {
    const FUNCTION: &str = "getEimPackage";
    if ctx.faults.is_empty() {
        return Ok((counter, false));
    }
    let Some(picked) = ctx.faults.pick(
        &[FaultKind::StaleCounter, FaultKind::BadSignature],
        FUNCTION,
        Some(eid),
        now(ctx),
    ) else {
        return Ok((counter, false));
    };
    ctx.faults.injected_now(picked.kind, FUNCTION, Some(eid));
    events::add(tx, eid, "fault", detail(picked.kind, FUNCTION), at)?;
    Ok(match picked.kind {
        FaultKind::StaleCounter => (counter - 1, false),
        _ => (counter, true),
    })
}
