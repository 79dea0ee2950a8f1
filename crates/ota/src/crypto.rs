//! The ciphering, cryptographic checksum and redundancy check of ETSI TS 102 225 5.1.2
//! and 5.1.3, over already-assembled octets.

use aes::{Aes128, Aes192, Aes256};
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{
    BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit,
};
use cmac::{Cmac, KeyInit, Mac};
use des::{Des, TdesEde2, TdesEde3};

use crate::keys::{Algorithm, Crc, SecretKey};

/// The CC length: CBC-MAC's last block, or AES-CMAC truncated to its first 8 octets
/// (SGP.02 2.4.3 asks for the 64-bit CMAC; ETSI TS 102 225 5.1.3.1 lets it be 4 or 8).
pub(crate) const CC_LEN: usize = 8;

/// The data is not a whole number of cipher blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BlockLengthError;

const ZERO_IV: [u8; 16] = [0; 16];

/// Dispatches a generic function over the cipher type of `$key`.
macro_rules! by_cipher {
    ($key:expr, $f:ident ( $($arg:expr),* )) => {
        match ($key.algorithm(), $key.bytes().len()) {
            (Algorithm::Des, _) => $f::<Des>($($arg),*),
            (Algorithm::TripleDes2Key, _) => $f::<TdesEde2>($($arg),*),
            (Algorithm::TripleDes3Key, _) => $f::<TdesEde3>($($arg),*),
            (Algorithm::Aes, 16) => $f::<Aes128>($($arg),*),
            (Algorithm::Aes, 24) => $f::<Aes192>($($arg),*),
            (Algorithm::Aes, _) => $f::<Aes256>($($arg),*),
        }
    };
}

fn cbc_encrypt<C>(key: &[u8], block: usize, buf: &mut [u8]) -> Result<(), BlockLengthError>
where
    C: BlockCipherEncrypt,
    cbc::Encryptor<C>: KeyIvInit + BlockModeEncrypt,
{
    let mode = cbc::Encryptor::<C>::new_from_slices(key, &ZERO_IV[..block])
        .map_err(|_| BlockLengthError)?;
    let len = buf.len();
    mode.encrypt_padded::<NoPadding>(buf, len)
        .map(|_| ())
        .map_err(|_| BlockLengthError)
}

fn cbc_decrypt<C>(key: &[u8], block: usize, buf: &mut [u8]) -> Result<(), BlockLengthError>
where
    C: BlockCipherDecrypt,
    cbc::Decryptor<C>: KeyIvInit + BlockModeDecrypt,
{
    let mode = cbc::Decryptor::<C>::new_from_slices(key, &ZERO_IV[..block])
        .map_err(|_| BlockLengthError)?;
    mode.decrypt_padded::<NoPadding>(buf)
        .map(|_| ())
        .map_err(|_| BlockLengthError)
}

fn cmac8<C>(key: &[u8], data: &[u8]) -> [u8; CC_LEN]
where
    Cmac<C>: KeyInit + Mac,
    C: cmac::block_api::CmacCipher,
{
    let mut out = [0u8; CC_LEN];
    if let Ok(mut mac) = <Cmac<C> as KeyInit>::new_from_slice(key) {
        mac.update(data);
        let full = mac.finalize().into_bytes();
        out.copy_from_slice(&full[..CC_LEN]);
    }
    out
}

/// CBC with a zero IV over `buf`, in place; `buf` must be whole blocks.
pub(crate) fn encrypt(key: &SecretKey, buf: &mut [u8]) -> Result<(), BlockLengthError> {
    let block = key.algorithm().block_size();
    by_cipher!(key, cbc_encrypt(key.bytes(), block, buf))
}

/// The inverse of [`encrypt`].
pub(crate) fn decrypt(key: &SecretKey, buf: &mut [u8]) -> Result<(), BlockLengthError> {
    let block = key.algorithm().block_size();
    by_cipher!(key, cbc_decrypt(key.bytes(), block, buf))
}

/// The cryptographic checksum of ETSI TS 102 225 5.1.3.1: for the DES family the last
/// block of CBC (zero IV) over the data zero-padded to the block size; for AES the
/// CMAC of the data (RFC 4493), first 8 octets.
pub(crate) fn checksum(key: &SecretKey, data: &[u8]) -> [u8; CC_LEN] {
    match (key.algorithm(), key.bytes().len()) {
        (Algorithm::Aes, 16) => cmac8::<Aes128>(key.bytes(), data),
        (Algorithm::Aes, 24) => cmac8::<Aes192>(key.bytes(), data),
        (Algorithm::Aes, _) => cmac8::<Aes256>(key.bytes(), data),
        _ => {
            let mut buf = data.to_vec();
            buf.resize(data.len().div_ceil(8).max(1) * 8, 0);
            let mut out = [0u8; CC_LEN];
            if encrypt(key, &mut buf).is_ok() {
                out.copy_from_slice(&buf[buf.len() - CC_LEN..]);
            }
            out
        }
    }
}

/// The redundancy check of ETSI TS 102 225 5.1.3.2: the ISO/IEC 13239 CRC, most
/// significant octet first (as both pySim and bagyenda/njiwa write CRC-32).
pub(crate) fn redundancy_check(crc: Crc, data: &[u8]) -> Vec<u8> {
    match crc {
        Crc::Crc16 => crc16_x25(data).to_be_bytes().to_vec(),
        Crc::Crc32 => crc32_iso_hdlc(data).to_be_bytes().to_vec(),
    }
}

/// CRC-16 of ISO/IEC 13239 (polynomial 1021 reflected, initial FFFF, complemented).
fn crc16_x25(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in data {
        crc ^= u16::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                crc >> 1 ^ 0x8408
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// CRC-32 of ISO/IEC 13239 (polynomial 04C11DB7 reflected, initial FFFFFFFF, complemented).
fn crc32_iso_hdlc(data: &[u8]) -> u32 {
    let mut crc: u32 = 0xFFFF_FFFF;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                crc >> 1 ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Equality of two check values without an early exit.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crcs_match_their_check_values() {
        // The catalogue check values over "123456789" (CRC-16/X-25, CRC-32/ISO-HDLC).
        assert_eq!(crc16_x25(b"123456789"), 0x906E);
        assert_eq!(crc32_iso_hdlc(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn aes_cmac_matches_rfc4493_example_2() {
        let key = SecretKey::new(
            Algorithm::Aes,
            &hex::decode("2b7e151628aed2a6abf7158809cf4f3c").expect("hex"),
        )
        .expect("key");
        let msg = hex::decode("6bc1bee22e409f96e93d7e117393172a").expect("hex");
        assert_eq!(hex::encode(checksum(&key, &msg)), "070a16b46b4d4144");
    }

    #[test]
    fn cbc_round_trips_and_refuses_partial_blocks() {
        let key = SecretKey::new(Algorithm::TripleDes3Key, &[7; 24]).expect("key");
        let mut buf = *b"sixteen octets!!";
        encrypt(&key, &mut buf).expect("whole blocks");
        assert_ne!(&buf, b"sixteen octets!!");
        decrypt(&key, &mut buf).expect("whole blocks");
        assert_eq!(&buf, b"sixteen octets!!");
        assert_eq!(decrypt(&key, &mut [0u8; 9]), Err(BlockLengthError));
    }
}
