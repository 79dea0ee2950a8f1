//! The lab's clock: the wall clock shifted by whole simulated days. The eIM takes "now" from
//! it ([`eim::Clock`]), so residency in a country grows by a day each time the lab turns a
//! page, while durations inside a simulated day stay real: the time from a localization
//! decision to its end, as the eIM records it, is what the servers and devices took.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use eim::clock::{DAY_MS, wall_ms};

/// Wall clock + `day` × 24 h. Clones share the day.
#[derive(Clone, Debug, Default)]
pub struct SimClock {
    day: Arc<AtomicI64>,
}

impl SimClock {
    /// A clock on day 0 (today).
    pub fn new() -> SimClock {
        SimClock::default()
    }

    /// Moves to simulated day `day` (days only go forward in a run).
    pub fn set_day(&self, day: u32) {
        self.day.store(i64::from(day), Ordering::SeqCst);
    }

    /// The simulated day.
    pub fn day(&self) -> u32 {
        u32::try_from(self.day.load(Ordering::SeqCst)).unwrap_or(0)
    }
}

impl eim::Clock for SimClock {
    fn now_ms(&self) -> i64 {
        wall_ms().saturating_add(self.day.load(Ordering::SeqCst).saturating_mul(DAY_MS))
    }
}

#[cfg(test)]
mod tests {
    use eim::Clock;

    use super::*;

    #[test]
    fn a_simulated_day_is_24_hours_on_the_eims_clock() {
        let c = SimClock::new();
        let shared = c.clone();
        let t0 = c.now_ms();
        shared.set_day(3);
        let t1 = c.now_ms();
        assert!(t1 - t0 >= 3 * DAY_MS && t1 - t0 < 3 * DAY_MS + 60_000);
        assert_eq!(c.day(), 3);
    }
}
