//! ES10c.GetProfilesInfo (SGP.22 5.7.15): the installed profiles, all or those matching the
//! search criteria, with the ProfileInfo components named in the tag list (all of them
//! without a tag list).
//!
//! ProfileInfo is SGP.32's (SGP.32 v1.2 4.4): SGP.22's components plus `ecallIndication`
//! (`9F7B`), `fallbackAttribute` (`9F26`, DEFAULT FALSE so only written when set) and
//! `fallbackAllowed` (`9F67`). A profile without SGP.32 metadata and without the Fallback
//! Attribute encodes exactly as SGP.22's ProfileInfo. The listProfileInfo PSMO uses the
//! same list ([`profile_info_list`]).

use proto::der::{Asn1, Tag};
use proto::sgp22::{ProfileInfo, ProfileInfoListRequest, ProfileSearchCriteria};
use proto::sgp32::{SGP32ProfileInfo, SGP32ProfileInfoListError, SGP32ProfileInfoListResponse};

use crate::euicc::Euicc;
use crate::state::{EuiccState, StoredProfile};

/// The tags of a tag list (`5C`), in order; `None` if it is not a run of identifiers.
fn tags(list: &[u8]) -> Option<Vec<Tag>> {
    let mut out = Vec::new();
    let mut rest = list;
    while !rest.is_empty() {
        let (tag, len) = Tag::parse(rest)?;
        out.push(tag);
        rest = &rest[len..];
    }
    Some(out)
}

/// Keeps the components of `info` whose tag is in `wanted` (class and number; the tag list
/// gives the form too, but a reader may not rely on it).
fn select(info: ProfileInfo, wanted: &[Tag]) -> ProfileInfo {
    let has = |class_number: Tag| wanted.iter().any(|t| t.same_number(class_number));
    let app = |n| Tag::application(n, false);
    let ctx = |n| Tag::context(n, false);
    ProfileInfo {
        iccid: info.iccid.filter(|_| has(app(26))),
        isdp_aid: info.isdp_aid.filter(|_| has(app(15))),
        profile_state: info.profile_state.filter(|_| has(ctx(112))),
        profile_nickname: info.profile_nickname.filter(|_| has(ctx(16))),
        service_provider_name: info.service_provider_name.filter(|_| has(ctx(17))),
        profile_name: info.profile_name.filter(|_| has(ctx(18))),
        icon_type: info.icon_type.filter(|_| has(ctx(19))),
        icon: info.icon.filter(|_| has(ctx(20))),
        profile_class: info.profile_class.filter(|_| has(ctx(21))),
        notification_configuration_info: info
            .notification_configuration_info
            .filter(|_| has(ctx(22))),
        profile_owner: info.profile_owner.filter(|_| has(ctx(23))),
        dp_proprietary_data: info.dp_proprietary_data.filter(|_| has(ctx(24))),
        profile_policy_rules: info.profile_policy_rules.filter(|_| has(ctx(25))),
        service_specific_data_stored_in_euicc: info
            .service_specific_data_stored_in_euicc
            .filter(|_| has(ctx(34))),
    }
}

fn matches(p: &StoredProfile, criteria: &ProfileSearchCriteria) -> bool {
    match criteria {
        ProfileSearchCriteria::IsdpAid(aid) => &p.isdp_aid == aid,
        ProfileSearchCriteria::Iccid(iccid) => p.iccid_asn1().as_ref() == Some(iccid),
        ProfileSearchCriteria::ProfileClass(class) => p.profile_class.to_asn1() == *class,
    }
}

/// SGP.32's ProfileInfo of a profile, with the components `wanted` names (all without a
/// tag list).
fn profile_info(p: &StoredProfile, wanted: Option<&[Tag]>) -> SGP32ProfileInfo {
    let base = match wanted {
        Some(tags) => select(p.to_profile_info(), tags),
        None => p.to_profile_info(),
    };
    let has = |t: Tag| wanted.is_none_or(|w| w.iter().any(|x| x.same_number(t)));
    let ctx = |n| Tag::context(n, false);
    SGP32ProfileInfo {
        iccid: base.iccid,
        isdp_aid: base.isdp_aid,
        profile_state: base.profile_state,
        profile_nickname: base.profile_nickname,
        service_provider_name: base.service_provider_name,
        profile_name: base.profile_name,
        icon_type: base.icon_type,
        icon: base.icon,
        profile_class: base.profile_class,
        notification_configuration_info: base.notification_configuration_info,
        profile_owner: base.profile_owner,
        dp_proprietary_data: base.dp_proprietary_data,
        profile_policy_rules: base.profile_policy_rules,
        service_specific_data_stored_in_euicc: base.service_specific_data_stored_in_euicc,
        ecall_indication: (p.ecall_indication && has(ctx(123))).then_some(true),
        fallback_attribute: p.fallback_attribute && has(ctx(38)),
        fallback_allowed: p.fallback_allowed.filter(|_| has(ctx(103))),
    }
}

/// The ProfileInfo list of GetProfilesInfo and of the listProfileInfo PSMO, or
/// `incorrectInputValues` for a tag list that is not a run of tags.
pub(crate) fn profile_info_list(
    state: &EuiccState,
    req: &ProfileInfoListRequest,
) -> SGP32ProfileInfoListResponse {
    let wanted = match req.tag_list.as_deref().map(tags) {
        None => None,
        Some(Some(t)) => Some(t),
        Some(None) => {
            return SGP32ProfileInfoListResponse::ProfileInfoListError(
                SGP32ProfileInfoListError::IncorrectInputValues,
            );
        }
    };
    let list = state
        .profiles
        .iter()
        .filter(|p| req.search_criteria.as_ref().is_none_or(|c| matches(p, c)))
        .map(|p| profile_info(p, wanted.as_deref()))
        .collect();
    SGP32ProfileInfoListResponse::ProfileInfoListOk(list)
}

impl Euicc {
    /// ES10c.GetProfilesInfo (SGP.22 5.7.15, SGP.32 v1.2 4.4).
    pub(crate) fn get_profiles_info(&self, req: &ProfileInfoListRequest) -> Vec<u8> {
        profile_info_list(&self.state, req).to_der()
    }
}
