//! The network model: whether a device attaches in a country, as home or roaming, given the
//! enabled profile's IMSI, its residency on a foreign IMSI and the country's rule for
//! long-resident roamers.

use eim::policy::{CountryRule, Roaming};

use crate::world::countries::Country;

/// How the device is served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Serving {
    Home,
    Roaming,
}

/// The outcome of an attach attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attach {
    /// Registered; `throttled` when the country slows down long-resident roamers.
    Attached { serving: Serving, throttled: bool },
    /// Refused: roamers resident beyond the limit are cut off.
    RoamingBlocked,
    /// Refused: the profile cannot register (an injected fault: wrong keys at the operator,
    /// unprovisioned IMSI…).
    ProfileRejected,
}

impl Attach {
    pub fn is_attached(&self) -> bool {
        matches!(self, Attach::Attached { .. })
    }
}

/// Attempts an attach in `country` with a profile whose IMSI has MCC `imsi_mcc`.
/// `foreign_days` is how long the device has been resident in the country on a foreign IMSI;
/// `profile_faulty` injects a profile that cannot attach.
pub fn attach(
    country: &Country,
    rule: &CountryRule,
    imsi_mcc: &str,
    foreign_days: u32,
    profile_faulty: bool,
) -> Attach {
    if profile_faulty {
        return Attach::ProfileRejected;
    }
    if country.is_home_mcc(imsi_mcc) {
        return Attach::Attached {
            serving: Serving::Home,
            throttled: false,
        };
    }
    let beyond = rule.limit_days.is_some_and(|limit| foreign_days > limit);
    match rule.roaming {
        Roaming::Block if beyond => Attach::RoamingBlocked,
        Roaming::Throttle => Attach::Attached {
            serving: Serving::Roaming,
            throttled: beyond,
        },
        // Forbidden markets still let the device register; it is exposed (a compliance
        // breach for the fleet owner), which the report counts.
        Roaming::Forbidden | Roaming::Block | Roaming::Allowed => Attach::Attached {
            serving: Serving::Roaming,
            throttled: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use eim::policy::Policy;

    use super::*;
    use crate::world::countries::{BOOTSTRAP_OPERATOR, country};

    #[test]
    fn home_roaming_block_and_throttle() {
        let p = Policy::default_policy();
        let tr = country("TR").unwrap();
        let rule = p.rule("TR");
        let roaming = attach(tr, &rule, BOOTSTRAP_OPERATOR.mcc, 120, false);
        assert_eq!(
            roaming,
            Attach::Attached {
                serving: Serving::Roaming,
                throttled: false
            }
        );
        assert_eq!(
            attach(tr, &rule, BOOTSTRAP_OPERATOR.mcc, 121, false),
            Attach::RoamingBlocked
        );
        assert_eq!(
            attach(tr, &rule, "286", 500, false),
            Attach::Attached {
                serving: Serving::Home,
                throttled: false
            }
        );
        assert_eq!(attach(tr, &rule, "286", 0, true), Attach::ProfileRejected);
        let us = country("US").unwrap();
        assert_eq!(
            attach(us, &p.rule("US"), BOOTSTRAP_OPERATOR.mcc, 121, false),
            Attach::Attached {
                serving: Serving::Roaming,
                throttled: true
            }
        );
        assert!(attach(us, &p.rule("US"), "311", 0, false).is_attached());
    }
}
