//! ES8.EstablishISDPKeySet on the ISD-P (SGP.02 v4.2 4.1.3.1, procedure 3.1.2; GP Card
//! Specification Amendment E, Scenario #3 with mutual authentication): the SM-DP
//! authenticates to the ECASD and agrees the ISD-P's SCP03 key set, in two STORE DATA
//! blocks relayed to the ISD-P by ES3.SendData.
//!
//! ```text
//! 80 E2 09 00  3A01 L { 7F21 CERT.DP.ECDSA }          -> 85 10 <random challenge>
//! 80 E2 89 01  3A02 L { A6 CRT | 7F49 ePK.DP.ECKA | 5F37 signature }
//!                                                      -> [85 10 <DR>] 86 10 <receipt>
//! ```
//!
//! The same steps as the ISD-R's EstablishISDRKeySet ([`super::establish_keyset`]), with
//! CERT.DP.ECDSA (GP Amendment E certificate type `01`) in place of CERT.SR.ECDSA and an
//! SCP03 key set (KVN `30`–`3F`, GPCS v2.3 Table 11-16 range of SCP03 keys) in place of an
//! SCP80 one. The key data is `receipt key | base key`: one SCP03 base key used as K-ENC,
//! K-MAC and K-DEK, as the lab's SGP.02 map 5.3 reads one SM-DP implementation and as
//! `scp03::session_keys::StaticKeys::single` takes it \[unconfirmed\] against GP Amd E. The
//! CRT's `91` initial counter becomes the SCP03 sequence counter (at most `FFFFFF`, GP Amd
//! D 6.2.2.1), else `6A80`. The ISD-P must be SELECTABLE or PERSONALIZED (`6985`); after
//! step 2 it is PERSONALIZED (SGP.02 2.2.1.2: keys set, no profile yet).

use std::ops::RangeInclusive;

use certs::gp::GpCertificateType;

use super::dgi;
use super::error::IsdrError;
use super::switch::m2m_mut;
use crate::apdu::CommandApdu;
use crate::euicc::Euicc;
use crate::state::m2m::{IsdpLifeCycle, Scp03KeySet};

/// The KVNs of SCP03 key sets.
const SCP03_KVNS: RangeInclusive<u8> = 0x30..=0x3F;
/// The largest SCP03 sequence counter (3 octets, GP Amendment D 6.2.2.1).
const MAX_SEQUENCE_COUNTER: u64 = 0xFF_FFFF;

impl Euicc {
    /// STORE DATA to the ISD-P `aid`: `3A01` or `3A02` in DGI format.
    pub(super) fn isdp_store_data(
        &mut self,
        aid: &[u8],
        cmd: &CommandApdu<'_>,
    ) -> Result<Vec<u8>, IsdrError> {
        if !dgi::is_dgi_format(cmd.p1) {
            return Err(IsdrError::IncorrectP1P2);
        }
        let dgis = dgi::parse(cmd.data)?;
        let [one] = dgis.as_slice() else {
            return Err(IsdrError::IncorrectData);
        };
        let life_cycle = self
            .state
            .m2m
            .as_ref()
            .and_then(|m| m.isdp(aid))
            .map(|i| i.life_cycle)
            .ok_or(IsdrError::ReferencedDataNotFound)?;
        if !matches!(
            life_cycle,
            IsdpLifeCycle::Selectable | IsdpLifeCycle::Personalized
        ) {
            return Err(IsdrError::ConditionsNotSatisfied);
        }
        match one.tag {
            0x3A01 => self.receive_certificate(aid, GpCertificateType::SmDp, one.value),
            0x3A02 => self.establish_isdp_keyset(aid, one.value),
            _ => Err(IsdrError::ReferencedDataNotFound),
        }
    }

    /// `3A02`: derives and stores the ISD-P's SCP03 key set, answers DR and receipt.
    fn establish_isdp_keyset(&mut self, aid: &[u8], value: &[u8]) -> Result<Vec<u8>, IsdrError> {
        let agreed = self.agree_keys(aid, value, SCP03_KVNS)?;
        if agreed.crt.initial_counter > MAX_SEQUENCE_COUNTER {
            return Err(IsdrError::IncorrectData);
        }
        let set = Scp03KeySet {
            kvn: agreed.crt.kvn,
            key: agreed.keys.kic.to_vec(),
            sequence_counter: u32::try_from(agreed.crt.initial_counter)
                .map_err(|_| IsdrError::IncorrectData)?,
        };
        self.change_m2m(|state| {
            let isdp = m2m_mut(state)?
                .isdps
                .iter_mut()
                .find(|i| i.aid == aid)
                .ok_or(IsdrError::ReferencedDataNotFound)?;
            isdp.scp03.retain(|k| k.kvn != set.kvn);
            isdp.scp03.push(set);
            isdp.life_cycle = IsdpLifeCycle::Personalized;
            Ok(Vec::new())
        })?;
        Ok(agreed.response())
    }
}
