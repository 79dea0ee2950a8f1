//! The card's (Security Domain's) side of a session (GP Amendment D 6.2, 7.1).
//!
//! ```text
//! INITIALIZE UPDATE ──▶ initialize_update() ──▶ CardAuthenticator
//! EXTERNAL AUTHENTICATE ──▶ external_authenticate() (C-MAC, host cryptogram) ──▶ CardSession
//! CardSession: unwrap commands, wrap responses; closed for good after a MAC failure
//! ```

use crate::Scp03Error;
use crate::apdu::{CommandApdu, INS_EXTERNAL_AUTHENTICATE, INS_INITIALIZE_UPDATE};
use crate::channel::{Channel, constant_time_eq};
use crate::host::is_success;
use crate::initialize_update::InitializeUpdateResponse;
use crate::protect::Framing;
use crate::security::{IParameter, SecurityLevel};
use crate::session_keys::{SessionKeys, StaticKeys, pseudo_random_card_challenge};

/// The largest 3-octet sequence counter (Amd D 6.2.2.1).
const MAX_SEQUENCE_COUNTER: u32 = 0xFF_FFFF;

/// A key set as the card holds it.
#[derive(Clone, Debug)]
pub struct CardKeySet {
    /// Its key version number.
    pub kvn: u8,
    /// K-ENC, K-MAC, K-DEK.
    pub keys: StaticKeys,
    /// The `i` parameter the card announces.
    pub i: IParameter,
    /// Key diversification data returned in INITIALIZE UPDATE.
    pub diversification: [u8; 10],
}

/// Where the card challenge comes from.
#[derive(Clone, Debug)]
pub enum CardChallenge {
    /// Random octets the caller drew (`i` b5 = 0).
    Random(Vec<u8>),
    /// Derived from the sequence counter and the Security Domain's AID (`i` b5 = 1); the
    /// caller increments the stored counter after a successful INITIALIZE UPDATE.
    PseudoRandom {
        /// The sequence counter, at most `FFFFFF`.
        sequence_counter: u32,
        /// The AID of the Security Domain.
        aid: Vec<u8>,
    },
}

/// Answers INITIALIZE UPDATE (`80 50 KVN 00 08 host-challenge 00`): returns the response
/// data (SW `9000` implied) and the state awaiting EXTERNAL AUTHENTICATE.
pub fn initialize_update(
    key_set: &CardKeySet,
    apdu: &[u8],
    challenge: CardChallenge,
) -> Result<(Vec<u8>, CardAuthenticator), Scp03Error> {
    let command = CommandApdu::parse(apdu)?;
    if command.ins != INS_INITIALIZE_UPDATE || command.cla & 0x80 == 0 {
        return Err(Scp03Error::Malformed("INITIALIZE UPDATE"));
    }
    if command.p1 != 0 && command.p1 != key_set.kvn {
        return Err(Scp03Error::KeyVersion(command.p1));
    }
    let n = key_set.i.block_len();
    let host = command.data;
    if host.len() != n {
        return Err(Scp03Error::ChallengeLength(host.len()));
    }
    let (card, sequence_counter) = match challenge {
        CardChallenge::Random(c) if c.len() == n => (c, None),
        CardChallenge::Random(c) => return Err(Scp03Error::ChallengeLength(c.len())),
        CardChallenge::PseudoRandom {
            sequence_counter,
            aid,
        } => {
            if sequence_counter > MAX_SEQUENCE_COUNTER {
                return Err(Scp03Error::CounterExhausted);
            }
            let c = pseudo_random_card_challenge(&key_set.keys, sequence_counter, &aid, n)?;
            let b = sequence_counter.to_be_bytes();
            (c, Some([b[1], b[2], b[3]]))
        }
    };
    let keys = SessionKeys::derive(&key_set.keys, &host, &card)?;
    let response = InitializeUpdateResponse {
        diversification: key_set.diversification,
        kvn: key_set.kvn,
        i: key_set.i,
        card_cryptogram: keys.card_cryptogram(&host, &card)?,
        card_challenge: card.clone(),
        sequence_counter,
    };
    let host_cryptogram = keys.host_cryptogram(&host, &card)?;
    Ok((
        response.encode(),
        CardAuthenticator {
            keys,
            host_cryptogram,
            i: key_set.i,
        },
    ))
}

