//! What a lab run is asked to do (`rsp-lab demo` options), with the defaults of the embedded
//! run.

use std::path::PathBuf;

use eim::policy::Policy;

use crate::report::RunInfo;
use crate::world::countries::{COUNTRIES, Country, country};
use crate::world::outage::{Delivery, Outage, Role};
use crate::world::scenario::Scenario;
use crate::world::strategy::{Strategies, Strategy};

/// Options of one run.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// Devices deployed.
    pub devices: u32,
    /// Countries devices are deployed in, round robin.
    pub countries: Vec<&'static Country>,
    /// Simulated days.
    pub days: u32,
    /// Deployments are spread over the first `deploy_days` days (all of them in a shorter
    /// run).
    pub deploy_days: u32,
    /// Devices poll the eIM on arrival, on events and every `poll_interval_days`.
    pub poll_interval_days: u32,
    /// Share of local profiles that cannot attach (drawn from the seed and the ICCID).
    pub attach_failure_rate: f64,
    /// Share of answers (ESipa, ES9+) the devices lose after the server processed them.
    pub drop_rate: f64,
    /// Share of local profiles whose network attaches but does not reach the eIM for hours
    /// after their enable (drawn from the seed and the ICCID): the IPA rolls back.
    pub eim_unreachable_after_enable: f64,
    /// Same seed, same run.
    pub seed: u64,
    /// Databases (fresh each run) and the PKI (kept).
    pub data_dir: PathBuf,
    /// The localization policy.
    pub policy: Policy,
    /// Every message of every interface written there.
    pub trace_dir: Option<PathBuf>,
    /// Sessions of one day run at once, at most ([`crate::run::rounds`]; the ES2+ orders are
    /// placed between rounds, in device order).
    pub parallel_sessions: usize,
    /// A PostgreSQL server (`postgres://...`) for both roles' databases instead of SQLite
    /// files in `data_dir`; the run recreates `rsp_lab_demo_smdp` and `rsp_lab_demo_eim`.
    pub database: Option<String>,
    /// SM-DP+ and eIM instances over those databases (more than one needs PostgreSQL);
    /// device `i` reaches instance `(i + day) % instances` of each on day `day`.
    pub instances: usize,
    /// The eIM's fleet dashboard on this address during the run.
    pub web_listen: Option<std::net::SocketAddr>,
    /// Leave the servers running at the end (the outcome holds them).
    pub keep_serving: bool,
    /// The roaming ledger of the run (`--ledger DIR`, `--fraud-rate`); none by default.
    pub ledger: Option<crate::ledger::LedgerOptions>,
    /// How the fleet stays connected (`localize`: the eIM's policy, the default).
    pub strategy: Strategy,
    /// The multi-IMSI SIM's IMSIs and the tiers (`crates/lab/models/strategies.toml`).
    pub strategies: Strategies,
    /// Dated changes of regulation and carriers.
    pub scenario: Scenario,
    /// How localizations reach the devices: the eIM (default) or the root SM-DS.
    pub delivery: Delivery,
    /// Days on which a server is unreachable.
    pub outages: Vec<Outage>,
    /// An SM-DP+ outside the lab instead of the lab's own ([`crate::servers::outside`]).
    pub outside_smdp: Option<crate::servers::outside::OutsideSmdp>,
    /// Field quirks mixed into the fleet (`--quirks FILE`, [`lpa::quirks`]).
    pub quirks: Option<lpa::quirks::QuirksFile>,
    /// The devices poll the eIM over CoAP on DTLS (`--esipa coap`, SGP.32's CoAP binding)
    /// instead of HTTPS.
    pub esipa_coap: bool,
    /// With `esipa_coap`, the share of the devices that do (drawn by the seed); the others
    /// stay on HTTPS (`--coap-share`, a mixed fleet). 1 by default.
    pub esipa_coap_share: f64,
}

/// Default number of devices.
pub const DEFAULT_DEVICES: u32 = 1000;
/// Default simulated days.
pub const DEFAULT_DAYS: u32 = 180;
/// Default share of local profiles that cannot attach.
pub const DEFAULT_ATTACH_FAILURE_RATE: f64 = 0.05;
/// Default share of answers lost.
pub const DEFAULT_DROP_RATE: f64 = 0.01;
/// Default seed.
pub const DEFAULT_SEED: u64 = 1;

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            devices: DEFAULT_DEVICES,
            countries: COUNTRIES.iter().collect(),
            days: DEFAULT_DAYS,
            deploy_days: 28,
            poll_interval_days: 7,
            attach_failure_rate: DEFAULT_ATTACH_FAILURE_RATE,
            drop_rate: DEFAULT_DROP_RATE,
            eim_unreachable_after_enable: 0.0,
            seed: DEFAULT_SEED,
            data_dir: PathBuf::from("rsp-lab-data"),
            policy: Policy::default_policy(),
            trace_dir: None,
            parallel_sessions: 64,
            database: None,
            instances: 1,
            web_listen: None,
            keep_serving: false,
            ledger: None,
            strategy: Strategy::Localize,
            strategies: Strategies::shipped(),
            scenario: Scenario::default(),
            delivery: Delivery::Eim,
            outages: Vec::new(),
            outside_smdp: None,
            quirks: None,
            esipa_coap: false,
            esipa_coap_share: 1.0,
        }
    }
}

