//! The replay counter CNTR (ETSI TS 102 225 5.1.1, Table 3) and its checking.

use crate::por::PorStatus;
use crate::spi::CounterMode;

/// A 5-octet CNTR value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Counter(u64);

impl Counter {
    /// The largest value: once reached, the key set's counter is blocked.
    pub const MAX: Counter = Counter(0xFF_FFFF_FFFF);
    /// Zero, used when SPI1 says "no counter" (and by eUICC notifications, SGP.02 3.15.1).
    pub const ZERO: Counter = Counter(0);

    /// A counter from a number; `None` above [`Counter::MAX`].
    pub fn new(value: u64) -> Option<Self> {
        (value <= Self::MAX.0).then_some(Counter(value))
    }

    /// The value.
    pub fn value(self) -> u64 {
        self.0
    }

    /// The counter from its five octets, most significant first.
    pub fn from_bytes(bytes: [u8; 5]) -> Self {
        Counter(bytes.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b)))
    }

    /// The five octets, most significant first.
    pub fn to_bytes(self) -> [u8; 5] {
        let b = self.0.to_be_bytes();
        [b[3], b[4], b[5], b[6], b[7]]
    }
}

/// Checks a received counter against the last one the receiver accepted, as SPI1's
/// counter mode asks (ETSI TS 102 225 5.1.1, CNTR; PoR statuses of Table 5).
///
/// * no counter, or a counter without checking: always accepted;
/// * a key set whose counter has reached [`Counter::MAX`] is blocked: `04`;
/// * "higher": the received value must exceed the last accepted one, else `02`;
/// * "one higher": it must be exactly one more; lower or equal is `02`, more is `03`.
///
/// The receiver stores `received` as its new counter only after the whole command
/// passed its checks.
pub fn check_counter(
    mode: CounterMode,
    last_accepted: Counter,
    received: Counter,
) -> Result<(), PorStatus> {
    match mode {
        CounterMode::None | CounterMode::Present => Ok(()),
        _ if last_accepted == Counter::MAX => Err(PorStatus::CounterBlocked),
        _ if received <= last_accepted => Err(PorStatus::CounterLow),
        CounterMode::OneHigher if received.0 != last_accepted.0 + 1 => Err(PorStatus::CounterHigh),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: u64) -> Counter {
        Counter::new(v).expect("in range")
    }

    #[test]
    fn counter_round_trips_five_octets() {
        let bytes = [0x01, 0x02, 0x03, 0x04, 0x05];
        assert_eq!(Counter::from_bytes(bytes).to_bytes(), bytes);
        assert_eq!(Counter::from_bytes([0, 0, 0, 0, 0x64]).value(), 100);
        assert_eq!(Counter::new(1 << 40), None);
        assert_eq!(Counter::from_bytes([0xFF; 5]), Counter::MAX);
    }

    #[test]
    fn higher_mode_refuses_replays_and_accepts_jumps() {
        let mode = CounterMode::Higher;
        assert_eq!(
            check_counter(mode, c(100), c(100)),
            Err(PorStatus::CounterLow)
        );
        assert_eq!(
            check_counter(mode, c(100), c(7)),
            Err(PorStatus::CounterLow)
        );
        assert_eq!(check_counter(mode, c(100), c(5000)), Ok(()));
    }

    #[test]
    fn one_higher_mode_refuses_gaps() {
        let mode = CounterMode::OneHigher;
        assert_eq!(check_counter(mode, c(9), c(10)), Ok(()));
        assert_eq!(
            check_counter(mode, c(9), c(11)),
            Err(PorStatus::CounterHigh)
        );
        assert_eq!(check_counter(mode, c(9), c(9)), Err(PorStatus::CounterLow));
    }

    #[test]
    fn a_counter_at_its_maximum_blocks_the_key_set() {
        for mode in [CounterMode::Higher, CounterMode::OneHigher] {
            assert_eq!(
                check_counter(mode, Counter::MAX, Counter::MAX),
                Err(PorStatus::CounterBlocked)
            );
        }
        assert_eq!(
            check_counter(CounterMode::Higher, c(1), Counter::MAX),
            Ok(())
        );
        assert_eq!(check_counter(CounterMode::None, Counter::MAX, c(0)), Ok(()));
        assert_eq!(check_counter(CounterMode::Present, c(5), c(5)), Ok(()));
    }
}
