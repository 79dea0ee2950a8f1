//! GET DATA of the card resources (GPCS v2.3 11.3; SGP.02 v4.2 4.1.1.6 eUICCCapabilityAudit):
//! `80 CA FF 21` -> `FF21 L { 81 <installed ISD-Ps> 82 04 <free non-volatile> 83 04 <free
//! volatile> }`, the Extended Card Resources Information of ETSI TS 102 226 8.2.1.7.2.
//! Another tag: `6A88`.

use certs::gp::tlv;

use super::create_isdp::committed_memory;
use super::error::IsdrError;
use crate::apdu::CommandApdu;
use crate::isdr::ext_card_resource;
use crate::state::EuiccState;

/// The tag of the Extended Card Resources Information.
const TAG_EXTENDED_CARD_RESOURCES: u16 = 0xFF21;

/// Runs GET DATA.
pub(super) fn get_data(state: &EuiccState, cmd: &CommandApdu<'_>) -> Result<Vec<u8>, IsdrError> {
    if u16::from_be_bytes([cmd.p1, cmd.p2]) != TAG_EXTENDED_CARD_RESOURCES {
        return Err(IsdrError::ReferencedDataNotFound);
    }
    let installed = state.m2m.as_ref().map_or(0, |m| m.isdps.len());
    let free = state
        .options
        .memory_capacity
        .saturating_sub(committed_memory(state));
    let mut out = Vec::new();
    tlv::push(
        &mut out,
        TAG_EXTENDED_CARD_RESOURCES,
        &ext_card_resource(installed, free),
    );
    Ok(out)
}
