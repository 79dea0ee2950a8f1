//! Connectivity strategies (seed 001) over the one simulated world: which countries a
//! device is local in without a download (the IMSIs pre-loaded on a multi-IMSI SIM), and
//! which countries the eIM localizes by downloading a profile (the eIM policy the strategy
//! runs with). Roaming and multi-IMSI are behaviour of the device in the network model; the
//! eUICC strategies go through the real SM-DP+, eIM and eUICCs.
//!
//! The strategies file (`crates/lab/models/strategies.toml`, shipped with the `rsp-lab`
//! command and embedded here; `--strategies FILE`) holds the multi-IMSI SIM's IMSIs and the
//! tiered strategy's volumes and thresholds.

use std::collections::{BTreeMap, BTreeSet};

use eim::policy::{Localize, Policy};
use serde::{Deserialize, Serialize};

use crate::world::countries::country;

/// The strategies file shipped with rsp-lab.
pub const DEFAULT_STRATEGIES: &str = include_str!("../../../lab/models/strategies.toml");

/// A way to keep the fleet connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Every device roams on its bootstrap (international) IMSI for its whole life.
    Roaming,
    /// A multi-IMSI SIM: local where one of its pre-loaded IMSIs is, roaming elsewhere.
    MultiImsi,
    /// eUICC localization by the eIM's policy (the lab's default).
    Localize,
    /// eUICC for high-volume markets, multi-IMSI for medium, roaming for occasional ones.
    Tiered,
    /// Pre-loaded IMSIs where they are local, eUICC downloads for every other market.
    #[serde(rename = "multi-imsi+euicc")]
    MultiImsiEuicc,
}

impl Strategy {
    /// Every strategy, in the order `compare` prints them.
    pub const ALL: [Strategy; 5] = [
        Strategy::Roaming,
        Strategy::MultiImsi,
        Strategy::Localize,
        Strategy::Tiered,
        Strategy::MultiImsiEuicc,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Strategy::Roaming => "roaming",
            Strategy::MultiImsi => "multi-imsi",
            Strategy::Localize => "localize",
            Strategy::Tiered => "tiered",
            Strategy::MultiImsiEuicc => "multi-imsi+euicc",
        }
    }

    pub fn parse(s: &str) -> Result<Strategy, StrategyError> {
        Strategy::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Strategy::ALL.iter().map(|k| k.name()).collect();
                StrategyError::Unknown {
                    given: s.to_string(),
                    names: names.join(", "),
                }
            })
    }

    /// Whether the device carries an eUICC the eIM can download profiles to.
    pub fn downloads(self) -> bool {
        matches!(
            self,
            Strategy::Localize | Strategy::Tiered | Strategy::MultiImsiEuicc
        )
    }

    /// Whether the SIM carries pre-loaded local IMSIs.
    pub fn multi_imsi(self) -> bool {
        matches!(
            self,
            Strategy::MultiImsi | Strategy::Tiered | Strategy::MultiImsiEuicc
        )
    }
}

