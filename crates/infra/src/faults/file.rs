//! The `[faults]` table of a server's configuration (or of the file `--faults` names):
//!
//! ```toml
//! [faults]
//! seed = 7                                # draws of `share` rules (default 0)
//!
//! [[faults.rule]]
//! kind = "lose_answer"                    # see FaultKind::as_str; the role lists its own
//! eid_prefix = "89049032"                 # or eid = "…" (32 digits) or share = 0.1;
//!                                         # none of them: every request
//! functions = ["getBoundProfilePackage"]  # default: every function
//! times = 1                               # at most once (default: no limit)
//! delay_ms = 2000                         # kind = "delay" only: 1 to 60000
//! from = 2026-11-28T02:00:00Z             # only within this window (either bound optional)
//! until = 2026-11-28T03:00:00Z
//! after_start_secs = 10                   # or relative to the server's start,
//! for_secs = 300                          # for this long
//! ```
//!
//! Unknown keys and kinds a role cannot serve are refused when the server starts.

use std::time::{Duration, SystemTime};

use serde::Deserialize;

use super::rule::{Rule, Select};
use super::share::Share;
use super::{FaultKind, Faults};

/// The longest delay a rule may ask for: a delayed answer must stay within what a client
/// waits for and what the listener keeps a connection for.
pub const MAX_DELAY: Duration = Duration::from_secs(60);

/// At most this many rules.
pub const MAX_RULES: usize = 64;

/// Why `[faults]` was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FaultsError {
    #[error("faults.rule[{rule}]: unknown kind {kind:?}")]
    UnknownKind { rule: usize, kind: String },
    #[error("faults.rule[{rule}]: {kind} is not served by the {role}")]
    NotServed {
        rule: usize,
        kind: &'static str,
        role: &'static str,
    },
    #[error("faults.rule[{rule}]: give at most one of eid, eid_prefix and share")]
    Selectors { rule: usize },
    #[error("faults.rule[{rule}]: {detail}")]
    Invalid { rule: usize, detail: String },
    #[error("faults.rule[{rule}]: the {role} has no function {function:?}")]
    UnknownFunction {
        rule: usize,
        role: &'static str,
        function: String,
    },
    #[error("faults: at most {MAX_RULES} rules")]
    TooManyRules,
    #[error("faults.rule[{rule}]: {key}: {source}")]
    Time {
        rule: usize,
        key: &'static str,
        #[source]
        source: RuleTimeError,
    },
}

/// Why a rule's `from` or `until` is not a point in time.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuleTimeError {
    /// A date or a time alone, or a local date-time.
    #[error("{0} is not a date and time with an offset (Z or ±hh:mm)")]
    NoOffset(toml::value::Datetime),
    /// Not an RFC 3339 date-time.
    #[error("{0}")]
    Rfc3339(#[from] time::error::Parse),
}

/// `[faults]` as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileFaults {
    #[serde(default)]
    pub seed: u64,
    #[serde(default)]
    pub rule: Vec<FileRule>,
}

/// One `[[faults.rule]]` as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRule {
    pub kind: String,
    pub eid: Option<String>,
    pub eid_prefix: Option<String>,
    pub share: Option<f64>,
    #[serde(default)]
    pub functions: Vec<String>,
    pub times: Option<u64>,
    pub delay_ms: Option<u64>,
    pub from: Option<toml::value::Datetime>,
    pub until: Option<toml::value::Datetime>,
    pub after_start_secs: Option<u64>,
    pub for_secs: Option<u64>,
}

/// A file that holds only the table (`--faults FILE`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsFile {
    #[serde(default)]
    pub faults: FileFaults,
}

impl FileFaults {
    /// The rules for `role`, which serves the kinds in `served` and the functions named in
    /// `functions`; windows relative to the start are counted from `started`.
    pub fn build(
        self,
        role: &'static str,
        served: &[FaultKind],
        functions: &[&str],
        started: SystemTime,
    ) -> Result<Faults, FaultsError> {
        if self.rule.len() > MAX_RULES {
            return Err(FaultsError::TooManyRules);
        }
        let mut rules = Vec::with_capacity(self.rule.len());
        for (i, r) in self.rule.into_iter().enumerate() {
            if let Some(f) = r
                .functions
                .iter()
                .find(|f| !functions.contains(&f.as_str()))
            {
                return Err(FaultsError::UnknownFunction {
                    rule: i,
                    role,
                    function: f.clone(),
                });
            }
            rules.push(r.build(i, role, served, self.seed, started)?);
        }
        Ok(Faults::new(role, rules))
    }
}

