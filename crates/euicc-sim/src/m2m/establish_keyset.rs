//! EstablishISDRKeySet (SGP.02 v4.2 4.1.1.7; procedure 3.8, SM-SR change): the new SM-SR
//! authenticates to the ECASD and agrees a new SCP80 key set with it, in two STORE DATA
//! blocks to the ISD-R.
//!
//! ```text
//! 80 E2 09 00  3A01 L { 7F21 CERT.SR.ECDSA }           -> 85 10 <random challenge>
//! 80 E2 89 01  3A02 L { A6 CRT | 7F49 ePK.SR.ECKA | 5F37 signature }
//!                                                       -> [85 10 <DR>] 86 10 <receipt>
//! ```
//!
//! Step 1: CERT.SR.ECDSA (GP Amendment E, certificate type `02`) must verify with the key of
//! a CI the eUICC trusts (the ECASD's PK.CI.ECDSA); else `6982`, and a certificate of
//! another type or that does not decode `6A80`. The challenge is kept until step 2 (a
//! reset drops it). Step 2: the signature of SK.SR.ECDSA over `A6 TLV | 7F49 TLV | 0085 L
//! RC` (the data objects as received) must verify, else `6982`; without step 1 first,
//! `6985`. Then the key set is derived ([`super::key_derivation`]) and written under the
//! CRT's KVN with its initial counter, replacing one with that KVN; the receipt proves it.

use std::ops::RangeInclusive;

use certs::gp::{GpCertificate, GpCertificateType, parse_public_key_template, tlv};
use proto::crypto::{EckaKeyPair, PrivateKey, PublicKey, Signature};
use ring::rand::{SecureRandom, SystemRandom};

use super::error::IsdrError;
use super::key_derivation::{Crt, DerivedKeys, parse_crt, receipt};
use super::setup::SCP80_AES;
use super::switch::m2m_mut;
use crate::apdu::ISD_R_AID;
use crate::euicc::Euicc;
use crate::state::m2m::Scp80KeySet;

/// The KVNs of SCP80 key sets (ETSI TS 102 225 5.1.2).
const SCP80_KVNS: RangeInclusive<u8> = 0x01..=0x0F;

/// What step 1 leaves for step 2.
#[derive(Clone, Debug)]
pub(crate) struct Challenge {
    /// The AID of the security domain that made it.
    sd: Vec<u8>,
    rc: [u8; 16],
    sr_key: PublicKey,
}

fn random16() -> Result<[u8; 16], IsdrError> {
    let mut out = [0u8; 16];
    SystemRandom::new()
        .fill(&mut out)
        .map_err(|_| IsdrError::MemoryFailure)?;
    Ok(out)
}

/// The `A6`, `7F49` and `5F37` objects of `3A02`, each as received.
struct Step2<'a> {
    crt_tlv: &'a [u8],
    crt: &'a [u8],
    epk_tlv: &'a [u8],
    epk: &'a [u8],
    signature: &'a [u8],
}

fn split_step2(mut value: &[u8]) -> Result<Step2<'_>, IsdrError> {
    let mut take = |tag: u16| -> Result<(&[u8], &[u8]), IsdrError> {
        let (t, rest) = tlv::read(value)?;
        if t.tag != tag {
            return Err(IsdrError::IncorrectData);
        }
        let whole = &value[..value.len() - rest.len()];
        value = rest;
        Ok((whole, t.value))
    };
    let (crt_tlv, crt) = take(0xA6)?;
    let (epk_tlv, epk) = take(0x7F49)?;
    let (_, signature) = take(0x5F37)?;
    if !value.is_empty() {
        return Err(IsdrError::IncorrectData);
    }
    Ok(Step2 {
        crt_tlv,
        crt,
        epk_tlv,
        epk,
        signature,
    })
}

/// Step 2 done: the CRT, the keys derived, the DR made.
pub(super) struct Agreed<'a> {
    /// The `A6` TLV as received (the receipt covers it).
    pub(super) crt_tlv: &'a [u8],
    /// Its fields.
    pub(super) crt: Crt,
    /// The receipt key and the new keys.
    pub(super) keys: DerivedKeys,
    /// The derivation random, when the CRT asked for one.
    pub(super) dr: Option<[u8; 16]>,
}

impl Agreed<'_> {
    /// The answer to step 2: `[85 10 DR] | 86 10 receipt`.
    pub(super) fn response(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(dr) = &self.dr {
            tlv::push(&mut out, 0x85, dr);
        }
        let dr = self.dr.as_ref().map(|d| &d[..]);
        tlv::push(
            &mut out,
            0x86,
            &receipt(&self.keys.receipt_key, self.crt_tlv, dr),
        );
        out
    }
}

