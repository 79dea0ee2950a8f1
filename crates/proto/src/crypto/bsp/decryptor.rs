//! The verifying side of BSP: the eUICC loading a Bound Profile Package.

use super::chain::Chain;
use super::segment;
use super::{BspError, BspKeys};

/// Checks and opens BSP segments in order. The MAC is checked over the octets as received
/// (`MCV ‖ tag ‖ L ‖ payload`) before anything is decrypted. A failed segment leaves the
/// state unchanged.
#[derive(Clone)]
pub struct BspDecryptor {
    chain: Chain,
}

impl std::fmt::Debug for BspDecryptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BspDecryptor(..)")
    }
}

impl BspDecryptor {
    /// A fresh instance (counter 1, MCV = the initial MCV of `keys`).
    pub fn new(keys: &BspKeys) -> Self {
        BspDecryptor {
            chain: Chain::new(keys),
        }
    }

    /// Verifies and decrypts one encrypted segment (`86`/`87` TLV, any one-octet tag: the
    /// MAC covers it, and the caller knows which tag it expects). Returns the plaintext.
    pub fn verify_and_decrypt(&mut self, segment: &[u8]) -> Result<Vec<u8>, BspError> {
        let received = segment::parse(segment)?;
        let ct = received.payload;
        if ct.is_empty() || ct.len() % 16 != 0 {
            return Err(BspError::BadLength(ct.len() + super::MAC_LEN));
        }
        let mac = self.verified_mac(&received)?;
        let plaintext = self.chain.decrypt(ct)?;
        self.chain.advance(mac);
        Ok(plaintext)
    }

    /// Verifies one MAC-only segment (`88`) and returns its payload.
    pub fn verify_mac_only(&mut self, segment: &[u8]) -> Result<Vec<u8>, BspError> {
        let received = segment::parse(segment)?;
        let mac = self.verified_mac(&received)?;
        self.chain.advance(mac);
        Ok(received.payload.to_vec())
    }

    /// Switches to a fresh instance on the keys of a verified ReplaceSessionKeys (PPK-ENC,
    /// PPK-CMAC, initial MCV; counter back at 1), for the `86` segments that follow.
    pub fn replace_session_keys(&mut self, keys: &BspKeys) {
        self.chain = Chain::new(keys);
    }

    fn verified_mac(&self, received: &segment::Received<'_>) -> Result<[u8; 16], BspError> {
        let mac = self.chain.cmac(received.covered);
        if Chain::mac_matches(&mac, received.mac) {
            Ok(mac)
        } else {
            Err(BspError::MacMismatch)
        }
    }
}
