//! SM-SR1, the eUICC's current SM-SR, in an SM-SR change (SGP.02 3.8):
//!
//! - ES4.SMSRChange ([`SmSrCore::smsr_change`]) locks the eUICC (no other ES4/ES3 function
//!   is taken for it) and queues the handover;
//! - the handover task ([`run`]) sends ES7.HandoverEUICC with the EIS to SM-SR2 until it
//!   answers; success (or SM-SR2's "already managed", the answer to a repeat after the
//!   commit point) deletes the EIS and its keys here and ends the SMSRChange operation
//!   `Executed-Success`; a refusal ends it `Failed` with SM-SR2's code and unlocks;
//! - while SM-SR2 runs the handover it calls back ES7.AuthenticateSMSR and
//!   CreateAdditionalKeySet ([`authenticate_smsr`], [`create_additional_key_set`]): each
//!   is an ES5 command to the ISD-R over this SM-SR's bearers, answered with the card's
//!   response once it came.

use std::time::Duration;

use soap::bodies::BaseResponse;
use tokio::sync::watch;

use super::ChangeError;
use super::eis::to_handover;
use crate::es4::Accepted;
use crate::es5::CardResponse;
use crate::es5::isdr;
use crate::operation::{Function, Operation, OperationState, Requester};
use crate::server::SmSrCore;
use crate::store::changes::{self, Change, Role};
use crate::store::operations::{self, NewOperation};
use crate::store::{Tx, new_id, now_ms};

/// How many changes one round takes.
const ROUND: usize = 8;

impl SmSrCore {
    /// ES4.SMSRChange (SGP.02 5.5, procedure 3.8) at SM-SR1: `eid` moves to `target`.
    pub async fn smsr_change(
        &self,
        r: &Requester,
        eid: &str,
        target: &str,
    ) -> Result<Accepted, ChangeError> {
        crate::es4::check_eid(eid)?;
        let es7 = self.es7()?;
        es7.peer(target)?;
        let validity = crate::es4::validity_ms(self, r);
        let (r, eid, target) = (r.clone(), eid.to_string(), target.to_string());
        let id = self
            .ctx
            .store
            .write(move |tx| lock(tx, &r, &eid, &target, validity))
            .await?;
        es7.wake.notify_one();
        Ok(Accepted { operation_id: id })
    }
}

/// Stores the SMSRChange operation and the change locking `eid`.
fn lock(
    tx: &mut Tx<'_>,
    r: &Requester,
    eid: &str,
    target: &str,
    validity_ms: i64,
) -> Result<String, ChangeError> {
    let e = crate::es4::load_eis(tx, eid)?;
    if !e.profiles.iter().any(|p| p.mno_id == r.id) {
        return Err(ChangeError::NotOwner(eid.to_string()));
    }
    let id = new_id()?;
    let change = Change {
        eid: eid.to_string(),
        role: Role::Source,
        peer: target.to_string(),
        requester: r.id.clone(),
        operation_id: Some(id.clone()),
        attempts: 0,
    };
    if !changes::insert(tx, &change)? {
        return Err(ChangeError::Busy(eid.to_string()));
    }
    operations::insert_without_command(
        tx,
        &NewOperation {
            id: &id,
            eid,
            function: Function::SmsrChange,
            iccid: None,
            requester: r,
            expires_at: now_ms().saturating_add(validity_ms),
            tar: &e.isd_r.tar,
            script: &[],
        },
    )?;
    Ok(id)
}

/// Sends the due handovers until `stop`, every `poll` or when woken.
pub(crate) async fn run(
    core: SmSrCore,
    (poll, backoff): (Duration, Duration),
    mut stop: watch::Receiver<bool>,
) {
    let Ok(es7) = core.es7() else { return };
    loop {
        if let Err(e) = round(&core, backoff).await {
            tracing::warn!(error = %e, "SM-SR change round failed");
        }
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            _ = es7.wake.notified() => {}
            _ = tokio::time::sleep(poll) => {}
        }
    }
}

async fn round(core: &SmSrCore, backoff: Duration) -> Result<(), ChangeError> {
    let due = core
        .ctx
        .store
        .read(|tx| changes::due_handovers(tx, now_ms()))
        .await?;
    for c in due.into_iter().take(ROUND) {
        hand_over(core, &c, backoff).await?;
    }
    Ok(())
}

/// One HandoverEUICC attempt for `c`, its outcome stored.
async fn hand_over(core: &SmSrCore, c: &Change, backoff: Duration) -> Result<(), ChangeError> {
    let op_id = c.operation_id.clone().unwrap_or_default();
    let (eid, id) = (c.eid.clone(), op_id.clone());
    let (op, eis) = core
        .ctx
        .store
        .read(move |tx| {
            let op = operations::load(tx, &id)?;
            let eis = crate::store::eis::load(tx, &eid)?;
            Ok::<_, crate::store::StoreError>((op, eis))
        })
        .await?;
    // Gone, or past its validity period (the sweep expired it): the eUICC stays here.
    let (Some(op), Some(eis)) = (op.filter(|o| o.state.status().is_none()), eis) else {
        let eid = c.eid.clone();
        return Ok(core
            .ctx
            .store
            .write(move |tx| changes::remove(tx, &eid))
            .await?);
    };
    let es7 = core.es7()?;
    let peer = es7.peer(&c.peer)?;
    let msg = soap::es7::HandoverEuiccRequest {
        header: soap::status::RequestHeader::new(op_id.clone()),
        eis: to_handover(&eis).ok_or(ChangeError::Invalid("stored EIS"))?,
    };
    let answer: Result<BaseResponse, _> = es7.call(peer, &soap::es7::HANDOVER_EUICC, &msg).await;
    let outcome = match answer {
        Ok(_) => Ok(()),
        Err(ChangeError::Peer(code)) if code == crate::status::SMSR_ALREADY_IN_USE => Ok(()),
        Err(e) => {
            tracing::info!(eid = %c.eid, peer = %c.peer, error = %e, "HandoverEUICC not done");
            Err(e.code())
        }
    };
    let (eid, attempts) = (c.eid.clone(), c.attempts);
    core.ctx
        .store
        .write(move |tx| handed_over(tx, &eid, &op, outcome, (attempts, backoff)))
        .await?;
    Ok(())
}

