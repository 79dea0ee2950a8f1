//! The localization policy: per country, what networks do to long-resident roamers and when
//! the fleet moves a device to a local profile. Loaded from a TOML file (the default ships in
//! `policy/default.toml`); decisions are pure functions of the rule and the residency.

mod config;
mod decide;

pub use config::{CountryRule, Localize, Policy, PolicyError, Roaming};
pub use decide::{Decision, decide, is_exposed};
