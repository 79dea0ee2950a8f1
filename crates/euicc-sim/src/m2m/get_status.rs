//! The ISD-Ps in GET STATUS (GPCS v2.3 11.4; SGP.02 v4.2 4.1.1.6 eUICCCapabilityAudit).
//!
//! ```text
//! 80 F2 40 02 Lc 4F 00 | 4F L <ISD-P AID>       P1 '40' applications and SDs,
//!                                                 P2 '02' first occurrence, TLV format
//! -> E3 L { 4F L <AID>  9F70 01 <life cycle>  53 01 <b1: Fall-Back Attribute>
//!           8F 04 <non-volatile memory granted> }   per ISD-P
//! ```
//!
//! `53` and `8F` are the SGP.02 additions as the SM-SR side of the lab reads them (the
//! granted memory: the CreateISDP quota, or the profile's size when larger). The whole list
//! fits one answer (GET RESPONSE hands out beyond 256 octets), so P2 '03' (next
//! occurrence) finds nothing: `6A88`. Other P1 P2: `6A86`; no `4F` search criterion:
//! `6A80`; an unknown AID: `6A88`.

use certs::gp::tlv;

use super::error::IsdrError;
use crate::apdu::CommandApdu;
use crate::state::EuiccState;
use crate::state::m2m::IsdpRecord;

fn entry(state: &EuiccState, isdp: &IsdpRecord) -> Vec<u8> {
    let size = state
        .profiles
        .iter()
        .find(|p| p.isdp_aid == isdp.aid)
        .map_or(0, |p| p.size);
    let granted = u32::try_from(isdp.memory_quota.max(size)).unwrap_or(u32::MAX);
    let mut inner = Vec::new();
    tlv::push(&mut inner, 0x4F, &isdp.aid);
    tlv::push(&mut inner, 0x9F70, &[isdp.life_cycle.byte()]);
    tlv::push(&mut inner, 0x53, &[u8::from(isdp.fallback)]);
    tlv::push(&mut inner, 0x8F, &granted.to_be_bytes());
    let mut out = Vec::new();
    tlv::push(&mut out, 0xE3, &inner);
    out
}

/// Runs GET STATUS.
pub(super) fn get_status(state: &EuiccState, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, IsdrError> {
    match (cmd.p1, cmd.p2) {
        (0x40, 0x02) => {}
        (0x40, 0x03) => return Err(IsdrError::ReferencedDataNotFound),
        _ => return Err(IsdrError::IncorrectP1P2),
    }
    let criteria = tlv::read_all(cmd.data)?;
    let wanted = tlv::find(&criteria, 0x4F).ok_or(IsdrError::IncorrectData)?;
    let Some(m2m) = &state.m2m else {
        return Err(IsdrError::InsNotSupported);
    };
    let matching: Vec<&IsdpRecord> = m2m
        .isdps
        .iter()
        .filter(|i| wanted.is_empty() || i.aid == wanted)
        .collect();
    if matching.is_empty() && !wanted.is_empty() {
        return Err(IsdrError::ReferencedDataNotFound);
    }
    Ok(matching.into_iter().flat_map(|i| entry(state, i)).collect())
}
