//! Profile metadata as SGP.32 extends it: the fallback and eCall flags of ProfileInfo
//! (listProfileInfo PSMO, ES10c.GetProfilesInfo) and of StoreMetadataRequest
//! (SGP.32 v1.2 4.4, 5.5, 2.11.2.1).

use crate::der::Asn1;
use crate::sgp22::{
    DpProprietaryData, Iccid, IconType, NotificationConfigurationInformation, OctetTo16,
    OperatorId, PprIds, ProfileClass, ProfileState, VendorSpecificExtension,
};

/// The listProfileInfo result (SGP.32 v1.2 2.11.2.1): SGP.22's response with SGP.32's
/// ProfileInfo and one more error code.
///
/// ```text
/// SGP32-ProfileInfoListResponse ::= [45] CHOICE { -- Tag 'BF2D'
///    profileInfoListOk SEQUENCE OF SGP32-ProfileInfo,
///    profileInfoListError SGP32-ProfileInfoListError }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 45, automatic, name = "SGP32-ProfileInfoListResponse")]
pub enum SGP32ProfileInfoListResponse {
    ProfileInfoListOk(Vec<SGP32ProfileInfo>),
    ProfileInfoListError(SGP32ProfileInfoListError),
}

/// Why listProfileInfo failed (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// SGP32-ProfileInfoListError ::= INTEGER { incorrectInputValues(1),
///    profileChangeOngoing(11), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "SGP32-ProfileInfoListError")]
pub enum SGP32ProfileInfoListError {
    #[asn1(value = 1)]
    IncorrectInputValues,
    #[asn1(value = 11)]
    ProfileChangeOngoing,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// One installed profile as an IoT eUICC reports it (SGP.32 v1.2 4.4): SGP.22's
/// ProfileInfo plus eCall indication and the fallback flags.
///
/// ```text
/// SGP32-ProfileInfo ::= [PRIVATE 3] SEQUENCE { -- Tag 'E3'
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
///    serviceSpecificDataStoredInEuicc [34] VendorSpecificExtension OPTIONAL,
///    ecallIndication [123] BOOLEAN OPTIONAL, -- Tag '9F7B'
///    fallbackAttribute [38] BOOLEAN DEFAULT FALSE, -- Tag '9F26'
///    fallbackAllowed [103] BOOLEAN OPTIONAL -- Tag '9F67' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = "private 3", extensible, name = "SGP32-ProfileInfo")]
pub struct SGP32ProfileInfo {
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
    /// Whether the profile is the Emergency Profile.
    #[asn1(tag = 123)]
    pub ecall_indication: Option<bool>,
    /// The profile is the Fallback Profile; absent on the wire when FALSE.
    #[asn1(tag = 38, default = "false")]
    pub fallback_attribute: bool,
    /// Whether the Profile Owner allows the Fallback Attribute on this profile.
    #[asn1(tag = 103)]
    pub fallback_allowed: Option<bool>,
}

/// Profile metadata with SGP.32's eCall and fallback flags (SGP.32 v1.2 5.5), as the
/// SM-DP+ sends it in `profileMetaData` of AuthenticateClientOkDPEsipa.
///
/// ```text
/// SGP32-StoreMetadataRequest ::= [37] SEQUENCE { -- Tag 'BF25'
///    iccid Iccid, serviceProviderName [17] UTF8String (SIZE(0..32)),
///    profileName [18] UTF8String (SIZE(0..64)), iconType [19] IconType OPTIONAL,
///    icon [20] OCTET STRING (SIZE(0..1024)) OPTIONAL,
///    profileClass [21] ProfileClass DEFAULT operational,
///    notificationConfigurationInfo [22] SEQUENCE OF NotificationConfigurationInformation
///       OPTIONAL,
///    profileOwner [23] OperatorId OPTIONAL, profilePolicyRules [25] PprIds OPTIONAL,
///    serviceSpecificDataStoredInEuicc [34] VendorSpecificExtension OPTIONAL,
///    serviceSpecificDataNotStoredInEuicc [35] VendorSpecificExtension OPTIONAL,
///    ecallIndication [123] BOOLEAN OPTIONAL, -- Tag '9F7B'
///    fallbackAllowed [103] BOOLEAN OPTIONAL -- Tag '9F67' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 37, extensible, name = "SGP32-StoreMetadataRequest")]
pub struct SGP32StoreMetadataRequest {
    pub iccid: Iccid,
    #[asn1(tag = 17)]
    pub service_provider_name: String,
    #[asn1(tag = 18)]
    pub profile_name: String,
    #[asn1(tag = 19)]
    pub icon_type: Option<IconType>,
    #[asn1(tag = 20)]
    pub icon: Option<Vec<u8>>,
    #[asn1(tag = 21, default = "ProfileClass::Operational")]
    pub profile_class: ProfileClass,
    #[asn1(tag = 22)]
    pub notification_configuration_info: Option<Vec<NotificationConfigurationInformation>>,
    #[asn1(tag = 23)]
    pub profile_owner: Option<OperatorId>,
    #[asn1(tag = 25)]
    pub profile_policy_rules: Option<PprIds>,
    #[asn1(tag = 34)]
    pub service_specific_data_stored_in_euicc: Option<VendorSpecificExtension>,
    #[asn1(tag = 35)]
    pub service_specific_data_not_stored_in_euicc: Option<VendorSpecificExtension>,
    #[asn1(tag = 123)]
    pub ecall_indication: Option<bool>,
    #[asn1(tag = 103)]
    pub fallback_allowed: Option<bool>,
}