impl FileRule {
    fn build(
        self,
        i: usize,
        role: &'static str,
        served: &[FaultKind],
        seed: u64,
        started: SystemTime,
    ) -> Result<Rule, FaultsError> {
        let invalid = |detail: String| FaultsError::Invalid { rule: i, detail };
        let kind = FaultKind::parse(&self.kind).ok_or_else(|| FaultsError::UnknownKind {
            rule: i,
            kind: self.kind.clone(),
        })?;
        if !served.contains(&kind) {
            return Err(FaultsError::NotServed {
                rule: i,
                kind: kind.as_str(),
                role,
            });
        }
        let select = selector(self.eid, self.eid_prefix, self.share, i, seed)?;
        let mut rule = Rule::new(kind, select);
        rule.functions = self.functions;
        rule.times = self.times;
        match (kind, self.delay_ms) {
            (FaultKind::Delay, Some(ms)) => {
                let d = Duration::from_millis(ms);
                if d.is_zero() || d > MAX_DELAY {
                    return Err(invalid(format!(
                        "delay_ms {ms} is not within 1 to {}",
                        MAX_DELAY.as_millis()
                    )));
                }
                rule.delay = d;
            }
            (FaultKind::Delay, None) => return Err(invalid("delay needs delay_ms".into())),
            (_, Some(_)) => return Err(invalid("delay_ms is for kind = \"delay\"".into())),
            (_, None) => {}
        }
        let at = |d: Option<toml::value::Datetime>, key: &'static str| {
            d.map(|d| {
                system_time(&d).map_err(|source| FaultsError::Time {
                    rule: i,
                    key,
                    source,
                })
            })
            .transpose()
        };
        rule.from = at(self.from, "from")?;
        rule.until = at(self.until, "until")?;
        if let Some(s) = self.after_start_secs {
            if rule.from.is_some() {
                return Err(invalid("give from or after_start_secs, not both".into()));
            }
            rule.from = Some(started + Duration::from_secs(s));
        }
        if let Some(s) = self.for_secs {
            if rule.until.is_some() {
                return Err(invalid("give until or for_secs, not both".into()));
            }
            rule.until = Some(rule.from.unwrap_or(started) + Duration::from_secs(s));
        }
        Ok(rule)
    }
}

/// A rule's selector: every request, one EID, an EID prefix or a seeded share of the EIDs.
fn selector(
    eid: Option<String>,
    eid_prefix: Option<String>,
    share: Option<f64>,
    i: usize,
    seed: u64,
) -> Result<Select, FaultsError> {
    let invalid = |detail: String| FaultsError::Invalid { rule: i, detail };
    Ok(match (eid, eid_prefix, share) {
        (None, None, None) => Select::All,
        (Some(e), None, None) => {
            if e.len() != 32 || !e.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(format!("eid {e:?} is not 32 digits")));
            }
            Select::Eid(e)
        }
        (None, Some(p), None) => {
            if p.is_empty() || p.len() > 32 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(format!("eid_prefix {p:?} is not 1 to 32 digits")));
            }
            Select::EidPrefix(p)
        }
        (None, None, Some(s)) => {
            if !(0.0..=1.0).contains(&s) {
                return Err(invalid(format!("share {s} is not within 0 to 1")));
            }
            // each rule draws apart, from the seed and its place
            Select::Share(Share::new(s, seed.wrapping_add(i as u64)))
        }
        _ => return Err(FaultsError::Selectors { rule: i }),
    })
}

