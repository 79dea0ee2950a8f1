//! The state both sides of BSP keep: keys, block counter and MAC chaining value.

use aes::Aes128;
use aes::cipher::block_padding::Iso7816;
use aes::cipher::{BlockCipherEncrypt, BlockModeDecrypt, InnerIvInit, KeyInit};
use cmac::{Cmac, Mac};
use zeroize::Zeroize;

use super::{BspError, BspKeys, MAC_LEN};

/// One BSP instance: from the session keys, or from the PPK set after ReplaceSessionKeys.
#[derive(Clone)]
pub(super) struct Chain {
    enc: Aes128,
    mac: Cmac<Aes128>,
    mcv: [u8; 16],
    /// The block counter of the next segment (starts at 1).
    counter: u128,
}

impl Drop for Chain {
    fn drop(&mut self) {
        self.mcv.zeroize();
    }
}

impl Chain {
    pub(super) fn new(keys: &BspKeys) -> Self {
        Chain {
            enc: Aes128::new(keys.s_enc().into()),
            mac: <Cmac<Aes128> as KeyInit>::new(keys.s_mac().into()),
            mcv: *keys.initial_mcv(),
            counter: 1,
        }
    }

    /// ICV = AES-128(S-ENC, counter as a 16-octet big-endian block).
    fn icv(&self) -> [u8; 16] {
        let mut block = self.counter.to_be_bytes().into();
        self.enc.encrypt_block(&mut block);
        block.into()
    }

    /// Appends AES-128-CBC(S-ENC, ICV, `plaintext ‖ 80 00..`) to `out`; the padding fills
    /// the last block and is always present.
    pub(super) fn encrypt_padded(&self, plaintext: &[u8], out: &mut Vec<u8>) {
        let mut chaining = self.icv();
        let mut blocks = plaintext.chunks_exact(16);
        let seal = |input: &[u8], chaining: &mut [u8; 16], out: &mut Vec<u8>| {
            let mut block = [0u8; 16];
            for ((b, i), c) in block.iter_mut().zip(input).zip(chaining.iter()) {
                *b = i ^ c;
            }
            let mut block = block.into();
            self.enc.encrypt_block(&mut block);
            *chaining = block.into();
            out.extend_from_slice(chaining);
        };
        for block in &mut blocks {
            seal(block, &mut chaining, out);
        }
        let rest = blocks.remainder();
        let mut last = [0u8; 16];
        last[..rest.len()].copy_from_slice(rest);
        last[rest.len()] = 0x80;
        seal(&last, &mut chaining, out);
    }

    /// Decrypts `ciphertext` and strips the `80 00..` padding.
    pub(super) fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>, BspError> {
        let mut buf = ciphertext.to_vec();
        let len = cbc::Decryptor::<Aes128>::inner_iv_init(self.enc.clone(), &self.icv().into())
            .decrypt_padded::<Iso7816>(&mut buf)
            .map_err(|_| BspError::BadPadding)?
            .len();
        buf.truncate(len);
        Ok(buf)
    }

    /// AES-CMAC(S-MAC, MCV ‖ covered), the full 16 octets.
    pub(super) fn cmac(&self, covered: &[u8]) -> [u8; 16] {
        let mut mac = self.mac.clone();
        mac.update(&self.mcv);
        mac.update(covered);
        mac.finalize().into_bytes().into()
    }

    /// Whether the first 8 octets of `full` equal `received`, in constant time.
    pub(super) fn mac_matches(full: &[u8; 16], received: &[u8]) -> bool {
        received.len() == MAC_LEN
            && full[..MAC_LEN]
                .iter()
                .zip(received)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }

    /// Ends a segment: the full C-MAC becomes the MCV and the counter moves on.
    pub(super) fn advance(&mut self, full_mac: [u8; 16]) {
        self.mcv = full_mac;
        self.counter = self.counter.wrapping_add(1);
    }
}
