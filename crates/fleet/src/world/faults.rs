//! The faults the lab injects, all drawn from the seed so that a run can be repeated:
//! local profiles that cannot attach (`--attach-failure-rate`, decided by the seed and the
//! ICCID, so the same profile fails in every run), and answers a device loses after the
//! server processed its request (`--drop-rate`, one stream of draws per device, so a
//! device's losses do not depend on what other devices do), and local profiles whose
//! network attaches but does not reach the eIM for hours after their enable, longer than
//! the IPA waits before it rolls back (`--eim-unreachable-after-enable`, decided by the seed
//! and the ICCID like the attach failures).

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use lpa::fault::AnswerLoss;

use crate::world::rng::SimRng;

/// Stream offsets keeping the fault draws apart from the other uses of the seed.
const ATTACH_STREAM: u64 = 0xA77A_C400_0000_0000;
const DROP_STREAM: u64 = 0xD809_0000_0000_0000;
const EIM_STREAM: u64 = 0xE1A0_0000_0000_0000;

/// Whether the profile `iccid` cannot attach in this run.
pub fn attach_fails(seed: u64, rate: f64, iccid: &str) -> bool {
    drawn(seed, ATTACH_STREAM, rate, iccid)
}

/// Whether the network of profile `iccid` does not reach the eIM after its enable in this
/// run (the device attaches; ESipa fails until the IPA rolls back).
pub fn eim_unreachable(seed: u64, rate: f64, iccid: &str) -> bool {
    drawn(seed, EIM_STREAM, rate, iccid)
}

/// A draw with probability `rate` for `iccid` from the seed's `stream`.
fn drawn(seed: u64, stream: u64, rate: f64, iccid: &str) -> bool {
    if rate <= 0.0 {
        return false;
    }
    let digits = iccid
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0u64, |acc, b| {
            acc.wrapping_mul(10).wrapping_add(u64::from(b - b'0'))
        });
    SimRng::new(seed).fork(stream ^ digits).chance(rate)
}

/// The answer-loss hook of device `index`: each answer is lost with probability `rate`;
/// `lost` counts the answers lost.
pub fn answer_loss(seed: u64, index: u64, rate: f64, lost: Arc<AtomicU32>) -> Option<AnswerLoss> {
    if rate <= 0.0 {
        return None;
    }
    let rng = Mutex::new(SimRng::new(seed).fork(DROP_STREAM ^ index));
    Some(Arc::new(move |_interface: &str, _function: &str| {
        let lose = rng
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .chance(rate);
        if lose {
            lost.fetch_add(1, Ordering::Relaxed);
        }
        lose
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_follow_the_seed_and_the_rate() {
        let iccids: Vec<String> = (0..2000).map(|n| format!("89880100{n:011}")).collect();
        let failing = |seed| iccids.iter().filter(|i| attach_fails(seed, 0.1, i)).count();
        let n = failing(7);
        assert!((140..260).contains(&n), "{n}");
        assert_eq!(failing(7), n, "same seed, same profiles");
        assert_ne!(failing(8), n);
        assert!(!attach_fails(7, 0.0, &iccids[0]));
        assert!(iccids.iter().all(|i| attach_fails(7, 1.0, i)));
        let unreachable: Vec<bool> = iccids.iter().map(|i| eim_unreachable(7, 0.1, i)).collect();
        let n = unreachable.iter().filter(|u| **u).count();
        assert!((140..260).contains(&n), "{n}");
        let attach: Vec<bool> = iccids.iter().map(|i| attach_fails(7, 0.1, i)).collect();
        assert_ne!(unreachable, attach, "a stream of its own");
        assert!(!eim_unreachable(7, 0.0, &iccids[0]));

        let lost = Arc::new(AtomicU32::new(0));
        let draws = |index| {
            let hook = answer_loss(3, index, 0.5, lost.clone()).unwrap();
            (0..64)
                .map(|_| hook("esipa", "getEimPackage"))
                .collect::<Vec<_>>()
        };
        let first = draws(1);
        assert_eq!(first, draws(1));
        assert_ne!(first, draws(2));
        let n = first.iter().filter(|l| **l).count() as u32;
        assert!((16..48).contains(&n), "{n}");
        assert!(lost.load(Ordering::Relaxed) > 2 * n);
        assert!(answer_loss(3, 1, 0.0, lost).is_none());
    }
}
