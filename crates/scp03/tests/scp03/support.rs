//! Keys and helpers shared by the tests.

use scp03::AesKey;
use scp03::card::{CardChallenge, CardKeySet};
use scp03::security::IParameter;
use scp03::session_keys::StaticKeys;

pub(crate) fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("test hex")
}

/// K-ENC 00..0F, K-MAC 10..1F, K-DEK 20..2F, extended to `len` octets as pySim's key sets.
pub(crate) fn keys(len: usize) -> StaticKeys {
    let key = |base: u8| {
        let bytes: Vec<u8> = (0..len).map(|i| base + (i % 16) as u8).collect();
        AesKey::new(&bytes).expect("key length")
    };
    StaticKeys {
        enc: key(0x00),
        mac: key(0x10),
        dek: key(0x20),
    }
}

pub(crate) fn card_key_set(kvn: u8, i: u8) -> CardKeySet {
    CardKeySet {
        kvn,
        keys: keys(16),
        i: IParameter(i),
        diversification: [0; 10],
    }
}

pub(crate) fn pseudo_random(counter: u32) -> CardChallenge {
    CardChallenge::PseudoRandom {
        sequence_counter: counter,
        aid: h("A0000005591010FFFFFFFF8900001000"),
    }
}
