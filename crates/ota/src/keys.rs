//! The KIc and KID octets and the SCP80 key sets they name (ETSI TS 102 225 5.1.2, 5.1.3).
//!
//! ```text
//! KIc / KID   b8 b7 b6 b5       b4 b3                  b2 b1
//!             key version       DES: 00 DES-CBC,       00 implicit, 01 DES,
//!             (KVN 1..F)        01 3DES 2 keys,        10 AES, 11 proprietary
//!                               10 3DES 3 keys,
//!                               11 DES-ECB (KIc only)
//!                               AES: 00 (KIc CBC, KID CMAC)
//! KID for RC  b4 b3: 00 CRC16, 01 CRC32; b2 b1: 01
//! ```

use std::fmt;

use zeroize::Zeroizing;

/// A refused key or key identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The key's length does not fit its algorithm.
    #[error("a {algorithm:?} key of {len} octets")]
    KeyLength {
        /// The algorithm.
        algorithm: Algorithm,
        /// The length given.
        len: usize,
    },
    /// SCP80 key versions are 1 to 15 (SGP.02 2.2.5.1, ETSI TS 102 225 5.1.2).
    #[error("key version {0} is outside 1..=15")]
    KeyVersion(u8),
    /// The KIc or KID octet names an algorithm this crate does not implement (implicit,
    /// proprietary, DES-ECB or reserved codings).
    #[error("KIc/KID {0:#04x} names an unsupported algorithm")]
    UnsupportedAlgorithm(u8),
}

/// The block cipher behind a KIc (CBC) or a KID (CBC-MAC for the DES family, CMAC for AES).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// Single DES (8-octet key); kept for old cards only.
    Des,
    /// Triple DES, outer CBC, two keys (16 octets).
    TripleDes2Key,
    /// Triple DES, outer CBC, three keys (24 octets).
    TripleDes3Key,
    /// AES with a 16, 24 or 32-octet key.
    Aes,
}

impl Algorithm {
    /// The cipher's block size: the unit of ciphering padding.
    pub fn block_size(self) -> usize {
        match self {
            Algorithm::Aes => 16,
            _ => 8,
        }
    }

    fn accepts_key_len(self, len: usize) -> bool {
        match self {
            Algorithm::Des => len == 8,
            Algorithm::TripleDes2Key => len == 16,
            Algorithm::TripleDes3Key => len == 24,
            Algorithm::Aes => matches!(len, 16 | 24 | 32),
        }
    }

    /// Bits b4..b1 of the KIc/KID octet.
    fn coding(self) -> u8 {
        match self {
            Algorithm::Des => 0b0001,
            Algorithm::TripleDes2Key => 0b0101,
            Algorithm::TripleDes3Key => 0b1001,
            Algorithm::Aes => 0b0010,
        }
    }
}

/// The CRC behind a KID when SPI1 asks for a redundancy check (ETSI TS 102 225 5.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Crc {
    /// CRC-16 of ISO/IEC 13239 (2 octets).
    Crc16,
    /// CRC-32 of ISO/IEC 13239 (4 octets).
    Crc32,
}

impl Crc {
    /// The length of the RC field.
    pub fn check_len(self) -> usize {
        match self {
            Crc::Crc16 => 2,
            Crc::Crc32 => 4,
        }
    }
}

/// A KIc or KID octet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyIdentifier(pub u8);

impl KeyIdentifier {
    /// The octet naming `algorithm` under key version `kvn` (1..=15).
    pub fn for_algorithm(kvn: u8, algorithm: Algorithm) -> Result<Self, KeyError> {
        check_kvn(kvn)?;
        Ok(KeyIdentifier(kvn << 4 | algorithm.coding()))
    }

    /// The KID octet naming a CRC under key version `kvn` (1..=15).
    pub fn for_crc(kvn: u8, crc: Crc) -> Result<Self, KeyError> {
        check_kvn(kvn)?;
        let coding = match crc {
            Crc::Crc16 => 0b0001,
            Crc::Crc32 => 0b0101,
        };
        Ok(KeyIdentifier(kvn << 4 | coding))
    }

    /// The key version number, b8..b5.
    pub fn key_version(self) -> u8 {
        self.0 >> 4
    }

    /// The block cipher this octet names; `None` when it says "known implicitly".
    pub fn algorithm(self) -> Result<Option<Algorithm>, KeyError> {
        match self.0 & 0x0F {
            0b0000 | 0b0100 | 0b1000 | 0b1100 => Ok(None),
            0b0001 => Ok(Some(Algorithm::Des)),
            0b0101 => Ok(Some(Algorithm::TripleDes2Key)),
            0b1001 => Ok(Some(Algorithm::TripleDes3Key)),
            0b0010 => Ok(Some(Algorithm::Aes)),
            _ => Err(KeyError::UnsupportedAlgorithm(self.0)),
        }
    }

