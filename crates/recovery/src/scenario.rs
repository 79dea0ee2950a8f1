//! A recovery scenario as written (`SCENARIO.toml`): what the servers do, step by step, and
//! what must then reach them from the device.
//!
//! ```toml
//! name = "rollback-eim-unreachable"
//! title = "The eIM unreachable after an enable: the device rolls back to its bootstrap"
//! clause = "SGP.32 v1.2 2.11.1.1.3, 5.9.16"
//!
//! [device]                     # hints for rsp-lab's own device (`--device own`)
//! rollback_after_secs = 3      # `ipa run --rollback-after`
//!
//! [[step]]
//! do = "bootstrap"             # download, enable and set as Fallback a bootstrap profile
//! [[step]]
//! do = "download"              # an ES2+ order, then the eIM's download operation
//! profile = "local"            # bootstrap, local or uncovered (the lab's profile types)
//! [[step]]
//! do = "arm"                   # faults from now on: [[faults.rule]]s of the role
//! role = "eim"
//! rule = [{ kind = "unreachable", functions = ["provideEimPackageResult"], for_secs = 20 }]
//! [[step]]
//! do = "enable"
//! profile = "local"
//! rollback = true
//! [[step]]
//! do = "expect"                # wait until it holds, or fail the scenario
//! check = "rollback"
//! within_secs = 90
//! ```
//!
//! Every armed rule must have fired by the end: a scenario whose fault never met the device
//! did not test the path it names, and fails.

use std::path::Path;

use infra::faults::file::FileRule;
use serde::Deserialize;

/// A scenario file at most this large is read.
pub const MAX_FILE: u64 = 64 * 1024;
/// At most this many steps.
pub const MAX_STEPS: usize = 64;
/// The longest wait an expectation may name.
pub const MAX_WAIT_SECS: u64 = 24 * 3600;

/// A scenario.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short, for file names and reports (`rollback-eim-unreachable`).
    pub name: String,
    /// What it shows, in a sentence.
    pub title: String,
    /// The specification clauses of the recovery path.
    pub clause: String,
    /// Anything a device under test needs arranged (a profile without coverage, …).
    #[serde(default)]
    pub needs: Option<String>,
    /// The eIM's configuration says `indirectProfileDownload`: the device downloads through
    /// the eIM, which relays ES9+ to the SM-DP+ (SGP.32 v1.2 3.2.3.2, 5.14.1–5.14.4).
    #[serde(default)]
    pub indirect_download: bool,
    /// The binding the device reaches the eIM over: `https` (default) or `coap` (ESipa over
    /// CoAP on DTLS, where the eIM serves the CoAP faults).
    #[serde(default)]
    pub esipa: Binding,
    #[serde(default)]
    pub device: DeviceHints,
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
}

/// How rsp-lab's own device is started for this scenario (ignored for another device).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceHints {
    /// `ipa run --rollback-after` (default 5).
    pub rollback_after_secs: Option<u64>,
    /// `ipa run --interval` (default 1).
    pub interval_secs: Option<u64>,
}

/// How ESipa reaches the eIM.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Binding {
    /// HTTPS (SGP.32 6.1).
    #[default]
    Https,
    /// CoAP on DTLS, the eIM's certificate checked (SGP.32's CoAP binding).
    Coap,
}

/// The lab's profile types at its SM-DP+.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfileType {
    /// The profile a device ships with, its Fallback Profile.
    Bootstrap,
    /// A local operator's profile the device attaches with.
    Local,
    /// A local profile without coverage: the device cannot register with it (rsp-lab's
    /// own device is told so; another device needs its network absent).
    Uncovered,
}

impl ProfileType {
    pub const ALL: [ProfileType; 3] = [
        ProfileType::Bootstrap,
        ProfileType::Local,
        ProfileType::Uncovered,
    ];

    /// The profile type's name at the SM-DP+.
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileType::Bootstrap => "bootstrap",
            ProfileType::Local => "local",
            ProfileType::Uncovered => "uncovered",
        }
    }
}

/// The role a fault is armed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Smdp,
    Eim,
}

