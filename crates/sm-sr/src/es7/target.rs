//! SM-SR2, the SM-SR an eUICC moves to, in an SM-SR change (SGP.02 3.8):
//!
//! - ES4.PrepareSMSRChange ([`SmSrCore::prepare_smsr_change`]) records that the operator
//!   announced the eUICC coming from its current SM-SR;
//! - ES7.HandoverEUICC ([`handover_euicc`]) from that SM-SR runs the handover: the EIS read
//!   and CERT.ECASD.ECKA checked under a known EUM, ES7.AuthenticateSMSR then
//!   CreateAdditionalKeySet called back on SM-SR1 (which relays EstablishISDRKeySet to the
//!   ISD-R, [`super::key_establishment`]), the receipt verified — the commit point: the
//!   EIS is stored here with the new key set and the change is over — then
//!   FinaliseISDRhandover and UpdateSMSRAddressingParameters sent with the new keys. A
//!   finalisation that fails is a warning, not a failure (SGP.02 3.8).

use proto::crypto::SigningKey;

use super::eis::{HandedOver, from_handover};
use super::key_establishment::SCENARIO_DR;
use super::{ChangeError, KeySetRequest, NewIsdrKeySet, Sr2KeyAgreement};
use crate::eis::{KeyValue, Scp80Algorithm, Scp80KeySet};
use crate::es5::isdr;
use crate::operation::{Function, OperationState, Requester};
use crate::server::SmSrCore;
use crate::store::Tx;
use crate::store::changes::{self, Change, Role};
use crate::store::eis::Registered;

/// Whether the handover ended with a warning (the finalisation failed).
pub(crate) type Warning = bool;

impl SmSrCore {
    /// ES4.PrepareSMSRChange (SGP.02 5.5, procedure 3.8) at SM-SR2: `eid` will be handed
    /// over by `current`.
    pub async fn prepare_smsr_change(
        &self,
        r: &Requester,
        eid: &str,
        current: &str,
    ) -> Result<(), ChangeError> {
        crate::es4::check_eid(eid)?;
        let es7 = self.es7()?;
        es7.peer(current)?;
        if es7.sr_ecdsa.is_none() {
            return Err(ChangeError::Refused("this SM-SR has no CERT.SR.ECDSA"));
        }
        let change = Change {
            eid: eid.to_string(),
            role: Role::Target,
            peer: current.to_string(),
            requester: r.id.clone(),
            operation_id: None,
            attempts: 0,
        };
        self.ctx
            .store
            .write(move |tx| {
                if crate::store::eis::load(tx, &change.eid)?.is_some() {
                    return Err(ChangeError::AlreadyManaged(change.eid.clone()));
                }
                if !changes::insert(tx, &change)? {
                    return Err(ChangeError::Busy(change.eid.clone()));
                }
                Ok(())
            })
            .await
    }
}

/// ES7.HandoverEUICC (SGP.02 5.7.1) from `peer`, run to its end (see the module).
pub(crate) async fn handover_euicc(
    core: &SmSrCore,
    peer: &str,
    eis: &soap::eis::Eis,
) -> Result<Warning, ChangeError> {
    let es7 = core.es7()?;
    let handed = from_handover(eis)?;
    let eid = handed.eis.eid.clone();
    let (key, from) = (eid.clone(), peer.to_string());
    core.ctx
        .store
        .read(move |tx| expected(tx, &key, &from))
        .await?;
    let ecasd = ecasd_key(&handed, &es7.eum_keys)?;
    let (cert, sk) = es7
        .sr_ecdsa
        .clone()
        .ok_or(ChangeError::Refused("this SM-SR has no CERT.SR.ECDSA"))?;
    let peer = es7.peer(peer)?;
    let rc = authenticate(core, peer, &eid, &cert).await?;
    let request = KeySetRequest {
        kvn: (0x01..=0x0F)
            .find(|k| !handed.taken_kvns.contains(k))
            .ok_or(ChangeError::Refused("no free SCP80 key version"))?,
        initial_counter: 0,
        scenario: SCENARIO_DR,
        host_id: None,
    };
    let agreement = Sr2KeyAgreement::new(request, ecasd.curve())?;
    let signature = agreement.sign(
        &SigningKey::new(sk).map_err(super::KeyEstablishmentError::from)?,
        &rc,
    )?;
    let msg = soap::es7::CreateAdditionalKeySetRequest {
        header: soap::status::RequestHeader::new(crate::store::new_id()?),
        eid: eis.eum_signed_info.eid.clone(),
        key_version_number: agreement.request().kvn,
        initial_sequence_counter: 0,
        ecc_key_length: "ECC-256".into(),
        scenario_parameter: agreement.request().scenario,
        host_id: None,
        ephemeral_public_key: soap::message::Hex(agreement.ephemeral_public_key_tlv()),
        signature: soap::message::Hex(signature),
    };
    let answer: soap::es7::CreateAdditionalKeySetResponse = es7
        .call(peer, &soap::es7::CREATE_ADDITIONAL_KEY_SET, &msg)
        .await?;
    let dr = answer.derivation_random.map(|h| h.0);
    let receipt = answer.receipt.map(|h| h.0).unwrap_or_default();
    let keys = agreement.finish(&ecasd, dr.as_deref(), &receipt)?;
    let finalise = commit(core, handed, &keys).await?;
    let op = super::wait::finished(core, &finalise).await?;
    Ok(op.state != OperationState::Succeeded)
}

