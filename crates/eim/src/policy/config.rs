//! The policy file.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The policy shipped with rsp-lab (`crates/eim/policy/default.toml`).
pub(super) const DEFAULT_POLICY: &str = include_str!("../../policy/default.toml");

/// What a country's networks do to devices resident on a foreign IMSI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Roaming {
    /// Permanent roaming is not allowed: exposed from the first day.
    Forbidden,
    /// Cut off once resident longer than the limit.
    Block,
    /// Slowed down once resident longer than the limit.
    Throttle,
    /// Tolerated without limit.
    Allowed,
}

/// When the fleet localizes a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Localize {
    Now,
    After(u32),
    Never,
}

/// One country's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountryRule {
    pub roaming: Roaming,
    /// Residency on a foreign IMSI the country tolerates (0 for forbidden, `None` when
    /// unlimited).
    pub limit_days: Option<u32>,
    pub localize: Localize,
}

/// A whole policy: a default and per-country rules keyed by ISO 3166 alpha-2 code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub default: CountryRule,
    pub countries: BTreeMap<String, CountryRule>,
}

/// Why a policy file is refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    #[error("policy file: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("policy: {place}: {problem}")]
    Invalid { place: String, problem: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    roaming: Roaming,
    limit_days: Option<u32>,
    localize: String,
    after_days: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    default: RawRule,
    #[serde(default)]
    country: BTreeMap<String, RawRule>,
}

fn rule(place: &str, raw: RawRule) -> Result<CountryRule, PolicyError> {
    let invalid = |problem: &str| PolicyError::Invalid {
        place: place.to_string(),
        problem: problem.to_string(),
    };
    let limit_days = match (raw.roaming, raw.limit_days) {
        (Roaming::Forbidden, None | Some(0)) => Some(0),
        (Roaming::Forbidden, Some(_)) => return Err(invalid("forbidden takes no limit_days")),
        (Roaming::Allowed, None) => None,
        (Roaming::Allowed, Some(_)) => return Err(invalid("allowed takes no limit_days")),
        (_, Some(d)) => Some(d),
        (_, None) => return Err(invalid("block and throttle need limit_days")),
    };
    let localize = match (raw.localize.as_str(), raw.after_days) {
        ("now", None) => Localize::Now,
        ("never", None) => Localize::Never,
        ("after", Some(d)) => Localize::After(d),
        ("after", None) => return Err(invalid("localize = \"after\" needs after_days")),
        ("now" | "never", Some(_)) => {
            return Err(invalid("after_days only goes with localize = \"after\""));
        }
        (other, _) => {
            return Err(invalid(&format!(
                "localize must be \"now\", \"after\" or \"never\", not {other:?}"
            )));
        }
    };
    Ok(CountryRule {
        roaming: raw.roaming,
        limit_days,
        localize,
    })
}

impl Policy {
    /// Parses a policy file.
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        let raw: RawPolicy = toml::from_str(text)?;
        let default = rule("[default]", raw.default)?;
        let mut countries = BTreeMap::new();
        for (code, r) in raw.country {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(PolicyError::Invalid {
                    place: format!("[country.{code}]"),
                    problem: "country codes are ISO 3166 alpha-2, upper case".into(),
                });
            }
            let r = rule(&format!("[country.{code}]"), r)?;
            countries.insert(code, r);
        }
        Ok(Policy { default, countries })
    }

    /// The shipped default policy.
    pub fn default_policy() -> Policy {
        // The shipped file is covered by a test; a failure here is a build defect.
        Policy::from_toml(DEFAULT_POLICY).unwrap_or_else(|e| panic!("default policy: {e}"))
    }

    /// The rule for a country (the default when not listed).
    pub fn rule(&self, country: &str) -> CountryRule {
        self.countries.get(country).copied().unwrap_or(self.default)
    }
}