/// The tier a market is served in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    Euicc,
    MultiImsi,
    Roaming,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMultiImsi {
    imsis: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTiers {
    euicc_min: u64,
    multi_imsi_min: u64,
    #[serde(default)]
    local_mandatory: Vec<String>,
    volume: BTreeMap<String, u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSwitching {
    euicc_seconds: [u32; 2],
    multi_imsi_seconds: [u32; 2],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStrategies {
    switching: RawSwitching,
    multi_imsi: RawMultiImsi,
    tiers: RawTiers,
}

/// The strategies file, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strategies {
    /// Gap of an eUICC profile switch, `[min, max]` seconds.
    pub euicc_gap_s: [u32; 2],
    /// Gap of a multi-IMSI switch, `[min, max]` seconds.
    pub multi_imsi_gap_s: [u32; 2],
    /// Countries whose local IMSI the multi-IMSI SIM carries (multi-imsi, multi-imsi+euicc).
    pub imsis: BTreeSet<String>,
    pub euicc_min: u64,
    pub multi_imsi_min: u64,
    pub local_mandatory: BTreeSet<String>,
    pub volume: BTreeMap<String, u64>,
}

/// Why a strategy name or a strategies file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StrategyError {
    /// A strategy name none of [`Strategy::ALL`] has.
    #[error("unknown strategy {given:?}; one of {names}")]
    Unknown { given: String, names: String },
    /// The file is not TOML of the strategies' shape.
    #[error("strategies file: {0}")]
    Toml(#[from] toml::de::Error),
    /// A country the lab does not model, in the list `place` names.
    #[error("{place}: {code:?} is not a modelled country")]
    Country { place: &'static str, code: String },
    /// A country the lab does not model, in `[tiers.volume]`.
    #[error("[tiers.volume]: {0:?} is not modelled")]
    VolumeCountry(String),
    /// A switching gap whose minimum is above its maximum.
    #[error("[switching] {0}: min above max")]
    Gap(&'static str),
    /// The multi-IMSI tier starts above the eUICC tier.
    #[error("[tiers]: multi_imsi_min above euicc_min")]
    Tiers,
    /// A multi-IMSI SIM that would hold fewer than 2 or more than 8 IMSIs.
    #[error("{what}: a multi-IMSI SIM holds 2 to 8 IMSIs, not {count}")]
    Slots { what: &'static str, count: usize },
}

/// Pre-loaded IMSIs a multi-IMSI SIM holds (seed 001).
pub const IMSI_SLOTS: std::ops::RangeInclusive<usize> = 2..=8;

fn codes(place: &'static str, list: Vec<String>) -> Result<BTreeSet<String>, StrategyError> {
    list.into_iter()
        .map(|c| match country(&c) {
            Some(k) => Ok(k.code.to_string()),
            None => Err(StrategyError::Country { place, code: c }),
        })
        .collect()
}

impl Strategies {
    pub fn from_toml(text: &str) -> Result<Strategies, StrategyError> {
        let raw: RawStrategies = toml::from_str(text)?;
        let imsis = codes("[multi_imsi] imsis", raw.multi_imsi.imsis)?;
        let mut volume = BTreeMap::new();
        for (c, v) in raw.tiers.volume {
            let Some(k) = country(&c) else {
                return Err(StrategyError::VolumeCountry(c));
            };
            volume.insert(k.code.to_string(), v);
        }
        for (what, [lo, hi]) in [
            ("euicc_seconds", raw.switching.euicc_seconds),
            ("multi_imsi_seconds", raw.switching.multi_imsi_seconds),
        ] {
            if lo > hi {
                return Err(StrategyError::Gap(what));
            }
        }
        let s = Strategies {
            euicc_gap_s: raw.switching.euicc_seconds,
            multi_imsi_gap_s: raw.switching.multi_imsi_seconds,
            imsis,
            euicc_min: raw.tiers.euicc_min,
            multi_imsi_min: raw.tiers.multi_imsi_min,
            local_mandatory: codes("[tiers] local_mandatory", raw.tiers.local_mandatory)?,
            volume,
        };
        if s.multi_imsi_min > s.euicc_min {
            return Err(StrategyError::Tiers);
        }
        for (what, n) in [
            ("[multi_imsi] imsis", s.imsis.len()),
            (
                "the multi-IMSI tier",
                s.tier_countries(Tier::MultiImsi).len(),
            ),
        ] {
            if !IMSI_SLOTS.contains(&n) {
                return Err(StrategyError::Slots { what, count: n });
            }
        }
        Ok(s)
    }

    /// The shipped strategies file.
    pub fn shipped() -> Strategies {
        // Covered by a test; a failure here is a build defect.
        Strategies::from_toml(DEFAULT_STRATEGIES).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The tier of a market: local mandatory → eUICC; else by volume.
    pub fn tier(&self, code: &str) -> Tier {
        if self.local_mandatory.contains(code) {
            return Tier::Euicc;
        }
        match self.volume.get(code).copied().unwrap_or(0) {
            v if v >= self.euicc_min => Tier::Euicc,
            v if v >= self.multi_imsi_min => Tier::MultiImsi,
            _ => Tier::Roaming,
        }
    }

    fn tier_countries(&self, tier: Tier) -> BTreeSet<String> {
        self.volume
            .keys()
            .chain(&self.local_mandatory)
            .filter(|c| self.tier(c) == tier)
            .cloned()
            .collect()
    }

    /// Countries where a device of `strategy` is local without a download.
    pub fn preloaded(&self, strategy: Strategy) -> BTreeSet<String> {
        match strategy {
            Strategy::MultiImsi | Strategy::MultiImsiEuicc => self.imsis.clone(),
            Strategy::Tiered => self.tier_countries(Tier::MultiImsi),
            Strategy::Roaming | Strategy::Localize => BTreeSet::new(),
        }
    }

    /// The policy the eIM runs with under `strategy`: the countries' roaming rules of
    /// `base` unchanged, localization only where the strategy downloads profiles.
    pub fn eim_policy(&self, strategy: Strategy, base: &Policy) -> Policy {
        let preloaded = self.preloaded(strategy);
        let mut p = base.clone();
        let never = |r: &mut eim::policy::CountryRule| r.localize = Localize::Never;
        match strategy {
            Strategy::Localize => {}
            Strategy::Roaming | Strategy::MultiImsi => {
                never(&mut p.default);
                p.countries.values_mut().for_each(never);
            }
            Strategy::MultiImsiEuicc => {
                for c in &preloaded {
                    never(p.countries.entry(c.clone()).or_insert(base.default));
                }
            }
            Strategy::Tiered => {
                never(&mut p.default);
                let codes: BTreeSet<String> = self
                    .volume
                    .keys()
                    .chain(&self.local_mandatory)
                    .chain(base.countries.keys())
                    .cloned()
                    .collect();
                for c in codes {
                    let mut r = base.rule(&c);
                    match self.tier(&c) {
                        // A high-volume market is localized even where roaming is tolerated.
                        Tier::Euicc if r.localize == Localize::Never => {
                            r.localize = Localize::Now;
                        }
                        Tier::Euicc => {}
                        Tier::MultiImsi | Tier::Roaming => r.localize = Localize::Never,
                    }
                    p.countries.insert(c, r);
                }
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_volumes_reproduce_seed_001s_regional_table() {
        let s = Strategies::shipped();
        for c in ["CN", "BR", "MX", "IN", "TR", "CA"] {
            assert_eq!(s.tier(c), Tier::Euicc, "{c}");
        }
        for c in ["US", "DE", "BE"] {
            assert_eq!(s.tier(c), Tier::MultiImsi, "{c}");
        }
        for c in ["FR", "AU", "JP"] {
            assert_eq!(s.tier(c), Tier::Roaming, "{c}");
        }
        assert!(IMSI_SLOTS.contains(&s.imsis.len()));
    }

    #[test]
    fn volumes_decide_the_tier_and_the_eim_policy_follows() {
        let text = DEFAULT_STRATEGIES.replace("FR = 2000", "FR = 30000");
        let s = Strategies::from_toml(&text).unwrap();
        assert_eq!(s.tier("FR"), Tier::Euicc);
        let base = Policy::default_policy();
        let p = s.eim_policy(Strategy::Tiered, &base);
        assert_eq!(p.rule("FR").localize, Localize::Now, "FR now localized");
        assert_eq!(
            p.rule("DE").localize,
            Localize::Never,
            "DE on a pre-loaded IMSI"
        );
        assert_eq!(p.rule("JP").localize, Localize::Never);
        assert_eq!(p.rule("TR").localize, base.rule("TR").localize);
        assert_eq!(p.rule("TR").roaming, base.rule("TR").roaming);
        let r = s.eim_policy(Strategy::Roaming, &base);
        assert!(r.countries.values().all(|c| c.localize == Localize::Never));
        assert_eq!(s.eim_policy(Strategy::Localize, &base), base);
        let m = s.eim_policy(Strategy::MultiImsiEuicc, &base);
        assert_eq!(m.rule("BR").localize, Localize::Never, "BR IMSI pre-loaded");
        assert_eq!(m.rule("CN").localize, Localize::Now);
    }

    #[test]
    fn a_multi_imsi_sim_holds_two_to_eight_imsis() {
        let nine = DEFAULT_STRATEGIES.replace(
            "imsis = [\"US\", \"DE\", \"BE\", \"FR\", \"BR\", \"MX\"]",
            "imsis = [\"US\", \"DE\", \"BE\", \"FR\", \"BR\", \"MX\", \"CN\", \"IN\", \"TR\"]",
        );
        assert!(
            Strategies::from_toml(&nine)
                .unwrap_err()
                .to_string()
                .contains("2 to 8")
        );
        assert!(Strategy::parse("multi-imsi+EUICC").is_ok());
        assert!(Strategy::parse("sat").is_err());
    }
}
