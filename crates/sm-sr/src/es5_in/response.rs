//! A card's response script applied to its operation (SGP.02 3.2–3.6): a refusal ends the
//! operation `Failed` with the code its status word means; success updates the EIS and
//! ends it, or, for Enable and Disable, waits for the Default Notification.

use super::Es5Error;
use crate::eis::ProfileState;
use crate::es5::CardResponse;
use crate::es5::audit::{parse_free_memory, parse_status};
use crate::operation::{Function, Operation, OperationState, Requester};
use crate::status::{
    EUICC_EXECUTION_ERROR, PROFILE_ICCID_INVALID_TRANSITION, PROFILE_ICCID_REFUSED,
    PROFILE_ICCID_UNKNOWN, StatusCode,
};
use crate::store::{StoreError, Tx, eis, notifications, operations};

/// The code a failed script ends its operation with, by the last status word: `69E1` POL1
/// refused (SGP.02 4.1.1.2), `6A88` referenced data (the ISD-P) not found, `6985`
/// conditions of use not satisfied (the profile's state); anything else an execution error.
pub(crate) fn failure_code(r: &CardResponse) -> StatusCode {
    match r.last_sw() {
        Some(0x69E1) => PROFILE_ICCID_REFUSED,
        Some(0x6A88) => PROFILE_ICCID_UNKNOWN,
        Some(0x6985) => PROFILE_ICCID_INVALID_TRANSITION,
        _ => EUICC_EXECUTION_ERROR,
    }
}

/// The SM-SR as the requester of the operations it decides itself, and their validity.
pub(crate) struct Own<'a> {
    pub requester: &'a Requester,
    pub validity_ms: i64,
}

/// Applies `r` (the bytes `raw`) to `op`, whose command had `expected` C-APDUs.
pub(crate) fn apply(
    tx: &mut Tx<'_>,
    op: &Operation,
    r: &CardResponse,
    raw: &[u8],
    expected: usize,
    own: &Own<'_>,
) -> Result<(), Es5Error> {
    if !r.succeeded(expected) {
        let code = failure_code(r);
        if op.function == Function::CreateIsdp {
            crate::es3::isd_p_not_created(tx, op)?;
        }
        operations::set_state(tx, &op.id, OperationState::Failed, Some(code), Some(raw))?;
        return Ok(());
    }
    let next = match op.function.card_action() {
        Function::EnableProfile | Function::DisableProfile => OperationState::AwaitingNotification,
        Function::DeleteProfile => {
            deleted(tx, op, op.iccid.as_deref())?;
            OperationState::Succeeded
        }
        Function::SetFallBackAttribute => {
            if let Some(iccid) = &op.iccid {
                eis::move_fallback(tx, &op.eid, iccid)?;
            }
            OperationState::Succeeded
        }
        Function::AuditEis => {
            audited(tx, &op.eid, r)?;
            OperationState::Succeeded
        }
        Function::NotificationConfirmation => {
            confirmed(tx, op, r)?;
            auto_delete(tx, &op.eid, own)?;
            OperationState::Succeeded
        }
        Function::CreateIsdp => {
            crate::es3::isd_p_created(tx, op)?;
            OperationState::Succeeded
        }
        // the SM-DP's own script: its answer is the response data, nothing to apply
        _ => OperationState::Succeeded,
    };
    operations::set_state(tx, &op.id, next, None, Some(raw))?;
    Ok(())
}

/// Removes a deleted profile from the EIS; its operator and SM-DP are told, unless one of
/// them asked.
fn deleted(tx: &mut Tx<'_>, op: &Operation, iccid: Option<&str>) -> Result<(), StoreError> {
    let Some(iccid) = iccid else { return Ok(()) };
    let profile = eis::profiles(tx, &op.eid)?
        .into_iter()
        .find(|p| p.iccid == iccid);
    eis::delete_profile(tx, &op.eid, iccid)?;
    if let Some(p) = profile {
        let f = "HandleProfileDeletedNotification";
        notifications::owe_profile(tx, &p, f, &op.eid, Some(&op.requester.id))?;
    }
    Ok(())
}

/// The audit's GET STATUS answers update the profiles' states and Fall-Back Attribute,
/// GET DATA the free memory.
fn audited(tx: &mut Tx<'_>, eid: &str, r: &CardResponse) -> Result<(), StoreError> {
    let mut memory = None;
    for rapdu in &r.responses {
        if let Ok(Some(m)) = parse_free_memory(&rapdu.data) {
            memory = Some(m);
            continue;
        }
        for s in parse_status(&rapdu.data).unwrap_or_default() {
            if let Some(state) = s.profile_state() {
                eis::set_state_by_aid(tx, eid, &s.aid, state)?;
            }
            if s.fallback {
                let p = eis::profiles(tx, eid)?
                    .into_iter()
                    .find(|p| p.isd_p_aid == s.aid);
                if let Some(p) = p {
                    eis::move_fallback(tx, eid, &p.iccid)?;
                }
            }
        }
    }
    eis::audited(tx, eid, memory)
}

/// The confirmation's answer lists the ISD-Ps the card deleted under POL1 (`4F` AIDs,
/// SGP.02 4.1.1.10): they leave the EIS, their owners are told.
fn confirmed(tx: &mut Tx<'_>, op: &Operation, r: &CardResponse) -> Result<(), StoreError> {
    let data = r
        .responses
        .last()
        .map(|x| x.data.as_slice())
        .unwrap_or_default();
    let Ok((_, body, _)) = crate::es5::tlv::next(data) else {
        return Ok(());
    };
    let aids: Vec<Vec<u8>> = crate::es5::tlv::all(body)
        .unwrap_or_default()
        .into_iter()
        .filter(|(t, _)| *t == 0x4F)
        .map(|(_, v)| v.to_vec())
        .collect();
    for p in eis::profiles(tx, &op.eid)? {
        if aids.contains(&p.isd_p_aid) && p.state != ProfileState::Enabled {
            eis::delete_profile(tx, &op.eid, &p.iccid)?;
            let f = "HandleProfileDeletedNotification";
            notifications::owe_profile(tx, &p, f, &op.eid, None)?;
        }
    }
    Ok(())
}

/// POL2 Auto-Delete (SGP.02 3.4): once the confirmation is answered, every disabled
/// profile whose POL2 says `DISABLE`/`Auto-Delete` and that no operation is deleting yet
/// gets a DeleteProfile operation of the SM-SR's own.
fn auto_delete(tx: &mut Tx<'_>, eid: &str, own: &Own<'_>) -> Result<(), Es5Error> {
    let Some(e) = eis::load(tx, eid)? else {
        return Ok(());
    };
    for p in &e.profiles {
        if !p.pol2.auto_delete_on_disable() || operations::deleting(tx, eid, &p.iccid)? {
            continue;
        }
        if let Ok(d) = crate::es4::auto_delete(p) {
            crate::es4::store_decision(tx, &e, &d, own.requester, own.validity_ms)?;
        }
    }
    Ok(())
}
