//! Sending queued commands: the counter is taken and committed first, then the script is
//! secured with the ISD-R's SCP80 key set (SPI `16 39`, SGP.02 2.4.3), cut into short
//! messages (3GPP TS 31.115 concatenation, at most [`MAX_SEGMENTS`]) and submitted with
//! TP-PID `7F` and TP-DCS `F6` (3GPP TS 23.040 9.2.3.9, 9.2.3.10: (U)SIM data download,
//! 8-bit class 2). For an eUICC reached over HTTPS ([`crate::bearer`]) the secured data
//! is the push (the admin session trigger, GP Amendment B 3.8) in place of the script; a
//! push whose session has not answered the command within the retry interval is sent
//! again, each push one attempt of the eUICC's oldest command; one push per eUICC at a
//! time, since its session takes all its queued commands. Each pass reads only what is
//! due, so however many commands await a PoR, the queued ones behind them go out.

use std::collections::HashSet;
use std::time::Duration;

use ota::sms::{DCS_8BIT_CLASS_2, PID_USIM_DATA_DOWNLOAD};
use ota::sms::{PacketKind, Reference, split};
use ota::{CommandHeader, Counter, Spi};
use smpp::{Esme, ShortMessage};

use super::{NPI_ISDN, TON_INTERNATIONAL};
use crate::bearer::{self, Bearer};
use crate::eis::Eis;
use crate::operation::Es5Command;
use crate::scp81::push::PushTarget;
use crate::server::SmSrCore;
use crate::status::EUICC_EXECUTION_ERROR;
use crate::store::{duration_ms, now_ms};

/// The most short messages one command may take.
pub(crate) const MAX_SEGMENTS: usize = 20;
/// Commands looked at per pass.
const BATCH: usize = 64;

/// Sends every queued command, and those sent but not answered whose wait is over: a
/// script by SMS after the PoR timeout, a push after the retry interval, anything an
/// earlier run sent (`run_started`, ms since the Unix epoch) at once.
pub(super) async fn due(
    core: &SmSrCore,
    esme: &Esme,
    from: &str,
    push: Option<&PushTarget>,
    run_started: i64,
) {
    let por_timeout = core.ctx.operations.por_timeout;
    let soonest = push.map_or(por_timeout, |p| p.retry.min(por_timeout));
    let now = now_ms();
    let pending = match core
        .due_commands(now - duration_ms(soonest), run_started, BATCH)
        .await
    {
        Ok(p) => p,
        Err(e) => return tracing::warn!(error = %e, "ES5 queue"),
    };
    // one push per eUICC: its session takes every queued command in order
    let mut pushed = HashSet::new();
    for c in pending {
        let eis = match core.eis(&c.eid).await {
            Ok(eis) => eis,
            Err(e) => {
                tracing::warn!(operation = %c.operation_id, error = %e, "ES5 command not sent");
                continue;
            }
        };
        let bearer = bearer::choose(&eis, push);
        if let Bearer::Https(p) = bearer
            && !first_push(core, &mut pushed, &c.eid, since(now, p.retry, run_started)).await
        {
            continue;
        }
        let sent_before = c.sent_at.filter(|at| *at >= run_started);
        if sent_before.is_some_and(|at| now - at < duration_ms(wait(bearer, por_timeout))) {
            continue;
        }
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

/// Whether a push may go to `eid` in this pass: none went to it earlier in the pass, and
/// none sent after `since` awaits its session.
async fn first_push(core: &SmSrCore, pushed: &mut HashSet<String>, eid: &str, since: i64) -> bool {
    if !pushed.insert(eid.to_string()) {
        return false;
    }
    match core.sent_since(eid, since).await {
        Ok(in_flight) => !in_flight,
        Err(e) => {
            tracing::warn!(%eid, error = %e, "ES5 queue");
            false
        }
    }
}

/// Where a push's wait begins: `retry` before `now`, and never before this run (a
/// session the SM-SR pushed for before it stopped is not waited for).
fn since(now: i64, retry: Duration, run_started: i64) -> i64 {
    (now - duration_ms(retry)).max(run_started - 1)
}

/// How long a command sent in this run waits for its answer before it is sent again: a
/// push for its session (the retry interval), a script by SMS for its PoR (`por_timeout`;
/// the short message or its PoR may have been lost on the way).
fn wait(bearer: Bearer<'_>, por_timeout: Duration) -> Duration {
    match bearer {
        Bearer::Https(p) => p.retry,
        Bearer::Sms => por_timeout,
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
