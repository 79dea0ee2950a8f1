//! The ES4 decisions, on an EIS as read in the transaction that will store their outcome:
//! the requester's ownership, POL2, the profile's state, then the ES5 commands for the
//! ISD-R. Pure functions: no I/O, so each condition is tested on its own.

use super::Es4Error;
use crate::eis::{Eis, Pol2Action, Profile, ProfileState};
use crate::es5::isdr;
use crate::operation::Function;

/// What a function decided: the operation to run and its C-APDUs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decision {
    pub function: Function,
    pub iccid: Option<String>,
    pub apdus: Vec<Vec<u8>>,
}

/// The profile `iccid` of `eis`, owned by `requester`.
pub(crate) fn owned<'a>(
    eis: &'a Eis,
    requester: &str,
    iccid: &str,
) -> Result<&'a Profile, Es4Error> {
    let p = eis
        .profile(iccid)
        .ok_or_else(|| Es4Error::UnknownProfile(iccid.to_string()))?;
    if p.mno_id != requester {
        return Err(Es4Error::NotOwner(iccid.to_string()));
    }
    Ok(p)
}

fn in_state(p: &Profile, allowed: &[ProfileState]) -> Result<(), Es4Error> {
    if allowed.contains(&p.state) {
        Ok(())
    } else {
        Err(Es4Error::WrongState {
            iccid: p.iccid.clone(),
            state: p.state,
        })
    }
}

fn pol2_allows(p: &Profile, action: Pol2Action) -> Result<(), Es4Error> {
    if p.pol2.forbids(action) {
        return Err(Es4Error::Pol2Refused(p.iccid.clone()));
    }
    Ok(())
}

fn decision(function: Function, p: &Profile, apdu: Vec<u8>) -> Decision {
    Decision {
        function,
        iccid: Some(p.iccid.clone()),
        apdus: vec![apdu],
    }
}

/// ES4.EnableProfile (SGP.02 3.2): a disabled profile of the requester, whose POL2 allows
/// enabling, while the enabled profile's POL2 allows its disabling.
pub(crate) fn enable(eis: &Eis, requester: &str, iccid: &str) -> Result<Decision, Es4Error> {
    let p = owned(eis, requester, iccid)?;
    in_state(p, &[ProfileState::Disabled])?;
    pol2_allows(p, Pol2Action::Enable)?;
    if let Some(current) = eis.enabled() {
        pol2_allows(current, Pol2Action::Disable)?;
    }
    Ok(decision(
        Function::EnableProfile,
        p,
        isdr::enable_profile(&p.isd_p_aid),
    ))
}

/// ES4.DisableProfile (SGP.02 3.4): the enabled profile of the requester, POL2 allowing,
/// not the fall-back profile (the card enables that one in its place).
pub(crate) fn disable(eis: &Eis, requester: &str, iccid: &str) -> Result<Decision, Es4Error> {
    let p = owned(eis, requester, iccid)?;
    in_state(p, &[ProfileState::Enabled])?;
    pol2_allows(p, Pol2Action::Disable)?;
    if p.fallback {
        return Err(Es4Error::FallBackProfile(p.iccid.clone()));
    }
    Ok(decision(
        Function::DisableProfile,
        p,
        isdr::disable_profile(&p.isd_p_aid),
    ))
}

/// ES4.DeleteProfile (SGP.02 3.5): a disabled (or never completed) profile of the
/// requester, POL2 allowing, not the fall-back profile.
pub(crate) fn delete(eis: &Eis, requester: &str, iccid: &str) -> Result<Decision, Es4Error> {
    let p = owned(eis, requester, iccid)?;
    pol2_allows(p, Pol2Action::Delete)?;
    auto_delete(p)
}

/// The DELETE of a profile the SM-SR decided itself (POL2 Auto-Delete after a disable,
/// SGP.02 3.4): state and fall-back checked, ownership and `DELETE` POL2 not.
pub(crate) fn auto_delete(p: &Profile) -> Result<Decision, Es4Error> {
    in_state(p, &[ProfileState::Disabled, ProfileState::Created])?;
    if p.fallback {
        return Err(Es4Error::FallBackProfile(p.iccid.clone()));
    }
    Ok(decision(
        Function::DeleteProfile,
        p,
        isdr::delete_isd_p(&p.isd_p_aid),
    ))
}

/// ES4.SetFallBackAttribute (SGP.02 3.16): an installed profile of the requester.
pub(crate) fn set_fallback(eis: &Eis, requester: &str, iccid: &str) -> Result<Decision, Es4Error> {
    let p = owned(eis, requester, iccid)?;
    in_state(p, &[ProfileState::Enabled, ProfileState::Disabled])?;
    Ok(decision(
        Function::SetFallBackAttribute,
        p,
        isdr::set_fallback_attribute(&p.isd_p_aid),
    ))
}

/// ES4.AuditEIS (SGP.02 3.6): GET STATUS of each listed profile of the requester (all of
/// its profiles when the list is empty), then GET DATA of the memory figures.
pub(crate) fn audit(eis: &Eis, requester: &str, iccids: &[String]) -> Result<Decision, Es4Error> {
    let apdus = audit_apdus(
        eis,
        iccids,
        |p| p.mno_id == requester,
        |i| owned(eis, requester, i),
    )?;
    Ok(Decision {
        function: Function::AuditEis,
        iccid: None,
        apdus,
    })
}

/// The audit's C-APDUs (SGP.02 3.6, 4.1.1.6): GET STATUS of each of `iccids` as `lookup`
/// finds it, or of every profile that is `mine` when the list is empty, then GET DATA.
pub(crate) fn audit_apdus<'a, E>(
    eis: &'a Eis,
    iccids: &[String],
    mine: impl Fn(&Profile) -> bool,
    lookup: impl Fn(&str) -> Result<&'a Profile, E>,
) -> Result<Vec<Vec<u8>>, E> {
    let mut apdus = Vec::new();
    if iccids.is_empty() {
        for p in eis.profiles.iter().filter(|p| mine(p)) {
            apdus.push(isdr::get_status(&p.isd_p_aid));
        }
    } else {
        for iccid in iccids.iter().take(crate::eis::MAX_PROFILES) {
            apdus.push(isdr::get_status(&lookup(iccid)?.isd_p_aid));
        }
    }
    apdus.push(isdr::get_memory());
    Ok(apdus)
}
