//! The progress bar of a run: simulated days done, devices localized, rolled back and in
//! trouble, and the poll rate. Drawn on stdout when it is a terminal, hidden otherwise (CI,
//! pipes).

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts shown on the bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub deployed: usize,
    pub localized: usize,
    pub rolled_back: usize,
    /// Devices without a network or with work left after their last session.
    pub troubled: usize,
    pub polls: u64,
}

impl Tally {
    /// The counts of the devices whose logs are `logs` (those deployed: attached once).
    pub fn of<'a>(logs: impl Iterator<Item = &'a crate::devices::device::DeviceLog>) -> Tally {
        let mut t = Tally::default();
        for log in logs.filter(|l| l.last_attach.is_some()) {
            t.deployed += 1;
            t.localized += usize::from(log.foreign_since.is_none());
            t.rolled_back += usize::from(log.rollbacks > 0);
            let attached = log.last_attach.is_some_and(|a| a.is_attached());
            t.troubled += usize::from(!attached || log.pending);
            t.polls += log.polls;
        }
        t
    }
}

/// The bar.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    /// A bar over `days` simulated days; drawn only when `visible` and stdout is a terminal.
    pub fn new(days: u32, visible: bool) -> Progress {
        let target = if visible && std::io::stdout().is_terminal() {
            ProgressDrawTarget::stdout()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(Some(u64::from(days)), target);
        if let Ok(style) =
            ProgressStyle::with_template("day {pos:>3}/{len} [{bar:30}] {elapsed_precise} {msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    /// A simulated day is over.
    pub fn day_done(&self, day: u32, t: &Tally) {
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        self.bar.set_position(u64::from(day) + 1);
        self.bar.set_message(format!(
            "{} deployed, {} localized, {} rolled back, {} need attention, {:.0} polls/s",
            t.deployed,
            t.localized,
            t.rolled_back,
            t.troubled,
            t.polls as f64 / secs
        ));
    }

    /// A line above the bar (or on stdout when the bar is hidden).
    pub fn note(&self, line: &str) {
        if self.bar.is_hidden() {
            println!("{line}");
        } else {
            self.bar.println(line);
        }
    }

    /// A phase outside the days (set-up, drain, checks).
    pub fn phase(&self, what: &str) {
        self.bar.set_message(what.to_string());
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
