//! The state changes the ES5 functions share: which ISD-P is enabled (with the profile
//! contents following, so the UICC face shows the enabled profile's USIM and the card face
//! issues REFRESH), and the deletion of an ISD-P with its profile.

use super::error::IsdrError;
use crate::state::m2m::{IsdpLifeCycle, M2mState};
use crate::state::{EuiccState, ProfileStatus};

/// The M2M part of a state being changed; a card without one takes no ES5 command.
pub(super) fn m2m_mut(state: &mut EuiccState) -> Result<&mut M2mState, IsdrError> {
    state.m2m.as_mut().ok_or(IsdrError::InsNotSupported)
}

/// Makes `aid` the enabled ISD-P (SGP.02 3.2: the enabled one is disabled first); the
/// profile contents follow. Returns the ISD-P enabled before, if any.
pub(super) fn enable_isdp(state: &mut EuiccState, aid: &[u8]) -> Option<Vec<u8>> {
    let mut previous = None;
    if let Some(m2m) = state.m2m.as_mut() {
        for isdp in &mut m2m.isdps {
            if isdp.aid == aid {
                isdp.life_cycle = IsdpLifeCycle::Enabled;
            } else if isdp.life_cycle == IsdpLifeCycle::Enabled {
                isdp.life_cycle = IsdpLifeCycle::Disabled;
                previous = Some(isdp.aid.clone());
            }
        }
    }
    for p in &mut state.profiles {
        p.state = if p.isdp_aid == aid {
            ProfileStatus::Enabled
        } else {
            ProfileStatus::Disabled
        };
    }
    previous
}

/// Removes the ISD-P `aid` and its profile (SGP.02 3.5: the ISD-P is deleted with all
/// its content).
pub(super) fn delete_isdp(state: &mut EuiccState, aid: &[u8]) {
    if let Some(m2m) = state.m2m.as_mut() {
        m2m.isdps.retain(|i| i.aid != aid);
        if m2m
            .pending_switch
            .as_ref()
            .is_some_and(|s| s.previous == aid)
        {
            m2m.pending_switch = None;
        }
    }
    state.profiles.retain(|p| p.isdp_aid != aid);
}
