//! AES-CMAC (NIST SP 800-38B), AES-CBC without padding and the `80 00…` padding of
//! GPCS B.2.3, for the three AES key lengths SCP03 allows (Amd D 4.1.1).

use aes::{Aes128, Aes192, Aes256};
use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{
    BlockCipherDecrypt, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit,
};
use cmac::{Cmac, KeyInit, Mac};
use zeroize::Zeroizing;

use crate::Scp03Error;

/// The AES block length.
pub(crate) const BLOCK: usize = 16;

/// An AES key of 16, 24 or 32 octets, wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct AesKey(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for AesKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AesKey({} octets)", self.0.len())
    }
}

impl AesKey {
    /// A key from its octets; refuses lengths other than 16, 24 and 32.
    pub fn new(bytes: &[u8]) -> Result<Self, Scp03Error> {
        match bytes.len() {
            16 | 24 | 32 => Ok(AesKey(Zeroizing::new(bytes.to_vec()))),
            n => Err(Scp03Error::KeyLength(n)),
        }
    }

    /// The key octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

fn cmac_with<C>(key: &[u8], parts: &[&[u8]]) -> [u8; BLOCK]
where
    Cmac<C>: KeyInit + Mac,
    C: cmac::block_api::CmacCipher,
{
    let mut out = [0u8; BLOCK];
    // The length was checked when the AesKey was made.
    if let Ok(mut mac) = <Cmac<C> as KeyInit>::new_from_slice(key) {
        for part in parts {
            mac.update(part);
        }
        out.copy_from_slice(&mac.finalize().into_bytes());
    }
    out
}

/// Calls the generic `$f` with the AES variant of `$key`'s length.
macro_rules! by_key_length {
    ($key:expr, $f:ident ( $($arg:expr),* )) => {
        match $key.0.len() {
            16 => $f::<Aes128>($($arg),*),
            24 => $f::<Aes192>($($arg),*),
            _ => $f::<Aes256>($($arg),*),
        }
    };
}

/// AES-CMAC over the concatenation of `parts`, the full 16 octets.
pub(crate) fn cmac(key: &AesKey, parts: &[&[u8]]) -> [u8; BLOCK] {
    by_key_length!(key, cmac_with(key.as_bytes(), parts))
}

fn cbc_encrypt_with<C>(key: &[u8], iv: &[u8; BLOCK], buf: &mut [u8]) -> Result<(), Scp03Error>
where
    C: BlockCipherEncrypt,
    cbc::Encryptor<C>: KeyIvInit + BlockModeEncrypt,
{
    let len = buf.len();
    let mode = cbc::Encryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| Scp03Error::KeyLength(key.len()))?;
    mode.encrypt_padded::<NoPadding>(buf, len)
        .map(|_| ())
        .map_err(|_| Scp03Error::BlockLength(len))
}

fn cbc_decrypt_with<C>(key: &[u8], iv: &[u8; BLOCK], buf: &mut [u8]) -> Result<(), Scp03Error>
where
    C: BlockCipherDecrypt,
    cbc::Decryptor<C>: KeyIvInit + BlockModeDecrypt,
{
    let len = buf.len();
    let mode = cbc::Decryptor::<C>::new_from_slices(key, iv)
        .map_err(|_| Scp03Error::KeyLength(key.len()))?;
    mode.decrypt_padded::<NoPadding>(buf)
        .map(|_| ())
        .map_err(|_| Scp03Error::BlockLength(len))
}

/// AES-CBC encryption in place; `buf` must be whole blocks.
pub(crate) fn cbc_encrypt(
    key: &AesKey,
    iv: &[u8; BLOCK],
    buf: &mut [u8],
) -> Result<(), Scp03Error> {
    whole_blocks(buf)?;
    by_key_length!(key, cbc_encrypt_with(key.as_bytes(), iv, buf))
}

/// AES-CBC decryption in place; `buf` must be whole blocks.
pub(crate) fn cbc_decrypt(
    key: &AesKey,
    iv: &[u8; BLOCK],
    buf: &mut [u8],
) -> Result<(), Scp03Error> {
    whole_blocks(buf)?;
    by_key_length!(key, cbc_decrypt_with(key.as_bytes(), iv, buf))
}

