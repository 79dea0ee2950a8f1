//! One partner's copy of a log: the leaves in order and their hashes.

use crate::merkle::{self, Hash};

/// A copy of a log held by one partner.
#[derive(Clone, Debug, Default)]
pub struct LogCopy {
    pub leaves: Vec<Vec<u8>>,
    pub hashes: Vec<Hash>,
}

impl LogCopy {
    pub fn push(&mut self, leaf: Vec<u8>) {
        self.hashes.push(merkle::leaf_hash(&leaf));
        self.leaves.push(leaf);
    }

    pub fn size(&self) -> u64 {
        self.leaves.len() as u64
    }

    /// The tree head of the first `size` leaves (`None` beyond the copy).
    pub fn root_at(&self, size: u64) -> Option<Hash> {
        let n = usize::try_from(size).ok()?;
        (n <= self.hashes.len()).then(|| merkle::root(&self.hashes[..n]))
    }

    /// The consistency proof from the first `first` leaves to the first `second`.
    pub fn consistency(&self, first: u64, second: u64) -> Option<Vec<Hash>> {
        let (m, n) = (usize::try_from(first).ok()?, usize::try_from(second).ok()?);
        if m == n {
            return (n <= self.hashes.len()).then(Vec::new);
        }
        if n > self.hashes.len() || m == 0 {
            return (m == 0 && n <= self.hashes.len()).then(Vec::new);
        }
        merkle::consistency_proof(&self.hashes[..n], m)
    }

    /// The inclusion proof of leaf `index` in the first `size` leaves.
    pub fn inclusion(&self, index: u64, size: u64) -> Option<Vec<Hash>> {
        let (m, n) = (usize::try_from(index).ok()?, usize::try_from(size).ok()?);
        if n > self.hashes.len() {
            return None;
        }
        merkle::inclusion_proof(&self.hashes[..n], m)
    }
}
