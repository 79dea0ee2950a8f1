//! SCP03t on the ISD-P (SGP.02 v4.2 4.1.3.3): the SM-DP opens an SCP03 session with the
//! key set of ES8.EstablishISDPKeySet ([`super::isdp_keyset`]) and sends the profile
//! package in protected segments, all as TLVs relayed by ES3.SendData to the ISD-P's TAR.
//!
//! ```text
//! 84 0A KVN | key id | host challenge     -> 84 L <INITIALIZE UPDATE response data>
//! 85 11 33 | host cryptogram | C-MAC      -> 85 08 R-MAC
//! 86 L  segment' | C-MAC   (repeated)     -> 86 08 R-MAC
//! any refusal                             -> 9F <tag> 02 SW1 SW2, and the TLVs after it
//!                                            in the same packet are not run
//! ```
//!
//! The TLV layouts and the `9F xx` error form are the `scp03` crate's (the lab's SGP.02 map
//! 5.4, one SM-DP implementation) \[unconfirmed\]. The TLVs reach the ISD-P as the whole
//! script of a secured packet (not inside a TS 102 226 `AA` script): its first octet is
//! `84`, `85` or `86` \[unconfirmed\]. The card challenge is pseudo-random (i = `70`, GP
//! Amendment D 6.2.2.1) from the key set's sequence counter, which is incremented and
//! persisted at every INITIALIZE UPDATE.
//!
//! Refusals: a KVN the ISD-P has no key set for `6A88`; an ISD-P not PERSONALIZED, `85`
//! without `84` first, or `86` without an open session `6985`; a wrong host cryptogram
//! `6300`; a segment whose MAC fails `6982`. Any refusal after `84` ends the session and
//! drops the segments received: nothing is half-installed. The segments are reassembled up
//! to [`MAX_PACKAGE_LEN`] octets, or the ISD-P's memory quota when smaller (over it
//! `6A84`); the package is installed
//! ([`super::isdp_install`]) once it parses whole (header first, PE-End last), and one that
//! cannot be installed is `6A80`.

use certs::gp::tlv;
use scp03::card::{CardAuthenticator, CardChallenge, CardKeySet, CardSession};
use scp03::scp03t::{
    TAG_EXTERNAL_AUTHENTICATE, TAG_INITIALIZE_UPDATE, TAG_PROFILE_ELEMENT, card, error_response,
};
use scp03::security::IParameter;
use scp03::session_keys::StaticKeys;
use scp03::{AesKey, Scp03Error};

use super::switch::m2m_mut;
use crate::euicc::Euicc;
use crate::state::m2m::{IsdpLifeCycle, IsdpRecord};

/// The largest profile package the ISD-P reassembles, in octets.
pub const MAX_PACKAGE_LEN: usize = 256 * 1024;
/// `6985`: conditions of use not satisfied.
const SW_CONDITIONS: u16 = 0x6985;
/// `6A88`: referenced data (the key set) not found.
const SW_NOT_FOUND: u16 = 0x6A88;
/// `6A84`: not enough memory space.
const SW_MEMORY: u16 = 0x6A84;
/// `6A80`: incorrect data.
const SW_DATA: u16 = 0x6A80;

/// Where an SCP03t session stands.
#[derive(Debug)]
enum Phase {
    /// After INITIALIZE UPDATE.
    Authenticating(CardAuthenticator),
    /// After EXTERNAL AUTHENTICATE.
    Open(CardSession),
}

/// The one SCP03t session of the card: its ISD-P, its phase, the segments so far.
#[derive(Debug)]
pub(crate) struct Download {
    aid: Vec<u8>,
    phase: Phase,
    package: Vec<u8>,
}

/// Whether a script to an ISD-P is SCP03t TLVs.
pub(super) fn is_scp03t(script: &[u8]) -> bool {
    matches!(
        script.first(),
        Some(&(TAG_INITIALIZE_UPDATE | TAG_EXTERNAL_AUTHENTICATE | TAG_PROFILE_ELEMENT))
    )
}

/// The card's key set for `kvn` (`00`: the first one).
pub(super) fn card_key_set(isdp: &IsdpRecord, kvn: u8) -> Result<(CardKeySet, u32), u16> {
    let stored = isdp
        .scp03
        .iter()
        .find(|k| kvn == 0 || k.kvn == kvn)
        .ok_or(SW_NOT_FOUND)?;
    let key = AesKey::new(&stored.key).map_err(|_| SW_NOT_FOUND)?;
    let set = CardKeySet {
        kvn: stored.kvn,
        keys: StaticKeys::single(key),
        i: IParameter::SGP02,
        diversification: [0; 10],
    };
    Ok((set, stored.sequence_counter))
}

