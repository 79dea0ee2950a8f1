//! DisableProfile (SGP.02 v4.2 4.1.1.3; procedure 3.4): STORE DATA
//! `3A04 { 4F L <ISD-P AID> }`.
//!
//! The profile with the Fall-Back Attribute is enabled in its place (3.4). Refusals: an
//! unknown ISD-P `6A88`; an ISD-P that is not ENABLED, the fall-back profile itself, or no
//! fall-back profile to enable `6985`; POL1 "disabling not allowed" `69E1`. A Default
//! Notification `02` names the fall-back profile now enabled; POL1 "delete when disabled"
//! of the disabled profile is applied when the SM-SR confirms it (3.4, 4.1.1.11).

use super::aid;
use super::error::IsdrError;
use super::switch::{enable_isdp, m2m_mut};
use crate::state::EuiccState;
use crate::state::m2m::{IsdpLifeCycle, M2mNotificationKind, ProfileSwitch};

/// Runs `3A04`.
pub(super) fn disable_profile(state: &mut EuiccState, value: &[u8]) -> Result<Vec<u8>, IsdrError> {
    let aid = aid::target(value)?;
    let fallback = {
        let m2m = m2m_mut(state)?;
        let target = m2m.isdp(&aid).ok_or(IsdrError::ReferencedDataNotFound)?;
        if target.life_cycle != IsdpLifeCycle::Enabled || target.fallback {
            return Err(IsdrError::ConditionsNotSatisfied);
        }
        if target.pol1.disable_not_allowed {
            return Err(IsdrError::Pol1);
        }
        let fallback = m2m
            .fallback_isdp()
            .filter(|f| f.life_cycle == IsdpLifeCycle::Disabled)
            .ok_or(IsdrError::ConditionsNotSatisfied)?;
        fallback.aid.clone()
    };
    enable_isdp(state, &fallback);
    let m2m = m2m_mut(state)?;
    let seq = m2m.queue_notification(
        M2mNotificationKind::ProfileChangeSucceeded,
        Some(fallback.clone()),
        Some(aid.clone()),
    );
    m2m.pending_switch = Some(ProfileSwitch {
        previous: aid,
        enabled: fallback,
        seq,
    });
    Ok(Vec::new())
}
