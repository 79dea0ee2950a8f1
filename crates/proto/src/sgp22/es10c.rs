//! ES10c.GetProfilesInfo (SGP.22 5.7.15): the profiles installed on the eUICC.

use super::common::{Iccid, OctetTo16};
use super::metadata::{
    DpProprietaryData, IconType, NotificationConfigurationInformation, OperatorId, PprIds,
    ProfileClass, ProfileState, VendorSpecificExtension,
};
use crate::der::Asn1;

/// ES10c.GetProfilesInfo request (SGP.22 5.7.15).
///
/// ```text
/// ProfileInfoListRequest ::= [45] SEQUENCE { -- Tag 'BF2D'
///    searchCriteria [0] CHOICE { isdpAid [APPLICATION 15] OctetTo16, iccid Iccid,
///       profileClass [21] ProfileClass } OPTIONAL,
///    tagList [APPLICATION 28] OCTET STRING OPTIONAL -- tag '5C' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 45, extensible)]
pub struct ProfileInfoListRequest {
    #[asn1(tag = 0)]
    pub search_criteria: Option<ProfileSearchCriteria>,
    /// Tags of the ProfileInfo components wanted.
    #[asn1(tag = "application 28")]
    pub tag_list: Option<Vec<u8>>,
}

/// `ProfileInfoListRequest.searchCriteria` (SGP.22 5.7.15).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "searchCriteria")]
pub enum ProfileSearchCriteria {
    #[asn1(tag = "application 15")]
    IsdpAid(OctetTo16),
    Iccid(Iccid),
    #[asn1(tag = 21)]
    ProfileClass(ProfileClass),
}

/// ES10c.GetProfilesInfo response (SGP.22 5.7.15).
///
/// ```text
/// ProfileInfoListResponse ::= [45] CHOICE { -- Tag 'BF2D'
///    profileInfoListOk SEQUENCE OF ProfileInfo,
///    profileInfoListError ProfileInfoListError }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 45, automatic)]
pub enum ProfileInfoListResponse {
    ProfileInfoListOk(Vec<ProfileInfo>),
    ProfileInfoListError(ProfileInfoListError),
}

/// One installed profile (SGP.22 5.7.15); every component is OPTIONAL because the request's
/// tagList selects them.
///
/// ```text
/// ProfileInfo ::= [PRIVATE 3] SEQUENCE { -- Tag 'E3'
///    iccid Iccid OPTIONAL, isdpAid [APPLICATION 15] OctetTo16 OPTIONAL,
///    profileState [112] ProfileState OPTIONAL, -- Tag '9F70'
///    profileNickname [16] UTF8String (SIZE(0..64)) OPTIONAL,
///    serviceProviderName [17] UTF8String (SIZE(0..32)) OPTIONAL,
///    profileName [18] UTF8String (SIZE(0..64)) OPTIONAL, iconType [19] IconType OPTIONAL,
///    icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL,
///    profileClass [21] ProfileClass OPTIONAL,
///    notificationConfigurationInfo [22] SEQUENCE OF NotificationConfigurationInformation
///       OPTIONAL,
///    profileOwner [23] OperatorId OPTIONAL, dpProprietaryData [24] DpProprietaryData OPTIONAL,
///    profilePolicyRules [25] PprIds OPTIONAL,
///    serviceSpecificDataStoredInEuicc [34] VendorSpecificExtension OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = "private 3", extensible)]
pub struct ProfileInfo {
    pub iccid: Option<Iccid>,
    #[asn1(tag = "application 15")]
    pub isdp_aid: Option<OctetTo16>,
    #[asn1(tag = 112)]
    pub profile_state: Option<ProfileState>,
    #[asn1(tag = 16)]
    pub profile_nickname: Option<String>,
    #[asn1(tag = 17)]
    pub service_provider_name: Option<String>,
    #[asn1(tag = 18)]
    pub profile_name: Option<String>,
    #[asn1(tag = 19)]
    pub icon_type: Option<IconType>,
    #[asn1(tag = 20)]
    pub icon: Option<Vec<u8>>,
    #[asn1(tag = 21)]
    pub profile_class: Option<ProfileClass>,
    #[asn1(tag = 22)]
    pub notification_configuration_info: Option<Vec<NotificationConfigurationInformation>>,
    #[asn1(tag = 23)]
    pub profile_owner: Option<OperatorId>,
    #[asn1(tag = 24)]
    pub dp_proprietary_data: Option<DpProprietaryData>,
    #[asn1(tag = 25)]
    pub profile_policy_rules: Option<PprIds>,
    #[asn1(tag = 34)]
    pub service_specific_data_stored_in_euicc: Option<VendorSpecificExtension>,
}

/// `ProfileInfoListError ::= INTEGER {incorrectInputValues(1), undefinedError(127)}`
/// (SGP.22 5.7.15).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum ProfileInfoListError {
    #[asn1(value = 1)]
    IncorrectInputValues,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
