//! The eUICC data request of SGP.32 v1.0 (2.11.1.2, 2.11.2.2, 5.9.2): one search criterion
//! for notifications and package results, the data without an eimTransactionId,
//! `defaultSmdpAddress` at `80` and the notifications as a RetrieveNotificationsList answer
//! at `BF2B`, the error as a bare INTEGER.

use super::es10b::SGP32RetrieveNotificationsListResponse;
use crate::der::{Asn1, Null};
use crate::sgp22::{
    Certificate, CertificationDataObject, DeviceInfo, EUICCInfo1, EuiccCategory, NotificationEvent,
    PprIds, RspCapability, SubjectKeyIdentifier, TreProperties, UICCCapability, VersionType,
};
use crate::sgp32::{IoTSpecificInfo, IpaCapabilities, IpaMode};

/// The eIM's request for eUICC data in v1.0 (2.11.1.2). The tags of the list are those of
/// v1.0's IpaEuiccData (`80` defaultSmdpAddress, `BF2B` notificationsList, …).
///
/// ```text
/// IpaEuiccDataRequest ::= [82] SEQUENCE { -- Tag BF52
///    tagList [APPLICATION 28] OCTET STRING, -- Tag '5C'
///    euiccCiPKId SubjectKeyIdentifier OPTIONAL,
///    searchCriteria [1] CHOICE { seqNumber [0] INTEGER,
///       profileManagementOperation [1] NotificationEvent,
///       euiccPackageResults [2] NULL } OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 82, extensible)]
pub struct IpaEuiccDataRequest {
    #[asn1(tag = "application 28")]
    pub tag_list: Vec<u8>,
    #[asn1(name = "euiccCiPKId")]
    pub euicc_ci_pkid: Option<SubjectKeyIdentifier>,
    #[asn1(tag = 1)]
    pub search_criteria: Option<SearchCriteria>,
}

/// `IpaEuiccDataRequest.searchCriteria` of v1.0: the criteria of
/// RetrieveNotificationsList, so notifications or package results, not both.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "searchCriteria")]
pub enum SearchCriteria {
    #[asn1(tag = 0)]
    SeqNumber(i64),
    #[asn1(tag = 1)]
    ProfileManagementOperation(NotificationEvent),
    #[asn1(tag = 2)]
    EuiccPackageResults(Null),
}

/// The IPA's answer in v1.0 (2.11.2.2). Automatic tags: `A0` / `81`.
///
/// ```text
/// IpaEuiccDataResponse ::= [82] CHOICE { -- Tag 'BF52'
///    ipaEuiccData IpaEuiccData,
///    ipaEuiccDataError INTEGER { incorrectTagList(1), euiccCiPKIdNotFound(5),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 82, automatic)]
#[allow(clippy::large_enum_variant)]
pub enum IpaEuiccDataResponse {
    IpaEuiccData(IpaEuiccData),
    IpaEuiccDataError(IpaEuiccDataError),
}

/// `IpaEuiccDataResponse.ipaEuiccDataError` of v1.0: no eimTransactionId beside it.
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "ipaEuiccDataError")]
pub enum IpaEuiccDataError {
    #[asn1(value = 1)]
    IncorrectTagList,
    #[asn1(name = "euiccCiPKIdNotFound")]
    #[asn1(value = 5)]
    EuiccCiPkIdNotFound,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The requested data in v1.0 (2.11.2.2).
///
/// ```text
/// IpaEuiccData ::= SEQUENCE {
///    defaultSmdpAddress [0] UTF8String OPTIONAL, -- Tag '80'
///    euiccInfo1 [32] EUICCInfo1 OPTIONAL, euiccInfo2 [34] SGP32-EUICCInfo2 OPTIONAL,
///    rootSmdsAddress [3] UTF8String OPTIONAL, associationToken [4] INTEGER OPTIONAL,
///    eumCertificate [5] Certificate OPTIONAL, euiccCertificate [6] Certificate OPTIONAL,
///    ipaCapabilities [8] IpaCapabilities OPTIONAL, deviceInfo [9] DeviceInfo OPTIONAL,
///    notificationsList [43] SGP32-RetrieveNotificationsListResponse OPTIONAL -- 'BF2B' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct IpaEuiccData {
    #[asn1(tag = 0)]
    pub default_smdp_address: Option<String>,
    #[asn1(tag = 32)]
    pub euicc_info1: Option<EUICCInfo1>,
    #[asn1(tag = 34)]
    pub euicc_info2: Option<SGP32EUICCInfo2>,
    #[asn1(tag = 3)]
    pub root_smds_address: Option<String>,
    #[asn1(tag = 4)]
    pub association_token: Option<i64>,
    #[asn1(tag = 5)]
    pub eum_certificate: Option<Certificate>,
    #[asn1(tag = 6)]
    pub euicc_certificate: Option<Certificate>,
    #[asn1(tag = 8)]
    pub ipa_capabilities: Option<IpaCapabilities>,
    #[asn1(tag = 9)]
    pub device_info: Option<DeviceInfo>,
    /// `[43]` is the type's own tag (`BF2B`).
    #[asn1(tag = 43)]
    pub notifications_list: Option<SGP32RetrieveNotificationsListResponse>,
}

