//! ES10c.GetProfilesInfo (SGP.22 5.7.15): the installed profiles, all or those matching the
//! search criteria, with the ProfileInfo components named in the tag list (all of them
//! without a tag list).

use proto::der::{Asn1, Tag};
use proto::sgp22::{
    ProfileInfo, ProfileInfoListError, ProfileInfoListRequest, ProfileInfoListResponse,
    ProfileSearchCriteria,
};

use crate::euicc::Euicc;
use crate::state::StoredProfile;

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

impl Euicc {
    /// ES10c.GetProfilesInfo (SGP.22 5.7.15).
    pub(crate) fn get_profiles_info(&self, req: &ProfileInfoListRequest) -> Vec<u8> {
        let wanted = match req.tag_list.as_deref().map(tags) {
            None => None,
            Some(Some(t)) => Some(t),
            Some(None) => {
                return ProfileInfoListResponse::ProfileInfoListError(
                    ProfileInfoListError::IncorrectInputValues,
                )
                .to_der();
            }
        };
        let list = self
            .state
            .profiles
            .iter()
            .filter(|p| req.search_criteria.as_ref().is_none_or(|c| matches(p, c)))
            .map(|p| {
                let info = p.to_profile_info();
                match &wanted {
                    Some(tags) => select(info, tags),
                    None => info,
                }
            })
            .collect();
        ProfileInfoListResponse::ProfileInfoListOk(list).to_der()
    }
}
