//! SCP03 over APDUs to a selected ISD-P (GP Amendment D 7.1; the ISD-P's key set is the one
//! its key establishment with the SM-DP derived, SGP.02 4.1.3.1): INITIALIZE UPDATE and
//! EXTERNAL AUTHENTICATE open a session on the logical channel, then the ISD-P's commands
//! (GET STATUS of itself, ETSI TS 102 226 scripts' instructions) run with the session's
//! C-MAC and C-DEC and answer with R-MAC and R-ENC when its level asks for them. An
//! independent SCP03 host reaching the ISD-P this way checks the keys the SM-DP derived.
//!
//! Every command but the two handshake ones needs an open session (`6982`, security status
//! not satisfied); a failed C-MAC closes the session for good (Amd D 6.2.4).

use std::collections::HashMap;

use scp03::card::{CardAuthenticator, CardChallenge, CardSession};

use crate::apdu::{ResponseApdu, StatusWord};
use crate::euicc::Euicc;
use crate::state::m2m::IsdpRecord;

const INS_INITIALIZE_UPDATE: u8 = 0x50;
const INS_EXTERNAL_AUTHENTICATE: u8 = 0x82;
const SW_SECURITY_STATUS: u16 = 0x6982;

/// The SCP03 sessions of the card's logical channels, each on one ISD-P.
#[derive(Default, Debug)]
pub(crate) struct IsdpChannels {
    by_channel: HashMap<u8, (Vec<u8>, Phase)>,
}

#[derive(Debug)]
enum Phase {
    Authenticating(CardAuthenticator),
    Open(CardSession),
}

impl IsdpChannels {
    /// Forgets the session of `channel` (a new SELECT, the channel closed).
    pub(crate) fn close(&mut self, channel: u8) {
        self.by_channel.remove(&channel);
    }
}

impl Euicc {
    /// The TAR of the ISD-P whose AID is `aid`, when the card has it (a terminal may
    /// select it).
    pub fn m2m_isdp_tar(&self, aid: &[u8]) -> Option<[u8; 3]> {
        let m2m = self.state().m2m.as_ref()?;
        m2m.isdp(aid)?;
        super::aid::isdp_tar(aid)
    }

    /// One APDU to the ISD-P of `tar` selected on `channel` (see the module).
    pub fn process_m2m_isdp_apdu(
        &mut self,
        channel: u8,
        tar: [u8; 3],
        apdu: &[u8],
    ) -> ResponseApdu {
        let Some(isdp) = self.isdp_by_tar(tar) else {
            return ResponseApdu::status(StatusWord(0x6A88));
        };
        match apdu.get(1) {
            Some(&INS_INITIALIZE_UPDATE) => self.isdp_initialize_update(channel, &isdp, apdu),
            Some(&INS_EXTERNAL_AUTHENTICATE) => {
                self.isdp_external_authenticate(channel, &isdp, apdu)
            }
            _ => self.isdp_secured(channel, &isdp, apdu),
        }
    }

    fn isdp_by_tar(&self, tar: [u8; 3]) -> Option<IsdpRecord> {
        let m2m = self.state().m2m.as_ref()?;
        m2m.isdps
            .iter()
            .find(|i| super::aid::isdp_tar(&i.aid) == Some(tar))
            .cloned()
    }

    fn isdp_initialize_update(
        &mut self,
        channel: u8,
        isdp: &IsdpRecord,
        apdu: &[u8],
    ) -> ResponseApdu {
        self.m2m_session.isdp_channels.close(channel);
        let kvn = apdu.get(2).copied().unwrap_or_default();
        let (set, counter) = match super::isdp_download::card_key_set(isdp, kvn) {
            Ok(found) => found,
            Err(sw) => return ResponseApdu::status(StatusWord(sw)),
        };
        let challenge = CardChallenge::PseudoRandom {
            sequence_counter: counter,
            aid: isdp.aid.clone(),
        };
        let (data, auth) = match scp03::card::initialize_update(&set, apdu, challenge) {
            Ok(answer) => answer,
            Err(e) => return ResponseApdu::status(StatusWord(e.status_word())),
        };
        if let Err(sw) = self.count_isdp_session(&isdp.aid, set.kvn, counter) {
            return ResponseApdu::status(StatusWord(sw));
        }
        let entry = (isdp.aid.clone(), Phase::Authenticating(auth));
        self.m2m_session
            .isdp_channels
            .by_channel
            .insert(channel, entry);
        ResponseApdu {
            data,
            sw: StatusWord::OK,
        }
    }

    fn isdp_external_authenticate(
        &mut self,
        channel: u8,
        isdp: &IsdpRecord,
        apdu: &[u8],
    ) -> ResponseApdu {
        let sessions = &mut self.m2m_session.isdp_channels.by_channel;
        let Some((aid, Phase::Authenticating(auth))) = sessions.remove(&channel) else {
            return ResponseApdu::status(StatusWord(SW_SECURITY_STATUS));
        };
        if aid != isdp.aid {
            return ResponseApdu::status(StatusWord(SW_SECURITY_STATUS));
        }
        match auth.external_authenticate(apdu) {
            Ok(session) => {
                sessions.insert(channel, (aid, Phase::Open(session)));
                ResponseApdu::status(StatusWord::OK)
            }
            Err(e) => ResponseApdu::status(StatusWord(e.status_word())),
        }
    }

    fn isdp_secured(&mut self, channel: u8, isdp: &IsdpRecord, apdu: &[u8]) -> ResponseApdu {
        let sessions = &mut self.m2m_session.isdp_channels.by_channel;
        let plain = match sessions.get_mut(&channel) {
            Some((aid, Phase::Open(session))) if *aid == isdp.aid => {
                session.unwrap_command(apdu).and_then(|c| c.encode())
            }
            _ => return ResponseApdu::status(StatusWord(SW_SECURITY_STATUS)),
        };
        let plain = match plain {
            Ok(p) => p,
            Err(e) => {
                sessions.remove(&channel);
                return ResponseApdu::status(StatusWord(e.status_word()));
            }
        };
        let answer = self.isdp_command(isdp, &plain);
        let sessions = &mut self.m2m_session.isdp_channels.by_channel;
        let Some((_, Phase::Open(session))) = sessions.get_mut(&channel) else {
            return ResponseApdu::status(StatusWord(SW_SECURITY_STATUS));
        };
        match session.wrap_response(&answer.data, answer.sw.0) {
            Ok(mut wrapped) => {
                let sw = wrapped.split_off(wrapped.len().saturating_sub(2));
                let sw = u16::from_be_bytes([sw[0], sw[1]]);
                ResponseApdu {
                    data: wrapped,
                    sw: StatusWord(sw),
                }
            }
            Err(e) => ResponseApdu::status(StatusWord(e.status_word())),
        }
    }

    /// Moves the key set's sequence counter on after a pseudo-random challenge was used.
    fn count_isdp_session(&mut self, aid: &[u8], kvn: u8, counter: u32) -> Result<(), u16> {
        let aid = aid.to_vec();
        self.change_m2m(|state| {
            let stored = super::switch::m2m_mut(state)?
                .isdps
                .iter_mut()
                .find(|i| i.aid == aid)
                .and_then(|i| i.scp03.iter_mut().find(|k| k.kvn == kvn));
            if let Some(stored) = stored {
                stored.sequence_counter = counter.saturating_add(1);
            }
            Ok(Vec::new())
        })
        .map(|_| ())
        .map_err(|e| e.status_word().0)
    }
}
