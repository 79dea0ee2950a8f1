//! The simulated world the devices live in: which country each device is in, which profile
//! is home where (the inventory's IMSIs), the country rules, and the faulty profiles. The
//! network model ([`network::attach`]) answers from it, for the lab's daily attach
//! and for the IPA's question after an enable with rollback allowed ([`AttachProbe`]).
//!
//! Beneath it, the world's parts: [`countries`] and their operators, each country's
//! [`network`] and its rules, the dated [`scenario`] of regulation and carrier events, the
//! [`inventory`] of profile types, the injected [`faults`] and server [`outage`]s, the
//! connectivity [`strategy`] a run uses and its [`cost`], the simulated [`clock`] and the
//! seeded [`rng`].

pub mod clock;
pub mod cost;
pub mod countries;
pub mod faults;
pub mod inventory;
pub mod network;
pub mod outage;
pub mod rng;
pub mod scenario;
pub mod strategy;

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

use eim::policy::{CountryRule, Policy};
use ipa::AttachProbe;

use crate::world::countries::{BOOTSTRAP_OPERATOR, Country, Operator};
use crate::world::faults::attach_fails;
use crate::world::inventory::{GLOBAL_TYPE, ProfileFacts};
use crate::world::network::{Attach, Serving, attach};
use crate::world::outage::{Outage, Role};
use crate::world::scenario::Scenario;

/// Keeps the carrier-degradation draws apart from the profile-fault draws.
const CARRIER_STREAM: u64 = 0xCA44_1E40_0000_0000;

/// The world of one run.
pub struct World {
    /// The inventory's profiles by ICCID, hashed: every device looks its enabled profile up
    /// every simulated day (the ordered [`crate::world::inventory::Catalog`] compares ICCIDs
    /// along a path of some 18 keys for each lookup at 100,000 devices).
    pub catalog: HashMap<String, ProfileFacts>,
    pub policy: Policy,
    pub seed: u64,
    pub attach_failure_rate: f64,
    /// Share of local profiles whose network does not reach the eIM after their enable
    /// ([`crate::world::faults::eim_unreachable`]).
    pub eim_unreachable_rate: f64,
    /// EID → the country the device is deployed in.
    pub countries: HashMap<String, &'static Country>,
    /// Countries whose local IMSI the device's SIM carries from manufacture (multi-IMSI):
    /// there the bootstrap profile switches to that IMSI on its own.
    pub preloaded: BTreeSet<String>,
    /// Dated changes of regulation and carriers.
    pub scenario: Scenario,
    /// The simulated day (the scenario's events apply from theirs).
    pub day: AtomicU32,
    /// Days on which a server is unreachable.
    pub outages: Vec<Outage>,
}

impl World {
    /// What the lab knows of a profile (`None` for one outside the inventory).
    pub fn profile(&self, iccid: &str) -> Option<&ProfileFacts> {
        self.catalog.get(iccid)
    }

    pub fn today(&self) -> u32 {
        self.day.load(Ordering::Relaxed)
    }

    /// Whether `role` is down today.
    pub fn down(&self, role: Role) -> bool {
        Outage::down(&self.outages, role, self.today())
    }

    /// The country's roaming rule in force today (the policy's, changed by the scenario).
    pub fn rule(&self, code: &str) -> CountryRule {
        self.scenario
            .rule(code, self.today(), self.policy.rule(code))
    }

    /// Whether the local operator `op` registers the profile (or IMSI) `iccid` today.
    fn carrier_attaches(&self, op: &Operator, iccid: &str) -> bool {
        let (success, _) = self.scenario.carrier(op, self.today());
        !attach_fails(self.seed ^ CARRIER_STREAM, 1.0 - success, iccid)
    }

