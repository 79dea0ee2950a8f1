//! Scenarios: dated changes of regulation and carriers during a run (`--scenario FILE`,
//! TOML), applied by the network model ([`crate::world::World`]) from their day on.
//!
//! ```toml
//! [[event]]            # a country starts restricting permanent roamers
//! day = 60             # in force from this simulated day
//! notice_days = 21     # announced this many days before (the fleet operator may react)
//! country = "AU"
//! roaming = "block"    # "throttle", "block" or "forbidden"
//! limit_days = 30      # residency tolerated (not with "forbidden")
//!
//! [[event]]            # a carrier degrades
//! day = 40
//! notice_days = 0
//! operator = "DE Local A"
//! attach_success = 0.2 # share of its local profiles that still register (default 1)
//! throughput = 0.3     # share of normal throughput (below 1: its devices are throttled)
//! ```

use eim::policy::{CountryRule, Roaming};
use serde::Deserialize;

use crate::world::countries::{COUNTRIES, Operator, country};

/// What changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The country's rule for long-resident roamers becomes this one.
    Regulation {
        country: &'static str,
        rule: CountryRule,
    },
    /// A local operator's network degrades.
    Carrier {
        operator: Operator,
        attach_success: f64,
        throughput: f64,
    },
}

/// One dated event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub day: u32,
    /// The day the fleet operator learns of it (`day - notice_days`).
    pub announced: u32,
    pub change: Change,
}

impl Event {
    /// A short label for the report (`AU block>30d from day 60`).
    pub fn label(&self) -> String {
        match &self.change {
            Change::Regulation { country, rule } => {
                let how = match rule.roaming {
                    Roaming::Forbidden => "forbids roamers".to_string(),
                    Roaming::Block => format!("blocks roamers >{}d", rule.limit_days.unwrap_or(0)),
                    Roaming::Throttle => {
                        format!("throttles roamers >{}d", rule.limit_days.unwrap_or(0))
                    }
                    Roaming::Allowed => "allows roamers".into(),
                };
                format!("{country} {how} from day {}", self.day)
            }
            Change::Carrier {
                operator,
                attach_success,
                throughput,
            } => format!(
                "{} attach {:.0}%, throughput {:.0}% from day {}",
                operator.name,
                attach_success * 100.0,
                throughput * 100.0,
                self.day
            ),
        }
    }
}

/// A scenario: its events in the order of their day.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    pub events: Vec<Event>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    day: u32,
    #[serde(default)]
    notice_days: u32,
    country: Option<String>,
    roaming: Option<Roaming>,
    limit_days: Option<u32>,
    operator: Option<String>,
    attach_success: Option<f64>,
    throughput: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    #[serde(default)]
    event: Vec<RawEvent>,
}

fn operator(name: &str) -> Option<Operator> {
    COUNTRIES
        .iter()
        .flat_map(|c| c.operators.iter())
        .find(|o| o.name.eq_ignore_ascii_case(name))
        .copied()
}

/// Why a scenario file was refused; `place` names the event (`scenario event N`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The file is not TOML of the scenario's shape.
    #[error("scenario: {0}")]
    Toml(#[from] toml::de::Error),
    /// A share (attach success, throughput) outside 0..=1.
    #[error("{place}: {what} must be between 0 and 1, not {value}")]
    Share {
        place: String,
        what: &'static str,
        value: f64,
    },
    /// A country the lab does not model.
    #[error("{place}: {code:?} is not a modelled country")]
    Country { place: String, code: String },
    /// A regulation event without its roaming rule.
    #[error("{place}: roaming is required")]
    NoRoaming { place: String },
    /// `limit_days` with a roaming rule other than block and throttle, or missing there.
    #[error("{place}: limit_days goes with block and throttle")]
    LimitDays { place: String },
    /// Carrier fields in a regulation event.
    #[error("{place}: attach_success/throughput are carrier fields")]
    CarrierFields { place: String },
    /// An operator the lab does not model.
    #[error("{place}: unknown operator {name:?}")]
    Operator { place: String, name: String },
    /// Country fields in a carrier event.
    #[error("{place}: roaming/limit_days are country fields")]
    CountryFields { place: String },
    /// An event with both a country and an operator, or neither.
    #[error("{place}: give either country or operator")]
    Target { place: String },
}

fn share(place: &str, what: &'static str, v: Option<f64>) -> Result<f64, ScenarioError> {
    match v {
        None => Ok(1.0),
        Some(x) if (0.0..=1.0).contains(&x) => Ok(x),
        Some(value) => Err(ScenarioError::Share {
            place: place.to_string(),
            what,
            value,
        }),
    }
}

