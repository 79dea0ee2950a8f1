//! Signed tree heads (RFC 9162 §4.10): the holder of a copy of a log signs its size, a
//! timestamp and its root, and sends it to the other partner of the log.
//!
//! ```text
//! signed octets = "rsp-lab ledger tree head v1" 0x00
//!                 || log-id length (2 octets) || log-id || tree_size (8) || timestamp (8)
//!                 || root_hash (32)
//! ```
//!
//! (RFC 9162's TreeHeadDataV2 — timestamp, tree_size, root_hash — prefixed with a context
//! string and the log it belongs to, since one partner signs heads of several logs.)

use proto::crypto::{PublicKey, Signature, SigningKey};
use serde::{Deserialize, Serialize};

use crate::merkle::Hash;

/// A signed tree head as stored and exchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeHead {
    pub log: String,
    pub signer: String,
    pub tree_size: u64,
    /// Milliseconds since the start of the simulated run.
    pub timestamp: u64,
    #[serde(with = "hex_array")]
    pub root: Hash,
    /// ECDSA P-256 `r || s`, hex.
    pub signature: String,
}

const CONTEXT: &[u8] = b"rsp-lab ledger tree head v1\0";

fn signed_octets(log: &str, tree_size: u64, timestamp: u64, root: &Hash) -> Vec<u8> {
    let mut out = Vec::with_capacity(CONTEXT.len() + 2 + log.len() + 48);
    out.extend_from_slice(CONTEXT);
    let len = u16::try_from(log.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&log.as_bytes()[..usize::from(len)]);
    out.extend_from_slice(&tree_size.to_be_bytes());
    out.extend_from_slice(&timestamp.to_be_bytes());
    out.extend_from_slice(root);
    out
}

impl TreeHead {
    /// Signs the head of `log` at `tree_size` with `root`.
    pub fn sign(
        log: &str,
        signer: &str,
        key: &SigningKey,
        tree_size: u64,
        timestamp: u64,
        root: Hash,
    ) -> Option<TreeHead> {
        let sig = key
            .sign(&signed_octets(log, tree_size, timestamp, &root))
            .ok()?;
        Some(TreeHead {
            log: log.into(),
            signer: signer.into(),
            tree_size,
            timestamp,
            root,
            signature: hex::encode(sig.as_raw()),
        })
    }

    /// Whether the signature verifies with the signer's key.
    pub fn verify(&self, key: &PublicKey) -> bool {
        let Ok(raw) = hex::decode(&self.signature) else {
            return false;
        };
        let Ok(sig) = Signature::from_raw(&raw) else {
            return false;
        };
        key.verify(
            &signed_octets(&self.log, self.tree_size, self.timestamp, &self.root),
            &sig,
        )
        .is_ok()
    }
}

mod hex_array {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = String::deserialize(d)?;
        let bytes = hex::decode(text).map_err(serde::de::Error::custom)?;
        <[u8; 32]>::try_from(bytes.as_slice())
            .map_err(|_| serde::de::Error::custom("a hash is 32 octets"))
    }
}
