//! The ISD-R key sets an EIS carries to its SM-SR (SGP.02 2.2.5.1, key version numbers):
//! SCP80 key sets (KVN `01`–`0F`: key 1 KIc, 2 KID, 3 KIK) for ES5 over SMS, and SCP81
//! pre-shared keys (KVN `40`–`4F`) for ES5 over HTTPS. The key values are secrets: zeroed
//! when dropped, never printed ([`std::fmt::Debug`] shows the KVN only), never logged.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::hexbytes;

/// A secret key value (hex in JSON).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct KeyValue(#[serde(with = "hexbytes::secret")] pub Zeroizing<Vec<u8>>);

impl std::fmt::Debug for KeyValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyValue({} octets)", self.0.len())
    }
}

impl KeyValue {
    /// The key's octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// The algorithm of an SCP80 key set (ETSI TS 102 225 5.1.2, the KIc/KID algorithm
/// coding: `01` DES family, `10` AES).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scp80Algorithm {
    /// AES-CBC ciphering and AES-CMAC (SGP.02 2.4.3: the SM-SR uses AES).
    Aes,
    /// Triple DES in outer CBC mode with two or three keys.
    #[serde(rename = "3des")]
    TripleDes,
}

impl Scp80Algorithm {
    /// The GlobalPlatform key type stored with the key (GP Card Specification 11.1.8:
    /// `88` AES, `80` DES).
    pub fn key_type(self) -> u8 {
        match self {
            Scp80Algorithm::Aes => 0x88,
            Scp80Algorithm::TripleDes => 0x80,
        }
    }

    /// The algorithm of a stored GlobalPlatform key type.
    pub fn from_key_type(t: u8) -> Option<Scp80Algorithm> {
        match t {
            0x88 => Some(Scp80Algorithm::Aes),
            0x80 => Some(Scp80Algorithm::TripleDes),
            _ => None,
        }
    }
}

/// One SCP80 key set of the ISD-R.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scp80KeySet {
    /// Key version number, `01`–`0F`.
    pub kvn: u8,
    /// Ciphering and MAC algorithm.
    pub algorithm: Scp80Algorithm,
    /// Key 1: ciphering.
    pub kic: KeyValue,
    /// Key 2: cryptographic checksum.
    pub kid: KeyValue,
    /// Key 3: key encryption, when the set has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kik: Option<KeyValue>,
    /// The last counter used with this key set (5 octets, TS 102 225 5.1.1).
    #[serde(default)]
    pub counter: u64,
}

/// One SCP81 pre-shared key of the ISD-R (SGP.02 2.4.4, TLS-PSK).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scp81Psk {
    /// Key version number, `40`–`4F`.
    pub kvn: u8,
    /// Key identifier within the set (`key_id` in a card's JSON).
    #[serde(alias = "key_id")]
    pub key_id: u8,
    /// The PSK.
    pub psk: KeyValue,
}

/// GlobalPlatform key type of a TLS pre-shared key (GP Amendment B, `85`).
pub const KEY_TYPE_TLS_PSK: u8 = 0x85;

/// The largest SCP80 counter: 5 octets (TS 102 225 5.1.1).
pub const MAX_COUNTER: u64 = 0xFF_FFFF_FFFF;
