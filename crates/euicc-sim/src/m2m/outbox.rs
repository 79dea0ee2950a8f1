//! Sending the Default Notifications by SMS (SGP.02 v4.2 3.15.1): each unconfirmed
//! notification, oldest first, leaves as an MO command packet to the SM-SR's address in a
//! SEND SHORT MESSAGE, while the terminal can send short messages and has reported
//! service since the enabled profile was enabled (the network attach of SGP.02 3.2).
//!
//! ```text
//! SMS-SUBMIT UD: 02 70 00 | CPL CHL SPI=02 00 KIc KID TAR=000001 CNTR=0000000000 PCNTR CC | E1 …
//! ```
//!
//! The packet is secured with the ISD-R's first SCP80 key set: CC, no ciphering, no
//! counter (CNTR zero) and no PoR (SGP.02 3.15.1 as the map reads it; the SM-SR answers
//! with HandleNotificationConfirmation instead). A notification the terminal reports sent
//! (general result `0X`) is not sent again in this terminal session; one it reports failed
//! counts an attempt, and a switch whose notification failed
//! [`connectivity_attempts`](crate::state::m2m::M2mState::connectivity_attempts) times is
//! rolled back (3.2.2). A new terminal session (TERMINAL PROFILE, reset) sends every
//! unconfirmed notification again.

use ota::sms::{Address, PacketKind};
use ota::spi::{CommandSecurity, CounterMode, Integrity, PorRequest, PorSecurity};
use ota::{CommandHeader, Counter, Spi};

use super::aid::ISD_R_TAR;
use super::keys::key_set;
use super::notification::encode;
use super::resilience::roll_back;
use super::session::InFlight;
use crate::euicc::Euicc;

/// TERMINAL PROFILE byte 4 b2: the terminal runs SEND SHORT MESSAGE (TS 102 223 5.2).
fn sends_short_messages(terminal_profile: &[u8]) -> bool {
    terminal_profile.get(3).is_some_and(|b| b & 0x02 != 0)
}

/// The SPI of a notification: CC, no ciphering, no counter; no PoR.
fn notification_spi() -> Spi {
    Spi::new(
        CommandSecurity {
            integrity: Integrity::Cc,
            ciphering: false,
            counter: CounterMode::None,
        },
        PorSecurity {
            request: PorRequest::None,
            integrity: Integrity::None,
            ciphered: false,
            via_sms_submit: false,
        },
    )
}

impl Euicc {
    /// The SEND SHORT MESSAGE of the next notification to send, if one is due and can go.
    pub(crate) fn next_notification_command(&mut self, terminal_profile: &[u8]) -> Option<Vec<u8>> {
        let session = &self.m2m_session;
        if !sends_short_messages(terminal_profile) || session.in_flight.is_some() {
            return None;
        }
        let m2m = self.state.m2m.as_ref()?;
        // service reported on the profile enabled now, not on one switched away from
        if session.in_service.is_none()
            || session.in_service.as_deref() != m2m.enabled_isdp().map(|i| i.aid.as_slice())
        {
            return None;
        }
        let to = Address::decode_ton_npi_bcd(m2m.isd_r.smsr_address.as_deref()?).ok()?;
        let notification = m2m
            .notifications
            .iter()
            .find(|n| !session.delivered.contains(&n.seq))?;
        let keys = m2m
            .isd_r
            .scp80
            .iter()
            .min_by_key(|k| k.kvn)
            .and_then(key_set)?;
        let header = CommandHeader::for_keys(notification_spi(), &keys, ISD_R_TAR);
        let payload = encode(&self.state.eid, notification);
        let packet = ota::secure(&header, Counter::ZERO, &keys, &payload).ok()?;
        let seq = notification.seq;
        let mut ud = vec![0x02, 0x70, 0x00];
        ud.extend(packet);
        let (number, command) = self
            .submit_commands(&ud, PacketKind::Command, &to)
            .into_iter()
            .next()?;
        self.m2m_session.in_flight = Some(InFlight { number, seq });
        Some(command)
    }

    /// The terminal's answer to a SEND SHORT MESSAGE of a notification.
    pub(crate) fn notification_result(&mut self, details: [u8; 3], result: u8) {
        let Some(in_flight) = self.m2m_session.in_flight else {
            return;
        };
        if details[0] != in_flight.number || details[1] != 0x13 {
            return;
        }
        self.m2m_session.in_flight = None;
        // TS 102 223 8.12: '0X' results mean the command was performed
        if result < 0x10 {
            self.m2m_session.delivered.push(in_flight.seq);
            return;
        }
        let mut next = self.state.clone();
        let Some(m2m) = next.m2m.as_mut() else { return };
        let limit = m2m.connectivity_attempts;
        let Some(n) = m2m
            .notifications
            .iter_mut()
            .find(|n| n.seq == in_flight.seq)
        else {
            return;
        };
        n.failed_attempts = n.failed_attempts.saturating_add(1);
        let exhausted = n.failed_attempts >= limit;
        let switch_failed = m2m
            .pending_switch
            .as_ref()
            .is_some_and(|s| s.seq == in_flight.seq);
        if exhausted && switch_failed {
            roll_back(&mut next);
        }
        if let Err(e) = self.commit(next) {
            tracing::warn!(error = %e, "notification attempt not stored");
        }
    }
}
