//! eUICC data requested by the eIM through the IPA: the request names what it wants by tag,
//! the IPA collects it from the eUICC and the device (SGP.32 v1.2 2.11.1.2, 2.11.2.2).

use super::esep_result::EuiccPackageResultList;
use super::euicc_info::SGP32EUICCInfo2;
use super::notifications::PendingNotificationList;
use crate::der::Asn1;
use crate::sgp22::common::named_bits;
use crate::sgp22::{Certificate, DeviceInfo, EUICCInfo1, NotificationEvent, TransactionId};

/// The eIM's request for eUICC data (SGP.32 v1.2 2.11.1.2). The two search criteria are
/// untagged CHOICEs under `[1]` / `[2]`, so `A1` / `A2` wrap them.
///
/// ```text
/// IpaEuiccDataRequest ::= [82] SEQUENCE { -- Tag BF52
///    tagList [APPLICATION 28] OCTET STRING, -- Tag '5C'
///    euiccCiPKIdentifierToBeUsed OCTET STRING OPTIONAL,
///    searchCriteriaNotification [1] CHOICE { seqNumber [0] INTEGER,
///       profileManagementOperation [1] NotificationEvent } OPTIONAL,
///    searchCriteriaEuiccPackageResult [2] CHOICE { seqNumber [0] INTEGER } OPTIONAL,
///    eimTransactionId [3] TransactionId OPTIONAL -- Tag '83' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 82, extensible)]
pub struct IpaEuiccDataRequest {
    /// Tags of the IpaEuiccData components wanted (`A0`, `81`, `A2`, `BF20`, `BF22`, `83`,
    /// `84`, `A5`, `A6`, `A8`, `A9`).
    #[asn1(tag = "application 28")]
    pub tag_list: Vec<u8>,
    /// CI key identifier (possibly truncated) for the certificates to return.
    #[asn1(name = "euiccCiPKIdentifierToBeUsed")]
    pub euicc_ci_pk_identifier_to_be_used: Option<Vec<u8>>,
    #[asn1(tag = 1)]
    pub search_criteria_notification: Option<SearchCriteriaNotification>,
    #[asn1(tag = 2)]
    pub search_criteria_euicc_package_result: Option<SearchCriteriaEuiccPackageResult>,
    #[asn1(tag = 3)]
    pub eim_transaction_id: Option<TransactionId>,
}

/// `IpaEuiccDataRequest.searchCriteriaNotification` (SGP.32 v1.2 2.11.1.2).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "searchCriteriaNotification")]
pub enum SearchCriteriaNotification {
    #[asn1(tag = 0)]
    SeqNumber(i64),
    #[asn1(tag = 1)]
    ProfileManagementOperation(NotificationEvent),
}

/// `IpaEuiccDataRequest.searchCriteriaEuiccPackageResult` (SGP.32 v1.2 2.11.1.2).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "searchCriteriaEuiccPackageResult")]
pub enum SearchCriteriaEuiccPackageResult {
    #[asn1(tag = 0)]
    SeqNumber(i64),
}

/// The IPA's answer (SGP.32 v1.2 2.11.2.2). Automatic tags: `A0` / `A1`.
///
/// ```text
/// IpaEuiccDataResponse ::= [82] CHOICE { -- Tag 'BF52'
///    ipaEuiccData IpaEuiccData, ipaEuiccDataResponseError IpaEuiccDataResponseError }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 82, automatic)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum IpaEuiccDataResponse {
    IpaEuiccData(IpaEuiccData),
    IpaEuiccDataResponseError(IpaEuiccDataResponseError),
}

