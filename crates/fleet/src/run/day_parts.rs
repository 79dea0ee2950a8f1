//! Where the simulated days' time goes, part by part (`bench fleet` reports it): each
//! part's wall time and the CPU time the whole process used meanwhile (roles, devices and
//! their databases), so that a part which keeps fewer cores busy than the machine has
//! shows where a run waits rather than computes.

use std::time::{Duration, Instant};

use lab_sys::usage::process_cpu;

/// A part of a simulated day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayPart {
    /// The scenario's reactions and each device's morning (who polls today).
    Morning,
    /// The devices' sessions with the eIM (polls, downloads, results), round by round.
    Sessions,
    /// Between two rounds: the ES2+ orders the paused sessions wait for.
    Orders,
    /// The day's end: the fleet sample, the roaming ledger's day, the progress line.
    Close,
}

impl DayPart {
    /// Every part, in the order of a day.
    pub const ALL: [DayPart; 4] = [
        DayPart::Morning,
        DayPart::Sessions,
        DayPart::Orders,
        DayPart::Close,
    ];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            DayPart::Morning => "morning",
            DayPart::Sessions => "sessions",
            DayPart::Orders => "orders",
            DayPart::Close => "close",
        }
    }
}

/// Wall and process CPU time spent in one part over every day.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PartTime {
    pub wall: Duration,
    pub cpu: Duration,
}

/// When a part started: the clocks to subtract at its end.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    wall: Instant,
    cpu: Duration,
}

/// The days' parts, summed over the run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DayParts {
    parts: [PartTime; 4],
}

impl DayParts {
    /// The clocks now, for [`DayParts::add`] at the part's end.
    pub fn mark() -> Mark {
        Mark {
            wall: Instant::now(),
            cpu: process_cpu(),
        }
    }

    /// Adds the time from `since` to now to `part`.
    pub fn add(&mut self, part: DayPart, since: Mark) {
        let t = &mut self.parts[part as usize];
        t.wall += since.wall.elapsed();
        t.cpu += process_cpu().saturating_sub(since.cpu);
    }

    /// The time spent in `part`.
    pub fn get(&self, part: DayPart) -> PartTime {
        self.parts[part as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lab_sys::sys::thread_cpu;

    #[test]
    fn a_part_adds_up_its_wall_and_cpu_time() {
        let mut parts = DayParts::default();
        for _ in 0..2 {
            let m = DayParts::mark();
            // 20 ms of this thread's CPU, however long the machine takes to give them.
            let until = thread_cpu() + Duration::from_millis(20);
            let mut spin = 0u64;
            while thread_cpu() < until {
                spin = std::hint::black_box(spin.wrapping_add(1));
            }
            parts.add(DayPart::Orders, m);
        }
        // Both parts' time, not the last one's: at least 40 ms of CPU (the process's,
        // which includes this thread's), and of wall time, which one thread's CPU cannot
        // exceed.
        let orders = parts.get(DayPart::Orders);
        assert!(orders.cpu >= Duration::from_millis(40), "{orders:?}");
        assert!(orders.wall >= Duration::from_millis(40), "{orders:?}");
        assert_eq!(parts.get(DayPart::Sessions), PartTime::default());
    }
}