/// One step.
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "do", rename_all = "lowercase", deny_unknown_fields)]
pub enum Step {
    /// Gives the device a bootstrap profile: downloaded, enabled and set as its Fallback
    /// Profile through the eIM (SGP.32 v1.2 3.4.5), unless `--bootstrap-iccid` names the
    /// one it has.
    Bootstrap,
    /// An ES2+ DownloadOrder and ConfirmOrder of a profile of this type for the EID, then
    /// the eIM's download operation with its Activation Code (SGP.32 v1.2 2.11.1, 3.2.1).
    Download { profile: ProfileType },
    /// The eIM's enable operation for the last profile of this type.
    Enable {
        profile: ProfileType,
        #[serde(default)]
        rollback: bool,
    },
    /// Any operation of the eIM's operator API (its JSON body: `{type = "listProfiles"}`).
    Queue { operation: toml::Table },
    /// Faults at a role from now on (`[[faults.rule]]` entries; windows from this step).
    Arm {
        role: Role,
        #[serde(default)]
        seed: u64,
        rule: Vec<FileRule>,
    },
    /// Wait until the check holds, at most `within_secs` (and, for operations, within
    /// `within_polls` of the device's polls since the operation was queued).
    Expect(Expect),
    /// Let time pass.
    Wait { secs: u64 },
}

/// What must reach the servers.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub check: Check,
    /// The longest wait (scaled by `--time-scale`); default 60.
    pub within_secs: Option<u64>,
    /// `operation`: the device's polls (ESipa GetEimPackage) it may take.
    pub within_polls: Option<u64>,
    /// `operation`: `done` (default) or `error`.
    pub state: Option<String>,
    /// `operation`: the error or result contains this text.
    pub contains: Option<String>,
    /// `enabled`, `smdp`: the profile type meant (its last profile).
    pub profile: Option<ProfileType>,
    /// `event`: the history entry's kind (`rollback`, `network`, `notification`, …);
    /// `smdp`: the profile's state at the SM-DP+ (`installed`, `released`, …).
    pub kind: Option<String>,
}

/// The checks an expectation can make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    /// The last operation queued ended in `state`.
    Operation,
    /// The eIM knows the profile `profile` as the enabled one.
    Enabled,
    /// The eIM received a rollback the eUICC did (ProfileRollback's result, SGP.32 v1.2
    /// 5.9.16, in an eUICC Package Result).
    Rollback,
    /// An entry of `kind` (containing `contains`) in the device's history at the eIM.
    Event,
    /// The SM-DP+ holds the profile `profile` in state `kind`.
    Smdp,
}

/// Why a scenario file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    #[error("{path}: {detail}")]
    Read { path: String, detail: String },
    #[error("{path}: {source}")]
    Invalid {
        path: String,
        source: ScenarioInvalid,
    },
}

/// Why a scenario's text is refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioInvalid {
    /// Not the TOML of a scenario.
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    /// The name is not a short identifier.
    #[error("name {0:?}: 1 to 64 letters, digits, '-' or '_'")]
    Name(String),
    /// Too few or too many steps.
    #[error("1 to {MAX_STEPS} steps")]
    StepCount,
    /// No step expects anything: the scenario could not fail.
    #[error("no step expects anything: the scenario could not fail")]
    NothingExpected,
    /// One step is refused.
    #[error("step {step}: {why}")]
    Step {
        /// The step's place, from 1.
        step: usize,
        /// Why.
        why: StepInvalid,
    },
}

/// Why one step of a scenario is refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StepInvalid {
    /// `within_secs` is 0 or too long.
    #[error("within_secs: 1 to {MAX_WAIT_SECS}")]
    Within,
    /// A wait is too long.
    #[error("wait at most {MAX_WAIT_SECS} s")]
    Wait,
    /// An `arm` without rules.
    #[error("arm needs at least one rule")]
    NoRule,
    /// An operation state other than done or error.
    #[error("state {0:?}: done or error")]
    State(String),
    /// A check without the fields it needs.
    #[error("check {check:?} needs {what}")]
    Needs {
        /// The check.
        check: Check,
        /// What it needs.
        what: &'static str,
    },
}

