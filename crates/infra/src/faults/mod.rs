//! Faults served on purpose to a device under test (`[faults]` of `rsp-lab smdp serve` and
//! `rsp-lab eim serve`, or `--faults FILE`): rules that pick requests by EID, EID prefix
//! or a seeded share, optionally by function, and say what goes wrong with them.
//!
//! - [`rule`]: one rule, which requests it selects and how often it may fire;
//! - [`share`]: the seeded, reproducible draw of a share of requests;
//! - [`mod@file`]: the TOML table, checked against the kinds a role can serve;
//! - [`cut`]: an answer body that ends the connection (answer lost, package cut short);
//! - [`FaultKind`]: every kind, declared once with its name.
//!
//! With no rule configured a role holds an empty [`Faults`], and asking it costs one atomic
//! load. Rules may also be armed while the server runs ([`Faults::arm`]: what `rsp-lab
//! recovery run` does step by step). Every fault injected is logged with its EID and counted by kind
//! ([`Faults::injected`]; `faults_injected_total{role, kind}` in the role's metrics).

pub mod cut;
pub mod file;
mod kind;
pub mod rule;
pub mod share;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

pub use file::{FaultsError, FileFaults};
pub use kind::{FaultKind, KINDS};
pub use rule::{Rule, Select};

/// A fault chosen for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Injection {
    pub kind: FaultKind,
    /// How long to hold the answer ([`FaultKind::Delay`]), zero otherwise.
    pub delay: Duration,
}

/// The faults of one server: its rules and what they injected.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    role: &'static str,
    /// Whether `rules` holds any: read without the lock on every request.
    any: AtomicBool,
    rules: RwLock<Vec<Rule>>,
    injected: [AtomicU64; KINDS.len()],
}

impl Faults {
    /// The faults of `role` (`smdp`, `eim`: the name in logs and metrics).
    pub fn new(role: &'static str, rules: Vec<Rule>) -> Faults {
        Faults {
            inner: Arc::new(Inner {
                role,
                any: AtomicBool::new(!rules.is_empty()),
                rules: RwLock::new(rules),
                injected: Default::default(),
            }),
        }
    }

    /// No rule: nothing is ever injected.
    pub fn is_empty(&self) -> bool {
        !self.inner.any.load(Ordering::Acquire)
    }

    /// Adds the rules of `more` (built for the same role) after those already held, while
    /// the server runs: every clone of these faults sees them from now on. Their counts of
    /// injections are kept apart from `more`'s own.
    pub fn arm(&self, more: &Faults) {
        let added = std::mem::take(&mut *more.rules_mut());
        if added.is_empty() {
            return;
        }
        self.rules_mut().extend(added);
        self.inner.any.store(true, Ordering::Release);
    }

    /// The rules, for reading; a panic elsewhere while they were written leaves them whole
    /// (a push or an extend), so a poisoned lock is read through.
    fn rules(&self) -> std::sync::RwLockReadGuard<'_, Vec<Rule>> {
        self.inner
            .rules
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn rules_mut(&self) -> std::sync::RwLockWriteGuard<'_, Vec<Rule>> {
        self.inner
            .rules
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The role named in logs and metrics.
    pub fn role(&self) -> &'static str {
        self.inner.role
    }

    /// Whether some rule could select requests of `function` (with any EID): lets a hook
    /// skip the EID lookup it would need only for them.
    pub fn concerns(&self, function: &str) -> bool {
        !self.is_empty() && self.rules().iter().any(|r| r.names(function))
    }

    /// The fault of the first rule of one of `kinds` that selects this request of
    /// `function` from `eid` (unknown before the device is identified: then only rules
    /// that do not select by EID apply), at `now`. The rule's draw and its count are spent;
    /// the caller injects the fault and reports it with [`Faults::injected_now`].
    pub fn pick(
        &self,
        kinds: &[FaultKind],
        function: &str,
        eid: Option<&str>,
        now: SystemTime,
    ) -> Option<Injection> {
        if self.is_empty() {
            return None;
        }
        self.rules()
            .iter()
            .filter(|r| kinds.contains(&r.kind))
            .find(|r| r.fire(function, eid, now))
            .map(|r| Injection {
                kind: r.kind,
                delay: r.delay,
            })
    }

    /// Logs an injected fault with its EID and counts it.
    pub fn injected_now(&self, kind: FaultKind, function: &str, eid: Option<&str>) {
        self.inner.injected[kind.index()].fetch_add(1, Ordering::Relaxed);
        tracing::warn!(
            role = self.inner.role,
            fault = kind.as_str(),
            function,
            eid = eid.unwrap_or("unknown"),
            "fault injected for the device under test"
        );
    }

    /// How many faults of `kind` were injected since the start.
    pub fn injected(&self, kind: FaultKind) -> u64 {
        self.inner.injected[kind.index()].load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_armed_while_running_reach_every_clone() {
        let held = Faults::new("eim", Vec::new());
        let seen_by_server = held.clone();
        let now = SystemTime::now();
        assert!(seen_by_server.is_empty());
        assert!(!seen_by_server.concerns("getEimPackage"));

        let mut rule = Rule::new(FaultKind::LoseAnswer, Select::All);
        rule.functions = vec!["getEimPackage".into()];
        rule.times = Some(1);
        held.arm(&Faults::new("eim", vec![rule]));
        assert!(!seen_by_server.is_empty());
        assert!(seen_by_server.concerns("getEimPackage"));
        let kinds = [FaultKind::LoseAnswer];
        assert!(
            seen_by_server
                .pick(&kinds, "getEimPackage", None, now)
                .is_some()
        );
        assert!(
            seen_by_server
                .pick(&kinds, "getEimPackage", None, now)
                .is_none(),
            "once only"
        );
        // arming nothing changes nothing
        held.arm(&Faults::default());
        assert!(!held.is_empty());
    }
}
