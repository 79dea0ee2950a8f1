//! The security parameters (`85`, GP Amendment B 3.8.2): which PSK the card opens the
//! TLS session with.
//!
//! ```text
//! L | PSK identity (L octets) | 02 | KVN | KeyID
//! ```
//!
//! pySim (`SecurityParams`, test vector `85 08 04 DEADBEEF 02 00 40`) and denom
//! (`SCP81SessionParams.toBin`) both write the key version before the key identifier,
//! after a length of 2. njiwa writes `03 02 KVN KeyID` (a length of 3 covering the `02`);
//! that form is refused here.

use super::TriggerError;
use crate::identity::PskIdentity;

const TAG: u8 = 0x85;

/// The security parameters.
#[derive(Clone, PartialEq, Eq)]
pub struct SecurityParams {
    /// The PSK identity, as the card sends it in the handshake.
    pub psk_identity: Vec<u8>,
    /// The key version number of the PSK's key set.
    pub kvn: u8,
    /// The key identifier within it.
    pub key_id: u8,
}

impl std::fmt::Debug for SecurityParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecurityParams")
            .field("psk_identity", &String::from_utf8_lossy(&self.psk_identity))
            .field("kvn", &self.kvn)
            .field("key_id", &self.key_id)
            .finish()
    }
}

impl SecurityParams {
    /// The parameters naming the SGP.02 identity `id` (2.4.4 Table 4) and its key.
    pub fn sgp02(id: &PskIdentity) -> SecurityParams {
        SecurityParams {
            psk_identity: id.to_text().into_bytes(),
            kvn: id.kvn,
            key_id: id.key_id,
        }
    }

    pub(super) fn encode(&self) -> Vec<u8> {
        let len = u8::try_from(self.psk_identity.len()).unwrap_or(u8::MAX);
        let mut out = vec![len];
        out.extend(self.psk_identity.iter().take(usize::from(len)));
        out.extend_from_slice(&[0x02, self.kvn, self.key_id]);
        out
    }

    pub(super) fn decode(v: &[u8]) -> Result<SecurityParams, TriggerError> {
        let (&len, rest) = v.split_first().ok_or(TriggerError::Length(TAG))?;
        let (identity, keys) = rest
            .split_at_checked(usize::from(len))
            .ok_or(TriggerError::Length(TAG))?;
        match keys {
            [0x02, kvn, key_id] => Ok(SecurityParams {
                psk_identity: identity.to_vec(),
                kvn: *kvn,
                key_id: *key_id,
            }),
            _ => Err(TriggerError::Length(TAG)),
        }
    }
}
