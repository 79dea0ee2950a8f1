//! Where the ES9+ handlers meet the faults of the configuration ([`crate::faults`]): after a
//! call's work was committed, in GetBoundProfilePackage's package, and in the answer. A
//! call's EID is that of its session (from AuthenticateClient on); before it, only rules
//! that do not select by EID apply. With no rule configured nothing here reads the
//! database.

use std::time::SystemTime;

use axum::response::Response;
use bytes::Bytes;
use infra::faults::{FaultKind, Injection, cut};
use proto::der::{Reader, Tag, Tlv};

use crate::context::Ctx;
use crate::faults::{AUTHENTICATE, GET_BPP};
use crate::store::{orders, sessions};

/// A fault picked for one call, with the call's EID.
pub(crate) struct Armed {
    injection: Injection,
    eid: Option<String>,
}

/// The EID and order of the session of `transaction_id`, once authenticated.
async fn session_of(ctx: &Ctx, transaction_id: Option<&[u8]>) -> (Option<String>, Option<String>) {
    let Some(tid) = transaction_id.map(<[u8]>::to_vec) else {
        return (None, None);
    };
    match ctx.store.read(move |tx| sessions::get(tx, &tid)).await {
        Ok(Some(s)) => match s.authenticated() {
            Some(a) => (Some(a.eid.clone()), Some(a.order_id.clone())),
            None => (None, None),
        },
        Ok(None) => (None, None),
        Err(e) => {
            tracing::warn!(error = %e, "faults: the session's EID could not be read");
            (None, None)
        }
    }
}

/// Picks a fault of `kinds` for this call of `function` (none when no rule concerns it).
async fn pick(
    ctx: &Ctx,
    kinds: &[FaultKind],
    function: &str,
    transaction_id: Option<&[u8]>,
) -> Option<(Armed, Option<String>)> {
    if ctx.faults.is_empty() || !ctx.faults.concerns(function) {
        return None;
    }
    let (eid, order) = session_of(ctx, transaction_id).await;
    let injection = ctx
        .faults
        .pick(kinds, function, eid.as_deref(), SystemTime::now())?;
    Some((Armed { injection, eid }, order))
}

/// After a call's work was committed: the fault its answer meets, if any. An expired
/// order is applied here (after AuthenticateClient).
pub(crate) async fn after(
    ctx: &Ctx,
    function: &str,
    transaction_id: Option<&[u8]>,
) -> Option<Armed> {
    let kinds: &[FaultKind] = match function {
        GET_BPP => &[
            FaultKind::LoseAnswer,
            FaultKind::Delay,
            FaultKind::CutBoundProfilePackage,
        ],
        AUTHENTICATE => &[
            FaultKind::LoseAnswer,
            FaultKind::Delay,
            FaultKind::ExpireOrder,
        ],
        _ => &[FaultKind::LoseAnswer, FaultKind::Delay],
    };
    let (armed, order) = pick(ctx, kinds, function, transaction_id).await?;
    if armed.injection.kind == FaultKind::ExpireOrder {
        let id = order?;
        let expired = ctx
            .store
            .write(move |tx| orders::set_terms(tx, &id, Some(crate::store::now_ms()), None))
            .await;
        match expired {
            Ok(true) => report(ctx, &armed, function),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "faults: the order could not be expired"),
        }
        return None;
    }
    Some(armed)
}

fn report(ctx: &Ctx, armed: &Armed, function: &str) {
    ctx.faults
        .injected_now(armed.injection.kind, function, armed.eid.as_deref());
}

/// The answer `response` (whose body is `body`) as the fault makes it.
pub(crate) async fn apply(
    ctx: &Ctx,
    armed: Armed,
    function: &str,
    response: Response,
    body: Vec<u8>,
) -> Response {
    report(ctx, &armed, function);
    match armed.injection.kind {
        FaultKind::Delay => {
            tokio::time::sleep(armed.injection.delay).await;
            response
        }
        FaultKind::CutBoundProfilePackage => {
            let (parts, _) = response.into_parts();
            let half = body.len() / 2;
            let cut = cut::cut_short(Bytes::from(body), half);
            let (_, cut_body) = cut.into_parts();
            Response::from_parts(parts, cut_body)
        }
        _ => cut::lost(),
    }
}

/// GetBoundProfilePackage's package as sent: with one segment's MAC broken when a
/// `break_mac` rule selects the call.
pub(crate) async fn bound_package(ctx: &Ctx, transaction_id: &[u8], bpp: Vec<u8>) -> Vec<u8> {
    let Some((armed, _)) = pick(ctx, &[FaultKind::BreakMac], GET_BPP, Some(transaction_id)).await
    else {
        return bpp;
    };
    match break_mac(bpp.clone()) {
        Some(broken) => {
            report(ctx, &armed, GET_BPP);
            broken
        }
        None => {
            tracing::warn!("faults: the bound profile package has no segment to break");
            bpp
        }
    }
}

/// The package with the last octet of the first LoadProfileElements segment's MAC flipped
/// (`A3` { `86` … }: the MAC is the segment's last 8 octets, SGP.22 2.5.6), or `None` when
/// it has no such segment.
fn break_mac(mut bpp: Vec<u8>) -> Option<Vec<u8>> {
    let outer = Tlv::parse_single(&bpp).ok()?;
    let mut parts = outer.contents().ok()?;
    let at = loop {
        let part = parts.read().ok()?;
        if part.tag == Tag::context(3, true) {
            let segment = first(part.contents().ok()?)?;
            if segment.tag != Tag::context(6, false) || segment.value().len() < 8 {
                return None;
            }
            break segment.offset + segment.raw.len() - 1;
        }
        if parts.is_empty() {
            return None;
        }
    };
    let octet = bpp.get_mut(at)?;
    *octet ^= 0x01;
    Some(bpp)
}

fn first(mut r: Reader<'_>) -> Option<Tlv<'_>> {
    r.read().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_segment_of_a3_loses_its_last_octet() {
        // BF36 { BF23 {}, A0 {87 01 AA}, A1 {}, A3 { 86 09 (9 octets), 86 08 … } }
        let mut inner = vec![0xBF, 0x23, 0x00, 0xA0, 0x03, 0x87, 0x01, 0xAA, 0xA1, 0x00];
        let seg1 = [0x86, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        let seg2 = [0x86, 0x08, 1, 2, 3, 4, 5, 6, 7, 8];
        inner.push(0xA3);
        inner.push((seg1.len() + seg2.len()) as u8);
        inner.extend_from_slice(&seg1);
        inner.extend_from_slice(&seg2);
        let mut bpp = vec![0xBF, 0x36, inner.len() as u8];
        bpp.extend_from_slice(&inner);
        let broken = break_mac(bpp.clone()).unwrap();
        let diff: Vec<usize> = (0..bpp.len()).filter(|&i| bpp[i] != broken[i]).collect();
        let seg1_end = 3 + 10 + 2 + seg1.len() - 1;
        assert_eq!(diff, vec![seg1_end]);
        assert_eq!(broken[seg1_end], 9 ^ 1);
        assert!(break_mac(vec![0xBF, 0x36, 0x00]).is_none());
    }
}
