//! The ISD-P's side of SCP03t (SGP.02 4.1.3.3): the command TLVs it reads, the response
//! TLVs it returns. A refused command is answered with [`super::error_response`] and the
//! status word of [`Scp03Error::status_word`].

use super::segment::MAX_SEGMENT_VALUE_LEN;
use super::{TAG_EXTERNAL_AUTHENTICATE, TAG_INITIALIZE_UPDATE, TAG_PROFILE_ELEMENT, tlv};
use crate::Scp03Error;
use crate::card::{
    CardAuthenticator, CardChallenge, CardKeySet, CardSession, initialize_update as answer,
};
use crate::protect::Framing;

fn expect_command(expected: u8, command: &[u8]) -> Result<&[u8], Scp03Error> {
    match tlv::read_one(command)? {
        (tag, value) if tag == u16::from(expected) => Ok(value),
        _ => Err(Scp03Error::Malformed("SCP03t command tag")),
    }
}

/// Answers `84 L KVN | key id | host challenge` with `84 L <response data>`.
pub fn initialize_update(
    key_set: &CardKeySet,
    command: &[u8],
    challenge: CardChallenge,
) -> Result<(Vec<u8>, CardAuthenticator), Scp03Error> {
    let value = expect_command(TAG_INITIALIZE_UPDATE, command)?;
    let [kvn, _key_id, host @ ..] = value else {
        return Err(Scp03Error::Malformed("84 command"));
    };
    let len = u8::try_from(host.len()).map_err(|_| Scp03Error::ChallengeLength(host.len()))?;
    let apdu = [&[0x80, 0x50, *kvn, 0x00, len][..], host, &[0x00]].concat();
    let (data, auth) = answer(key_set, &apdu, challenge)?;
    Ok((tlv::encode(u16::from(TAG_INITIALIZE_UPDATE), &data)?, auth))
}

/// Answers `85 L level | host cryptogram | C-MAC` with `85 L [R-MAC]`.
pub fn external_authenticate(
    auth: CardAuthenticator,
    command: &[u8],
) -> Result<(Vec<u8>, CardSession), Scp03Error> {
    let value = expect_command(TAG_EXTERNAL_AUTHENTICATE, command)?;
    let level = *value.first().ok_or(Scp03Error::Malformed("85 command"))?;
    let framing = Framing::Tlv {
        tag: TAG_EXTERNAL_AUTHENTICATE,
    };
    let mut session = auth.authenticate(level, framing, value, true)?;
    let response = session.guarded(|ch| ch.seal_response(&[], &[]))?;
    Ok((
        tlv::encode(u16::from(TAG_EXTERNAL_AUTHENTICATE), &response)?,
        session,
    ))
}

impl CardSession {
    /// Verifies and decrypts one `86` segment; a failure closes the session.
    pub fn open_segment(&mut self, command: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        let value = expect_command(TAG_PROFILE_ELEMENT, command)?;
        if value.len() > MAX_SEGMENT_VALUE_LEN {
            return Err(Scp03Error::TooLong(value.len(), MAX_SEGMENT_VALUE_LEN));
        }
        let framing = Framing::Tlv {
            tag: TAG_PROFILE_ELEMENT,
        };
        self.guarded(|ch| ch.open_command(framing, value, true))
    }

    /// The `86` response to the last segment: `86 L [data'] | R-MAC`.
    pub fn seal_segment_response(&mut self, data: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        let value = self.guarded(|ch| ch.seal_response(data, &[]))?;
        tlv::encode(u16::from(TAG_PROFILE_ELEMENT), &value)
    }
}
