//! The attempts of a localization (ARCHITECTURE.md "How a localization flows through the
//! code"): the profile types to try in turn, kept in the operation's data with the attempt
//! under way and a record of each failed one. Giving up an attempt goes through the cancel
//! step when an order may be open at the SM-DP+ (SGP.22 5.3.3), and otherwise straight to
//! the next profile type, or ends the operation when none is left.

use serde_json::{Value, json};

use super::finish;
use crate::clock::wall_ms;
use crate::config::Target;
use crate::store::{Operation, OperationState};

pub(super) fn targets(op: &Operation) -> Vec<Target> {
    serde_json::from_value(op.data["targets"].clone()).unwrap_or_default()
}

pub(super) fn attempt(op: &Operation) -> usize {
    op.data["attempt"]
        .as_u64()
        .and_then(|a| usize::try_from(a).ok())
        .unwrap_or(0)
}

fn push_attempt(op: &mut Operation, record: Value) {
    if let Some(list) = op.data["attempts"].as_array_mut() {
        list.push(record);
    } else {
        op.data["attempts"] = json!([record]);
    }
}

/// Records a failed attempt and moves to the next target (or ends the operation).
pub(super) fn next_target(op: &mut Operation, why: String, now: i64) {
    let a = attempt(op);
    let target = targets(op).get(a).cloned();
    push_attempt(
        op,
        json!({"profileType": target.map(|t| t.profile_type), "iccid": op.data["iccid"].clone(),
               "error": why}),
    );
    let next = a + 1;
    op.data["attempt"] = json!(next);
    op.data["orderTries"] = json!(0);
    for k in [
        "iccid",
        "matchingId",
        "activationCode",
        "profileType",
        "orderedIccid",
        "cancelWhy",
        "cancelTries",
    ] {
        if let Some(m) = op.data.as_object_mut() {
            m.remove(k);
        }
    }
    if next >= targets(op).len() {
        let summary = json!({"attempts": op.data["attempts"].clone()});
        finish(
            op,
            OperationState::Error,
            Some(summary),
            Some(format!("no profile type left to try; last failure: {why}")),
            now,
        );
    } else {
        op.state = OperationState::Queued;
        op.step = Some("order".into());
        op.next_action_at = Some(wall_ms());
        op.updated_at = now;
    }
}

/// Gives up the current attempt: through the cancel step when an order may be open at the
/// SM-DP+, straight to the next target otherwise.
pub(super) fn give_up_attempt(op: &mut Operation, why: String, now: i64) {
    let ordered = op.data["orderedIccid"]
        .as_str()
        .or(op.data["iccid"].as_str());
    if ordered.is_some() {
        op.data["cancelWhy"] = json!(why);
        op.state = OperationState::Queued;
        op.step = Some("cancel".into());
        op.next_action_at = Some(wall_ms());
        op.updated_at = now;
    } else {
        next_target(op, why, now);
    }
}