    /// What an attach with the profile `iccid` in `country` depends on, looked up once (a
    /// device attaches every simulated day).
    pub fn standing(&self, iccid: &str, country: &Country) -> Standing<'_> {
        let facts = self.profile(iccid);
        let bootstrap = facts.is_none_or(|p| p.profile_type == GLOBAL_TYPE);
        let preloaded = country.operators.first().copied().filter(|op| {
            bootstrap && self.preloaded.contains(country.code) && self.carrier_attaches(op, iccid)
        });
        Standing { facts, preloaded }
    }

    /// The local operator the multi-IMSI SIM's pre-loaded IMSI of `country` belongs to,
    /// when the profile `iccid` is the bootstrap and that IMSI is carried and registers.
    pub fn preloaded_operator(&self, iccid: &str, country: &Country) -> Option<Operator> {
        self.standing(iccid, country).preloaded
    }

    /// Whether `iccid` is a local profile of `country` (or a bootstrap on a pre-loaded
    /// local IMSI).
    pub fn is_local(&self, iccid: &str, country: &Country) -> bool {
        self.standing(iccid, country).is_local(country)
    }

    /// An attach in `country` with the profile `iccid` enabled, resident `foreign_days`
    /// on a foreign IMSI. A profile outside the inventory counts as international.
    pub fn attach(&self, country: &Country, iccid: &str, foreign_days: u32) -> Attach {
        self.attach_in(country, iccid, &self.standing(iccid, country), foreign_days)
    }

    /// [`World::attach`] with the profile's [`Standing`] already looked up.
    pub fn attach_in(
        &self,
        country: &Country,
        iccid: &str,
        standing: &Standing<'_>,
        foreign_days: u32,
    ) -> Attach {
        let facts = standing.facts;
        let (mcc, operator) = match (standing.preloaded, facts) {
            (Some(op), _) => (op.mcc, Some(op)),
            (None, Some(p)) if p.country.is_some() => (p.mcc.as_str(), Some(p.operator)),
            (None, Some(p)) => (p.mcc.as_str(), None),
            (None, None) => (BOOTSTRAP_OPERATOR.mcc, None),
        };
        let local = facts.is_some_and(|p| p.country.is_some());
        // A pre-loaded IMSI's carrier registers it (that is what made it the operator).
        let faulty = (local && attach_fails(self.seed, self.attach_failure_rate, iccid))
            || (standing.preloaded.is_none()
                && operator.is_some_and(|op| !self.carrier_attaches(&op, iccid)));
        let a = attach(country, &self.rule(country.code), mcc, foreign_days, faulty);
        // A degraded carrier serves its own subscribers slowly.
        match (a, operator) {
            (
                Attach::Attached {
                    serving: Serving::Home,
                    ..
                },
                Some(op),
            ) if self.scenario.carrier(&op, self.today()).1 < 1.0 => Attach::Attached {
                serving: Serving::Home,
                throttled: true,
            },
            _ => a,
        }
    }
}

/// A profile as an attach sees it: its inventory facts and the pre-loaded IMSI it
/// registers on, if any ([`World::standing`]).
pub struct Standing<'w> {
    facts: Option<&'w ProfileFacts>,
    preloaded: Option<Operator>,
}

impl Standing<'_> {
    /// The pre-loaded IMSI's operator, when the profile registers on one.
    pub fn preloaded(&self) -> Option<Operator> {
        self.preloaded
    }

    /// Whether the profile is local to `country` (or a bootstrap on a pre-loaded IMSI).
    pub fn is_local(&self, country: &Country) -> bool {
        self.facts.is_some_and(|p| country.is_home_mcc(&p.mcc)) || self.preloaded.is_some()
    }
}

/// The IPA asks right after enabling a profile: a fresh attach with it, then whether its
/// network reaches the eIM.
impl AttachProbe for World {
    fn attaches(&self, eid: &str, iccid: &str) -> bool {
        match self.countries.get(eid) {
            Some(country) => self.attach(country, iccid, 0).is_attached(),
            None => true,
        }
    }

    fn reaches_eim(&self, _eid: &str, iccid: &str) -> bool {
        !faults::eim_unreachable(self.seed, self.eim_unreachable_rate, iccid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::countries::country;
    use crate::world::network::Serving;

    fn facts(t: &str, mcc: &str, country: Option<&'static str>) -> ProfileFacts {
        ProfileFacts {
            profile_type: t.into(),
            imsi: format!("{mcc}010000000001"),
            mcc: mcc.into(),
            country,
            operator: BOOTSTRAP_OPERATOR,
        }
    }

    #[test]
    fn local_profiles_attach_home_unless_faulty() {
        let de = country("DE").unwrap();
        let mut catalog = HashMap::new();
        catalog.insert("1".into(), facts("global", "901", None));
        catalog.insert("2".into(), facts("de-local-a", "262", Some("DE")));
        let mut w = World {
            catalog,
            policy: Policy::default_policy(),
            seed: 1,
            attach_failure_rate: 0.0,
            eim_unreachable_rate: 0.0,
            countries: HashMap::from([("E".to_string(), de)]),
            preloaded: BTreeSet::new(),
            scenario: Scenario::default(),
            day: AtomicU32::new(0),
            outages: Vec::new(),
        };
        assert!(matches!(
            w.attach(de, "2", 0),
            Attach::Attached {
                serving: Serving::Home,
                ..
            }
        ));
        assert!(matches!(
            w.attach(de, "1", 40),
            Attach::Attached {
                serving: Serving::Roaming,
                throttled: true
            }
        ));
        assert!(w.is_local("2", de) && !w.is_local("1", de));
        assert!(w.attaches("E", "2"));
        w.attach_failure_rate = 1.0;
        assert_eq!(w.attach(de, "2", 0), Attach::ProfileRejected);
        assert!(!w.attaches("E", "2"));
        assert!(w.attaches("E", "1"), "the bootstrap never fails");
    }
}