/// The most octets the package of `isdp` may have: its CreateISDP quota when it has one
/// (ETSI TS 102 226 8.2.1.3.2.2), at most [`MAX_PACKAGE_LEN`].
fn package_limit(isdp: &IsdpRecord) -> usize {
    match usize::try_from(isdp.memory_quota) {
        Ok(0) | Err(_) => MAX_PACKAGE_LEN,
        Ok(quota) => quota.min(MAX_PACKAGE_LEN),
    }
}

impl Euicc {
    /// Runs the SCP03t TLVs of one packet to the ISD-P `isdp`: their responses, up to
    /// and including the first refusal.
    pub(super) fn run_scp03t(&mut self, isdp: &IsdpRecord, mut script: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(&tag) = script.first() {
            let Ok((_, rest)) = tlv::read(script) else {
                self.m2m_session.download = None;
                out.extend(error_response(tag, SW_DATA));
                break;
            };
            let command = &script[..script.len() - rest.len()];
            script = rest;
            match self.scp03t_command(isdp, tag, command) {
                Ok(response) => out.extend(response),
                Err(sw) => {
                    self.m2m_session.download = None;
                    out.extend(error_response(tag, sw));
                    break;
                }
            }
        }
        out
    }

    fn scp03t_command(
        &mut self,
        isdp: &IsdpRecord,
        tag: u8,
        command: &[u8],
    ) -> Result<Vec<u8>, u16> {
        let sw = |e: Scp03Error| e.status_word();
        match tag {
            TAG_INITIALIZE_UPDATE => self.scp03t_initialize_update(isdp, command),
            TAG_EXTERNAL_AUTHENTICATE => match self.take_download(isdp)? {
                Download {
                    aid,
                    phase: Phase::Authenticating(auth),
                    package,
                } => {
                    let (response, session) =
                        card::external_authenticate(auth, command).map_err(sw)?;
                    self.m2m_session.download = Some(Download {
                        aid,
                        phase: Phase::Open(session),
                        package,
                    });
                    Ok(response)
                }
                _ => Err(SW_CONDITIONS),
            },
            TAG_PROFILE_ELEMENT => self.scp03t_segment(isdp, command),
            _ => Err(SW_DATA),
        }
    }

    /// The session of `isdp`, taken out of the card's volatile state.
    fn take_download(&mut self, isdp: &IsdpRecord) -> Result<Download, u16> {
        match self.m2m_session.download.take() {
            Some(d) if d.aid == isdp.aid => Ok(d),
            _ => Err(SW_CONDITIONS),
        }
    }

    /// `84`: answers INITIALIZE UPDATE and steps the key set's sequence counter.
    fn scp03t_initialize_update(
        &mut self,
        isdp: &IsdpRecord,
        command: &[u8],
    ) -> Result<Vec<u8>, u16> {
        self.m2m_session.download = None;
        if isdp.life_cycle != IsdpLifeCycle::Personalized {
            return Err(SW_CONDITIONS);
        }
        let kvn = tlv::read(command)
            .ok()
            .and_then(|(t, _)| t.value.first().copied())
            .ok_or(SW_DATA)?;
        let (set, counter) = card_key_set(isdp, kvn)?;
        let challenge = CardChallenge::PseudoRandom {
            sequence_counter: counter,
            aid: isdp.aid.clone(),
        };
        let (response, auth) =
            card::initialize_update(&set, command, challenge).map_err(|e| e.status_word())?;
        self.change_m2m(|state| {
            let stored = m2m_mut(state)?
                .isdps
                .iter_mut()
                .find(|i| i.aid == isdp.aid)
                .and_then(|i| i.scp03.iter_mut().find(|k| k.kvn == set.kvn));
            if let Some(stored) = stored {
                stored.sequence_counter = counter.saturating_add(1);
            }
            Ok(Vec::new())
        })
        .map_err(|e| e.status_word().0)?;
        self.m2m_session.download = Some(Download {
            aid: isdp.aid.clone(),
            phase: Phase::Authenticating(auth),
            package: Vec::new(),
        });
        Ok(response)
    }

    /// `86`: opens one segment, adds it to the package, installs a complete package.
    fn scp03t_segment(&mut self, isdp: &IsdpRecord, command: &[u8]) -> Result<Vec<u8>, u16> {
        let Download {
            aid,
            phase: Phase::Open(mut session),
            mut package,
        } = self.take_download(isdp)?
        else {
            return Err(SW_CONDITIONS);
        };
        let segment = session.open_segment(command).map_err(|e| e.status_word())?;
        if package.len() + segment.len() > package_limit(isdp) {
            return Err(SW_MEMORY);
        }
        package.extend(segment);
        let response = session
            .seal_segment_response(&[])
            .map_err(|e| e.status_word())?;
        if proto::saip::ProfilePackage::from_der(&package).is_ok() {
            self.install_in_isdp(&aid, package).map_err(|_| SW_DATA)?;
        } else {
            self.m2m_session.download = Some(Download {
                aid,
                phase: Phase::Open(session),
                package,
            });
        }
        Ok(response)
    }
}
