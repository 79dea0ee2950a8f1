//! Forwarding received notifications to the SM-DP+ (ES9+.HandleNotification, SGP.22 5.6.4)
//! in the order the eUICC produced them.
//!
//! An SM-DP+ applies a notification to the profile's state as it stands: an enable of a
//! profile it has not seen installed is ignored. Notifications an IPA hands over together
//! share a reception time, so the eIM orders each device's notifications itself: by the
//! eUICC's seqNumber (SGP.22 3.5: one counter for all of an eUICC's notifications),
//! except that a Profile Installation Result goes before the other notifications of its
//! profile. Per device the queue is forwarded head first: a notification waits while one
//! before it waits for a retry. Devices are independent and forwarded concurrently.

use std::collections::BTreeMap;
use std::time::Duration;

use proto::json::es9p::{Es9Function, HandleNotificationRequest};
use tokio::task::JoinSet;

use super::EngineError;
use crate::clock::wall_ms;
use crate::context::Ctx;
use crate::store::notifications::{self, Queued};

/// Forwarding attempts of one notification before it is given up.
const MAX_FORWARD_ATTEMPTS: i64 = 20;

/// Devices whose notifications are forwarded at the same time.
const CONCURRENT_DEVICES: usize = 8;

/// Devices served in one round.
const DEVICES_PER_ROUND: usize = 256;

/// The key of `n` in its device's forwarding order, given the device's other pending
/// notifications: seqNumber order, except that a notification of a profile whose
/// installation result is still pending with a higher seqNumber goes right after it. A
/// deletion, or a notification with a deletion of its profile between it and that result,
/// belongs to an earlier installation of the same ICCID and keeps its place.
fn order_key(n: &Queued, device: &[Queued]) -> (i64, bool, i64, i64, String) {
    let seq = n.seq_number.unwrap_or(i64::MAX);
    let key = |anchor: i64| {
        (
            anchor,
            n.event != "install",
            seq,
            n.received_at,
            n.id.clone(),
        )
    };
    let (Some(iccid), Some(own)) = (n.iccid.as_deref(), n.seq_number) else {
        return key(seq);
    };
    if n.event == "install" || n.event == "delete" {
        return key(seq);
    }
    let same: Vec<(&str, i64)> = device
        .iter()
        .filter(|o| o.iccid.as_deref() == Some(iccid))
        .filter_map(|o| Some((o.event.as_str(), o.seq_number?)))
        .collect();
    if same.iter().any(|&(e, s)| e == "install" && s < own) {
        // Its installation result is ahead of it already.
        return key(seq);
    }
    let Some(pir) = same
        .iter()
        .filter(|&&(e, s)| e == "install" && s > own)
        .map(|&(_, s)| s)
        .min()
    else {
        return key(seq);
    };
    if same
        .iter()
        .any(|&(e, s)| e == "delete" && s > own && s < pir)
    {
        return key(seq);
    }
    key(pir)
}

/// One device's pending notifications in forwarding order.
pub(crate) fn device_order(mut device: Vec<Queued>) -> Vec<Queued> {
    let keys: Vec<_> = device.iter().map(|n| order_key(n, &device)).collect();
    let mut keyed: Vec<_> = keys.into_iter().zip(device.drain(..)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, n)| n).collect()
}

