//! What the accept loop does when `accept` fails. An error about one pending connection (it
//! was reset or aborted while queued, or its network went away: accept(2) lists these as
//! "treat like EAGAIN") is skipped at once. Any other error, above all EMFILE / ENFILE (no
//! descriptor left), ENOBUFS / ENOMEM, would fail again at once: the loop waits 50 ms, doubling
//! to 1 s while the failures go on, instead of spinning. A burst of failures is logged when it
//! begins, once a minute while it lasts, and when it ends, with the count, never once per
//! failure.

use std::io;
use std::time::{Duration, Instant};

/// First wait after a failed accept.
pub(crate) const FIRST_WAIT: Duration = Duration::from_millis(50);
/// Longest wait between two accepts while they fail.
pub(crate) const MAX_WAIT: Duration = Duration::from_secs(1);
/// How often a burst that goes on is logged again.
pub(crate) const REMIND_EVERY: Duration = Duration::from_secs(60);

/// Whether an accept error concerns only the connection it would have returned.
pub(crate) fn concerns_one_connection(e: &io::Error) -> bool {
    use io::ErrorKind as K;
    matches!(
        e.kind(),
        K::ConnectionAborted
            | K::ConnectionReset
            | K::Interrupted
            | K::WouldBlock
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::NetworkDown
            | K::PermissionDenied
    )
}

/// A line the accept loop logs about a burst of failures.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Report {
    /// The first failure of a burst.
    Began { error: String },
    /// The burst goes on.
    Continues {
        failures: u64,
        lasted: Duration,
        error: String,
    },
    /// An accept succeeded after `failures` failures.
    Ended { failures: u64, lasted: Duration },
}

/// The state of the accept loop's back-off.
#[derive(Debug, Default)]
pub(crate) struct Backoff {
    failures: u64,
    wait: Duration,
    began: Option<Instant>,
    reported: Option<Instant>,
}

impl Backoff {
    /// A failed accept (of an error not [`concerns_one_connection`]): how long to wait before
    /// accepting again, and what to log, if anything.
    pub(crate) fn failed(&mut self, error: &io::Error, now: Instant) -> (Duration, Option<Report>) {
        self.failures += 1;
        self.wait = if self.wait.is_zero() {
            FIRST_WAIT
        } else {
            (self.wait * 2).min(MAX_WAIT)
        };
        let began = *self.began.get_or_insert(now);
        let report = match self.reported {
            None => Some(Report::Began {
                error: error.to_string(),
            }),
            Some(at) if now.duration_since(at) >= REMIND_EVERY => Some(Report::Continues {
                failures: self.failures,
                lasted: now.duration_since(began),
                error: error.to_string(),
            }),
            Some(_) => None,
        };
        if report.is_some() {
            self.reported = Some(now);
        }
        (self.wait, report)
    }

    /// A successful accept: ends a burst, if one was going on.
    pub(crate) fn succeeded(&mut self, now: Instant) -> Option<Report> {
        let began = self.began.take()?;
        let report = Report::Ended {
            failures: self.failures,
            lasted: now.duration_since(began),
        };
        *self = Backoff::default();
        Some(report)
    }
}

/// Logs a report of the listener on `local`.
pub(crate) fn log(local: &str, report: Report) {
    match report {
        Report::Began { error } => tracing::warn!(
            listener = local,
            %error,
            "accepting connections failed; retrying after 50 ms, doubling up to 1 s, until it \
             succeeds (open connections are still served)"
        ),
        Report::Continues {
            failures,
            lasted,
            error,
        } => tracing::warn!(
            listener = local,
            %error,
            failures,
            lasted_s = lasted.as_secs(),
            "accepting connections still fails"
        ),
        Report::Ended { failures, lasted } => tracing::warn!(
            listener = local,
            failures,
            lasted_ms = lasted.as_millis() as u64,
            "accepting connections again"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emfile() -> io::Error {
        io::Error::from_raw_os_error(libc::EMFILE)
    }

    #[test]
    fn waits_double_to_a_second_and_a_burst_logs_a_bounded_number_of_lines() {
        let mut b = Backoff::default();
        let start = Instant::now();
        let mut now = start;
        let mut waits = Vec::new();
        let mut reports = Vec::new();
        // Three minutes of EMFILE, accepting again after each wait.
        while now.duration_since(start) < Duration::from_secs(180) {
            let (wait, report) = b.failed(&emfile(), now);
            waits.push(wait);
            reports.extend(report);
            now += wait;
        }
        assert_eq!(
            waits[..6],
            [50, 100, 200, 400, 800, 1000].map(Duration::from_millis)
        );
        assert!(waits[6..].iter().all(|w| *w == MAX_WAIT));
        assert!(waits.len() > 170, "{} attempts", waits.len());
        let ended = b.succeeded(now).unwrap();
        reports.push(ended);
        // Began, two reminders (60 s, 120 s), ended: 4 lines for ~180 failures.
        assert_eq!(reports.len(), 4, "{reports:?}");
        assert!(matches!(reports[0], Report::Began { .. }));
        assert!(matches!(reports[2], Report::Continues { failures, .. } if failures > 100));
        let Report::Ended { failures, lasted } = &reports[3] else {
            panic!("{reports:?}")
        };
        assert_eq!(*failures, waits.len() as u64);
        assert!(*lasted >= Duration::from_secs(179));
        // The next burst starts from the first wait again and is reported again.
        let (wait, report) = b.failed(&emfile(), now);
        assert_eq!(wait, FIRST_WAIT);
        assert!(matches!(report, Some(Report::Began { .. })));
    }

    #[test]
    fn a_success_without_a_burst_reports_nothing() {
        assert_eq!(Backoff::default().succeeded(Instant::now()), None);
    }

    #[test]
    fn errors_about_one_connection_are_told_from_resource_exhaustion() {
        for kind in [
            io::ErrorKind::ConnectionAborted,
            io::ErrorKind::ConnectionReset,
        ] {
            assert!(concerns_one_connection(&io::Error::from(kind)));
        }
        for errno in [libc::ENFILE, libc::EMFILE, libc::ENOBUFS, libc::ENOMEM] {
            assert!(!concerns_one_connection(&io::Error::from_raw_os_error(
                errno
            )));
        }
    }
}
