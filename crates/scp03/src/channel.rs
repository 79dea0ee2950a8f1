//! The state an open session keeps on both sides (GP Amendment D 6.2.3–6.2.7): the MAC
//! chaining value, the encryption counter and the session keys.
//!
//! ```text
//! C-MAC  = CMAC(S-MAC,  chaining value | MACed header | data)     chaining value := full CMAC
//! R-MAC  = CMAC(S-RMAC, chaining value | response data | SW)      (chaining value unchanged)
//! ICV    = AES(S-ENC, counter as 16 octets)           for commands (6.2.6)
//! ICV'   = AES(S-ENC, 80 | counter's last 15 octets)  for responses (6.2.7)
//! ```
//! The chaining value of EXTERNAL AUTHENTICATE is zero; each later command chains on the
//! full C-MAC of the one before (6.2.4). The counter starts at 1 with the first command after
//! EXTERNAL AUTHENTICATE and grows by one per command, with or without data (6.2.6).

use crate::Scp03Error;
use crate::crypto::{AesKey, BLOCK, cbc_decrypt, cbc_encrypt, cmac, pad80, unpad80};
use crate::security::SecurityLevel;
use crate::session_keys::SessionKeys;

/// An open session's state, the same on both sides.
#[derive(Clone, Debug)]
pub(crate) struct Channel {
    keys: SessionKeys,
    chaining: [u8; BLOCK],
    counter: u64,
    level: SecurityLevel,
    /// MAC length: 8 (S8) or 16 (S16).
    mac_len: usize,
}

impl Channel {
    pub(crate) fn new(keys: SessionKeys, level: SecurityLevel, mac_len: usize) -> Self {
        Channel {
            keys,
            chaining: [0; BLOCK],
            counter: 0,
            level,
            mac_len,
        }
    }

    pub(crate) fn level(&self) -> SecurityLevel {
        self.level
    }

    pub(crate) fn mac_len(&self) -> usize {
        self.mac_len
    }

    /// Computes the C-MAC over `parts`, advances the chaining value, returns the truncated MAC.
    pub(crate) fn c_mac(&mut self, parts: &[&[u8]]) -> Vec<u8> {
        let mut all: Vec<&[u8]> = vec![&self.chaining];
        all.extend_from_slice(parts);
        let full = cmac(&self.keys.mac, &all);
        self.chaining = full;
        full[..self.mac_len].to_vec()
    }

    /// Checks a received C-MAC; the chaining value advances only when it verifies.
    pub(crate) fn verify_c_mac(&mut self, parts: &[&[u8]], mac: &[u8]) -> Result<(), Scp03Error> {
        let mut all: Vec<&[u8]> = vec![&self.chaining];
        all.extend_from_slice(parts);
        let full = cmac(&self.keys.mac, &all);
        if !constant_time_eq(&full[..self.mac_len], mac) {
            return Err(Scp03Error::Mac);
        }
        self.chaining = full;
        Ok(())
    }

    /// The R-MAC over `parts` with the current chaining value.
    pub(crate) fn r_mac(&self, parts: &[&[u8]]) -> Vec<u8> {
        let mut all: Vec<&[u8]> = vec![&self.chaining];
        all.extend_from_slice(parts);
        cmac(&self.keys.rmac, &all)[..self.mac_len].to_vec()
    }

    /// Checks a received R-MAC.
    pub(crate) fn verify_r_mac(&self, parts: &[&[u8]], mac: &[u8]) -> Result<(), Scp03Error> {
        if constant_time_eq(&self.r_mac(parts), mac) {
            Ok(())
        } else {
            Err(Scp03Error::Mac)
        }
    }

    /// Steps the encryption counter for a new command (Amd D 6.2.6).
    pub(crate) fn next_command(&mut self) -> Result<(), Scp03Error> {
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or(Scp03Error::CounterExhausted)?;
        Ok(())
    }

    fn icv(&self, response: bool) -> Result<[u8; BLOCK], Scp03Error> {
        let mut block = [0u8; BLOCK];
        block[BLOCK - 8..].copy_from_slice(&self.counter.to_be_bytes());
        if response {
            block[0] = 0x80;
        }
        cbc_encrypt(&self.keys.enc, &[0; BLOCK], &mut block)?;
        Ok(block)
    }

    /// Pads and encrypts command data under the current counter (C-DECRYPTION).
    pub(crate) fn encrypt_command(&self, data: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        encrypt(&self.keys.enc, &self.icv(false)?, data)
    }

    /// Decrypts and unpads command data under the current counter.
    pub(crate) fn decrypt_command(&self, data: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        decrypt(&self.keys.enc, &self.icv(false)?, data)
    }

    /// Pads and encrypts response data (R-ENCRYPTION, Amd D 6.2.7).
    pub(crate) fn encrypt_response(&self, data: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        encrypt(&self.keys.enc, &self.icv(true)?, data)
    }

    /// Decrypts and unpads response data.
    pub(crate) fn decrypt_response(&self, data: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        decrypt(&self.keys.enc, &self.icv(true)?, data)
    }
}

fn encrypt(key: &AesKey, icv: &[u8; BLOCK], data: &[u8]) -> Result<Vec<u8>, Scp03Error> {
    let mut buf = pad80(data);
    cbc_encrypt(key, icv, &mut buf)?;
    Ok(buf)
}

fn decrypt(key: &AesKey, icv: &[u8; BLOCK], data: &[u8]) -> Result<Vec<u8>, Scp03Error> {
    let mut buf = data.to_vec();
    cbc_decrypt(key, icv, &mut buf)?;
    unpad80(buf)
}

/// Compares MACs without an early exit.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
