//! The DGIs the ISD-R takes in STORE DATA (SGP.02 v4.2 4.1.1), dispatched one by one:
//!
//! | DGI | Function | Clause |
//! |---|---|---|
//! | `3A01` | EstablishISDRKeySet, step 1 (CERT.SR.ECDSA) | 4.1.1.7 |
//! | `3A02` | EstablishISDRKeySet, step 2 (ePK.SR.ECKA, signature) | 4.1.1.7 |
//! | `3A03` | EnableProfile | 4.1.1.2 |
//! | `3A04` | DisableProfile | 4.1.1.3 |
//! | `3A05` | SetFallBackAttribute | 4.1.1.5 |
//! | `3A06` | UpdateSMSRAddressingParameters | 4.1.1.10 |
//! | `3A08` | HandleNotificationConfirmation | 4.1.1.11 |
//!
//! Another DGI is `6A88` (GPCS 11.11.3, referenced data not found); a P1 that is not the
//! DGI format `6A86`. The responses of a block's DGIs are concatenated.

use super::dgi::{self, Dgi};
use super::error::IsdrError;
use super::{confirmation, disable, enable, fallback_attribute, smsr_address};
use crate::apdu::CommandApdu;
use crate::state::EuiccState;

/// One DGI on the state being changed.
fn run(state: &mut EuiccState, d: &Dgi<'_>) -> Result<Vec<u8>, IsdrError> {
    match d.tag {
        0x3A03 => enable::enable_profile(state, d.value),
        0x3A04 => disable::disable_profile(state, d.value),
        0x3A05 => fallback_attribute::set_fallback_attribute(state, d.value),
        0x3A06 => smsr_address::update_smsr_addressing(state, d.value),
        0x3A08 => confirmation::confirm_notification(state, d.value),
        _ => Err(IsdrError::ReferencedDataNotFound),
    }
}

/// The DGIs of a block that change the state, run in order; the first refusal stops the
/// block and nothing of it is kept.
pub(super) fn store_data(
    state: &mut EuiccState,
    cmd: &CommandApdu<'_>,
) -> Result<Vec<u8>, IsdrError> {
    if !dgi::is_dgi_format(cmd.p1) {
        return Err(IsdrError::IncorrectP1P2);
    }
    if cmd.data.is_empty() {
        return Err(IsdrError::WrongLength);
    }
    let mut out = Vec::new();
    for d in dgi::parse(cmd.data)? {
        out.extend(run(state, &d)?);
    }
    Ok(out)
}