fn change(place: &str, e: &RawEvent) -> Result<Change, ScenarioError> {
    let at = || place.to_string();
    match (&e.country, &e.operator) {
        (Some(c), None) => {
            let c = country(c).ok_or_else(|| ScenarioError::Country {
                place: at(),
                code: c.clone(),
            })?;
            let roaming = e
                .roaming
                .ok_or_else(|| ScenarioError::NoRoaming { place: at() })?;
            let limit_days = match (roaming, e.limit_days) {
                (Roaming::Forbidden, None) => Some(0),
                (Roaming::Block | Roaming::Throttle, Some(d)) => Some(d),
                (Roaming::Allowed, None) => None,
                _ => return Err(ScenarioError::LimitDays { place: at() }),
            };
            if e.attach_success.is_some() || e.throughput.is_some() {
                return Err(ScenarioError::CarrierFields { place: at() });
            }
            Ok(Change::Regulation {
                country: c.code,
                // The localization half of the rule is the eIM's, not the network's.
                rule: CountryRule {
                    roaming,
                    limit_days,
                    localize: eim::policy::Localize::Never,
                },
            })
        }
        (None, Some(o)) => {
            let operator = operator(o).ok_or_else(|| ScenarioError::Operator {
                place: at(),
                name: o.clone(),
            })?;
            if e.roaming.is_some() || e.limit_days.is_some() {
                return Err(ScenarioError::CountryFields { place: at() });
            }
            Ok(Change::Carrier {
                operator,
                attach_success: share(place, "attach_success", e.attach_success)?,
                throughput: share(place, "throughput", e.throughput)?,
            })
        }
        _ => Err(ScenarioError::Target { place: at() }),
    }
}

impl Scenario {
    pub fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
        let raw: RawScenario = toml::from_str(text)?;
        let mut events = Vec::new();
        for (i, e) in raw.event.iter().enumerate() {
            let place = format!("scenario event {}", i + 1);
            events.push(Event {
                day: e.day,
                announced: e.day.saturating_sub(e.notice_days),
                change: change(&place, e)?,
            });
        }
        events.sort_by_key(|e| e.day);
        Ok(Scenario { events })
    }

    /// The roaming rule of `code` in force on `day`: the last regulation event so far, or
    /// `base`.
    pub fn rule(&self, code: &str, day: u32, base: CountryRule) -> CountryRule {
        let mut r = base;
        for e in self.events.iter().filter(|e| e.day <= day) {
            if let Change::Regulation { country, rule } = &e.change
                && *country == code
            {
                r = CountryRule {
                    localize: base.localize,
                    ..*rule
                };
            }
        }
        r
    }

    /// `(attach_success, throughput)` of `op` on `day` (1, 1 when unaffected).
    pub fn carrier(&self, op: &Operator, day: u32) -> (f64, f64) {
        let mut state = (1.0, 1.0);
        for e in self.events.iter().filter(|e| e.day <= day) {
            if let Change::Carrier {
                operator,
                attach_success,
                throughput,
            } = &e.change
                && operator == op
            {
                state = (*attach_success, *throughput);
            }
        }
        state
    }

    /// Events the fleet operator learns of on `day`.
    pub fn announced_on(&self, day: u32) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.announced == day)
    }
}

#[cfg(test)]
mod tests {
    use eim::policy::Policy;

    use super::*;

    #[test]
    fn events_apply_from_their_day() {
        let s = Scenario::from_toml(
            "[[event]]\nday = 60\nnotice_days = 20\ncountry = \"AU\"\nroaming = \"block\"\n\
             limit_days = 30\n[[event]]\nday = 10\noperator = \"DE Local A\"\n\
             attach_success = 0.0\n",
        )
        .unwrap();
        let base = Policy::default_policy().rule("AU");
        assert_eq!(s.rule("AU", 59, base), base);
        let r = s.rule("AU", 60, base);
        assert_eq!((r.roaming, r.limit_days), (Roaming::Block, Some(30)));
        assert_eq!(r.localize, base.localize, "the network does not localize");
        let de_a = country("DE").unwrap().operators[0];
        assert_eq!(s.carrier(&de_a, 9), (1.0, 1.0));
        assert_eq!(s.carrier(&de_a, 10), (0.0, 1.0));
        assert_eq!(s.announced_on(40).count(), 1);
        assert_eq!(s.events[0].day, 10, "sorted by day");
    }

    #[test]
    fn bad_events_are_refused_with_their_place() {
        for bad in [
            "[[event]]\nday = 1\ncountry = \"XX\"\nroaming = \"block\"\nlimit_days = 1\n",
            "[[event]]\nday = 1\ncountry = \"AU\"\nroaming = \"block\"\n",
            "[[event]]\nday = 1\noperator = \"DE Local A\"\nattach_success = 2.0\n",
            "[[event]]\nday = 1\n",
        ] {
            let e = Scenario::from_toml(bad).unwrap_err().to_string();
            assert!(e.contains("event 1"), "{e}");
        }
    }

    #[test]
    fn the_shipped_examples_parse() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenarios");
        let mut n = 0;
        for f in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            assert!(!Scenario::from_toml(&text).unwrap().events.is_empty());
            n += 1;
        }
        assert!(n >= 2);
    }
}
