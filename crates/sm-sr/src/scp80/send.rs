//! Sending queued commands: the counter is taken and committed first, then the script is
//! secured with the ISD-R's SCP80 key set (SPI `16 39`, SGP.02 2.4.3), cut into short
//! messages (3GPP TS 31.115 concatenation, at most [`MAX_SEGMENTS`]) and submitted with
//! TP-PID `7F` and TP-DCS `F6` (3GPP TS 23.040 9.2.3.9, 9.2.3.10: (U)SIM data download,
//! 8-bit class 2). For an eUICC reached over HTTPS ([`crate::bearer`]) the secured data
//! is the push (the admin session trigger, GP Amendment B 3.8) in place of the script; a
//! push whose session has not answered the command within the retry interval is sent
//! again, each push one attempt of the eUICC's oldest command; one push per eUICC at a
//! time, since its session takes all its queued commands.

use std::collections::HashSet;
use std::time::Instant;

use ota::sms::{DCS_8BIT_CLASS_2, PID_USIM_DATA_DOWNLOAD};
use ota::sms::{PacketKind, Reference, split};
use ota::{CommandHeader, Counter, Spi};
use smpp::{Esme, ShortMessage};

use super::{NPI_ISDN, SentHere, TON_INTERNATIONAL};
use crate::bearer::{self, Bearer};
use crate::eis::Eis;
use crate::operation::Es5Command;
use crate::scp81::push::PushTarget;
use crate::server::SmSrCore;
use crate::status::EUICC_EXECUTION_ERROR;

/// The most short messages one command may take.
pub(crate) const MAX_SEGMENTS: usize = 20;
/// Commands looked at per pass.
const BATCH: usize = 64;

/// Sends every unanswered command this run has not sent yet, and the pushes due again.
pub(super) async fn due(
    core: &SmSrCore,
    esme: &Esme,
    from: &str,
    push: Option<&PushTarget>,
    sent_here: &mut SentHere,
) {
    let pending = match core.pending_commands(BATCH).await {
        Ok(p) => p,
        Err(e) => return tracing::warn!(error = %e, "ES5 queue"),
    };
    // one push per eUICC: its session takes every queued command in order
    let mut pushed = HashSet::new();
    // Nothing sent this run is due again before the shorter of the two waits: such a
    // command is passed over without reading its EIS (most of a busy queue, every pass),
    // its eUICC counted as pushed (a push is in flight, if that is its bearer).
    let por_timeout = core.ctx.operations.por_timeout;
    let soonest = push.map_or(por_timeout, |p| p.retry.min(por_timeout));
    for c in pending {
        let key = (c.operation_id.clone(), c.seq);
        if sent_here.get(&key).is_some_and(|at| at.elapsed() < soonest) {
            pushed.insert(c.eid.clone());
            continue;
        }
        let eis = match core.eis(&c.eid).await {
            Ok(eis) => eis,
            Err(e) => {
                tracing::warn!(operation = %c.operation_id, error = %e, "ES5 command not sent");
                continue;
            }
        };
        let bearer = bearer::choose(&eis, push);
        if matches!(bearer, Bearer::Https(_)) && !pushed.insert(c.eid.clone()) {
            continue;
        }
        if sent_here
            .get(&key)
            .is_some_and(|at| !again(bearer, *at, por_timeout))
        {
            continue;
        }
        sent_here.insert(key, Instant::now());
        if c.attempts >= core.ctx.operations.max_attempts {
            tracing::info!(operation = %c.operation_id, attempts = c.attempts, "ES5 attempts used up");
            let _ = core
                .fail_operation(&c.operation_id, EUICC_EXECUTION_ERROR)
                .await;
            continue;
        }
        if let Err(e) = one(core, esme, from, &c, &eis, bearer).await {
            tracing::warn!(operation = %c.operation_id, error = %e, "ES5 command not sent");
        }
    }
}

/// Whether a command sent at `at` in this run is due again: a push whose session did not
/// come within the retry interval; a script sent by SMS whose PoR did not come within
/// `por_timeout` (the short message or its PoR lost on the way).
fn again(bearer: Bearer<'_>, at: Instant, por_timeout: std::time::Duration) -> bool {
    match bearer {
        Bearer::Https(p) => at.elapsed() >= p.retry,
        Bearer::Sms => at.elapsed() >= por_timeout,
    }
}

/// Why one command was not sent.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SendError {
    #[error("the EIS has no SCP80 key set")]
    NoKeys,
    #[error("no enabled profile with an MSISDN")]
    NoAddress,
    #[error(transparent)]
    Es5(#[from] crate::es5_in::Es5Error),
    #[error(transparent)]
    Keys(#[from] super::receive::KeysError),
    #[error(transparent)]
    Secure(#[from] ota::SecureError),
    #[error(transparent)]
    Concat(#[from] ota::sms::ConcatError),
    #[error(transparent)]
    Smpp(#[from] smpp::EsmeError),
}

async fn one(
    core: &SmSrCore,
    esme: &Esme,
    from: &str,
    c: &Es5Command,
    eis: &Eis,
    bearer: Bearer<'_>,
) -> Result<(), SendError> {
    let set = eis.isd_r.scp80.first().ok_or(SendError::NoKeys)?;
    let to = destination(eis).ok_or(SendError::NoAddress)?;
    let keys = super::receive::ota_keys(set)?;
    let counter = core.reserve_send(c, set.kvn).await?;
    // The push goes to the ISD-R (GP Amd B 3.8); a script by SMS to the command's TAR (the
    // ISD-R's, or an ISD-P's for ES3.SendData).
    let tar = match bearer {
        Bearer::Sms => super::receive::command_tar(c)?,
        Bearer::Https(_) => super::receive::tar(eis)?,
    };
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, tar);
    let counter = Counter::new(counter).ok_or(super::receive::KeysError::Counter)?;
    let secured_data = match bearer {
        Bearer::Sms => c.script.clone(),
        Bearer::Https(p) => p.trigger(),
    };
    let packet = ota::secure(&header, counter, &keys, &secured_data)?;
    let reference = Reference::Bits8(counter.value() as u8);
    for ud in split(PacketKind::Command, &packet, reference, MAX_SEGMENTS)? {
        esme.submit(message(from, &to, ud)).await?;
    }
    match bearer {
        Bearer::Sms => {
            tracing::debug!(operation = %c.operation_id, counter = counter.value(), "ES5 command sent by SMS")
        }
        Bearer::Https(p) => {
            tracing::info!(operation = %c.operation_id, eid = %c.eid, counter = counter.value(), admin = %p.addr, "SCP81 push sent")
        }
    }
    Ok(())
}

/// The MSISDN digits of the enabled profile: where the eUICC is reachable.
fn destination(eis: &Eis) -> Option<String> {
    let msisdn = eis.enabled()?.msisdn.as_deref()?;
    Some(msisdn.trim_start_matches('+').to_string())
}

/// An MT submit_sm carrying one segment of a secured packet.
fn message(from: &str, to: &str, ud: Vec<u8>) -> ShortMessage {
    ShortMessage {
        source_addr_ton: TON_INTERNATIONAL,
        source_addr_npi: NPI_ISDN,
        source_addr: from.to_string(),
        dest_addr_ton: TON_INTERNATIONAL,
        dest_addr_npi: NPI_ISDN,
        destination_addr: to.to_string(),
        esm_class: ShortMessage::ESM_CLASS_UDHI,
        protocol_id: PID_USIM_DATA_DOWNLOAD,
        data_coding: DCS_8BIT_CLASS_2,
        short_message: ud,
        ..ShortMessage::default()
    }
}
