//! The Default Notification the ISD-R sends the SM-SR after a profile change (SGP.02 v4.2
//! 3.15, 4.1.1.11), and the queue it waits in until HandleNotificationConfirmation.
//!
//! ```text
//! E1 L { 4C 10 <EID>  4D 01 <type>  4E 02 <sequence number>  [2F L <ISD-P AID>] }
//! ```
//!
//! Types: `01` eUICC declaration, `02` profile change succeeded, `03` profile change failed
//! and roll-back, `05` profile change after fall-back. The ISD-P is the one enabled after the
//! change. A notification is sent again, with its own sequence number, until the SM-SR
//! confirms it.

use certs::gp::tlv;

use crate::euicc::Euicc;
use crate::state::m2m::M2mNotification;

/// The `E1` object of one notification for the eUICC `eid` (32 digits).
pub fn encode(eid: &str, n: &M2mNotification) -> Vec<u8> {
    let mut inner = Vec::new();
    tlv::push(&mut inner, 0x4C, &hex::decode(eid).unwrap_or_default());
    tlv::push(&mut inner, 0x4D, &[n.kind.code()]);
    tlv::push(&mut inner, 0x4E, &n.seq.to_be_bytes());
    if let Some(aid) = &n.isdp_aid {
        tlv::push(&mut inner, 0x2F, aid);
    }
    let mut out = Vec::new();
    tlv::push(&mut out, 0xE1, &inner);
    out
}

impl Euicc {
    /// The Default Notifications waiting for the SM-SR's confirmation, oldest first.
    pub fn m2m_notifications(&self) -> &[M2mNotification] {
        self.state.m2m.as_ref().map_or(&[], |m| &m.notifications)
    }

    /// The `E1` object of the oldest unconfirmed Default Notification: what the ISD-R
    /// sends next.
    pub fn next_default_notification(&self) -> Option<Vec<u8>> {
        self.m2m_notifications()
            .first()
            .map(|n| encode(&self.state.eid, n))
    }
}
