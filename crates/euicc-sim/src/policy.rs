//! Profile Policy Rules and the Rules Authorisation Table (SGP.22 2.9).
//!
//! - PPR1 (disabling not allowed) and PPR2 (deleting not allowed) bind Operational Profiles
//!   only (2.9.1); enabling a Test Profile overrides PPR1 of the enabled profile (SGP.21
//!   TPRO8).
//! - A profile may carry a PPR only if a RAT rule allows it for the profile owner (2.9.2);
//!   `E` nibbles of a rule's MCC/MNC match any digit.
//! - PPR1 may not be set while an Operational Profile is installed; EUICCInfo2 reports it in
//!   `forbiddenProfilePolicyRules` then (5.7.8).

use proto::sgp22::{
    OperatorId, PprFlags, PprIds, ProfilePolicyAuthorisationRule, RulesAuthorisationTable,
    StoreMetadataRequest,
};

use crate::state::options::{EuiccOptions, Ppr, RatOperator};
use crate::state::{EuiccState, ProfileClassValue, pprs_of};

/// Whether `rule` (MCC/MNC with `E` wildcards, optional GIDs) covers `owner`.
fn operator_matches(rule: &RatOperator, owner: &OperatorId) -> bool {
    let nibbles = |b: &[u8]| -> Vec<u8> { b.iter().flat_map(|x| [x >> 4, x & 0x0F]).collect() };
    let mcc_mnc = rule.mcc_mnc.len() == 3
        && nibbles(&rule.mcc_mnc)
            .iter()
            .zip(nibbles(&owner.mcc_mnc))
            .all(|(r, o)| *r == 0x0E || *r == o);
    let gid = |r: &Option<Vec<u8>>, o: &Option<Vec<u8>>| r.is_none() || r == o;
    mcc_mnc && gid(&rule.gid1, &owner.gid1) && gid(&rule.gid2, &owner.gid2)
}

/// The PPRs that may not be set on the next profile (`forbiddenProfilePolicyRules`).
pub(crate) fn forbidden_pprs(state: &EuiccState) -> Vec<Ppr> {
    let operational = state
        .profiles
        .iter()
        .any(|p| p.profile_class == ProfileClassValue::Operational);
    if operational {
        vec![Ppr::Ppr1]
    } else {
        Vec::new()
    }
}

/// Whether the PPRs of a profile's metadata may be set (StoreMetadata, `pprNotAllowed`).
pub(crate) fn pprs_allowed(
    state: &EuiccState,
    class: ProfileClassValue,
    m: &StoreMetadataRequest,
) -> bool {
    let pprs: Vec<Ppr> = m
        .profile_policy_rules
        .as_ref()
        .map(pprs_of)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| *p != Ppr::PprUpdateControl)
        .collect();
    if pprs.is_empty() || class != ProfileClassValue::Operational {
        // PPRs bind Operational Profiles only; on others they are kept but not enforced.
        return true;
    }
    let Some(owner) = &m.profile_owner else {
        return false;
    };
    let forbidden = forbidden_pprs(state);
    pprs.iter().all(|ppr| {
        !forbidden.contains(ppr)
            && state.options.rat.iter().any(|rule| {
                rule.pprs.contains(ppr)
                    && rule
                        .allowed_operators
                        .iter()
                        .any(|op| operator_matches(op, owner))
            })
    })
}

/// The RAT as ES10b.GetRAT returns it (SGP.22 5.7.22).
pub(crate) fn rat(options: &EuiccOptions) -> RulesAuthorisationTable {
    RulesAuthorisationTable(
        options
            .rat
            .iter()
            .map(|rule| ProfilePolicyAuthorisationRule {
                ppr_ids: PprIds::from_bits(&rule.pprs.iter().map(|p| p.bit()).collect::<Vec<_>>()),
                allowed_operators: rule
                    .allowed_operators
                    .iter()
                    .map(|op| OperatorId {
                        mcc_mnc: op.mcc_mnc.as_slice().try_into().unwrap_or([0xEE; 3]),
                        gid1: op.gid1.clone(),
                        gid2: op.gid2.clone(),
                    })
                    .collect(),
                ppr_flags: if rule.consent_required {
                    PprFlags::from_bits(&[PprFlags::CONSENT_REQUIRED])
                } else {
                    PprFlags::from_bits(&[])
                },
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgp22_2_9_2_rat_wildcards_and_gids() {
        let any = RatOperator {
            mcc_mnc: vec![0xEE, 0xEE, 0xEE],
            gid1: None,
            gid2: None,
        };
        let owner = OperatorId {
            mcc_mnc: [0x32, 0xF4, 0x10],
            gid1: Some(vec![1]),
            gid2: None,
        };
        assert!(operator_matches(&any, &owner));
        let exact = RatOperator {
            mcc_mnc: vec![0x32, 0xF4, 0x10],
            gid1: Some(vec![2]),
            gid2: None,
        };
        assert!(!operator_matches(&exact, &owner), "GID1 differs");
        let mcc_only = RatOperator {
            mcc_mnc: vec![0x32, 0xFE, 0xEE],
            gid1: None,
            gid2: None,
        };
        assert!(operator_matches(&mcc_only, &owner));
    }
}
