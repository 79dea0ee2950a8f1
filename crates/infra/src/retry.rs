//! Exponential back-off with jitter for work retried against a peer: the SM-DP+'s progress
//! reports to operators, the eIM's forwarded notifications and its ES2+ order steps. A wait
//! doubles with every failure from `initial` up to `max`, and a random part of its upper half
//! is dropped ("equal jitter"), so that deliveries that failed together (a peer down) do not
//! all come back at the same instant when it returns.

use std::time::Duration;

use ring::rand::{SecureRandom, SystemRandom};

/// The wait after `doublings` doublings of `initial` (0: `initial` itself), capped at `max`,
/// then between half of it and all of it.
pub fn delay(initial: Duration, max: Duration, doublings: u64) -> Duration {
    let shift = u32::try_from(doublings.min(30)).unwrap_or(30);
    let full = initial.saturating_mul(1u32 << shift).min(max);
    let mut octets = [0u8; 4];
    // Without randomness the wait is the full one: later, never sooner.
    let fraction = match SystemRandom::new().fill(&mut octets) {
        Ok(()) => f64::from(u32::from_be_bytes(octets)) / f64::from(u32::MAX),
        Err(_) => 1.0,
    };
    full / 2 + (full / 2).mul_f64(fraction)
}

/// [`delay`] in whole milliseconds, as the stores keep due times.
pub fn delay_ms(initial: Duration, max: Duration, doublings: u64) -> i64 {
    i64::try_from(delay(initial, max, doublings).as_millis()).unwrap_or(i64::MAX / 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_cap_and_stay_within_their_upper_half() {
        let (initial, max) = (Duration::from_millis(100), Duration::from_secs(10));
        for (doublings, full) in [(0, 100), (1, 200), (3, 800), (7, 10_000), (64, 10_000)] {
            for _ in 0..50 {
                let d = delay(initial, max, doublings).as_millis();
                assert!(
                    (full / 2..=full).contains(&d),
                    "{doublings} doublings: {d} ms"
                );
            }
        }
    }

    #[test]
    fn waits_of_simultaneous_failures_spread() {
        let waits: std::collections::BTreeSet<_> = (0..20)
            .map(|_| delay(Duration::from_secs(1), Duration::from_secs(60), 4))
            .collect();
        assert!(waits.len() > 10, "{waits:?}");
    }
}
