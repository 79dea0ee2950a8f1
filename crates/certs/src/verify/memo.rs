//! Certificate signatures already verified in this process.
//!
//! Whether a certificate's signature verifies depends only on its received tbsCertificate,
//! its signatureValue and the issuer's key: the same three give the same answer every time.
//! A fleet shows the same few certificates over and over (the EUM certificate in every
//! AuthenticateClient and every enable, disable or delete notification; CERT.DPauth and
//! CERT.DPpb in every download the eUICC checks), so each verified triple is remembered by
//! the SHA-256 of its octets and the next chain through it skips the ECDSA verification,
//! the costliest step of a chain check. Only successes are remembered;
//! everything else about a certificate (validity at the time asked, role, key usage, SKI and
//! AKI, the EID's prefix) is checked on every chain as before.
//!
//! Bounded: at [`CAPACITY`] entries the memo starts again empty, so a fleet of 100,000
//! eUICC certificates, each seen a few times, costs at most that many digests of memory
//! (the few shared certificates are then verified once more each).

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use proto::crypto::{Curve, PublicKey};
use ring::digest::{Context, SHA256};

/// How many verified signatures are remembered at most.
pub(crate) const CAPACITY: usize = 4096;

type Digest = [u8; 32];

/// Verified triples, by digest; emptied when full.
pub(crate) struct Memo {
    set: Mutex<HashSet<Digest>>,
    capacity: usize,
}

impl Memo {
    fn new(capacity: usize) -> Self {
        Memo {
            set: Mutex::new(HashSet::with_capacity(capacity)),
            capacity,
        }
    }

    /// Whether `triple` verified before (a poisoned lock answers no).
    pub(crate) fn verified_before(&self, triple: &Triple) -> bool {
        self.set
            .lock()
            .map(|set| set.contains(&triple.0))
            .unwrap_or(false)
    }

    /// Remembers that `triple` verified.
    pub(crate) fn remember(&self, triple: Triple) {
        if let Ok(mut set) = self.set.lock() {
            if set.len() >= self.capacity {
                set.clear();
            }
            set.insert(triple.0);
        }
    }
}

/// The process's memo, which every chain check consults.
pub(crate) static VERIFIED: LazyLock<Memo> = LazyLock::new(|| Memo::new(CAPACITY));

/// The digest naming one (issuer key, tbsCertificate, signatureValue) triple; each part is
/// preceded by its length so that no two triples share their octets.
fn digest(issuer: &PublicKey, tbs: &[u8], signature: &[u8]) -> Digest {
    let mut ctx = Context::new(&SHA256);
    ctx.update(&[match issuer.curve() {
        Curve::NistP256 => 1,
        Curve::BrainpoolP256r1 => 2,
    }]);
    for part in [&issuer.as_uncompressed_point()[..], tbs, signature] {
        ctx.update(&(part.len() as u64).to_be_bytes());
        ctx.update(part);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// A key into the memo.
pub(crate) struct Triple(Digest);

impl Triple {
    pub(crate) fn of(issuer: &PublicKey, tbs: &[u8], signature: &[u8]) -> Self {
        Triple(digest(issuer, tbs, signature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proto::crypto::PrivateKey;

    #[test]
    fn each_part_of_the_triple_names_it() {
        let a = PrivateKey::generate().expect("key").public_key();
        let b = PrivateKey::generate().expect("key").public_key();
        let base = digest(&a, b"tbs", b"sig");
        assert_eq!(base, digest(&a, b"tbs", b"sig"));
        assert_ne!(base, digest(&b, b"tbs", b"sig"));
        assert_ne!(base, digest(&a, b"tbx", b"sig"));
        assert_ne!(base, digest(&a, b"tbs", b"sih"));
        // The lengths keep the boundary between the parts.
        assert_ne!(digest(&a, b"tb", b"ssig"), base);
    }

    #[test]
    fn the_memo_starts_again_when_full() {
        let key = PrivateKey::generate().expect("key").public_key();
        let triple = |n: u8| Triple::of(&key, b"tbs", &[n]);
        let memo = Memo::new(3);
        for n in 0..3 {
            memo.remember(triple(n));
        }
        assert!((0..3).all(|n| memo.verified_before(&triple(n))));
        assert!(!memo.verified_before(&triple(3)));
        // The fourth empties it and stays alone.
        memo.remember(triple(3));
        assert!(memo.verified_before(&triple(3)));
        assert!((0..3).all(|n| !memo.verified_before(&triple(n))));
    }
}
