//! Event download of the location status (ETSI TS 102 223 7.5.4; 8.25 event list `03`,
//! 8.27 location status): how the terminal tells the M2M eUICC it has service or lost it.
//! The BIP events (Data available 7.5.10, Channel status 7.5.11) go to `bip`.
//!
//! ```text
//! D6 L { 99 01 03 | 82 02 82 81 | 9B 01 status }   status 00 normal, 01 limited, 02 none
//! ```
//!
//! SGP.02 leaves the detection of lost connectivity to the eUICC (3.16); this card takes
//! "no service" (`02`) as the loss: a pending profile switch is rolled back (3.2.2), else
//! the fall-back mechanism runs (3.16). "Limited service" only stops notifications from
//! being sent. The first "normal service" of the card's life queues the eUICC declaration
//! (`01`, 3.15).

use certs::gp::tlv;

use super::envelope::EnvelopeAnswer;
use super::resilience::{fall_back, roll_back};
use crate::euicc::Euicc;
use crate::state::m2m::M2mNotificationKind;

/// Event list (`19`, comprehension bit ignored).
const TAG_EVENT_LIST: u16 = 0x19;
/// Location status (`1B`).
const TAG_LOCATION_STATUS: u16 = 0x1B;
/// The location status event.
const EVENT_LOCATION_STATUS: u8 = 0x03;

/// The location status of a location status event, if `data` is one.
fn location_status(data: &[u8]) -> Option<u8> {
    let (outer, _) = tlv::read(data).ok()?;
    let inner = tlv::read_all(outer.value).ok()?;
    let find = |tag: u16| inner.iter().find(|t| t.tag & 0x7F == tag).map(|t| t.value);
    if find(TAG_EVENT_LIST)? != [EVENT_LOCATION_STATUS] {
        return None;
    }
    find(TAG_LOCATION_STATUS)?.first().copied()
}

impl Euicc {
    /// ENVELOPE (EVENT DOWNLOAD).
    pub(super) fn event_download(&mut self, data: &[u8]) -> EnvelopeAnswer {
        if self.bip_event(data) {
            return EnvelopeAnswer::ok();
        }
        match location_status(data) {
            Some(0x00) => self.in_service(),
            Some(0x02) => self.connectivity_lost(),
            Some(_) => self.m2m_session.in_service = None,
            None => {}
        }
        EnvelopeAnswer::ok()
    }

    fn in_service(&mut self) {
        let Some(m2m) = &self.state.m2m else { return };
        self.m2m_session.in_service = m2m.enabled_isdp().map(|i| i.aid.clone());
        if m2m.declared {
            return;
        }
        let mut next = self.state.clone();
        if let Some(m2m) = next.m2m.as_mut() {
            m2m.declared = true;
            m2m.queue_notification(M2mNotificationKind::EuiccDeclaration, None, None);
        }
        if let Err(e) = self.commit(next) {
            tracing::warn!(error = %e, "eUICC declaration not stored");
        }
    }

    fn connectivity_lost(&mut self) {
        self.m2m_session.in_service = None;
        let mut next = self.state.clone();
        if !roll_back(&mut next) && !fall_back(&mut next) {
            return;
        }
        if let Err(e) = self.commit(next) {
            tracing::warn!(error = %e, "fall-back not stored");
        }
    }
}
