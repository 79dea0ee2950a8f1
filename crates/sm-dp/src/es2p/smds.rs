//! The SM-DS side of ES2+.ConfirmOrder (SGP.22 5.3.2): with an `smdsAddress` the SM-DP+
//! registers an Event for the EID at that SM-DS (ES12.RegisterEvent, SGP.22 5.8.1) before it
//! confirms the order, and refuses the order when it cannot.
//!
//! The lab SM-DP+ has no ES12 client yet and reaches no SM-DS, so every address is refused
//! with "8.9 SM-DS / 5.1 Inaccessible" (the pair of SGP.22 5.3.2's table for an SM-DS the
//! SM-DP+ cannot reach), before anything of the order changes. Accepting the address and
//! registering nothing would leave the operator believing the device will find its
//! profile through the SM-DS. An ES12 client slots in at [`register_event`]: it gets the
//! address, the EID and the Matching ID (the EventID) and answers the same errors.

use proto::ids::SmdpAddress;

use super::Es2Error;

/// An Event to register at an SM-DS for a confirmed order.
pub(crate) struct Event<'a> {
    pub smds_address: &'a SmdpAddress,
    pub eid: &'a str,
    pub matching_id: Option<&'a str>,
}

/// Registers `event` at its SM-DS (ES12.RegisterEvent); today no SM-DS is reachable.
pub(crate) fn register_event(event: &Event<'_>) -> Result<(), Es2Error> {
    let _ = (event.eid, event.matching_id);
    Err(Es2Error::SmdsInaccessible(
        event.smds_address.as_str().to_string(),
    ))
}