/// Why the options of a run were refused; the text names the option as the command line
/// spells it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OptionsError {
    /// A country code the lab does not model.
    #[error("unknown country {code:?}; modelled: {known}")]
    UnknownCountry { code: String, known: String },
    /// An empty country list.
    #[error("no country given")]
    NoCountry,
    /// A count that must be at least 1 (`--devices`, `--days`, `--instances`).
    #[error("{0} must be at least 1")]
    Zero(&'static str),
    /// A rate outside 0..=1.
    #[error("{name} must be between 0 and 1, not {value}")]
    Rate { name: &'static str, value: f64 },
    /// So many answers lost that no device finishes anything.
    #[error("--drop-rate above 0.5 leaves devices no way to finish anything")]
    DropRate,
    /// `--database` with something other than a PostgreSQL URL (shown without password).
    #[error("--database takes a postgres:// URL (SQLite files are the default), not {0}")]
    Database(String),
    /// Several instances over SQLite.
    #[error(
        "--instances above 1 needs --database postgres://... (one SQLite file has one writer \
         process)"
    )]
    InstancesWithoutPostgres,
    /// An option the run by discovery or through the SGP.02 SM-SR does not take.
    #[error("--delivery {delivery} runs the localize strategy on SQLite, one instance, {why}")]
    Discovery {
        delivery: &'static str,
        why: &'static str,
    },
    /// An outage of a server that is not in the run's path, or after its last day.
    #[error("--outage {0}")]
    Outage(String),
    /// An option a run against an SM-DP+ outside the lab does not take.
    #[error("--smdp (an SM-DP+ outside the lab) runs {0}")]
    Outside(&'static str),
}

/// Parses `CN,BR,de` into modelled countries (each once, in the order given).
pub fn parse_countries(list: &str) -> Result<Vec<&'static Country>, OptionsError> {
    let mut out: Vec<&'static Country> = Vec::new();
    for code in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let c = country(code).ok_or_else(|| {
            let known: Vec<&str> = COUNTRIES.iter().map(|c| c.code).collect();
            OptionsError::UnknownCountry {
                code: code.to_string(),
                known: known.join(","),
            }
        })?;
        if !out.iter().any(|o| o.code == c.code) {
            out.push(c);
        }
    }
    if out.is_empty() {
        return Err(OptionsError::NoCountry);
    }
    Ok(out)
}

impl DemoOptions {
    /// The options as the report states them (no per-instance counts yet).
    pub fn run_info(&self) -> RunInfo {
        RunInfo {
            seed: self.seed,
            devices: self.devices,
            countries: self.countries.iter().map(|c| c.code).collect(),
            days: self.days,
            attach_failure_rate: self.attach_failure_rate,
            drop_rate: self.drop_rate,
            instance_polls: Vec::new(),
            smdp_outside: self.outside_smdp.as_ref().map(|o| o.es9_url.clone()),
        }
    }