impl Euicc {
    /// `3A01` to the security domain `sd`: checks a certificate of type `kind` (CERT.SR.ECDSA
    /// for the ISD-R, CERT.DP.ECDSA for an ISD-P) against the CIs the ECASD trusts and
    /// answers `85 10` with a random challenge.
    pub(super) fn receive_certificate(
        &mut self,
        sd: &[u8],
        kind: GpCertificateType,
        value: &[u8],
    ) -> Result<Vec<u8>, IsdrError> {
        self.m2m_session.key_establishment = None;
        let cert = GpCertificate::decode(value).map_err(|_| IsdrError::IncorrectData)?;
        if cert.body.certificate_type != Some(kind) {
            return Err(IsdrError::IncorrectData);
        }
        let trusted = self
            .creds
            .trusted_cis()
            .iter()
            .any(|ci| cert.verify(ci.public_key()).is_ok());
        if !trusted {
            return Err(IsdrError::SecurityStatus);
        }
        let rc = random16()?;
        self.m2m_session.key_establishment = Some(Challenge {
            sd: sd.to_vec(),
            rc,
            sr_key: cert.body.public_key,
        });
        let mut out = Vec::new();
        tlv::push(&mut out, 0x85, &rc);
        Ok(out)
    }

    /// `3A02` to the security domain `sd`: checks the signature over the challenge `sd`
    /// got in step 1, agrees the shared secret with the ECASD's key and derives the keys
    /// of a key set whose KVN must be in `kvns`.
    pub(super) fn agree_keys<'a>(
        &mut self,
        sd: &[u8],
        value: &'a [u8],
        kvns: RangeInclusive<u8>,
    ) -> Result<Agreed<'a>, IsdrError> {
        let challenge = self
            .m2m_session
            .key_establishment
            .take()
            .filter(|c| c.sd == sd)
            .ok_or(IsdrError::ConditionsNotSatisfied)?;
        let step = split_step2(value)?;
        let mut signed = [step.crt_tlv, step.epk_tlv].concat();
        signed.extend([0x00, 0x85, 0x10]);
        signed.extend(challenge.rc);
        let signature =
            Signature::from_raw(step.signature).map_err(|_| IsdrError::IncorrectData)?;
        challenge
            .sr_key
            .verify(&signed, &signature)
            .map_err(|_| IsdrError::SecurityStatus)?;
        let crt = parse_crt(step.crt, kvns)?;
        let epk = parse_public_key_template(step.epk).map_err(|_| IsdrError::IncorrectData)?;
        let m2m = self.state.m2m.as_ref().ok_or(IsdrError::InsNotSupported)?;
        let ecasd =
            PrivateKey::from_pem(&m2m.ecasd.private_key).map_err(|_| IsdrError::MemoryFailure)?;
        let shared = EckaKeyPair::from_private_key(ecasd)
            .agree(&epk)
            .map_err(|_| IsdrError::IncorrectData)?;
        let dr = crt.wants_dr().then(random16).transpose()?;
        let keys = crt.derive(shared.as_bytes(), dr.as_ref().map(|d| &d[..]));
        Ok(Agreed {
            crt_tlv: step.crt_tlv,
            crt,
            keys,
            dr,
        })
    }

    /// `3A01` to the ISD-R: CERT.SR.ECDSA.
    pub(super) fn receive_sm_sr_certificate(&mut self, value: &[u8]) -> Result<Vec<u8>, IsdrError> {
        self.receive_certificate(&ISD_R_AID, GpCertificateType::SmSr, value)
    }

    /// `3A02` to the ISD-R: derives and stores the SCP80 key set, answers DR and receipt.
    pub(super) fn establish_keyset(&mut self, value: &[u8]) -> Result<Vec<u8>, IsdrError> {
        let agreed = self.agree_keys(&ISD_R_AID, value, SCP80_KVNS)?;
        let keys = &agreed.keys;
        let set = Scp80KeySet {
            kvn: agreed.crt.kvn,
            kic_algorithm: SCP80_AES,
            kic: keys.kic.to_vec(),
            kid_algorithm: SCP80_AES,
            kid: keys.kid.to_vec(),
            dek: Some(keys.dek.to_vec()),
            counter: agreed.crt.initial_counter,
        };
        self.change_m2m(|state| {
            let isd_r = &mut m2m_mut(state)?.isd_r;
            isd_r.scp80.retain(|k| k.kvn != set.kvn);
            isd_r.scp80.push(set);
            Ok(Vec::new())
        })?;
        Ok(agreed.response())
    }
}
