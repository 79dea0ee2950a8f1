//! Decisions from a country rule and a device's residency.

use super::{CountryRule, Localize};

/// What to do with a device resident in a country on its bootstrap (foreign) profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    KeepRoaming,
    LocalizeNow,
}

/// Decides from the rule and the number of whole days the device has been resident.
pub fn decide(rule: &CountryRule, residency_days: u32) -> Decision {
    match rule.localize {
        Localize::Now => Decision::LocalizeNow,
        Localize::After(days) if residency_days >= days => Decision::LocalizeNow,
        Localize::After(_) | Localize::Never => Decision::KeepRoaming,
    }
}

/// Whether a device resident this long on a foreign IMSI is beyond what the country allows
/// (the "permanent-roaming exposure" of the lab's report).
pub fn is_exposed(rule: &CountryRule, residency_days_on_foreign_imsi: u32) -> bool {
    match rule.limit_days {
        None => false,
        Some(0) => true,
        Some(limit) => residency_days_on_foreign_imsi > limit,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Policy, Roaming};
    use super::*;

    #[test]
    fn default_policy_matches_the_documented_markets() {
        let p = Policy::default_policy();
        for cc in ["CN", "BR", "IN"] {
            assert_eq!(p.rule(cc).roaming, Roaming::Forbidden);
            assert_eq!(decide(&p.rule(cc), 0), Decision::LocalizeNow);
            assert!(is_exposed(&p.rule(cc), 0));
        }
        let tr = p.rule("TR");
        assert_eq!(tr.roaming, Roaming::Block);
        assert_eq!(decide(&tr, 89), Decision::KeepRoaming);
        assert_eq!(decide(&tr, 90), Decision::LocalizeNow);
        assert!(!is_exposed(&tr, 120));
        assert!(is_exposed(&tr, 121));
        for cc in ["US", "CA"] {
            assert_eq!(decide(&p.rule(cc), 89), Decision::KeepRoaming);
            assert_eq!(decide(&p.rule(cc), 90), Decision::LocalizeNow);
        }
        for cc in ["AU", "JP", "FR"] {
            assert_eq!(decide(&p.rule(cc), 10_000), Decision::KeepRoaming);
            assert!(!is_exposed(&p.rule(cc), 10_000));
        }
    }

    #[test]
    fn bad_policies_are_refused_with_the_place() {
        let err = Policy::from_toml("[default]\nroaming = \"block\"\nlocalize = \"never\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("[default]") && err.contains("limit_days"),
            "{err}"
        );
        let err = Policy::from_toml(
            "[default]\nroaming = \"allowed\"\nlocalize = \"never\"\n[country.us]\nroaming = \"allowed\"\nlocalize = \"never\"\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("[country.us]"), "{err}");
        assert!(
            Policy::from_toml("[default]\nroaming = \"sometimes\"\nlocalize = \"never\"\n")
                .is_err()
        );
        assert!(
            Policy::from_toml("[default]\nroaming = \"allowed\"\nlocalize = \"after\"\n").is_err()
        );
    }
}