    /// Refuses options that make no run.
    pub fn check(&self) -> Result<(), OptionsError> {
        if self.devices == 0 {
            return Err(OptionsError::Zero("--devices"));
        }
        if self.days == 0 {
            return Err(OptionsError::Zero("--days"));
        }
        for (name, p) in [
            ("--attach-failure-rate", self.attach_failure_rate),
            ("--drop-rate", self.drop_rate),
            (
                "--eim-unreachable-after-enable",
                self.eim_unreachable_after_enable,
            ),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(OptionsError::Rate { name, value: p });
            }
        }
        if let Some(l) = &self.ledger {
            if !(0.0..=1.0).contains(&l.fraud_rate) {
                return Err(OptionsError::Rate {
                    name: "--fraud-rate",
                    value: l.fraud_rate,
                });
            }
        }
        if self.drop_rate > 0.5 {
            return Err(OptionsError::DropRate);
        }
        if self.countries.is_empty() {
            return Err(OptionsError::NoCountry);
        }
        if self.instances == 0 {
            return Err(OptionsError::Zero("--instances"));
        }
        if let Some(url) = &self.database {
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return Err(OptionsError::Database(storage::url_for_display(url)));
            }
        } else if self.instances > 1 {
            return Err(OptionsError::InstancesWithoutPostgres);
        }
        self.check_outside()?;
        self.check_delivery()
    }

    /// What `--smdp` allows: the eIM's delivery with one instance, no outages (the lab
    /// closes only its own servers) and no ledger (it reads the SM-DP+'s database).
    fn check_outside(&self) -> Result<(), OptionsError> {
        if self.outside_smdp.is_none() {
            return Ok(());
        }
        let refused = if self.delivery != Delivery::Eim {
            Some("with the eIM's delivery, not --delivery smds")
        } else if self.instances > 1 {
            Some("one instance of the eIM")
        } else if !self.outages.is_empty() {
            Some("without --outage")
        } else if self.ledger.is_some() {
            Some("without the ledger")
        } else {
            None
        };
        match refused {
            Some(why) => Err(OptionsError::Outside(why)),
            None => Ok(()),
        }
    }

    /// What `--delivery` and `--outage` allow.
    fn check_delivery(&self) -> Result<(), OptionsError> {
        for o in &self.outages {
            if o.from >= self.days {
                return Err(OptionsError::Outage(format!(
                    "{}: day {} is after the run's last day {}",
                    o.label(),
                    o.from,
                    self.days - 1
                )));
            }
            if !o.role.concerns(self.delivery) {
                let server = if o.role == Role::Smds {
                    "SM-DS"
                } else {
                    "SM-SR"
                };
                return Err(OptionsError::Outage(format!(
                    "{}: --delivery {} has no {server} in its path",
                    o.role.name(),
                    self.delivery.name()
                )));
            }
            if self.delivery == Delivery::Eim && self.instances > 1 {
                return Err(OptionsError::Outage(
                    "takes one instance of each server (--instances 1)".into(),
                ));
            }
        }
        if self.delivery == Delivery::Eim {
            return Ok(());
        }
        let refused = if self.strategy != Strategy::Localize {
            Some("not another --strategy")
        } else if self.database.is_some() {
            Some("not --database")
        } else if self.eim_unreachable_after_enable > 0.0 {
            Some("without --eim-unreachable-after-enable (no eIM in its path)")
        } else if self.delivery == Delivery::Sgp02 && self.outside_smdp.is_some() {
            Some("with the lab's own SM-DP (not --smdp)")
        } else if self.delivery == Delivery::Sgp02 && self.quirks.is_some() {
            Some("without --quirks (LPA field quirks; no LPA in its path)")
        } else if self.ledger.is_some() {
            Some("without the ledger")
        } else if self.web_listen.is_some() || self.keep_serving {
            Some("without the eIM's dashboard (--serve, --web-listen)")
        } else {
            None
        };
        match refused {
            Some(why) => Err(OptionsError::Discovery {
                delivery: self.delivery.name(),
                why,
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_lists_are_checked_and_deduplicated() {
        let c = parse_countries("cn, BR,CN").unwrap();
        let codes: Vec<&str> = c.iter().map(|c| c.code).collect();
        assert_eq!(codes, ["CN", "BR"]);
        assert!(
            parse_countries("XX")
                .unwrap_err()
                .to_string()
                .contains("modelled")
        );
        assert!(parse_countries(" , ").is_err());
        assert!(DemoOptions::default().check().is_ok());
        let bad = DemoOptions {
            drop_rate: 1.5,
            ..DemoOptions::default()
        };
        assert!(bad.check().is_err());
        let by_discovery = DemoOptions {
            delivery: Delivery::Smds,
            eim_unreachable_after_enable: 0.1,
            ..DemoOptions::default()
        };
        let e = by_discovery.check().unwrap_err().to_string();
        assert!(e.contains("--eim-unreachable-after-enable"), "{e}");
        let sgp02 = |outage: &str| DemoOptions {
            delivery: Delivery::Sgp02,
            outages: vec![Outage::parse(outage).unwrap()],
            ..DemoOptions::default()
        };
        assert!(sgp02("smsr:3-4").check().is_ok());
        let e = sgp02("smds:3-4").check().unwrap_err().to_string();
        assert!(e.contains("no SM-DS in its path"), "{e}");
        let eim_smsr = DemoOptions {
            delivery: Delivery::Eim,
            ..sgp02("smsr:3-4")
        };
        assert!(eim_smsr.check().is_err());
        let out_of_range = DemoOptions {
            eim_unreachable_after_enable: 1.5,
            ..DemoOptions::default()
        };
        assert!(out_of_range.check().is_err());
    }
}
