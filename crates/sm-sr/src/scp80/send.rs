//! Sending queued commands: the counter is taken and committed first, then the script is
//! secured with the ISD-R's SCP80 key set (SPI `16 39`, SGP.02 2.4.3), cut into short
//! messages (3GPP TS 31.115 concatenation, at most [`MAX_SEGMENTS`]) and submitted with
//! TP-PID `7F` and TP-DCS `F6` (3GPP TS 23.040 9.2.3.9, 9.2.3.10: (U)SIM data download,
//! 8-bit class 2).

use std::collections::HashSet;

use ota::sms::{DCS_8BIT_CLASS_2, PID_USIM_DATA_DOWNLOAD};
use ota::sms::{PacketKind, Reference, split};
use ota::{CommandHeader, Counter, Spi};
use smpp::{Esme, ShortMessage};

use super::{NPI_ISDN, TON_INTERNATIONAL};
use crate::eis::Eis;
use crate::operation::Es5Command;
use crate::server::SmSrCore;
use crate::status::EUICC_EXECUTION_ERROR;

/// The most short messages one command may take.
pub(crate) const MAX_SEGMENTS: usize = 20;
/// Commands looked at per pass.
const BATCH: usize = 64;

/// Sends every unanswered command this run has not sent yet.
pub(super) async fn due(
    core: &SmSrCore,
    esme: &Esme,
    from: &str,
    sent_here: &mut HashSet<(String, i64)>,
) {
    let pending = match core.pending_commands(BATCH).await {
        Ok(p) => p,
        Err(e) => return tracing::warn!(error = %e, "ES5 queue"),
    };
    for c in pending {
        let key = (c.operation_id.clone(), c.seq);
        if sent_here.contains(&key) {
            continue;
        }
        sent_here.insert(key);
        if c.attempts >= core.ctx.operations.max_attempts {
            let _ = core
                .fail_operation(&c.operation_id, EUICC_EXECUTION_ERROR)
                .await;
            continue;
        }
        if let Err(e) = one(core, esme, from, &c).await {
            tracing::warn!(operation = %c.operation_id, error = %e, "ES5 command not sent");
        }
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
    Registry(#[from] crate::registry::RegistryError),
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

async fn one(core: &SmSrCore, esme: &Esme, from: &str, c: &Es5Command) -> Result<(), SendError> {
    let eis = core.eis(&c.eid).await?;
    let set = eis.isd_r.scp80.first().ok_or(SendError::NoKeys)?;
    let to = destination(&eis).ok_or(SendError::NoAddress)?;
    let keys = super::receive::ota_keys(set)?;
    let counter = core.reserve_send(c, set.kvn).await?;
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, super::receive::command_tar(c)?);
    let counter = Counter::new(counter).ok_or(super::receive::KeysError::Counter)?;
    let packet = ota::secure(&header, counter, &keys, &c.script)?;
    let reference = Reference::Bits8(counter.value() as u8);
    for ud in split(PacketKind::Command, &packet, reference, MAX_SEGMENTS)? {
        esme.submit(message(from, &to, ud)).await?;
    }
    tracing::debug!(operation = %c.operation_id, counter = counter.value(), "ES5 command sent");
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
