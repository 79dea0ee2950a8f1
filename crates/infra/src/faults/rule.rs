//! One fault rule: the requests it selects (an EID, an EID prefix, a seeded share of
//! requests, or every request), optionally only those of some functions and only within a
//! time window, and at most a number of times.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use super::FaultKind;
use super::share::Share;

/// Which requests a rule selects.
#[derive(Debug)]
pub enum Select {
    /// Every request.
    All,
    /// The requests of one EID (32 digits, compared without regard to case).
    Eid(String),
    /// The requests of EIDs starting with these digits.
    EidPrefix(String),
    /// A share of requests, drawn with a seed: the same requests in the same order get
    /// the same draws.
    Share(Share),
}

/// One rule of `[faults]`.
#[derive(Debug)]
pub struct Rule {
    pub kind: FaultKind,
    pub select: Select,
    /// The functions it applies to (their binding names: `getBoundProfilePackage`,
    /// `getEimPackage`); empty: all.
    pub functions: Vec<String>,
    /// [`FaultKind::Delay`]: how long.
    pub delay: Duration,
    /// Only from then on.
    pub from: Option<SystemTime>,
    /// Only until then.
    pub until: Option<SystemTime>,
    /// At most this many injections; `None`: no limit.
    pub times: Option<u64>,
    fired: AtomicU64,
}

impl Rule {
    /// A rule of `kind` over `select`, for every function, always, without limit.
    pub fn new(kind: FaultKind, select: Select) -> Rule {
        Rule {
            kind,
            select,
            functions: Vec::new(),
            delay: Duration::ZERO,
            from: None,
            until: None,
            times: None,
            fired: AtomicU64::new(0),
        }
    }

    /// Whether it applies to `function` at all.
    pub(super) fn names(&self, function: &str) -> bool {
        self.functions.is_empty() || self.functions.iter().any(|f| f == function)
    }

    /// Whether it fires for this request (spending a draw and one of its times when it
    /// does).
    pub(super) fn fire(&self, function: &str, eid: Option<&str>, now: SystemTime) -> bool {
        if !self.names(function) {
            return false;
        }
        if self.from.is_some_and(|f| now < f) || self.until.is_some_and(|u| now >= u) {
            return false;
        }
        let selected = match &self.select {
            Select::All => true,
            Select::Eid(e) => eid.is_some_and(|x| x.eq_ignore_ascii_case(e)),
            Select::EidPrefix(p) => eid.is_some_and(|x| {
                x.len() >= p.len() && x.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            }),
            Select::Share(s) => s.draw(),
        };
        if !selected {
            return false;
        }
        match self.times {
            None => {
                self.fired.fetch_add(1, Ordering::Relaxed);
                true
            }
            Some(max) => self
                .fired
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                    (n < max).then_some(n + 1)
                })
                .is_ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EID: &str = "89049032123451234512345678901235";

    #[test]
    fn eid_prefix_function_window_and_times() {
        let now = SystemTime::now();
        let mut r = Rule::new(
            FaultKind::LoseAnswer,
            Select::EidPrefix("8904903212".into()),
        );
        r.functions = vec!["getBoundProfilePackage".into()];
        r.times = Some(2);
        assert!(
            !r.fire("authenticateClient", Some(EID), now),
            "other function"
        );
        assert!(!r.fire("getBoundProfilePackage", None, now), "EID unknown");
        assert!(
            !r.fire("getBoundProfilePackage", Some("8904"), now),
            "short EID"
        );
        assert!(r.fire("getBoundProfilePackage", Some(EID), now));
        assert!(r.fire("getBoundProfilePackage", Some(EID), now));
        assert!(
            !r.fire("getBoundProfilePackage", Some(EID), now),
            "twice only"
        );

        let mut w = Rule::new(FaultKind::Unreachable, Select::Eid(EID.to_lowercase()));
        w.from = Some(now);
        w.until = Some(now + Duration::from_secs(60));
        assert!(!w.fire("getEimPackage", Some(EID), now - Duration::from_secs(1)));
        assert!(w.fire("getEimPackage", Some(EID), now));
        assert!(!w.fire("getEimPackage", Some(EID), now + Duration::from_secs(60)));
        assert!(!w.fire(
            "getEimPackage",
            Some("89049032123451234512345678901236"),
            now
        ));
    }
}
