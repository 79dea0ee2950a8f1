//! A Default Notification applied to the EIS (SGP.02 3.15; 3.2.1, 3.2.2, 3.4, 3.16): the
//! profile it names is the enabled one now, any other enabled one is disabled; the
//! operation awaiting it succeeds (`02`) or fails (`03` rolled back, `05` fall-back);
//! operators whose profiles changed without asking are owed a Handle*Notification; the
//! HandleNotificationConfirmation is queued for the card. A repeated notification (same
//! sequence number) is confirmed again and applied once.

use super::Es5Error;
use crate::eis::{Eis, ProfileState};
use crate::es4::decision_for;
use crate::es5::{DefaultNotification, NotificationType, isdr};
use crate::operation::{Function, OperationState, Requester};
use crate::status::EUICC_EXECUTION_ERROR;
use crate::store::{Tx, eis, notifications, operations};

/// What applying a notification did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationOutcome {
    /// The operation carrying the confirmation to the card.
    pub confirmation_operation: String,
    /// The confirmation's command script (`AA { 22 { 80 E2 89 00 … 3A08 … } }`), what an
    /// HTTPS bearer answers the card's POST with.
    pub confirmation_script: Vec<u8>,
    /// Whether the notification was new (a repeat changes nothing).
    pub applied: bool,
    /// The operation the notification completed, if one awaited it.
    pub completed_operation: Option<String>,
}

/// Applies `n` for the eUICC whose EIS is `e`; `own` is the SM-SR as requester.
pub(crate) fn apply(
    tx: &mut Tx<'_>,
    e: &Eis,
    n: &DefaultNotification,
    own: &Requester,
    validity_ms: i64,
) -> Result<NotificationOutcome, Es5Error> {
    let aid = n.isd_p_aid.as_deref();
    let applied = notifications::record(tx, &e.eid, n.seq, n.kind.byte(), aid)?;
    let mut completed = None;
    if let (true, Some(aid), false) = (applied, aid, n.kind == NotificationType::Declaration) {
        completed = profile_change(tx, e, n.kind, aid)?;
    }
    let d = decision_for(
        Function::NotificationConfirmation,
        None,
        vec![isdr::notification_confirmation(n.seq)],
    );
    let id = crate::es4::store_decision(tx, e, &d, own, validity_ms)?;
    Ok(NotificationOutcome {
        confirmation_operation: id,
        confirmation_script: crate::es5::script::command_script(&d.apdus)?,
        applied,
        completed_operation: completed,
    })
}

/// The EIS after a profile change to ISD-P `aid`; the operation it completed.
fn profile_change(
    tx: &mut Tx<'_>,
    e: &Eis,
    kind: NotificationType,
    aid: &[u8],
) -> Result<Option<String>, Es5Error> {
    let was_enabled = e
        .profiles
        .iter()
        .any(|p| p.isd_p_aid == aid && p.state == ProfileState::Enabled);
    eis::set_state_by_aid(tx, &e.eid, aid, ProfileState::Enabled)?;
    let disabled = eis::disable_others(tx, &e.eid, aid)?;
    let awaiting = operations::oldest_in_state(tx, &e.eid, OperationState::AwaitingNotification)?;
    let target = awaiting.as_ref().and_then(|o| o.iccid.clone());
    if let Some(op) = &awaiting {
        let (state, code) = match kind {
            NotificationType::ProfileChangeSucceeded => (OperationState::Succeeded, None),
            _ => (OperationState::Failed, Some(EUICC_EXECUTION_ERROR)),
        };
        operations::set_state(tx, &op.id, state, code, None)?;
    }
    // The operation's own requester learns of its target from the response; everyone
    // else with a stake in a changed profile (its operator, its SM-DP) is told.
    let requester = awaiting.as_ref().map(|o| o.requester.id.as_str());
    for p in &e.profiles {
        let target = target.as_deref() == Some(p.iccid.as_str());
        let except = if target { requester } else { None };
        if p.isd_p_aid == aid && !was_enabled {
            let f = "HandleProfileEnabledNotification";
            notifications::owe_profile(tx, p, f, &e.eid, except)?;
        }
        if disabled.contains(&p.iccid) {
            let f = "HandleProfileDisabledNotification";
            notifications::owe_profile(tx, p, f, &e.eid, except)?;
        }
    }
    Ok(awaiting.map(|o| o.id))
}
