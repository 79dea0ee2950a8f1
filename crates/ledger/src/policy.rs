//! The device policy of a contract and its enforcement by the serving network (seed 002:
//! the visited network serves the device within its contract; out-of-policy use is refused
//! and flagged in real time).

use serde::{Deserialize, Serialize};

use crate::money::{Micros, Rates};

/// A service a device may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Service {
    Data,
    Voice,
    /// Video or audio streaming (seen by the visited network's traffic classification).
    Streaming,
}

/// What a device may do under its contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub services: Vec<Service>,
    /// Data per 30-day window.
    pub data_allowance_mb: u64,
    /// Type Allocation Code (first 8 digits of the IMEI) of the declared device type.
    pub tac: String,
    /// ISO 3166 alpha-2 codes of the countries the device is deployed in.
    pub countries: Vec<String>,
    /// Profile downloads for the device's EID in one day.
    pub max_downloads_per_day: u32,
}

/// One use the network is asked to serve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "use", rename_all = "kebab-case")]
pub enum Attempt {
    /// Registration in `country` from a handset whose IMEI starts with `tac`.
    Attach { country: String, tac: String },
    Session {
        service: Service,
        kb: u64,
        minutes: u64,
    },
    /// Profile downloads ordered for the EID on one day.
    Downloads { count: u32 },
}

/// Why a use was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Violation {
    /// A service the contract does not allow (voice or streaming on a data-only IoT SIM).
    ServiceNotAllowed { service: Service },
    /// Data beyond the 30-day allowance.
    AllowanceExceeded {
        allowance_mb: u64,
        used_kb: u64,
        requested_kb: u64,
    },
    /// The IMEI's TAC is not the declared device type's (the SIM moved to another device).
    TacMismatch { declared: String, seen: String },
    /// Use in a country the device was never deployed to.
    CountryNotDeployed { country: String },
    /// More downloads for one EID in a day than the policy allows.
    DownloadBurst { count: u32, limit: u32 },
}

impl Violation {
    /// A short name for tables.
    pub fn name(&self) -> &'static str {
        match self {
            Violation::ServiceNotAllowed {
                service: Service::Voice,
            } => "voice on a data-only SIM",
            Violation::ServiceNotAllowed { .. } => "streaming on a data-only SIM",
            Violation::AllowanceExceeded { .. } => "data beyond the allowance",
            Violation::TacMismatch { .. } => "TAC not the declared device type",
            Violation::CountryNotDeployed { .. } => "country never deployed to",
            Violation::DownloadBurst { .. } => "burst of downloads for one EID",
        }
    }
}

/// Decides whether `attempt` is within `policy`; `used_kb` is the data already served in
/// the current 30-day window.
pub fn check(policy: &Policy, used_kb: u64, attempt: &Attempt) -> Result<(), Violation> {
    match attempt {
        Attempt::Attach { country, tac } => {
            if !policy.countries.iter().any(|c| c == country) {
                return Err(Violation::CountryNotDeployed {
                    country: country.clone(),
                });
            }
            if *tac != policy.tac {
                return Err(Violation::TacMismatch {
                    declared: policy.tac.clone(),
                    seen: tac.clone(),
                });
            }
            Ok(())
        }
        Attempt::Session { service, kb, .. } => {
            if !policy.services.contains(service) {
                return Err(Violation::ServiceNotAllowed { service: *service });
            }
            let allowance_kb = policy.data_allowance_mb.saturating_mul(1024);
            if used_kb.saturating_add(*kb) > allowance_kb {
                return Err(Violation::AllowanceExceeded {
                    allowance_mb: policy.data_allowance_mb,
                    used_kb,
                    requested_kb: *kb,
                });
            }
            Ok(())
        }
        Attempt::Downloads { count } => {
            if *count > policy.max_downloads_per_day {
                return Err(Violation::DownloadBurst {
                    count: *count,
                    limit: policy.max_downloads_per_day,
                });
            }
            Ok(())
        }
    }
}

/// What a session costs at `rates` (attaches and downloads are not charged per use).
pub fn charge(rates: &Rates, attempt: &Attempt) -> Micros {
    match attempt {
        Attempt::Session { kb, minutes, .. } => {
            kb.saturating_mul(rates.data_per_mb) / 1024
                + minutes.saturating_mul(rates.voice_per_minute)
        }
        Attempt::Attach { .. } | Attempt::Downloads { .. } => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iot() -> Policy {
        Policy {
            services: vec![Service::Data],
            data_allowance_mb: 100,
            tac: "35291111".into(),
            countries: vec!["DE".into()],
            max_downloads_per_day: 3,
        }
    }

    #[test]
    fn each_kind_of_out_of_policy_use_is_refused_and_honest_use_served() {
        let p = iot();
        let data = |kb| Attempt::Session {
            service: Service::Data,
            kb,
            minutes: 0,
        };
        assert_eq!(check(&p, 0, &data(2048)), Ok(()));
        assert_eq!(check(&p, 100 * 1024 - 10, &data(10)), Ok(()));
        assert!(matches!(
            check(&p, 100 * 1024 - 10, &data(11)),
            Err(Violation::AllowanceExceeded { .. })
        ));
        let voice = Attempt::Session {
            service: Service::Voice,
            kb: 0,
            minutes: 30,
        };
        assert_eq!(
            check(&p, 0, &voice),
            Err(Violation::ServiceNotAllowed {
                service: Service::Voice
            })
        );
        let attach = |country: &str, tac: &str| Attempt::Attach {
            country: country.into(),
            tac: tac.into(),
        };
        assert_eq!(check(&p, 0, &attach("DE", "35291111")), Ok(()));
        assert!(matches!(
            check(&p, 0, &attach("DE", "86012345")),
            Err(Violation::TacMismatch { .. })
        ));
        assert!(matches!(
            check(&p, 0, &attach("FR", "35291111")),
            Err(Violation::CountryNotDeployed { .. })
        ));
        assert_eq!(check(&p, 0, &Attempt::Downloads { count: 3 }), Ok(()));
        assert!(check(&p, 0, &Attempt::Downloads { count: 4 }).is_err());
        let rates = Rates {
            data_per_mb: 10_000,
            voice_per_minute: 50_000,
        };
        assert_eq!(charge(&rates, &data(2048)), 20_000);
        assert_eq!(charge(&rates, &voice), 1_500_000);
    }
}