/// What to forward now (`wall_now`): per device, the ids of its pending notifications in
/// forwarding order up to the first one not yet due; a notification of no known device
/// alone. At most `max` chains, those waiting longest first.
pub(crate) fn chains(queued: Vec<Queued>, wall_now: i64, max: usize) -> Vec<Vec<String>> {
    let mut by_device: BTreeMap<String, Vec<Queued>> = BTreeMap::new();
    let mut out: Vec<(i64, Vec<String>)> = Vec::new();
    for n in queued {
        match &n.eid {
            Some(eid) => by_device.entry(eid.clone()).or_default().push(n),
            None if n.next_attempt_at <= wall_now => out.push((n.received_at, vec![n.id])),
            None => {}
        }
    }
    for device in by_device.into_values() {
        let ordered = device_order(device);
        let first = ordered.first().map(|n| n.received_at).unwrap_or_default();
        let due: Vec<String> = ordered
            .into_iter()
            .take_while(|n| n.next_attempt_at <= wall_now)
            .map(|n| n.id)
            .collect();
        if !due.is_empty() {
            out.push((first, due));
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().take(max).map(|(_, c)| c).collect()
}

/// How long an instance holds a notification while it forwards it (past the call's
/// 30-second time-out).
const FORWARD_LEASE_MS: i64 = 45_000;

/// Forwards what is due, device by device in order.
pub(crate) async fn forward_due(ctx: &Ctx) -> Result<(), EngineError> {
    let queued = ctx.store.read(notifications::queued).await?;
    let mut todo = chains(queued, wall_ms(), DEVICES_PER_ROUND).into_iter();
    let mut running = JoinSet::new();
    let mut first_error = None;
    loop {
        while running.len() < CONCURRENT_DEVICES {
            let Some(chain) = todo.next() else { break };
            let ctx = ctx.clone();
            running.spawn(async move { forward_chain(&ctx, chain).await });
        }
        let Some(done) = running.join_next().await else {
            break;
        };
        let result = done.unwrap_or_else(|e| {
            Err(EngineError::Invalid(format!(
                "notification forwarding task: {e}"
            )))
        });
        if let (Err(e), None) = (result, &first_error) {
            first_error = Some(e);
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Forwards one device's chain in order; stops at the first notification not forwarded.
async fn forward_chain(ctx: &Ctx, chain: Vec<String>) -> Result<(), EngineError> {
    for id in chain {
        // Leased first: of several instances, one forwards it; another takes it over
        // when that one dies mid-call.
        let (now, lease) = (wall_ms(), id.clone());
        let n = ctx
            .store
            .write(move |tx| {
                if notifications::lease(tx, &lease, now, now + FORWARD_LEASE_MS)? {
                    notifications::get(tx, &lease)
                } else {
                    Ok(None)
                }
            })
            .await?;
        let Some(n) = n.filter(|n| n.forward_state == "pending") else {
            // Taken by another instance (or no longer pending): its successors wait.
            break;
        };
        let body = HandleNotificationRequest {
            header: None,
            pending_notification: n.der.clone(),
        };
        let outcome = tokio::time::timeout(
            Duration::from_secs(30),
            ctx.smdp
                .es9
                .call(&n.address, Es9Function::HandleNotification, &body),
        )
        .await;
        let (state, error, next, at) = match outcome {
            Ok(Ok(_)) => ("forwarded", None, 0, Some(ctx.now())),
            Ok(Err(e)) => failed(ctx, n.attempts, e.to_string()),
            Err(_) => failed(ctx, n.attempts, "timed out".into()),
        };
        if state == "forwarded" {
            tracing::info!(notification = %n.id, address = %n.address, seq = ?n.seq_number,
                "notification forwarded");
        } else {
            tracing::info!(notification = %n.id, address = %n.address, error = ?error,
                "notification not forwarded");
        }
        let id = n.id.clone();
        ctx.store
            .write(move |tx| {
                notifications::record_attempt(tx, &id, state, error.as_deref(), next, at)
            })
            .await?;
        if state != "forwarded" {
            // The rest of the device's notifications wait for this one.
            break;
        }
    }
    Ok(())
}

fn backoff(ctx: &Ctx, attempts: i64) -> i64 {
    let doublings = u64::try_from(attempts).unwrap_or(0);
    infra::retry::delay_ms(
        ctx.delivery.initial_backoff,
        ctx.delivery.max_backoff,
        doublings,
    )
}

fn failed(
    ctx: &Ctx,
    attempts: i64,
    error: String,
) -> (&'static str, Option<String>, i64, Option<i64>) {
    let state = if attempts + 1 >= MAX_FORWARD_ATTEMPTS {
        "failed"
    } else {
        "pending"
    };
    (state, Some(error), wall_ms() + backoff(ctx, attempts), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(id: &str, eid: &str, seq: i64, event: &str, iccid: &str) -> Queued {
        Queued {
            id: id.into(),
            eid: Some(eid.into()),
            seq_number: Some(seq),
            event: event.into(),
            iccid: Some(iccid.into()),
            received_at: 1000,
            next_attempt_at: 0,
        }
    }

    fn ids(list: Vec<Queued>) -> Vec<String> {
        list.into_iter().map(|n| n.id).collect()
    }

    #[test]
    fn sgp22_3_5_received_together_in_seq_number_order() {
        // Ids chosen so that id order differs from seqNumber order.
        let got = device_order(vec![
            n("a", "E", 12, "enable", "X"),
            n("b", "E", 11, "install", "X"),
            n("c", "E", 13, "disable", "Y"),
        ]);
        assert_eq!(ids(got), ["b", "a", "c"]);
    }

    #[test]
    fn sgp22_3_5_installation_result_before_the_profiles_other_notifications() {
        // An enable with a lower seqNumber than its profile's installation result waits for
        // it; another profile's notification keeps its place.
        let got = device_order(vec![
            n("enable-x", "E", 5, "enable", "X"),
            n("other-y", "E", 7, "disable", "Y"),
            n("install-x", "E", 10, "install", "X"),
        ]);
        assert_eq!(ids(got), ["other-y", "install-x", "enable-x"]);
    }

    #[test]
    fn sgp22_3_5_a_reinstallation_does_not_pull_older_notifications_along() {
        // enable 2, delete 3 belong to the first installation (already forwarded); install
        // 4 and enable 5 to the second.
        let got = device_order(vec![
            n("install-2", "E", 4, "install", "X"),
            n("enable-1", "E", 2, "enable", "X"),
            n("enable-2", "E", 5, "enable", "X"),
            n("delete-1", "E", 3, "delete", "X"),
        ]);
        assert_eq!(ids(got), ["enable-1", "delete-1", "install-2", "enable-2"]);
    }

    #[test]
    fn sgp22_5_6_4_a_device_waits_for_its_head_others_do_not() {
        let mut waiting = n("e1", "E", 1, "install", "X");
        waiting.next_attempt_at = 5_000;
        let queued = vec![
            n("e2", "E", 2, "enable", "X"),
            waiting,
            n("f2", "F", 2, "enable", "Z"),
            n("f1", "F", 1, "install", "Z"),
            Queued {
                eid: None,
                ..n("anon", "", 9, "enable", "Q")
            },
        ];
        let got = chains(queued.clone(), 1_000, 16);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.contains(&vec!["f1".to_string(), "f2".to_string()]));
        assert!(got.contains(&vec!["anon".to_string()]));
        // Once its head is due, E goes in order.
        let got = chains(queued, 5_000, 16);
        assert!(got.contains(&vec!["e1".to_string(), "e2".to_string()]));
    }
}
