//! The data derivation of GP Amendment D 4.1.5: NIST SP 800-108 KDF in counter mode with
//! AES-CMAC as PRF, its fixed input laid out as Amd D orders it.
//!
//! ```text
//! label(12) = 00 × 11 | derivation constant
//! input     = label | 00 (separation) | L (2, bits) | i (1) | context
//! output    = CMAC(key, input_1) | CMAC(key, input_2) | …, cut to L bits
//! ```

use crate::Scp03Error;
use crate::crypto::{AesKey, BLOCK, cmac};

/// Derivation constants (Amd D 4.1.5, Table 4-1).
pub mod constant {
    /// Card cryptogram.
    pub const CARD_CRYPTOGRAM: u8 = 0x00;
    /// Host cryptogram.
    pub const HOST_CRYPTOGRAM: u8 = 0x01;
    /// Pseudo-random card challenge.
    pub const CARD_CHALLENGE: u8 = 0x02;
    /// S-ENC.
    pub const S_ENC: u8 = 0x04;
    /// S-MAC.
    pub const S_MAC: u8 = 0x06;
    /// S-RMAC.
    pub const S_RMAC: u8 = 0x07;
}

/// Derives `len` octets (at most 255 blocks, the one-octet counter `i`) from `key`.
pub fn derive(
    key: &AesKey,
    constant: u8,
    context: &[u8],
    len: usize,
) -> Result<Vec<u8>, Scp03Error> {
    let bits = len
        .checked_mul(8)
        .and_then(|b| u16::try_from(b).ok())
        .ok_or(Scp03Error::TooLong(len, 0xFFFF / 8))?;
    let mut label = [0u8; 16];
    label[11] = constant;
    label[13..15].copy_from_slice(&bits.to_be_bytes());
    let mut out = Vec::with_capacity(len + BLOCK);
    for i in 1..=u8::MAX {
        if out.len() >= len {
            break;
        }
        label[15] = i;
        out.extend_from_slice(&cmac(key, &[&label, context]));
    }
    if out.len() < len {
        return Err(Scp03Error::CounterExhausted);
    }
    out.truncate(len);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first block of S-MAC for pySim's AES-128 session at level 11 (host challenge
    /// b13e5f938fc108c4, card challenge 3eb51047495b249f) verifies the card cryptogram the
    /// card sent; lengths past the two-octet L are refused.
    #[test]
    fn derivation_is_bounded_and_matches_the_recorded_cryptogram() {
        let mac: Vec<u8> = (0x10..0x20).collect();
        let key = AesKey::new(&mac).unwrap();
        let context = hex::decode("b13e5f938fc108c43eb51047495b249f").unwrap();
        let s_mac = AesKey::new(&derive(&key, constant::S_MAC, &context, 16).unwrap()).unwrap();
        let card = derive(&s_mac, constant::CARD_CRYPTOGRAM, &context, 8).unwrap();
        assert_eq!(hex::encode(card), "66c484c1d2ef1948");
        assert_eq!(
            derive(&key, constant::S_ENC, &context, 40).unwrap().len(),
            40
        );
        assert_eq!(
            derive(&key, 0, &[], 8192),
            Err(Scp03Error::TooLong(8192, 8191))
        );
        assert!(derive(&key, 0, &[], usize::MAX).is_err());
    }
}
