//! The simulated world the devices live in: which country each device is in, which profile
//! is home where (the inventory's IMSIs), the country rules, and the faulty profiles. The
//! network model ([`super::network::attach`]) answers from it, for the lab's daily attach
//! and for the IPA's question after an enable with rollback allowed ([`AttachProbe`]).

use std::collections::HashMap;

use euicc_sim::ipa::AttachProbe;
use sm_sr::policy::Policy;

use super::countries::{BOOTSTRAP_OPERATOR, Country};
use super::faults::attach_fails;
use super::inventory::{Catalog, ProfileFacts};
use super::network::{Attach, attach};

/// The world of one run.
pub struct World {
    pub catalog: Catalog,
    pub policy: Policy,
    pub seed: u64,
    pub attach_failure_rate: f64,
    /// EID → the country the device is deployed in.
    pub countries: HashMap<String, &'static Country>,
}

impl World {
    /// What the lab knows of a profile (`None` for one outside the inventory).
    pub fn profile(&self, iccid: &str) -> Option<&ProfileFacts> {
        self.catalog.get(iccid)
    }

    /// Whether `iccid` is a local profile of `country`.
    pub fn is_local(&self, iccid: &str, country: &Country) -> bool {
        self.profile(iccid)
            .is_some_and(|p| country.is_home_mcc(&p.mcc))
    }

    /// An attach in `country` with the profile `iccid` enabled, resident `foreign_days`
    /// on a foreign IMSI. A profile outside the inventory counts as international.
    pub fn attach(&self, country: &Country, iccid: &str, foreign_days: u32) -> Attach {
        let mcc = self
            .profile(iccid)
            .map_or(BOOTSTRAP_OPERATOR.mcc, |p| p.mcc.as_str());
        let local = self.profile(iccid).is_some_and(|p| p.country.is_some());
        let faulty = local && attach_fails(self.seed, self.attach_failure_rate, iccid);
        attach(
            country,
            &self.policy.rule(country.code),
            mcc,
            foreign_days,
            faulty,
        )
    }
}

/// The IPA asks right after enabling a profile: a fresh attach with it.
impl AttachProbe for World {
    fn attaches(&self, eid: &str, iccid: &str) -> bool {
        match self.countries.get(eid) {
            Some(country) => self.attach(country, iccid, 0).is_attached(),
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::countries::country;
    use super::super::network::Serving;
    use super::*;

    fn facts(t: &str, mcc: &str, country: Option<&'static str>) -> ProfileFacts {
        ProfileFacts {
            profile_type: t.into(),
            mcc: mcc.into(),
            country,
            operator: BOOTSTRAP_OPERATOR,
        }
    }

    #[test]
    fn local_profiles_attach_home_unless_faulty() {
        let de = country("DE").unwrap();
        let mut catalog = Catalog::new();
        catalog.insert("1".into(), facts("global", "901", None));
        catalog.insert("2".into(), facts("de-local-a", "262", Some("DE")));
        let mut w = World {
            catalog,
            policy: Policy::default_policy(),
            seed: 1,
            attach_failure_rate: 0.0,
            countries: HashMap::from([("E".to_string(), de)]),
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
