//! Which local profile type an operator orders for a device, whatever the delivery: the
//! policy file the eIM reads decides whether the device is to be localized now
//! ([`eim::policy::decide`]), and the country's local types are tried in turn, the next one
//! after each that failed (a rollback, a refusal, none left in stock).

use std::collections::{BTreeMap, HashMap};

use eim::policy::{CountryRule, Decision, decide};

use crate::world::inventory::TypePlan;

/// Per country its local types (name, owner) in the order they are tried, and per device
/// the one to order next.
pub struct TypeRotation {
    targets: BTreeMap<&'static str, Vec<(String, String)>>,
    next: HashMap<String, usize>,
}

impl TypeRotation {
    /// The local types of `types`, per country in their order.
    pub fn of(types: &[TypePlan]) -> TypeRotation {
        let mut targets: BTreeMap<&'static str, Vec<(String, String)>> = BTreeMap::new();
        for t in types {
            if let Some(country) = t.country {
                let list = targets.entry(country).or_default();
                list.push((t.name.clone(), t.owner.clone()));
            }
        }
        TypeRotation {
            targets,
            next: HashMap::new(),
        }
    }

    /// The type (name, owner) to order for device `eid` in `country` now, if the policy
    /// says to localize a device `foreign_days` on a foreign IMSI (`None`: on a local one).
    pub fn due(
        &self,
        eid: &str,
        country: &str,
        foreign_days: Option<u32>,
        rule: &CountryRule,
    ) -> Option<(String, String)> {
        let days = foreign_days?;
        if decide(rule, days) != Decision::LocalizeNow {
            return None;
        }
        let types = self.targets.get(country)?;
        let k = self.next.get(eid).copied().unwrap_or(0);
        types.get(k % types.len()).cloned()
    }

    /// Device `eid` gets the next type from now on.
    pub fn skip(&mut self, eid: &str) {
        *self.next.entry(eid.to_string()).or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::countries::{BOOTSTRAP_OPERATOR, country};

    fn local(name: &str, owner: &str) -> TypePlan {
        TypePlan {
            name: name.into(),
            country: Some(country("DE").unwrap().code),
            operator: BOOTSTRAP_OPERATOR,
            owner: owner.into(),
            count: 1,
            iccid_start: String::new(),
            imsi_start: String::new(),
        }
    }

    #[test]
    fn the_policy_decides_and_the_types_come_in_turn() {
        let mut r = TypeRotation::of(&[local("de-a", "op1"), local("de-b", "op2")]);
        let rule = eim::policy::Policy::default_policy().rule("DE");
        let now = Some(u32::MAX);
        assert_eq!(r.due("E1", "DE", None, &rule), None, "on a local IMSI");
        assert_eq!(r.due("E1", "FR", now, &rule), None, "no local type");
        let first = r.due("E1", "DE", now, &rule).expect("due");
        assert_eq!(first, ("de-a".into(), "op1".into()));
        r.skip("E1");
        assert_eq!(r.due("E1", "DE", now, &rule).unwrap().0, "de-b");
        r.skip("E1");
        assert_eq!(
            r.due("E1", "DE", now, &rule).unwrap().0,
            "de-a",
            "round again"
        );
        assert_eq!(
            r.due("E2", "DE", now, &rule).unwrap().0,
            "de-a",
            "per device"
        );
    }
}