/// Stores the outcome of a HandoverEUICC attempt.
fn handed_over(
    tx: &mut Tx<'_>,
    eid: &str,
    op: &Operation,
    outcome: Result<(), Option<crate::status::StatusCode>>,
    (attempts, backoff): (u32, Duration),
) -> Result<(), ChangeError> {
    match outcome {
        Ok(()) => {
            crate::store::eis::hand_over(tx, eid)?;
            operations::set_state(tx, &op.id, OperationState::Succeeded, None, None)?;
            changes::remove(tx, eid)?;
            tracing::info!(%eid, "eUICC handed over");
        }
        Err(code) => match code {
            Some(code) => {
                operations::set_state(tx, &op.id, OperationState::Failed, Some(code), None)?;
                changes::remove(tx, eid)?;
            }
            None => {
                let wait = backoff.saturating_mul(1 << attempts.min(6));
                let next = now_ms().saturating_add(crate::outbox::millis(wait));
                changes::attempted(tx, eid, next)?;
            }
        },
    }
    Ok(())
}

/// ES7.AuthenticateSMSR (SGP.02 5.7.2) at SM-SR1: CERT.SR.ECDSA of `peer` to the ISD-R
/// (`3A01`); the card's random challenge.
pub(crate) async fn authenticate_smsr(
    core: &SmSrCore,
    peer: &str,
    eid: &str,
    certificate: &[u8],
) -> Result<Vec<u8>, ChangeError> {
    certs::gp::GpCertificate::decode(certificate)
        .map_err(|_| ChangeError::Invalid("SmsrCertificate"))?;
    let apdu = isdr::establish_keyset_certificate(certificate);
    let r = run_for_peer(core, peer, eid, Function::AuthenticateSmsr, apdu).await?;
    let data = r
        .responses
        .last()
        .map(|x| x.data.clone())
        .unwrap_or_default();
    match certs::gp::tlv::read(&data) {
        Ok((t, rest)) if t.tag == 0x85 && rest.is_empty() && t.value.len() == 16 => {
            Ok(t.value.to_vec())
        }
        _ => Err(ChangeError::Card),
    }
}

/// ES7.CreateAdditionalKeySet (SGP.02 5.7.3) at SM-SR1: the `3A02` block to the ISD-R; the
/// card's derivation random (when it made one) and receipt.
pub(crate) async fn create_additional_key_set(
    core: &SmSrCore,
    peer: &str,
    eid: &str,
    (crt, ephemeral_key_tlv, signature): (&[u8], &[u8], &[u8]),
) -> Result<(Option<Vec<u8>>, Vec<u8>), ChangeError> {
    let apdu = isdr::establish_keyset_keys(crt, ephemeral_key_tlv, signature);
    let r = run_for_peer(core, peer, eid, Function::CreateAdditionalKeySet, apdu).await?;
    let data = r
        .responses
        .last()
        .map(|x| x.data.clone())
        .unwrap_or_default();
    let tlvs = certs::gp::tlv::read_all(&data).map_err(|_| ChangeError::Card)?;
    let dr = certs::gp::tlv::find(&tlvs, 0x85).map(<[u8]>::to_vec);
    let receipt = certs::gp::tlv::find(&tlvs, 0x86).ok_or(ChangeError::Card)?;
    Ok((dr, receipt.to_vec()))
}

/// Queues `apdu` for the ISD-R of `eid` as an operation of this SM-SR's own, once `peer`
/// is the SM-SR the eUICC is being handed over to, and waits for the card's answer.
async fn run_for_peer(
    core: &SmSrCore,
    peer: &str,
    eid: &str,
    function: Function,
    apdu: Vec<u8>,
) -> Result<CardResponse, ChangeError> {
    let own = Requester {
        id: core.ctx.smsr_id.clone(),
        ..Requester::default()
    };
    let validity = crate::es4::validity_ms(core, &own);
    let (peer, eid_owned) = (peer.to_string(), eid.to_string());
    let id = core
        .ctx
        .store
        .write(move |tx| {
            match changes::get(tx, &eid_owned)? {
                Some(c) if c.role == Role::Source && c.peer == peer => {}
                Some(_) => return Err(ChangeError::WrongSmsr(peer.clone())),
                None => return Err(ChangeError::Refused("no SM-SR change of this eUICC")),
            }
            let e = crate::es4::load_eis(tx, &eid_owned)?;
            let d = crate::es4::decision_for(function, None, vec![apdu.clone()]);
            Ok(crate::es4::store_decision(tx, &e, &d, &own, validity)?)
        })
        .await?;
    core.ctx.wake_bearers();
    let op = super::wait::finished(core, &id).await?;
    let raw = op.response.clone().unwrap_or_default();
    match (op.state, CardResponse::parse(&raw)) {
        (OperationState::Succeeded, Ok(r)) => Ok(r),
        _ => Err(ChangeError::Card),
    }
}
