//! Changing the enabled profile from the IoT functions (PSMO enable, rollback, fallback,
//! emergency, immediate enable): at most one profile is enabled, and each change makes the
//! notifications the profiles' metadata ask for, as ES10c.EnableProfile does (SGP.22
//! 5.7.16, SGP.32 v1.2 3.4).

use proto::crypto::SignatureError;
use proto::sgp22::Iccid;

use crate::euicc::Euicc;
use crate::isdr::manage::{iccid_digits, set_state};
use crate::state::{EuiccState, ProfileStatus};

/// Index of the profile with these ICCID digits.
pub(super) fn index_of(state: &EuiccState, iccid: &str) -> Option<usize> {
    state.profiles.iter().position(|p| p.iccid == iccid)
}

/// Index of the profile with this ICCID (as a PSMO carries it).
pub(super) fn index_of_asn1(state: &EuiccState, iccid: &Iccid) -> Option<usize> {
    let digits = iccid_digits(iccid)?;
    index_of(state, &digits)
}

/// Index of the enabled profile.
pub(super) fn enabled_index(state: &EuiccState) -> Option<usize> {
    state
        .profiles
        .iter()
        .position(|p| p.state == ProfileStatus::Enabled)
}

/// Makes profile `target` the enabled one: the enabled profile (another one) is disabled
/// first. Returns the ICCID of the profile that was enabled before, if any. Policy checks
/// are the caller's.
pub(super) fn switch_to(
    euicc: &Euicc,
    state: &mut EuiccState,
    target: usize,
) -> Result<Option<String>, SignatureError> {
    let current = enabled_index(state);
    let previous = current.map(|c| state.profiles[c].iccid.clone());
    if let Some(c) = current.filter(|c| *c != target) {
        set_state(euicc, state, c, ProfileStatus::Disabled)?;
    }
    if state.profiles[target].state != ProfileStatus::Enabled {
        set_state(euicc, state, target, ProfileStatus::Enabled)?;
    }
    Ok(previous)
}

/// Disables profile `from` and enables the profile `back_to` (ICCID digits) if it is
/// still installed; with `None` or a profile gone, no profile stays enabled.
pub(super) fn switch_back(
    euicc: &Euicc,
    state: &mut EuiccState,
    from: usize,
    back_to: Option<&str>,
) -> Result<(), SignatureError> {
    match back_to.and_then(|i| index_of(state, i)) {
        Some(target) => switch_to(euicc, state, target).map(|_| ()),
        None => set_state(euicc, state, from, ProfileStatus::Disabled),
    }
}