fn whole_blocks(buf: &[u8]) -> Result<(), Scp03Error> {
    if buf.len() % BLOCK == 0 {
        Ok(())
    } else {
        Err(Scp03Error::BlockLength(buf.len()))
    }
}

/// Appends `80` and as many `00` as make whole blocks (GPCS B.2.3, ISO/IEC 9797-1 method 2).
pub(crate) fn pad80(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + BLOCK);
    out.extend_from_slice(data);
    out.push(0x80);
    while out.len() % BLOCK != 0 {
        out.push(0x00);
    }
    out
}

/// Removes the padding `pad80` added; refuses data without it.
pub(crate) fn unpad80(mut data: Vec<u8>) -> Result<Vec<u8>, Scp03Error> {
    let end = data
        .iter()
        .rposition(|b| *b != 0x00)
        .ok_or(Scp03Error::Padding)?;
    if data.get(end) != Some(&0x80) || data.len() - end > BLOCK {
        return Err(Scp03Error::Padding);
    }
    data.truncate(end);
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_round_trips_and_refuses_missing_marker() {
        assert_eq!(pad80(&[1, 2]).len(), 16);
        assert_eq!(pad80(&[0; 16]).len(), 32);
        assert_eq!(unpad80(pad80(&[1, 0x80, 0])), Ok(vec![1, 0x80, 0]));
        assert_eq!(unpad80(vec![0; 16]), Err(Scp03Error::Padding));
        assert_eq!(unpad80(vec![1; 16]), Err(Scp03Error::Padding));
        let mut long = vec![0x80];
        long.extend([0; 16]);
        assert_eq!(unpad80(long), Err(Scp03Error::Padding));
    }

    /// RFC 4493 4 (AES-CMAC test vectors, Examples 1 to 4, the same as NIST SP 800-38B D.1:
    /// empty, one block, a partial last block, four blocks), each message also split across
    /// parts.
    #[test]
    fn cmac_matches_rfc4493_examples() {
        let key = AesKey::new(&hex::decode("2b7e151628aed2a6abf7158809cf4f3c").unwrap()).unwrap();
        let m = hex::decode(
            "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51\
             30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710",
        )
        .unwrap();
        for (len, tag) in [
            (0, "bb1d6929e95937287fa37d129b756746"),
            (16, "070a16b46b4d4144f79bdd9dd04a287c"),
            (40, "dfa66747de9ae63030ca32611497c827"),
            (64, "51f0bebf7e3b9d92fc49741779363cfe"),
        ] {
            assert_eq!(hex::encode(cmac(&key, &[&m[..len]])), tag, "{len} octets");
            let half = len / 2;
            let split = cmac(&key, &[&m[..half], &m[half..len]]);
            assert_eq!(hex::encode(split), tag, "{len} octets in two parts");
        }
    }

    /// NIST SP 800-108 counter mode with CMAC-AES128 as the PRF (what GP Amendment D 4.1.5
    /// uses), NIST CAVP KBKDF vector PRF=CMAC_AES128, CTRLOCATION=BEFORE_FIXED, RLEN=8_BITS,
    /// L=128, COUNT=0: one block, K(1) = CMAC(KI, [1]8 || fixed input).
    #[test]
    fn sp800_108_counter_mode_block_matches_the_cavp_vector() {
        let ki = AesKey::new(&hex::decode("dff1e50ac0b69dc40f1051d46c2b069c").unwrap()).unwrap();
        let fixed = hex::decode(
            "c16e6e02c5a3dcc8d78b9ac1306877761310455b4e41469951d9e6c2245a064b\
             33fd8c3b01203a7824485bf0a64060c4648b707d2607935699316ea5",
        )
        .unwrap();
        assert_eq!(
            hex::encode(cmac(&ki, &[&[0x01], &fixed])),
            "8be8f0869b3c0ba97b71863d1b9f7813"
        );
    }
}
