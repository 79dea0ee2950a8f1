//! The protecting side of BSP: the SM-DP+ binding a profile package.

use super::chain::Chain;
use super::segment::{self, MAX_ENCRYPTED_PAYLOAD, MAX_MAC_ONLY_PAYLOAD};
use super::{BspError, BspKeys, MAC_LEN};

/// Produces BSP segments in order. Segments must be sent in the order they were produced.
#[derive(Clone)]
pub struct BspEncryptor {
    chain: Chain,
}

impl std::fmt::Debug for BspEncryptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BspEncryptor(..)")
    }
}

impl BspEncryptor {
    /// A fresh instance (counter 1, MCV = the initial MCV of `keys`).
    pub fn new(keys: &BspKeys) -> Self {
        BspEncryptor {
            chain: Chain::new(keys),
        }
    }

    /// One encrypted and MACed segment `tag ‖ L ‖ ciphertext ‖ MAC` from at most
    /// [`MAX_ENCRYPTED_PAYLOAD`] (1007) octets of plaintext.
    pub fn encrypt_and_mac_one(&mut self, tag: u8, plaintext: &[u8]) -> Result<Vec<u8>, BspError> {
        let ct_len = segment::padded_len(plaintext.len());
        let value_len = ct_len + MAC_LEN;
        segment::check_fits(value_len, plaintext.len(), MAX_ENCRYPTED_PAYLOAD)?;
        Ok(self.seal(tag, plaintext))
    }

    /// Encrypts and MACs `plaintext` split into as many segments of at most 1020 octets as
    /// needed (the profile package in `86` segments). Empty input gives one segment.
    pub fn encrypt_and_mac(&mut self, tag: u8, plaintext: &[u8]) -> Vec<Vec<u8>> {
        segment::chunks(plaintext, MAX_ENCRYPTED_PAYLOAD)
            .map(|chunk| self.seal(tag, chunk))
            .collect()
    }

    /// One MAC-only segment `tag ‖ L ‖ plaintext ‖ MAC` from at most
    /// [`MAX_MAC_ONLY_PAYLOAD`] (1008) octets. The block counter advances as for an
    /// encrypted segment.
    pub fn mac_only_one(&mut self, tag: u8, plaintext: &[u8]) -> Result<Vec<u8>, BspError> {
        let value_len = plaintext.len() + MAC_LEN;
        segment::check_fits(value_len, plaintext.len(), MAX_MAC_ONLY_PAYLOAD)?;
        Ok(self.mac_segment(tag, plaintext))
    }

    /// MAC-only segments for `plaintext` split as needed (StoreMetadata in `88` segments:
    /// with a large icon it exceeds one segment). Empty input gives one segment.
    pub fn mac_only(&mut self, tag: u8, plaintext: &[u8]) -> Vec<Vec<u8>> {
        segment::chunks(plaintext, MAX_MAC_ONLY_PAYLOAD)
            .map(|chunk| self.mac_segment(tag, chunk))
            .collect()
    }

    /// Switches to a fresh instance on the keys ReplaceSessionKeys carries (PPK-ENC,
    /// PPK-CMAC, initial MCV; counter back at 1), for the `86` segments that follow.
    pub fn replace_session_keys(&mut self, keys: &BspKeys) {
        self.chain = Chain::new(keys);
    }

    /// An encrypted segment; `plaintext` fits (checked by the callers).
    fn seal(&mut self, tag: u8, plaintext: &[u8]) -> Vec<u8> {
        let value_len = segment::padded_len(plaintext.len()) + MAC_LEN;
        let mut out = segment::header(tag, value_len, 4 + value_len);
        self.chain.encrypt_padded(plaintext, &mut out);
        self.finish(out)
    }

    /// A MAC-only segment; `plaintext` fits (checked by the callers).
    fn mac_segment(&mut self, tag: u8, plaintext: &[u8]) -> Vec<u8> {
        let value_len = plaintext.len() + MAC_LEN;
        let mut out = segment::header(tag, value_len, 4 + value_len);
        out.extend_from_slice(plaintext);
        self.finish(out)
    }

    fn finish(&mut self, mut out: Vec<u8>) -> Vec<u8> {
        let mac = self.chain.cmac(&out);
        out.extend_from_slice(&mac[..MAC_LEN]);
        self.chain.advance(mac);
        out
    }
}
