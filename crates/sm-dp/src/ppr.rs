//! A profile type's Profile Policy Rules (SGP.22 2.9.1) and the eligibility they bring.
//!
//! The rules travel in the profile's metadata (`StoreMetadataRequest.profilePolicyRules`,
//! SGP.22 5.5.3). An eUICC lists in EUICCInfo2 the rules it will not take
//! (`forbiddenProfilePolicyRules`, SGP.22 5.7.8; PPR1 for instance once an Operational
//! Profile is installed), and the SM-DP+'s eligibility check of AuthenticateClient (SGP.22
//! 5.6.3, against euiccInfo2 and deviceInfo) refuses a profile carrying one of them with
//! "8.2.5 Profile Type / 4.3 Stopped on Warning: no eligible Profile for this
//! eUICC/Device", before anything is signed for the download.

use proto::sgp22::{EUICCInfo2, PprIds};

use crate::store::{StoreError, profiles};
use crate::view::SmDpView;

/// A Profile Policy Rule an operator may set (SGP.22 2.9.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ppr {
    /// PPR1: disabling of this profile is not allowed.
    Ppr1,
    /// PPR2: deletion of this profile is not allowed.
    Ppr2,
}

impl Ppr {
    /// Its bit in `PprIds ::= BIT STRING { pprUpdateControl(0), ppr1(1), ppr2(2) }`.
    pub fn bit(self) -> usize {
        match self {
            Ppr::Ppr1 => PprIds::PPR1,
            Ppr::Ppr2 => PprIds::PPR2,
        }
    }

    const ALL: [Ppr; 2] = [Ppr::Ppr1, Ppr::Ppr2];
}

/// The stored mask of `rules` (bit n of PprIds is `1 << n`).
pub fn mask(rules: &[Ppr]) -> i64 {
    rules.iter().fold(0, |m, r| m | (1i64 << r.bit()))
}

/// The rules of a stored mask.
pub fn rules(mask: i64) -> Vec<Ppr> {
    Ppr::ALL
        .into_iter()
        .filter(|r| mask & (1i64 << r.bit()) != 0)
        .collect()
}

/// `profilePolicyRules` of the metadata: absent when the type has none.
pub(crate) fn ppr_ids(mask: i64) -> Option<PprIds> {
    let bits: Vec<usize> = rules(mask).into_iter().map(Ppr::bit).collect();
    (!bits.is_empty()).then(|| PprIds::from_bits(&bits))
}

/// A rule of the profile that the eUICC forbids: the profile is not eligible (ES9+ answers
/// it as `Es9Error::NoEligibleProfile`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the profile carries {0:?}, which the eUICC forbids")]
pub(crate) struct Forbidden(pub(crate) Ppr);

/// The eligibility check of the rules against the eUICC's forbidden ones.
pub(crate) fn check(mask: i64, info2: &EUICCInfo2) -> Result<(), Forbidden> {
    let Some(forbidden) = &info2.forbidden_profile_policy_rules else {
        return Ok(());
    };
    match rules(mask).into_iter().find(|r| forbidden.has(r.bit())) {
        Some(r) => Err(Forbidden(r)),
        None => Ok(()),
    }
}

/// Why the rules were not set.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PprError {
    #[error("profile type {0} is unknown")]
    UnknownType(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SmDpView {
    /// Sets the Profile Policy Rules of a profile type, for the downloads that follow
    /// (`rsp-lab smdp inventory rules`).
    pub async fn set_profile_policy_rules(
        &self,
        profile_type: &str,
        rules: &[Ppr],
    ) -> Result<(), PprError> {
        let (name, m) = (profile_type.to_string(), mask(rules));
        self.store()
            .write(move |tx| {
                if profiles::set_profile_policy_rules(tx, &name, m)? {
                    Ok(())
                } else {
                    Err(PprError::UnknownType(name.clone()))
                }
            })
            .await
    }
}

/// [`SmDpView::set_profile_policy_rules`] on the database at `database_url`.
pub async fn set_profile_policy_rules_at(
    database_url: &str,
    profile_type: &str,
    rules: &[Ppr],
) -> Result<(), PprError> {
    let view = SmDpView::open(database_url).await?;
    let r = view.set_profile_policy_rules(profile_type, rules).await;
    view.close().await;
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_hold_the_ppr_bits() {
        assert_eq!(mask(&[Ppr::Ppr1]), 2);
        assert_eq!(mask(&[Ppr::Ppr1, Ppr::Ppr2]), 6);
        assert_eq!(rules(6), vec![Ppr::Ppr1, Ppr::Ppr2]);
        assert_eq!(ppr_ids(0), None);
        assert!(ppr_ids(2).unwrap().has(PprIds::PPR1));
    }
}