    /// The CRC this KID names when SPI1 asks for RC.
    pub fn crc(self) -> Result<Crc, KeyError> {
        match self.0 & 0x0F {
            0b0001 => Ok(Crc::Crc16),
            0b0101 => Ok(Crc::Crc32),
            _ => Err(KeyError::UnsupportedAlgorithm(self.0)),
        }
    }
}

fn check_kvn(kvn: u8) -> Result<(), KeyError> {
    if (1..=15).contains(&kvn) {
        Ok(())
    } else {
        Err(KeyError::KeyVersion(kvn))
    }
}

/// A secret key and its algorithm; wiped on drop, never printed.
#[derive(Clone)]
pub struct SecretKey {
    algorithm: Algorithm,
    bytes: Zeroizing<Vec<u8>>,
}

impl SecretKey {
    /// A key for `algorithm`; its length must fit (8, 16, 24, or 16/24/32 for AES).
    pub fn new(algorithm: Algorithm, bytes: &[u8]) -> Result<Self, KeyError> {
        if !algorithm.accepts_key_len(bytes.len()) {
            return Err(KeyError::KeyLength {
                algorithm,
                len: bytes.len(),
            });
        }
        Ok(SecretKey {
            algorithm,
            bytes: Zeroizing::new(bytes.to_vec()),
        })
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SecretKey({:?}, {} octets)",
            self.algorithm,
            self.bytes.len()
        )
    }
}

/// One SCP80 key set of a security domain: the key version and its KIc and KID
/// (SGP.02 2.2.5.1: key identifier 1 = KIc, 2 = KID).
#[derive(Clone, Debug)]
pub struct KeySet {
    kvn: u8,
    kic: SecretKey,
    kid: SecretKey,
}

impl KeySet {
    /// A key set under version `kvn` (1..=15).
    pub fn new(kvn: u8, kic: SecretKey, kid: SecretKey) -> Result<Self, KeyError> {
        check_kvn(kvn)?;
        Ok(KeySet { kvn, kic, kid })
    }

    /// The key version number.
    pub fn kvn(&self) -> u8 {
        self.kvn
    }

    /// The ciphering key.
    pub fn kic(&self) -> &SecretKey {
        &self.kic
    }

    /// The checksum key.
    pub fn kid(&self) -> &SecretKey {
        &self.kid
    }

    /// The KIc octet naming this set's ciphering key.
    pub fn kic_identifier(&self) -> KeyIdentifier {
        KeyIdentifier(self.kvn << 4 | self.kic.algorithm.coding())
    }

    /// The KID octet naming this set's checksum key.
    pub fn kid_identifier(&self) -> KeyIdentifier {
        KeyIdentifier(self.kvn << 4 | self.kid.algorithm.coding())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_match_the_published_examples() {
        // SGP02-MAP 2.3 / pySim: 15 = KVN 1 3DES-2key, 12 = KVN 1 AES, 35 = KVN 3 3DES-2key.
        let id = KeyIdentifier(0x15);
        assert_eq!(id.key_version(), 1);
        assert_eq!(id.algorithm(), Ok(Some(Algorithm::TripleDes2Key)));
        assert_eq!(KeyIdentifier(0x12).algorithm(), Ok(Some(Algorithm::Aes)));
        assert_eq!(
            KeyIdentifier::for_algorithm(3, Algorithm::TripleDes2Key),
            Ok(KeyIdentifier(0x35))
        );
        assert_eq!(
            KeyIdentifier(0x19).algorithm(),
            Ok(Some(Algorithm::TripleDes3Key))
        );
        assert_eq!(KeyIdentifier(0x10).algorithm(), Ok(None));
        assert_eq!(
            KeyIdentifier(0x1D).algorithm(),
            Err(KeyError::UnsupportedAlgorithm(0x1D)),
            "DES-ECB"
        );
        assert_eq!(KeyIdentifier(0x15).crc(), Ok(Crc::Crc32));
        assert_eq!(
            KeyIdentifier::for_crc(2, Crc::Crc16),
            Ok(KeyIdentifier(0x21))
        );
    }

    #[test]
    fn key_lengths_and_versions_are_checked() {
        assert!(SecretKey::new(Algorithm::TripleDes2Key, &[0; 24]).is_err());
        assert!(SecretKey::new(Algorithm::Aes, &[0; 20]).is_err());
        let key = SecretKey::new(Algorithm::Aes, &[0; 32]).expect("AES-256");
        assert_eq!(
            KeySet::new(16, key.clone(), key.clone()).err(),
            Some(KeyError::KeyVersion(16))
        );
        assert!(KeyIdentifier::for_algorithm(0, Algorithm::Aes).is_err());
    }

    #[test]
    fn debug_never_prints_key_material() {
        let key = SecretKey::new(Algorithm::Aes, &[0xAB; 16]).expect("AES-128");
        let set = KeySet::new(2, key.clone(), key).expect("key set");
        let shown = format!("{set:?}");
        assert!(!shown.to_lowercase().contains("ab, ") && !shown.contains("171"));
        assert!(shown.contains("16 octets"));
    }
}