/// EUICCInfo2 of a v1.0 IoT eUICC (5.9.2): the octets of v1.2's, `[17]`–`[19]` named
/// `rfu2`–`rfu4`. `iotSpecificInfo.iotVersion` is the eUICC's declared SGP.32 version.
///
/// ```text
/// SGP32-EUICCInfo2 ::= [34] SEQUENCE { -- Tag 'BF22'
///    ... as SGP.22 ..., ipaMode [16] IpaMode OPTIONAL,
///    rfu2 [17] SEQUENCE OF SubjectKeyIdentifier OPTIONAL,
///    rfu3 [18] OCTET STRING (SIZE(0..32)) OPTIONAL, rfu4 [19] VersionType OPTIONAL,
///    iotSpecificInfo [20] IoTSpecificInfo OPTIONAL }
/// IoTSpecificInfo ::= SEQUENCE { iotVersion [0] SEQUENCE OF VersionType }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 34, extensible, name = "SGP32-EUICCInfo2")]
pub struct SGP32EUICCInfo2 {
    #[asn1(tag = 1)]
    pub profile_version: VersionType,
    #[asn1(tag = 2)]
    pub svn: VersionType,
    #[asn1(tag = 3)]
    pub euicc_firmware_ver: VersionType,
    #[asn1(tag = 4)]
    pub ext_card_resource: Vec<u8>,
    #[asn1(tag = 5)]
    pub uicc_capability: UICCCapability,
    #[asn1(tag = 6)]
    pub ts102241_version: Option<VersionType>,
    #[asn1(tag = 7)]
    pub globalplatform_version: Option<VersionType>,
    #[asn1(tag = 8)]
    pub rsp_capability: RspCapability,
    #[asn1(tag = 9, name = "euiccCiPKIdListForVerification")]
    pub euicc_ci_pkid_list_for_verification: Vec<SubjectKeyIdentifier>,
    #[asn1(tag = 10, name = "euiccCiPKIdListForSigning")]
    pub euicc_ci_pkid_list_for_signing: Vec<SubjectKeyIdentifier>,
    #[asn1(tag = 11)]
    pub euicc_category: Option<EuiccCategory>,
    #[asn1(tag = 25)]
    pub forbidden_profile_policy_rules: Option<PprIds>,
    pub pp_version: VersionType,
    pub sas_acreditation_number: String,
    #[asn1(tag = 12)]
    pub certification_data_object: Option<CertificationDataObject>,
    #[asn1(tag = 13)]
    pub tre_properties: Option<TreProperties>,
    #[asn1(tag = 14)]
    pub tre_product_reference: Option<String>,
    #[asn1(tag = 15)]
    pub additional_euicc_profile_package_versions: Option<Vec<VersionType>>,
    #[asn1(tag = 16)]
    pub ipa_mode: Option<IpaMode>,
    #[asn1(tag = 17)]
    pub rfu2: Option<Vec<SubjectKeyIdentifier>>,
    #[asn1(tag = 18)]
    pub rfu3: Option<Vec<u8>>,
    #[asn1(tag = 19)]
    pub rfu4: Option<VersionType>,
    /// v1.2's type: v1.0 has only `iotVersion`, which it reads the same.
    #[asn1(tag = 20, name = "iotSpecificInfo")]
    pub iot_specific_info: Option<IoTSpecificInfo>,
}