/// The card after INITIALIZE UPDATE.
#[derive(Debug)]
pub struct CardAuthenticator {
    keys: SessionKeys,
    host_cryptogram: Vec<u8>,
    i: IParameter,
}

impl CardAuthenticator {
    /// Checks a security level, the C-MAC (zero chaining value) and the host cryptogram
    /// carried in `value` (`[level |] host cryptogram | C-MAC`), and opens the session.
    pub(crate) fn authenticate(
        self,
        level: u8,
        framing: Framing,
        value: &[u8],
        level_in_value: bool,
    ) -> Result<CardSession, Scp03Error> {
        let level = SecurityLevel::from_byte(level)?;
        self.i.allows(level)?;
        let mut channel = Channel::new(self.keys, level, self.i.block_len());
        let data = channel.open_command(framing, value, false)?;
        let cryptogram = if level_in_value {
            data.get(1..)
        } else {
            Some(&data[..])
        };
        match cryptogram {
            Some(c) if constant_time_eq(c, &self.host_cryptogram) => Ok(CardSession {
                channel,
                closed: false,
            }),
            _ => Err(Scp03Error::HostCryptogram),
        }
    }

    /// Answers EXTERNAL AUTHENTICATE (`84 82 level 00 10 host-cryptogram C-MAC`, Amd D
    /// 7.1.2); success is SW `9000` without data.
    pub fn external_authenticate(self, apdu: &[u8]) -> Result<CardSession, Scp03Error> {
        let c = CommandApdu::parse(apdu)?;
        if c.ins != INS_EXTERNAL_AUTHENTICATE || c.p2 != 0 {
            return Err(Scp03Error::Malformed("EXTERNAL AUTHENTICATE"));
        }
        let framing = Framing::Apdu {
            cla: c.cla,
            ins: c.ins,
            p1: c.p1,
            p2: c.p2,
        };
        self.authenticate(c.p1, framing, &c.data, false)
    }
}

/// An open session on the card.
#[derive(Debug)]
pub struct CardSession {
    pub(crate) channel: Channel,
    closed: bool,
}

impl CardSession {
    /// The security level in force.
    pub fn level(&self) -> SecurityLevel {
        self.channel.level()
    }

    /// Whether a security failure closed the session (Amd D 6.2.4).
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Runs `step` unless closed; closes the session when it fails.
    pub(crate) fn guarded<T>(
        &mut self,
        step: impl FnOnce(&mut Channel) -> Result<T, Scp03Error>,
    ) -> Result<T, Scp03Error> {
        if self.closed {
            return Err(Scp03Error::SessionClosed);
        }
        step(&mut self.channel).inspect_err(|_| self.closed = true)
    }

    /// Verifies and decrypts one wrapped command APDU; any failure closes the session.
    pub fn unwrap_command(&mut self, apdu: &[u8]) -> Result<CommandApdu, Scp03Error> {
        let c = CommandApdu::parse(apdu)?;
        if c.cla & CLA_SM_BIT == 0 {
            self.closed = true;
            return Err(Scp03Error::Mac);
        }
        let framing = Framing::Apdu {
            cla: c.cla,
            ins: c.ins,
            p1: c.p1,
            p2: c.p2,
        };
        let data = self.guarded(|ch| ch.open_command(framing, &c.data, true))?;
        let cla = c.cla & !CLA_SM_BIT;
        Ok(CommandApdu {
            cla,
            ins: c.ins,
            p1: c.p1,
            p2: c.p2,
            data,
            le: c.le,
        })
    }

    /// Wraps response data with its SW: `data' | R-MAC | SW`, or only the SW for an error
    /// status (Amd D 6.2.5).
    pub fn wrap_response(&mut self, data: &[u8], sw: u16) -> Result<Vec<u8>, Scp03Error> {
        let mut out = if is_success(sw) {
            self.guarded(|ch| ch.seal_response(data, &sw.to_be_bytes()))?
        } else {
            Vec::new()
        };
        out.extend(sw.to_be_bytes());
        Ok(out)
    }
}

const CLA_SM_BIT: u8 = crate::apdu::CLA_SECURE_MESSAGING;