/// The requested data, each component present when its tag was in the tag list
/// (SGP.32 v1.2 2.11.2.2).
///
/// ```text
/// IpaEuiccData ::= SEQUENCE {
///    notificationsList [0] PendingNotificationList OPTIONAL, -- Tag 'A0'
///    defaultSmdpAddress [1] UTF8String OPTIONAL, -- Tag '81'
///    euiccPackageResultList [2] EuiccPackageResultList OPTIONAL, -- Tag 'A2'
///    euiccInfo1 [32] EUICCInfo1 OPTIONAL, -- Tag 'BF20'
///    euiccInfo2 [34] SGP32-EUICCInfo2 OPTIONAL, -- Tag 'BF22'
///    rootSmdsAddress [3] UTF8String OPTIONAL, -- Tag '83'
///    associationToken [4] INTEGER OPTIONAL, -- Tag '84'
///    eumCertificate [5] Certificate OPTIONAL, -- Tag 'A5'
///    euiccCertificate [6] Certificate OPTIONAL, -- Tag 'A6'
///    eimTransactionId [7] TransactionId OPTIONAL, -- Tag '87'
///    ipaCapabilities [8] IpaCapabilities OPTIONAL, -- Tag 'A8'
///    deviceInfo [9] DeviceInfo OPTIONAL -- Tag 'A9' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct IpaEuiccData {
    #[asn1(tag = 0)]
    pub notifications_list: Option<PendingNotificationList>,
    #[asn1(tag = 1)]
    pub default_smdp_address: Option<String>,
    #[asn1(tag = 2)]
    pub euicc_package_result_list: Option<EuiccPackageResultList>,
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
    #[asn1(tag = 7)]
    pub eim_transaction_id: Option<TransactionId>,
    #[asn1(tag = 8)]
    pub ipa_capabilities: Option<IpaCapabilities>,
    #[asn1(tag = 9)]
    pub device_info: Option<DeviceInfo>,
}

/// The IPA could not collect the data (SGP.32 v1.2 2.11.2.2).
///
/// ```text
/// IpaEuiccDataResponseError ::= SEQUENCE {
///    eimTransactionId [0] TransactionId OPTIONAL,
///    ipaEuiccDataErrorCode IpaEuiccDataErrorCode }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct IpaEuiccDataResponseError {
    #[asn1(tag = 0)]
    pub eim_transaction_id: Option<TransactionId>,
    pub ipa_euicc_data_error_code: IpaEuiccDataErrorCode,
}

/// Why no eUICC data was returned (SGP.32 v1.2 2.11.2.2).
///
/// ```text
/// IpaEuiccDataErrorCode ::= INTEGER { incorrectTagList(1), euiccCiPKIdNotFound(5),
///    ecallActive(104), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum IpaEuiccDataErrorCode {
    #[asn1(value = 1)]
    IncorrectTagList,
    #[asn1(name = "euiccCiPKIdNotFound")]
    #[asn1(value = 5)]
    EuiccCiPkIdNotFound,
    #[asn1(value = 104)]
    EcallActive,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// What the IPA can do (SGP.32 v1.2 2.11.2.2).
///
/// ```text
/// IpaCapabilities ::= SEQUENCE {
///    ipaFeatures [0] BIT STRING { directRspServerCommunication(0),
///       indirectRspServerCommunication(1), eimDownloadDataHandling(2),
///       eimCtxParams1Generation(3), eimProfileMetadataVerification(4),
///       minimizeEsipaBytes(5) },
///    ipaSupportedProtocols [1] BIT STRING { ipaRetrieveHttps(0), ipaRetrieveCoaps(1),
///       ipaInjectHttps(2), ipaInjectCoaps(3), ipaProprietary(4) } OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct IpaCapabilities {
    #[asn1(tag = 0)]
    pub ipa_features: IpaFeatures,
    #[asn1(tag = 1)]
    pub ipa_supported_protocols: Option<IpaSupportedProtocols>,
}

named_bits! {
    /// `IpaCapabilities.ipaFeatures` (SGP.32 v1.2 2.11.2.2).
    IpaFeatures {
        DIRECT_RSP_SERVER_COMMUNICATION = 0,
        INDIRECT_RSP_SERVER_COMMUNICATION = 1,
        EIM_DOWNLOAD_DATA_HANDLING = 2,
        EIM_CTX_PARAMS1_GENERATION = 3,
        EIM_PROFILE_METADATA_VERIFICATION = 4,
        /// The IPA uses the compact forms of ESipa.
        MINIMIZE_ESIPA_BYTES = 5,
    }
}

named_bits! {
    /// `IpaCapabilities.ipaSupportedProtocols` (SGP.32 v1.2 2.11.2.2).
    IpaSupportedProtocols {
        IPA_RETRIEVE_HTTPS = 0,
        IPA_RETRIEVE_COAPS = 1,
        IPA_INJECT_HTTPS = 2,
        IPA_INJECT_COAPS = 3,
        IPA_PROPRIETARY = 4,
    }
}
