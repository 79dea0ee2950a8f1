//! A share of requests drawn with a seed: draw `n` of a rule is a function of the seed and
//! `n` alone (SplitMix64), so a run that sends the same requests in the same order meets
//! the same faults.

use std::sync::atomic::{AtomicU64, Ordering};

/// A share in parts per million with its seed and the number of draws made.
#[derive(Debug)]
pub struct Share {
    per_million: u64,
    seed: u64,
    draws: AtomicU64,
}

impl Share {
    /// `share` of the requests (0.0 to 1.0), drawn from `seed`.
    pub fn new(share: f64, seed: u64) -> Share {
        let per_million = (share.clamp(0.0, 1.0) * 1_000_000.0).round() as u64;
        Share {
            per_million,
            seed,
            draws: AtomicU64::new(0),
        }
    }

    /// The next draw: whether this request is in the share.
    pub fn draw(&self) -> bool {
        let n = self.draws.fetch_add(1, Ordering::Relaxed);
        splitmix64(self.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)) % 1_000_000 < self.per_million
    }
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_draws_and_about_the_share() {
        let draws = |seed| {
            let s = Share::new(0.25, seed);
            (0..4000).map(|_| s.draw()).collect::<Vec<_>>()
        };
        assert_eq!(draws(7), draws(7));
        assert_ne!(draws(7), draws(8));
        let hits = draws(7).iter().filter(|d| **d).count();
        assert!((800..1200).contains(&hits), "{hits} of 4000 for 25 %");
        let none = Share::new(0.0, 1);
        assert!((0..1000).all(|_| !none.draw()));
        let all = Share::new(1.0, 1);
        assert!((0..1000).all(|_| all.draw()));
    }
}
