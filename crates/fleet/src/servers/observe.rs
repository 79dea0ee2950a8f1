//! What the lab reads of the servers besides the protocols: whether the eIM still has work
//! for a device ([`eim::Fleet::work`]: a package waiting for its poll, a profile being
//! ordered) and whether notifications are still being forwarded, through the eIM's API. A
//! real device learns the first by polling again; the lab asks instead of polling blindly,
//! which keeps a run of thousands of devices short without changing what goes over the wire.

pub use eim::Work;

/// One ES2+ order as the SM-DP+ holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRow {
    pub id: String,
    pub iccid: String,
    pub eid: Option<String>,
    pub status: String,
}