/// The change of `eid` must be one prepared with `peer` as the current SM-SR, and the eUICC
/// not managed here already.
fn expected(tx: &mut Tx<'_>, eid: &str, peer: &str) -> Result<(), ChangeError> {
    if crate::store::eis::load(tx, eid)?.is_some() {
        return Err(ChangeError::AlreadyManaged(eid.to_string()));
    }
    match changes::get(tx, eid)? {
        Some(c) if c.role == Role::Target && c.peer == peer => Ok(()),
        Some(c) if c.role == Role::Target => Err(ChangeError::WrongSmsr(peer.to_string())),
        _ => Err(ChangeError::Refused("no PrepareSMSRChange for this eUICC")),
    }
}

/// PK.ECASD.ECKA of CERT.ECASD.ECKA verified under one of `eum_keys`.
fn ecasd_key(
    handed: &HandedOver,
    eum_keys: &[proto::crypto::PublicKey],
) -> Result<proto::crypto::PublicKey, ChangeError> {
    let cert = certs::gp::GpCertificate::decode(&handed.ecasd_certificate)
        .map_err(|e| ChangeError::Ecasd(e.to_string()))?;
    if !eum_keys.iter().any(|k| cert.verify(k).is_ok()) {
        return Err(ChangeError::Ecasd("not signed by a known EUM".into()));
    }
    Ok(cert.body.public_key)
}

/// ES7.AuthenticateSMSR at `peer`: the ISD-R's random challenge.
async fn authenticate(
    core: &SmSrCore,
    peer: &crate::config::PeerSmSr,
    eid: &str,
    cert: &[u8],
) -> Result<[u8; 16], ChangeError> {
    let es7 = core.es7()?;
    let msg = soap::es7::AuthenticateSmsrRequest {
        header: soap::status::RequestHeader::new(crate::store::new_id()?),
        eid: proto::ids::Eid::parse_lenient(eid).map_err(|_| ChangeError::Invalid("EID"))?,
        smsr_certificate: soap::message::Hex(cert.to_vec()),
    };
    let answer: soap::es7::AuthenticateSmsrResponse =
        es7.call(peer, &soap::es7::AUTHENTICATE_SMSR, &msg).await?;
    answer
        .random_challenge
        .and_then(|h| <[u8; 16]>::try_from(h.0.as_slice()).ok())
        .ok_or(ChangeError::Card)
}

/// The commit point: the EIS stored with the new key set, the change over, the
/// finalisation queued with the new keys; its operation's identifier.
async fn commit(
    core: &SmSrCore,
    handed: HandedOver,
    keys: &NewIsdrKeySet,
) -> Result<String, ChangeError> {
    let mut eis = handed.eis;
    eis.isd_r.scp80 = vec![Scp80KeySet {
        kvn: keys.kvn,
        algorithm: Scp80Algorithm::Aes,
        kic: KeyValue(zeroize::Zeroizing::new(keys.kic.to_vec())),
        kid: KeyValue(zeroize::Zeroizing::new(keys.kid.to_vec())),
        kik: Some(KeyValue(zeroize::Zeroizing::new(keys.dek.to_vec()))),
        counter: keys.initial_counter,
    }];
    let mut apdus = vec![isdr::finalise_handover(keys.kvn)];
    apdus.extend(isdr::update_smsr_address(&core.ctx.sms_address));
    let own = Requester {
        id: core.ctx.smsr_id.clone(),
        ..Requester::default()
    };
    let validity = crate::es4::validity_ms(core, &own);
    let eid = eis.eid.clone();
    let id = core
        .ctx
        .store
        .write(move |tx| {
            if let Registered::Exists = crate::store::eis::insert(tx, &eis)? {
                return Err(ChangeError::AlreadyManaged(eis.eid.clone()));
            }
            owe_notifications(tx, &eis)?;
            changes::remove(tx, &eis.eid)?;
            let d = crate::es4::decision_for(Function::FinaliseIsdrHandover, None, apdus.clone());
            Ok(crate::es4::store_decision(tx, &eis, &d, &own, validity)?)
        })
        .await?;
    tracing::info!(%eid, kvn = keys.kvn, "SM-SR change committed");
    core.ctx.wake_bearers();
    Ok(id)
}

/// HandleSMSRChangeNotification owed to the operator of each profile of `eis` but the one
/// that asked for the change (ES4), and to the SM-DP that downloaded it (ES3; SGP.02 3.8).
fn owe_notifications(tx: &mut Tx<'_>, eis: &crate::eis::Eis) -> Result<(), ChangeError> {
    use crate::store::notifications::{NotifyInterface, owe_over};
    let asked = changes::get(tx, &eis.eid)?.map(|c| c.requester);
    let mut told: Vec<(&str, NotifyInterface)> = Vec::new();
    for p in &eis.profiles {
        let to = [
            (p.mno_id.as_str(), NotifyInterface::Es4),
            (p.smdp_id.as_str(), NotifyInterface::Es3),
        ];
        for (id, interface) in to {
            if id.is_empty() || Some(id) == asked.as_deref() || told.contains(&(id, interface)) {
                continue;
            }
            told.push((id, interface));
            let f = crate::notifier::SMSR_CHANGE;
            owe_over(tx, (id, interface), f, &eis.eid, "")?;
        }
    }
    Ok(())
}
