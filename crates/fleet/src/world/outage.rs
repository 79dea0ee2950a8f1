//! The lab's servers as the simulated world sees them: the roles that an outage can take
//! down ([`Role`]), the days they are down ([`Outage`]), and how localizations reach the
//! devices ([`Delivery`]: the eIM's ESipa, SGP.32; ES2+ orders found at the root SM-DS,
//! SGP.22 3.6.3; or ES2 orders to the SGP.02 SM-DP, delivered through the SM-SR over SMS).

use serde::Serialize;

/// How localizations reach the devices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    /// SGP.32: the eIM's policy, ESipa packages to each device's IPA (the default).
    #[default]
    Eim,
    /// SGP.22: ES2+ orders announced at the root SM-DS, found by each device's LPAd.
    Smds,
    /// SGP.02: ES2 orders to the SM-DP, downloaded through the SM-SR over SMS to M2M
    /// eUICCs, enabled through the SM-SR.
    Sgp02,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Eim, Delivery::Smds, Delivery::Sgp02];

    pub fn name(self) -> &'static str {
        match self {
            Delivery::Eim => "eim",
            Delivery::Smds => "smds",
            Delivery::Sgp02 => "sgp02",
        }
    }

    pub fn parse(s: &str) -> Result<Delivery, OutageError> {
        Delivery::ALL
            .into_iter()
            .find(|d| d.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| OutageError::Delivery(s.to_string()))
    }
}

/// A server the lab can take down for some days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The SM-DP+ (ES9+ and ES2+).
    Smdp,
    /// The root SM-DS (ES11 and ES12).
    Smds,
    /// The SM-SR (ES3, ES4 and its SMS link): stopped on the outage's days, started again
    /// on the same database after them.
    Smsr,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Smdp, Role::Smds, Role::Smsr];

    /// Whether the role is in the path of `delivery`: the SM-DP+ in every one, the SM-DS
    /// in discovery's, the SM-SR in SGP.02's.
    pub fn concerns(self, delivery: Delivery) -> bool {
        match self {
            Role::Smdp => true,
            Role::Smds => delivery == Delivery::Smds,
            Role::Smsr => delivery == Delivery::Sgp02,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Role::Smdp => "smdp",
            Role::Smds => "smds",
            Role::Smsr => "smsr",
        }
    }
}

/// A server unreachable from the first to the last simulated day given, both included
/// (`--outage smds:30-36`): connections to it are closed at once on those days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Outage {
    pub role: Role,
    pub from: u32,
    pub until: u32,
}

/// Why `--delivery` or `--outage` was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutageError {
    #[error("unknown delivery {0:?}; known: eim, smds, sgp02")]
    Delivery(String),
    #[error(
        "--outage {0:?}: expected ROLE:FROM-TO with ROLE smdp, smds or smsr and days FROM <= TO"
    )]
    Syntax(String),
}

impl Outage {
    /// Parses `smds:30-36` (or `smdp:5` for one day).
    pub fn parse(s: &str) -> Result<Outage, OutageError> {
        let bad = || OutageError::Syntax(s.to_string());
        let (role, days) = s.split_once(':').ok_or_else(bad)?;
        let role = Role::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(role.trim()))
            .ok_or_else(bad)?;
        let (from, until) = days.split_once('-').unwrap_or((days, days));
        let day = |t: &str| t.trim().parse::<u32>().map_err(|_| bad());
        let (from, until) = (day(from)?, day(until)?);
        if from > until {
            return Err(bad());
        }
        Ok(Outage { role, from, until })
    }

    /// Whether `role` is down on `day`.
    pub fn down(outages: &[Outage], role: Role, day: u32) -> bool {
        outages
            .iter()
            .any(|o| o.role == role && (o.from..=o.until).contains(&day))
    }

    pub fn label(&self) -> String {
        format!(
            "{} down on days {}-{}",
            self.role.name(),
            self.from,
            self.until
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outages_parse_and_cover_their_days() {
        let o = Outage::parse("smds:30-36").unwrap();
        assert_eq!((o.role, o.from, o.until), (Role::Smds, 30, 36));
        let one = Outage::parse("SMDP:5").unwrap();
        assert_eq!((one.role, one.from, one.until), (Role::Smdp, 5, 5));
        assert_eq!(Outage::parse("smsr:3-4").unwrap().role, Role::Smsr);
        assert_eq!(Delivery::parse("SGP02").unwrap(), Delivery::Sgp02);
        for bad in ["smds", "eim:1-2", "smds:9-3", "smds:x-3"] {
            assert!(Outage::parse(bad).is_err(), "{bad}");
        }
        let list = [o, one];
        assert!(Outage::down(&list, Role::Smds, 30) && Outage::down(&list, Role::Smds, 36));
        assert!(!Outage::down(&list, Role::Smds, 37) && !Outage::down(&list, Role::Smdp, 6));
        assert_eq!(Delivery::parse("SMDS").unwrap(), Delivery::Smds);
        assert!(Delivery::parse("sms").is_err());
    }
}