impl Scenario {
    /// Reads and checks a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let shown = path.display().to_string();
        let read = |detail: String| ScenarioError::Read {
            path: shown.clone(),
            detail,
        };
        let len = std::fs::metadata(path)
            .map_err(|e| read(e.to_string()))?
            .len();
        if len > MAX_FILE {
            return Err(read(format!("{len} octets, more than {MAX_FILE}")));
        }
        let text = std::fs::read_to_string(path).map_err(|e| read(e.to_string()))?;
        Scenario::parse(&text).map_err(|source| ScenarioError::Invalid {
            path: shown,
            source,
        })
    }

    /// Parses and checks a scenario.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioInvalid> {
        let s: Scenario = toml::from_str(text)?;
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<(), ScenarioInvalid> {
        if self.name.is_empty()
            || self.name.len() > 64
            || !self
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(ScenarioInvalid::Name(self.name.clone()));
        }
        if self.steps.is_empty() || self.steps.len() > MAX_STEPS {
            return Err(ScenarioInvalid::StepCount);
        }
        if !self.steps.iter().any(|s| matches!(s, Step::Expect(_))) {
            return Err(ScenarioInvalid::NothingExpected);
        }
        for (i, step) in self.steps.iter().enumerate() {
            let bad = |why: StepInvalid| ScenarioInvalid::Step { step: i + 1, why };
            match step {
                Step::Expect(e) => e.check_fields().map_err(bad)?,
                Step::Wait { secs } if *secs > MAX_WAIT_SECS => {
                    return Err(bad(StepInvalid::Wait));
                }
                Step::Arm { rule, .. } if rule.is_empty() => {
                    return Err(bad(StepInvalid::NoRule));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl Expect {
    fn check_fields(&self) -> Result<(), StepInvalid> {
        if self
            .within_secs
            .is_some_and(|s| s == 0 || s > MAX_WAIT_SECS)
        {
            return Err(StepInvalid::Within);
        }
        let needs = |what: &'static str, present: bool| {
            if present {
                Ok(())
            } else {
                Err(StepInvalid::Needs {
                    check: self.check,
                    what,
                })
            }
        };
        match self.check {
            Check::Operation => {
                if let Some(s) = &self.state
                    && s != "done"
                    && s != "error"
                {
                    return Err(StepInvalid::State(s.clone()));
                }
                Ok(())
            }
            Check::Enabled => needs("profile", self.profile.is_some()),
            Check::Rollback => Ok(()),
            Check::Event => needs("kind", self.kind.is_some()),
            Check::Smdp => needs(
                "profile and kind",
                self.profile.is_some() && self.kind.is_some(),
            ),
        }
    }

    /// The wait, in seconds, before scaling.
    pub fn secs(&self) -> u64 {
        self.within_secs.unwrap_or(60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_parses() {
        let doc = include_str!("scenario.rs");
        let example: String = doc
            .lines()
            .skip_while(|l| !l.starts_with("//! ```toml"))
            .skip(1)
            .take_while(|l| !l.starts_with("//! ```"))
            .map(|l| l.trim_start_matches("//!").trim_start().to_string() + "\n")
            .collect();
        let s = Scenario::parse(&example).unwrap();
        assert_eq!(s.steps.len(), 5);
        assert!(matches!(
            s.steps[3],
            Step::Enable {
                profile: ProfileType::Local,
                rollback: true
            }
        ));
    }

    #[test]
    fn what_is_refused() {
        let base = "name = \"x\"\ntitle = \"t\"\nclause = \"c\"\n";
        let refused = |steps: &str, needle: &str| {
            let e = Scenario::parse(&format!("{base}{steps}"))
                .expect_err(steps)
                .to_string();
            assert!(e.contains(needle), "{steps}: {e}");
        };
        refused("[[step]]\ndo = \"bootstrap\"\n", "could not fail");
        refused(
            "[[step]]\ndo = \"expect\"\ncheck = \"enabled\"\n",
            "needs profile",
        );
        refused(
            "[[step]]\ndo = \"expect\"\ncheck = \"operation\"\nstate = \"sent\"\n",
            "done or error",
        );
        refused("[[step]]\ndo = \"reboot\"\n", "reboot");
        refused(
            "[[step]]\ndo = \"download\"\nprofile = \"roaming\"\n",
            "roaming",
        );
        refused(
            "[[step]]\ndo = \"arm\"\nrole = \"eim\"\nrule = []\n\
             [[step]]\ndo = \"expect\"\ncheck = \"rollback\"\n",
            "at least one rule",
        );
        let e = Scenario::parse("name = \"a b\"\ntitle = \"t\"\nclause = \"c\"\n[[step]]\ndo = \"expect\"\ncheck = \"rollback\"\n")
            .unwrap_err();
        assert!(matches!(e, ScenarioInvalid::Name(_)), "{e}");
    }
}
