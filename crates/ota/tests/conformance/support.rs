//! Key sets, a key store and hex helpers shared by the conformance tests.

use ota::command::ApplicationKeys;
use ota::spi::MinimumSecurityLevel;
use ota::{Algorithm, KeySet, SecretKey, Tar};

pub(crate) fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("test hex")
}

pub(crate) fn key_set(kvn: u8, algorithm: Algorithm, kic: &str, kid: &str) -> KeySet {
    KeySet::new(
        kvn,
        SecretKey::new(algorithm, &h(kic)).expect("KIc"),
        SecretKey::new(algorithm, &h(kid)).expect("KID"),
    )
    .expect("key set")
}

/// pySim's SJA5 sample card, 3DES-2key, KVN 3 (tests/unittests/test_ota.py).
pub(crate) fn sja5_3des() -> KeySet {
    key_set(
        3,
        Algorithm::TripleDes2Key,
        "300102030405060708090a0b0c0d0e0f",
        "301102030405060708090a0b0c0d0e0f",
    )
}

/// pySim's SJA5 sample card, AES-128, KVN 2 (tests/unittests/test_ota.py).
pub(crate) fn sja5_aes() -> KeySet {
    key_set(
        2,
        Algorithm::Aes,
        "200102030405060708090a0b0c0d0e0f",
        "201102030405060708090a0b0c0d0e0f",
    )
}

/// pySim's KIc3/KID3 of card 8988211000000467285, 3DES-2key (tests/unittests/test_ota.py).
pub(crate) fn card_8988211_kvn3() -> KeySet {
    key_set(
        3,
        Algorithm::TripleDes2Key,
        "C21DD66ACAC13CB3BC8B331B24AFB57B",
        "12110C78E678C25408233076AA033615",
    )
}

/// The sysmoISIM-SJA2 KIC1/KID1 of pySim's docs/smpp-ota-tool.rst, 3DES-2key.
pub(crate) fn sja2_kvn1() -> KeySet {
    key_set(
        1,
        Algorithm::TripleDes2Key,
        "F09C43EE1A0391665CC9F05AF4E0BD10",
        "01981F4A20999F62AF99988107BAF6CA",
    )
}

/// A 3DES-3key set (no published vector; used for round trips).
pub(crate) fn three_key_3des() -> KeySet {
    key_set(
        1,
        Algorithm::TripleDes3Key,
        "0123456789abcdeffedcba987654321089abcdef01234567",
        "fedcba98765432100123456789abcdef0011223344556677",
    )
}

/// A key store holding one application.
pub(crate) fn store(tar: Tar, msl: u8, sets: Vec<KeySet>) -> ApplicationKeys {
    ApplicationKeys {
        tar,
        security_level: MinimumSecurityLevel(msl),
        key_sets: sets,
    }
}
