//! DeleteProfile / DeleteISDP (SGP.02 v4.2 4.1.1.4; procedure 3.5): GP DELETE (GPCS v2.3
//! 11.2) of an ISD-P with its profile.
//!
//! ```text
//! 80 E4 00 P2 Lc 4F L <ISD-P AID>       P2 '00' object, '80' object and related objects
//! ```
//!
//! Both P2 values delete the ISD-P with everything in it. The answer is one `00` octet
//! (GPCS 11.2.3, no confirmation). Refusals: P1 other than `00` or another P2: `6A86`;
//! not a `4F` object: `6A80`; an unknown ISD-P: `6A88`; the enabled profile or the
//! fall-back profile: `6985` (SGP.02 3.5: disable first; the fall-back profile is never
//! deleted); POL1 "deletion not allowed": `69E1`.
//!
//! NJ-derived SM-SRs send P2 `40`, which GPCS leaves RFU: refused with `6A86`.

use super::aid;
use super::error::IsdrError;
use super::switch::{delete_isdp, m2m_mut};
use crate::apdu::CommandApdu;
use crate::state::EuiccState;
use crate::state::m2m::IsdpLifeCycle;

/// Runs DELETE of an ISD-P (the `F2` key deletion of FinaliseISDRhandover is elsewhere).
pub(super) fn delete_profile(
    state: &mut EuiccState,
    cmd: &CommandApdu<'_>,
) -> Result<Vec<u8>, IsdrError> {
    if cmd.p1 != 0x00 || !matches!(cmd.p2, 0x00 | 0x80) {
        return Err(IsdrError::IncorrectP1P2);
    }
    let aid = aid::target(cmd.data)?;
    let m2m = m2m_mut(state)?;
    let target = m2m.isdp(&aid).ok_or(IsdrError::ReferencedDataNotFound)?;
    if target.life_cycle == IsdpLifeCycle::Enabled || target.fallback {
        return Err(IsdrError::ConditionsNotSatisfied);
    }
    if target.pol1.delete_not_allowed {
        return Err(IsdrError::Pol1);
    }
    delete_isdp(state, &aid);
    Ok(vec![0x00])
}
