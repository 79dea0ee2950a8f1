//! EnableProfile (SGP.02 v4.2 4.1.1.2; procedure 3.2): STORE DATA `3A03 { 4F L <ISD-P AID> }`.
//!
//! Refusals: an unknown ISD-P `6A88`; an ISD-P that is not DISABLED (still being
//! personalised, or already enabled) `6985`; POL1 of the enabled profile says "disabling
//! not allowed" `69E1`. On success the profile enabled before is disabled, a Default
//! Notification "profile change succeeded" (`02`) is queued, and the switch is remembered
//! until the SM-SR confirms that notification, so the card can roll back (3.2.2). The
//! REFRESH the terminal needs follows from the change of the enabled profile (card face).

use super::aid;
use super::error::IsdrError;
use super::switch::{enable_isdp, m2m_mut};
use crate::state::EuiccState;
use crate::state::m2m::{IsdpLifeCycle, M2mNotificationKind, ProfileSwitch};

/// Runs `3A03`.
pub(super) fn enable_profile(state: &mut EuiccState, value: &[u8]) -> Result<Vec<u8>, IsdrError> {
    let aid = aid::target(value)?;
    {
        let m2m = m2m_mut(state)?;
        let target = m2m.isdp(&aid).ok_or(IsdrError::ReferencedDataNotFound)?;
        if target.life_cycle != IsdpLifeCycle::Disabled {
            return Err(IsdrError::ConditionsNotSatisfied);
        }
        if m2m
            .enabled_isdp()
            .is_some_and(|e| e.pol1.disable_not_allowed)
        {
            return Err(IsdrError::Pol1);
        }
    }
    let previous = enable_isdp(state, &aid);
    let m2m = m2m_mut(state)?;
    let seq = m2m.queue_notification(
        M2mNotificationKind::ProfileChangeSucceeded,
        Some(aid.clone()),
        previous.clone(),
    );
    m2m.pending_switch = previous.map(|previous| ProfileSwitch {
        previous,
        enabled: aid,
        seq,
    });
    Ok(Vec::new())
}
