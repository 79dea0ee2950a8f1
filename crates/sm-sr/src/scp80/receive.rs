//! What arrives from the SMSC (3GPP TS 31.115): a PoR (RPI `71`) is opened with the key set
//! and counter of each command of that eUICC awaiting one until one fits (ETSI TS 102 225
//! 5.1.2: the PoR echoes the counter, ciphered under SPI `16 39`); a command packet (CPI
//! `70`) is a Default Notification, opened with the ISD-R's keys, its checksum required
//! (SGP.02 3.15.1: CC, no ciphering, no counter).

use ota::command::ApplicationKeys;
use ota::sms::{PacketKind, Reassembler};
use ota::spi::MinimumSecurityLevel;
use ota::{Algorithm, CommandHeader, Counter, KeySet, PorStatus, SecretKey, Spi};
use smpp::ShortMessage;

use crate::eis::{Eis, Scp80Algorithm, Scp80KeySet};
use crate::server::SmSrCore;
use crate::status::EUICC_EXECUTION_ERROR;

/// Why stored keys could not be used with `ota`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum KeysError {
    #[error(transparent)]
    Key(#[from] ota::keys::KeyError),
    #[error("the ISD-R TAR is not 3 octets")]
    Tar,
    #[error("the counter is over 5 octets")]
    Counter,
}

/// A stored SCP80 key set as `ota` takes it.
pub(crate) fn ota_keys(set: &Scp80KeySet) -> Result<KeySet, KeysError> {
    let algorithm = match (set.algorithm, set.kic.as_bytes().len()) {
        (Scp80Algorithm::Aes, _) => Algorithm::Aes,
        (Scp80Algorithm::TripleDes, 24) => Algorithm::TripleDes3Key,
        (Scp80Algorithm::TripleDes, _) => Algorithm::TripleDes2Key,
    };
    let kic = SecretKey::new(algorithm, set.kic.as_bytes())?;
    let kid = SecretKey::new(algorithm, set.kid.as_bytes())?;
    Ok(KeySet::new(set.kvn, kic, kid)?)
}

/// The ISD-R's TAR.
pub(crate) fn tar(eis: &Eis) -> Result<[u8; 3], KeysError> {
    eis.isd_r
        .tar
        .as_slice()
        .try_into()
        .map_err(|_| KeysError::Tar)
}

/// The TAR a command went to (ETSI TS 102 225 5.1.2; the PoR echoes it): the ISD-R's, or
/// an ISD-P's for the SM-DP's scripts (SGP.02 Annex H), under the ISD-R's keys.
pub(crate) fn command_tar(c: &crate::Es5Command) -> Result<[u8; 3], KeysError> {
    c.tar.as_slice().try_into().map_err(|_| KeysError::Tar)
}

/// TS 102 225 5.1.1 SPI1 coding: cryptographic checksum (`02`), the least a notification
/// must carry.
const NOTIFICATION_MSL: MinimumSecurityLevel = MinimumSecurityLevel(0x02);

/// Takes one delivered short message.
pub(super) async fn message(core: &SmSrCore, parts: &mut Reassembler, m: ShortMessage) {
    let whole = match parts.push(&m.source_addr, m.user_data()) {
        Ok(Some(w)) => w,
        Ok(None) => return,
        Err(e) => {
            tracing::debug!(error = %e, "short message segment refused");
            return;
        }
    };
    let Ok(Some(eid)) = core.eid_by_msisdn(&m.source_addr).await else {
        tracing::debug!(from = %m.source_addr, "short message from no managed eUICC");
        return;
    };
    let outcome = if whole.is(PacketKind::Response) {
        por(core, &eid, &whole.data).await
    } else if whole.is(PacketKind::Command) {
        notification(core, &eid, &whole.data).await
    } else {
        Ok(())
    };
    if let Err(e) = outcome {
        tracing::warn!(%eid, error = %e, "ES5 message from the eUICC refused");
    }
}

/// Why a message from the card was dropped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReceiveError {
    #[error("no command of this eUICC matches the PoR")]
    Unmatched,
    #[error(transparent)]
    Keys(#[from] KeysError),
    #[error(transparent)]
    Registry(#[from] crate::registry::RegistryError),
    #[error(transparent)]
    Es5(#[from] crate::es5_in::Es5Error),
    #[error(transparent)]
    Store(#[from] crate::StoreError),
    #[error(transparent)]
    Open(#[from] ota::OpenError),
}

async fn por(core: &SmSrCore, eid: &str, packet: &[u8]) -> Result<(), ReceiveError> {
    let eis = core.eis(eid).await?;
    let ud = [ota::por::POR_UDH.as_slice(), packet].concat();
    for c in core.sent_commands_of(eid).await? {
        let Some((kvn, counter)) = c.sent_with else {
            continue;
        };
        let Some(set) = eis.isd_r.scp80.iter().find(|s| s.kvn == kvn) else {
            continue;
        };
        let keys = ota_keys(set)?;
        let header = CommandHeader::for_keys(Spi::SGP02_ES5, &keys, command_tar(&c)?);
        let sent = Counter::new(counter).ok_or(KeysError::Counter)?;
        let Ok(opened) = ota::open_por(&ud, &header, sent, &keys) else {
            continue;
        };
        return settle(core, &c.operation_id, c.seq, &opened).await;
    }
    Err(ReceiveError::Unmatched)
}

/// What a PoR matched to command `seq` of operation `id` means (TS 102 225 5.1.2):
/// `00` with its response script answers it, `00` without data acknowledges a push (the
/// admin session answers the command); `02` (counter low) puts it back in the queue, to
/// be sent again with a new counter within the attempts; `08` (more time) and `0B` (response by SMS-SUBMIT)
/// leave it waiting; any other status, or an unauthenticated PoR, fails the operation.
async fn settle(
    core: &SmSrCore,
    id: &str,
    seq: i64,
    opened: &ota::OpenedPor,
) -> Result<(), ReceiveError> {
    match opened.status {
        PorStatus::Ok if opened.authenticated && opened.data.is_empty() => {
            tracing::debug!(operation = %id, "push acknowledged");
        }
        PorStatus::Ok if opened.authenticated => {
            core.command_answered(id, seq, &opened.data).await?;
        }
        PorStatus::CounterLow => core.requeue(id, seq).await?,
        PorStatus::MoreTimeNeeded | PorStatus::ResponseViaSmsSubmit => {}
        status => {
            tracing::warn!(operation = %id, ?status, "PoR refusal");
            core.fail_operation(id, EUICC_EXECUTION_ERROR).await?;
        }
    }
    Ok(())
}

async fn notification(core: &SmSrCore, eid: &str, packet: &[u8]) -> Result<(), ReceiveError> {
    let eis = core.eis(eid).await?;
    let key_sets = eis
        .isd_r
        .scp80
        .iter()
        .map(ota_keys)
        .collect::<Result<Vec<_>, _>>()?;
    let store = ApplicationKeys {
        tar: tar(&eis)?,
        security_level: NOTIFICATION_MSL,
        key_sets,
    };
    let opened = ota::open(packet, &store)?;
    core.default_notification(eid, &opened.data).await?;
    Ok(())
}