/// A TOML offset date-time as a system time.
fn system_time(d: &toml::value::Datetime) -> Result<SystemTime, RuleTimeError> {
    if d.offset.is_none() || d.date.is_none() || d.time.is_none() {
        return Err(RuleTimeError::NoOffset(*d));
    }
    let t = time::OffsetDateTime::parse(
        &d.to_string(),
        &time::format_description::well_known::Rfc3339,
    )?;
    Ok(SystemTime::from(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVED: [FaultKind; 2] = [FaultKind::LoseAnswer, FaultKind::Delay];

    fn build(text: &str) -> Result<Faults, FaultsError> {
        let f: FaultsFile = toml::from_str(text).map_err(|e| FaultsError::Invalid {
            rule: 0,
            detail: e.to_string(),
        })?;
        f.faults
            .build("smdp", &SERVED, &FUNCTIONS, SystemTime::now())
    }

    const FUNCTIONS: [&str; 2] = ["handleNotification", "x"];

    #[test]
    fn rules_from_toml_and_what_is_refused() {
        let f = build(
            "[faults]\nseed = 3\n[[faults.rule]]\nkind = \"delay\"\ndelay_ms = 5\n\
             eid = \"89049032123451234512345678901235\"\nfunctions = [\"handleNotification\"]\n",
        )
        .unwrap();
        let now = SystemTime::now();
        let eid = Some("89049032123451234512345678901235");
        assert_eq!(f.pick(&SERVED, "getBoundProfilePackage", eid, now), None);
        let got = f.pick(&SERVED, "handleNotification", eid, now).unwrap();
        assert_eq!(
            (got.kind, got.delay),
            (FaultKind::Delay, Duration::from_millis(5))
        );
        assert!(
            f.pick(&[FaultKind::LoseAnswer], "handleNotification", eid, now)
                .is_none()
        );

        let refused = |text: &str, needle: &str| {
            let e = build(text).expect_err(text).to_string();
            assert!(e.contains(needle), "{text}: {e}");
        };
        refused("[[faults.rule]]\nkind = \"nonsense\"\n", "unknown kind");
        refused(
            "[[faults.rule]]\nkind = \"break_mac\"\n",
            "not served by the smdp",
        );
        refused(
            "[[faults.rule]]\nkind = \"lose_answer\"\neid_prefix = \"89\"\nshare = 0.5\n",
            "at most one",
        );
        refused("[[faults.rule]]\nkind = \"delay\"\n", "needs delay_ms");
        refused(
            "[[faults.rule]]\nkind = \"delay\"\ndelay_ms = 600000\n",
            "within 1 to 60000",
        );
        refused(
            "[[faults.rule]]\nkind = \"lose_answer\"\neid = \"12\"\n",
            "32 digits",
        );
        refused(
            "[[faults.rule]]\nkind = \"lose_answer\"\nshare = 2.0\n",
            "within 0 to 1",
        );
        refused(
            "[[faults.rule]]\nkind = \"lose_answer\"\nfrom = 2026-11-28\n",
            "with an offset",
        );
        refused(
            "[[faults.rule]]\nkind = \"lose_answer\"\nsurprise = 1\n",
            "surprise",
        );
    }

    #[test]
    fn windows_absolute_and_after_the_start() {
        let f = build(
            "[[faults.rule]]\nkind = \"lose_answer\"\n\
             from = 2000-01-01T00:00:00Z\nuntil = 2000-01-02T00:00:00+01:00\n",
        )
        .unwrap();
        let in_window = SystemTime::UNIX_EPOCH + Duration::from_secs(946_684_800 + 3600);
        assert!(f.pick(&SERVED, "x", None, in_window).is_some());
        assert!(f.pick(&SERVED, "x", None, SystemTime::now()).is_none());

        let started = SystemTime::now();
        let rel: FaultsFile = toml::from_str(
            "[faults]\n[[faults.rule]]\nkind = \"lose_answer\"\nafter_start_secs = 10\nfor_secs = 5\n",
        )
        .unwrap();
        let f = rel
            .faults
            .build("eim", &SERVED, &FUNCTIONS, started)
            .unwrap();
        let at = |s| started + Duration::from_secs(s);
        assert!(f.pick(&SERVED, "x", None, at(9)).is_none());
        assert!(f.pick(&SERVED, "x", None, at(10)).is_some());
        assert!(f.pick(&SERVED, "x", None, at(15)).is_none());
    }
}
