//! ES5 over SMS (SGP.02 2.4.3; ETSI TS 102 225, 3GPP TS 31.115): an SMPP ESME bound to the
//! configured SMSC ([`crate::config::SmscLink`]) that sends every queued command script as
//! a secured packet to the enabled profile's MSISDN, and hands what comes back to the
//! SM-SR: PoRs (matched to their command by the counter they echo) and MO command packets
//! (Default Notifications).
//!
//! ```text
//! queued command ── counter committed ── secure (SPI 16 39, ISD-R SCP80 keys) ── split ──▶ submit_sm
//! deliver_sm ── reassemble ──┬─ RPI 71: PoR ── open with the command's key set and counter ──▶ command_answered
//!                            └─ CPI 70: command packet ── open (CC) ──▶ default_notification
//! ```
//!
//! A command sent by an earlier run and never answered is sent again with a new counter:
//! the card refuses a counter it has seen (TS 102 225 5.1.1), and the first send may never
//! have left.

mod receive;
mod send;

use std::time::Duration;

use ota::sms::{Reassembler, ReassemblyLimits};
use smpp::{Esme, EsmeConfig};
use tokio::sync::watch;

use crate::config::SmscLink;
use crate::scp81::push::PushTarget;
use crate::server::SmSrCore;

/// How often the queue is looked at without being woken (a safety net for missed wakes).
const POLL: Duration = Duration::from_secs(1);
/// Between two bind attempts.
const REBIND: Duration = Duration::from_secs(1);
/// SMPP 3.4 5.2.5/5.2.6: international number, ISDN numbering plan.
pub(crate) const TON_INTERNATIONAL: u8 = 0x01;
pub(crate) const NPI_ISDN: u8 = 0x01;

/// Runs the SMS bearer until `stopping` turns true; `push`: where the eUICCs reached over
/// HTTPS open their admin sessions ([`crate::bearer`]).
pub(crate) async fn run(
    core: SmSrCore,
    link: SmscLink,
    sms_address: String,
    push: Option<PushTarget>,
    mut stopping: watch::Receiver<bool>,
) {
    let digits = sms_address.trim_start_matches('+').to_string();
    // what an earlier run sent and nobody answered goes again at once
    let run_started = crate::store::now_ms();
    loop {
        let config = EsmeConfig::new(&link.system_id, &link.password, &digits);
        let esme = tokio::select! {
            r = Esme::bind_transceiver(link.address.as_str(), &config) => r,
            _ = stopping.changed() => return,
        };
        match esme {
            Ok(esme) => {
                let session = Session {
                    core: &core,
                    esme,
                    from: &digits,
                    push: push.as_ref(),
                };
                if session.serve(run_started, &mut stopping).await {
                    return;
                }
            }
            Err(e) => tracing::warn!(error = %e, smsc = %link.address, "SMPP bind"),
        }
        tokio::select! {
            _ = tokio::time::sleep(REBIND) => {}
            _ = stopping.changed() => return,
        }
    }
}

/// One bound SMPP session.
struct Session<'a> {
    core: &'a SmSrCore,
    esme: Esme,
    /// The SM-SR's own address digits (source of MT, destination of MO).
    from: &'a str,
    push: Option<&'a PushTarget>,
}

impl Session<'_> {
    /// Sends what is due and receives until the session ends (`false`) or the SM-SR stops
    /// (`true`).
    async fn serve(mut self, run_started: i64, stopping: &mut watch::Receiver<bool>) -> bool {
        let mut parts = Reassembler::new(ReassemblyLimits::default());
        let wake = self.core.ctx.commands_queued.clone();
        loop {
            send::due(self.core, &self.esme, self.from, self.push, run_started).await;
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
                incoming = self.esme.recv() => match incoming {
                    Some(i) => receive::message(self.core, &mut parts, i.accept()).await,
                    None => return false,
                },
                _ = stopping.changed() => {
                    let _ = self.esme.close().await;
                    return true;
                }
            }
        }
    }
}
