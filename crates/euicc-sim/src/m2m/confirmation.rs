//! HandleNotificationConfirmation (SGP.02 v4.2 4.1.1.11; 3.15): STORE DATA
//! `3A08 { 4E 02 <sequence number> }`.
//!
//! The notification leaves the queue and is no longer sent again. If the change it reported
//! disabled a profile whose POL1 says "delete when disabled", that ISD-P is deleted now
//! (3.4), and the answer names it: `80 L { 4F L <AID> }*` (empty list `80 00` otherwise). An
//! unknown sequence number is `6A88`.

use certs::gp::tlv;

use super::error::IsdrError;
use super::switch::{delete_isdp, m2m_mut};
use crate::state::EuiccState;
use crate::state::m2m::IsdpLifeCycle;

/// Runs `3A08`.
pub(super) fn confirm_notification(
    state: &mut EuiccState,
    value: &[u8],
) -> Result<Vec<u8>, IsdrError> {
    let seq = match tlv::read_all(value)?.as_slice() {
        [t] if t.tag == 0x4E => match t.value {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            _ => return Err(IsdrError::IncorrectData),
        },
        _ => return Err(IsdrError::IncorrectData),
    };
    let m2m = m2m_mut(state)?;
    let index = m2m
        .notifications
        .iter()
        .position(|n| n.seq == seq)
        .ok_or(IsdrError::ReferencedDataNotFound)?;
    let confirmed = m2m.notifications.remove(index);
    if m2m.pending_switch.as_ref().is_some_and(|s| s.seq == seq) {
        m2m.pending_switch = None;
    }
    let doomed = confirmed.disabled_aid.filter(|aid| {
        m2m.isdp(aid).is_some_and(|i| {
            i.life_cycle == IsdpLifeCycle::Disabled && i.pol1.delete_when_disabled && !i.fallback
        })
    });
    let mut list = Vec::new();
    if let Some(aid) = doomed {
        delete_isdp(state, &aid);
        tlv::push(&mut list, 0x4F, &aid);
    }
    let mut out = Vec::new();
    tlv::push(&mut out, 0x80, &list);
    Ok(out)
}
