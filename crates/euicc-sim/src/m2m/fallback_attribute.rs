//! SetFallBackAttribute (SGP.02 v4.2 4.1.1.5; 3.16): STORE DATA
//! `3A05 { 4F L <ISD-P AID> }`.
//!
//! Exactly one profile holds the attribute; setting it on one takes it from the other (there
//! is no "unset"). The ISD-P must hold a profile (DISABLED or ENABLED): `6985` otherwise,
//! `6A88` when unknown.

use super::aid;
use super::error::IsdrError;
use super::switch::m2m_mut;
use crate::state::EuiccState;
use crate::state::m2m::IsdpLifeCycle;

/// Runs `3A05`.
pub(super) fn set_fallback_attribute(
    state: &mut EuiccState,
    value: &[u8],
) -> Result<Vec<u8>, IsdrError> {
    let aid = aid::target(value)?;
    let m2m = m2m_mut(state)?;
    let target = m2m.isdp(&aid).ok_or(IsdrError::ReferencedDataNotFound)?;
    if !matches!(
        target.life_cycle,
        IsdpLifeCycle::Disabled | IsdpLifeCycle::Enabled
    ) {
        return Err(IsdrError::ConditionsNotSatisfied);
    }
    for isdp in &mut m2m.isdps {
        isdp.fallback = isdp.aid == aid;
    }
    for p in &mut state.profiles {
        p.fallback_attribute = p.isdp_aid == aid;
    }
    Ok(Vec::new())
}
