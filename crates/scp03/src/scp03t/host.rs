//! The SM-DP's side of SCP03t (SGP.02 4.1.3.3): the command TLVs it sends, the response
//! TLVs it reads.

use super::segment::MAX_SEGMENT_LEN;
use super::{
    TAG_EXTERNAL_AUTHENTICATE, TAG_INITIALIZE_UPDATE, TAG_PROFILE_ELEMENT, expect_response, tlv,
};
use crate::Scp03Error;
use crate::host::{HostAuthenticator, HostHandshake, HostSession};
use crate::protect::Framing;
use crate::security::SecurityLevel;

/// `84 L KVN | key id | host challenge`.
pub fn initialize_update(handshake: &HostHandshake, key_id: u8) -> Result<Vec<u8>, Scp03Error> {
    let value = [&[handshake.kvn(), key_id][..], handshake.host_challenge()].concat();
    tlv::encode(u16::from(TAG_INITIALIZE_UPDATE), &value)
}

/// Reads the `84` response (or its error TLV) and verifies the card cryptogram.
pub fn receive_initialize_update(
    handshake: HostHandshake,
    response: &[u8],
) -> Result<HostAuthenticator, Scp03Error> {
    handshake.receive(expect_response(TAG_INITIALIZE_UPDATE, response)?)
}

/// `85 L level | host cryptogram | C-MAC` and the session it opens. SGP.02 asks for
/// [`SecurityLevel::FULL`].
pub fn external_authenticate(
    auth: HostAuthenticator,
    level: SecurityLevel,
) -> Result<(Vec<u8>, HostSession), Scp03Error> {
    let (mut session, cryptogram) = auth.open(level)?;
    let data = [&[level.byte()][..], &cryptogram].concat();
    let framing = Framing::Tlv {
        tag: TAG_EXTERNAL_AUTHENTICATE,
    };
    let sealed = session.channel.seal_command(framing, &data, false)?;
    Ok(([sealed.header, sealed.value].concat(), session))
}

impl HostSession {
    /// Reads the `85` response: its R-MAC over no data when the level has R-MAC.
    pub fn receive_external_authenticate(&mut self, response: &[u8]) -> Result<(), Scp03Error> {
        let value = expect_response(TAG_EXTERNAL_AUTHENTICATE, response)?;
        let data = self.channel.open_response(value, &[])?;
        if data.is_empty() {
            Ok(())
        } else {
            Err(Scp03Error::Malformed("85 response"))
        }
    }

    /// One protected segment: `86 L segment' | C-MAC`. Its response must be read with
    /// [`HostSession::open_segment_response`] before the next segment is sealed: the R-MAC
    /// and the response ICV follow the chaining value and the counter of the last command.
    pub fn seal_segment(&mut self, segment: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        if segment.is_empty() || segment.len() > MAX_SEGMENT_LEN {
            return Err(Scp03Error::TooLong(segment.len(), MAX_SEGMENT_LEN));
        }
        let framing = Framing::Tlv {
            tag: TAG_PROFILE_ELEMENT,
        };
        let sealed = self.channel.seal_command(framing, segment, true)?;
        Ok([sealed.header, sealed.value].concat())
    }

    /// Reads the `86` response to the last segment: checks its R-MAC, decrypts its data.
    pub fn open_segment_response(&mut self, response: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        let value = expect_response(TAG_PROFILE_ELEMENT, response)?;
        self.channel.open_response(value, &[])
    }
}
