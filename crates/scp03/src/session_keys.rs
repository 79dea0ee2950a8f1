//! The static key set of a Security Domain and the session keys derived from it
//! (GP Amendment D 6.2.1), with the card and host cryptograms (6.2.2.2, 6.2.2.3) and the
//! pseudo-random card challenge (6.2.2.1).

use crate::Scp03Error;
use crate::crypto::AesKey;
use crate::kdf::{constant, derive};

/// The static keys K-ENC, K-MAC and K-DEK of one key version (Amd D 4.1.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticKeys {
    /// K-ENC, the base of S-ENC and of the pseudo-random card challenge.
    pub enc: AesKey,
    /// K-MAC, the base of S-MAC and S-RMAC.
    pub mac: AesKey,
    /// K-DEK, for sensitive data (not used by the channel itself).
    pub dek: AesKey,
}

impl StaticKeys {
    /// One key used as K-ENC, K-MAC and K-DEK: the single SCP03 base key SGP.02's ISD-P
    /// key establishment leaves ([`crate`] doc, SGP.02 map 5.3) \[unconfirmed\].
    pub fn single(key: AesKey) -> Self {
        StaticKeys {
            enc: key.clone(),
            mac: key.clone(),
            dek: key,
        }
    }
}

/// S-ENC, S-MAC and S-RMAC of one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionKeys {
    /// S-ENC.
    pub enc: AesKey,
    /// S-MAC.
    pub mac: AesKey,
    /// S-RMAC.
    pub rmac: AesKey,
}

impl SessionKeys {
    /// Amd D 6.2.1: context = host challenge | card challenge; each session key as long
    /// as its static key.
    pub fn derive(keys: &StaticKeys, host: &[u8], card: &[u8]) -> Result<Self, Scp03Error> {
        let context = [host, card].concat();
        let one = |key: &AesKey, c: u8| -> Result<AesKey, Scp03Error> {
            AesKey::new(&derive(key, c, &context, key.as_bytes().len())?)
        };
        Ok(SessionKeys {
            enc: one(&keys.enc, constant::S_ENC)?,
            mac: one(&keys.mac, constant::S_MAC)?,
            rmac: one(&keys.mac, constant::S_RMAC)?,
        })
    }

    /// The card cryptogram (Amd D 6.2.2.2), as long as the challenges.
    pub fn card_cryptogram(&self, host: &[u8], card: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        derive(
            &self.mac,
            constant::CARD_CRYPTOGRAM,
            &[host, card].concat(),
            host.len(),
        )
    }

    /// The host cryptogram (Amd D 6.2.2.3), as long as the challenges.
    pub fn host_cryptogram(&self, host: &[u8], card: &[u8]) -> Result<Vec<u8>, Scp03Error> {
        derive(
            &self.mac,
            constant::HOST_CRYPTOGRAM,
            &[host, card].concat(),
            host.len(),
        )
    }
}

/// The pseudo-random card challenge (Amd D 6.2.2.1): derived from K-ENC with context
/// sequence counter (3) | AID of the invoking application, as long as the host challenge.
pub fn pseudo_random_card_challenge(
    keys: &StaticKeys,
    sequence_counter: u32,
    aid: &[u8],
    len: usize,
) -> Result<Vec<u8>, Scp03Error> {
    let counter = sequence_counter.to_be_bytes();
    let context = [&counter[1..], aid].concat();
    derive(&keys.enc, constant::CARD_CHALLENGE, &context, len)
}
