//! The off-card entity's side of a session (GP Amendment D 6.2, 7.1): each step its own
//! type, consumed by the next.
//!
//! ```text
//! HostHandshake ──INITIALIZE UPDATE──▶ card
//!        │ card's response (card cryptogram verified)
//!        ▼
//! HostAuthenticator ──EXTERNAL AUTHENTICATE (host cryptogram, C-MAC)──▶ card
//!        ▼
//! HostSession: wrap commands, unwrap responses
//! ```

use crate::Scp03Error;
use crate::apdu::{CommandApdu, INS_EXTERNAL_AUTHENTICATE, INS_INITIALIZE_UPDATE};
use crate::channel::{Channel, constant_time_eq};
use crate::initialize_update::InitializeUpdateResponse;
use crate::protect::Framing;
use crate::security::{IParameter, SecurityLevel};
use crate::session_keys::{SessionKeys, StaticKeys};

/// The first step: the host challenge is chosen, INITIALIZE UPDATE not yet answered.
#[derive(Debug)]
pub struct HostHandshake {
    keys: StaticKeys,
    kvn: u8,
    host_challenge: Vec<u8>,
}

impl HostHandshake {
    /// A handshake with the card's key set `kvn` and a host challenge of 8 (S8) or 16 (S16)
    /// octets, which the caller draws from a random source.
    pub fn new(keys: StaticKeys, kvn: u8, host_challenge: &[u8]) -> Result<Self, Scp03Error> {
        if !matches!(host_challenge.len(), 8 | 16) {
            return Err(Scp03Error::ChallengeLength(host_challenge.len()));
        }
        Ok(HostHandshake {
            keys,
            kvn,
            host_challenge: host_challenge.to_vec(),
        })
    }

    /// The host challenge.
    pub fn host_challenge(&self) -> &[u8] {
        &self.host_challenge
    }

    /// The key version asked for.
    pub fn kvn(&self) -> u8 {
        self.kvn
    }

    /// INITIALIZE UPDATE (Amd D 7.1.1): `80 50 KVN 00 Lc host-challenge 00`.
    pub fn initialize_update_apdu(&self) -> Vec<u8> {
        let mut out = vec![0x80, INS_INITIALIZE_UPDATE, self.kvn, 0x00];
        out.push(self.host_challenge.len() as u8);
        out.extend_from_slice(&self.host_challenge);
        out.push(0x00);
        out
    }

    /// Reads the card's response data, derives the session keys and verifies the card
    /// cryptogram (Amd D 6.2.2.2).
    pub fn receive(self, response: &[u8]) -> Result<HostAuthenticator, Scp03Error> {
        let response = InitializeUpdateResponse::parse(response)?;
        if response.card_challenge.len() != self.host_challenge.len() {
            return Err(Scp03Error::ChallengeLength(response.card_challenge.len()));
        }
        if response.kvn != self.kvn && self.kvn != 0 {
            return Err(Scp03Error::KeyVersion(response.kvn));
        }
        let host = &self.host_challenge;
        let card = &response.card_challenge;
        let keys = SessionKeys::derive(&self.keys, host, card)?;
        if !constant_time_eq(
            &keys.card_cryptogram(host, card)?,
            &response.card_cryptogram,
        ) {
            return Err(Scp03Error::CardCryptogram);
        }
        let host_cryptogram = keys.host_cryptogram(host, card)?;
        Ok(HostAuthenticator {
            keys,
            host_cryptogram,
            i: response.i,
            response,
        })
    }
}

/// The second step: the card is authenticated, the host not yet.
#[derive(Debug)]
pub struct HostAuthenticator {
    keys: SessionKeys,
    host_cryptogram: Vec<u8>,
    i: IParameter,
    response: InitializeUpdateResponse,
}

impl HostAuthenticator {
    /// What the card said in INITIALIZE UPDATE's response.
    pub fn card_response(&self) -> &InitializeUpdateResponse {
        &self.response
    }

    /// The host cryptogram (Amd D 6.2.2.3).
    pub fn host_cryptogram(&self) -> &[u8] {
        &self.host_cryptogram
    }

    /// Opens the session at `level`: the channel in which EXTERNAL AUTHENTICATE is MACed
    /// with a zero chaining value.
    pub(crate) fn open(self, level: SecurityLevel) -> Result<(HostSession, Vec<u8>), Scp03Error> {
        self.i.allows(level)?;
        let channel = Channel::new(self.keys, level, self.i.block_len());
        Ok((HostSession { channel }, self.host_cryptogram))
    }

    /// EXTERNAL AUTHENTICATE (Amd D 7.1.2): `84 82 level 00 Lc host-cryptogram C-MAC`, and
    /// the session it opens. Its response carries no R-MAC.
    pub fn external_authenticate(
        self,
        level: SecurityLevel,
    ) -> Result<(Vec<u8>, HostSession), Scp03Error> {
        let (mut session, cryptogram) = self.open(level)?;
        let framing = Framing::Apdu {
            cla: 0x80,
            ins: INS_EXTERNAL_AUTHENTICATE,
            p1: level.byte(),
            p2: 0,
        };
        let sealed = session.channel.seal_command(framing, &cryptogram, false)?;
        Ok(([sealed.header, sealed.value].concat(), session))
    }
}

/// An open session on the host.
#[derive(Debug)]
pub struct HostSession {
    pub(crate) channel: Channel,
}

impl HostSession {
    /// The security level in force.
    pub fn level(&self) -> SecurityLevel {
        self.channel.level()
    }

    /// Wraps one short command APDU (Amd D 6.2.4, 6.2.6): encrypted data when the level
    /// has C-DEC, C-MAC appended, Le kept.
    pub fn wrap_command(&mut self, apdu: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        let apdu = CommandApdu::parse(apdu)?;
        let framing = Framing::Apdu {
            cla: apdu.cla,
            ins: apdu.ins,
            p1: apdu.p1,
            p2: apdu.p2,
        };
        let sealed = self.channel.seal_command(framing, &apdu.data, true)?;
        let mut out = sealed.header;
        out[0] |= apdu.cla & 0x03;
        out.extend_from_slice(&sealed.value);
        out.extend(apdu.le);
        Ok(out)
    }

    /// Unwraps a response (data without SW, and the SW): an error SW (neither `9000` nor
    /// `62xx`/`63xx`) carries no protection and is returned as [`Scp03Error::ErrorStatus`]
    /// (Amd D 6.2.5); otherwise the R-MAC is checked and the data decrypted as the level asks.
    pub fn unwrap_response(&mut self, data: &[u8], sw: u16) -> Result<Vec<u8>, Scp03Error> {
        if !is_success(sw) {
            return Err(Scp03Error::ErrorStatus(sw));
        }
        self.channel.open_response(data, &sw.to_be_bytes())
    }
}

/// Amd D 6.2.5: `9000` and the warnings `62xx`, `63xx` are protected; other SWs are not.
pub(crate) fn is_success(sw: u16) -> bool {
    sw == 0x9000 || matches!(sw >> 8, 0x62 | 0x63)
}
