//! What the ISD-R does on its own when connectivity is lost (SGP.02 v4.2 3.2.2 roll-back,
//! 3.16 fall-back mechanism): state changes on a copy of the state, committed by the
//! caller.
//!
//! - Roll-back: a profile switch whose notification could not be delivered (the terminal
//!   reported the SEND SHORT MESSAGE failed [`M2mState::connectivity_attempts`] times, or
//!   reported no service) is undone: the profile enabled before is enabled again, the
//!   switch's notification is dropped and "profile change failed and roll-back" (`03`)
//!   queued.
//! - Fall-back: with no switch to undo, the profile with the Fall-Back Attribute is enabled
//!   in place of the enabled one, ignoring POL1 (3.16), and "profile change after
//!   fall-back" (`05`) queued; nothing is deleted under POL1 for it.
//!
//! [`M2mState::connectivity_attempts`]: crate::state::m2m::M2mState::connectivity_attempts

use super::switch::enable_isdp;
use crate::state::EuiccState;
use crate::state::m2m::M2mNotificationKind;

/// Undoes the pending switch; false when there is none.
pub(super) fn roll_back(state: &mut EuiccState) -> bool {
    let Some(switch) = state.m2m.as_mut().and_then(|m| m.pending_switch.take()) else {
        return false;
    };
    enable_isdp(state, &switch.previous);
    if let Some(m2m) = state.m2m.as_mut() {
        m2m.notifications.retain(|n| n.seq != switch.seq);
        m2m.queue_notification(
            M2mNotificationKind::ProfileChangeFailedRollback,
            Some(switch.previous),
            None,
        );
    }
    true
}

/// Enables the fall-back profile; false when it is enabled already or there is none.
pub(super) fn fall_back(state: &mut EuiccState) -> bool {
    let Some(fallback) = state
        .m2m
        .as_ref()
        .and_then(|m| m.fallback_isdp())
        .filter(|f| f.life_cycle == crate::state::m2m::IsdpLifeCycle::Disabled)
        .map(|f| f.aid.clone())
    else {
        return false;
    };
    enable_isdp(state, &fallback);
    if let Some(m2m) = state.m2m.as_mut() {
        m2m.queue_notification(
            M2mNotificationKind::ProfileChangeAfterFallback,
            Some(fallback),
            None,
        );
    }
    true
}
