//! Session key derivation of a profile download (SGP.22 Annex G; §2.6.4.2 in v3.0), on the
//! ANSI X9.63 key derivation function with SHA-256 (BSI TR-03111 §4.3.3).
//!
//! ```text
//! SharedInfo = keyType ‖ keyLength ‖ len(hostId) ‖ hostId ‖ len(EID) ‖ EID
//! KeyData    = X9.63-KDF-SHA256(ShS, SharedInfo), 48 octets
//!            = initial MAC chaining value (16) ‖ S-ENC (16) ‖ S-MAC (16)
//! ```
//! keyType and keyLength are the values the SM-DP+ put in the `controlRefTemplate` of
//! InitialiseSecureChannelRequest: `88` (AES) and `10` (16 octets), the only ones SGP.22
//! defines. hostId is the CRT's `84` value (1 to 16 octets), EID the 16-octet EID.

use sha2::{Digest, Sha256};
use thiserror::Error;
use zeroize::Zeroizing;

use super::BspKeys;

/// keyType of the controlRefTemplate for AES (SGP.22 v2.5 §5.5.1, `80 01 88`).
pub const KEY_TYPE_AES: u8 = 0x88;
/// keyLength of the controlRefTemplate for AES-128 (`81 01 10`).
pub const KEY_LENGTH_AES128: u8 = 0x10;
/// Largest hostId of the controlRefTemplate (`hostId OCTET STRING (SIZE(1..16))`).
pub const MAX_HOST_ID_LEN: usize = 16;

/// The KDF inputs are out of range (the eUICC answers `incorrectInputValues` or
/// `unsupportedCrtValues`).
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum KdfError {
    /// hostId must be 1 to 16 octets.
    #[error("hostId of {0} octets (1 to 16 allowed)")]
    HostIdLength(usize),
}

/// ANSI X9.63 KDF with SHA-256: fills `out` with `H(Z ‖ counter ‖ SharedInfo)` blocks,
/// counter a 32-bit big-endian integer starting at 1.
pub fn x963_kdf_sha256(shared_secret: &[u8], shared_info: &[u8], out: &mut [u8]) {
    for (i, chunk) in out.chunks_mut(32).enumerate() {
        // At most 2^32-1 blocks: a 48-octet output uses two.
        let counter = (i as u32).wrapping_add(1);
        let block = Sha256::new()
            .chain_update(shared_secret)
            .chain_update(counter.to_be_bytes())
            .chain_update(shared_info)
            .finalize();
        chunk.copy_from_slice(&block[..chunk.len()]);
    }
}

/// The SGP.22 SharedInfo for AES-128 session keys.
pub fn shared_info(host_id: &[u8], eid: &[u8; 16]) -> Result<Vec<u8>, KdfError> {
    if host_id.is_empty() || host_id.len() > MAX_HOST_ID_LEN {
        return Err(KdfError::HostIdLength(host_id.len()));
    }
    let mut info = Vec::with_capacity(4 + host_id.len() + eid.len());
    info.push(KEY_TYPE_AES);
    info.push(KEY_LENGTH_AES128);
    info.push(host_id.len() as u8);
    info.extend_from_slice(host_id);
    info.push(eid.len() as u8);
    info.extend_from_slice(eid);
    Ok(info)
}

/// Derives the BSP session keys (initial MCV, S-ENC, S-MAC) from ShS, hostId and EID.
pub fn derive_session_keys(
    shared_secret: &[u8],
    host_id: &[u8],
    eid: &[u8; 16],
) -> Result<BspKeys, KdfError> {
    let info = shared_info(host_id, eid)?;
    let mut key_data = Zeroizing::new([0u8; 48]);
    x963_kdf_sha256(shared_secret, &info, &mut key_data[..]);
    let part = |i: usize| {
        let mut k = [0u8; 16];
        k.copy_from_slice(&key_data[16 * i..16 * (i + 1)]);
        k
    };
    Ok(BspKeys::new(part(1), part(2), part(0)))
}
