//! ESipa eIM Package transfer: the IPA polls for a package (GetEimPackage) or the eIM
//! pushes one (TransferEimPackage), and the IPA returns the result (ProvideEimPackageResult)
//! (SGP.32 v1.2 5.14.5, 5.14.6, 6.3.2.6, 6.3.2.7).

use super::acknowledgements::EimAcknowledgements;
use super::common::EmptySequence;
use super::download_trigger::{ProfileDownloadTriggerRequest, ProfileDownloadTriggerResult};
use super::esep_request::EuiccPackageRequest;
use super::esep_result::EuiccPackageResult;
use super::ipa_euicc_data::{IpaEuiccDataRequest, IpaEuiccDataResponse};
use super::notifications::PendingNotificationList;
use crate::der::{Asn1, Null};
use crate::sgp22::{Octet16, TransactionId};

/// ESipa.GetEimPackage request: the IPA polls its eIM (SGP.32 v1.2 5.14.5, 6.3.2.6).
/// v1.0 had `rPLMN` at `[1]`; v1.2 puts `stateChangeCause` there and `rPLMN` at `[2]`.
///
/// ```text
/// GetEimPackageRequest ::= [79] SEQUENCE { -- Tag 'BF4F'
///    eidValue [APPLICATION 26] Octet16, -- Tag '5A'
///    notifyStateChange [0] NULL OPTIONAL, stateChangeCause [1] StateChangeCause OPTIONAL,
///    rPLMN [2] OCTET STRING (SIZE(3)) OPTIONAL -- MCC and MNC, 3GPP TS 24.008 }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 79, extensible)]
pub struct GetEimPackageRequest {
    #[asn1(tag = "application 26")]
    pub eid_value: Octet16,
    /// The eIM should refresh what it knows about the eUICC (profiles, states).
    #[asn1(tag = 0)]
    pub notify_state_change: Option<Null>,
    #[asn1(tag = 1)]
    pub state_change_cause: Option<StateChangeCause>,
    /// The last registered PLMN.
    #[asn1(tag = 2, name = "rPLMN")]
    pub r_plmn: Option<[u8; 3]>,
}

/// Why the eUICC's state changed without the eIM (SGP.32 v1.2 6.3.2.6).
///
/// ```text
/// StateChangeCause ::= INTEGER { otherEim(0), fallback(1), emergencyProfile(2),
///    local(3), reset(4), immediateEnableProfile(5), deviceChange(6), undefined(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum StateChangeCause {
    /// Changes requested by another registered eIM.
    #[asn1(value = 0)]
    OtherEim,
    /// Fallback requested by the IPA.
    #[asn1(value = 1)]
    Fallback,
    /// Emergency Profile swap requested by the IPA.
    #[asn1(value = 2)]
    EmergencyProfile,
    /// Local changes (RFU in v1.2).
    #[asn1(value = 3)]
    Local,
    /// An eUICC memory reset.
    #[asn1(value = 4)]
    Reset,
    /// Immediate profile enabling requested by the IPA.
    #[asn1(value = 5)]
    ImmediateEnableProfile,
    /// An IPAe detected a device change (removable eSIMs).
    #[asn1(value = 6)]
    DeviceChange,
    #[asn1(value = 127)]
    Undefined,
    #[asn1(other)]
    Other(i64),
}

/// ESipa.GetEimPackage response: one package, or why there is none (SGP.32 v1.2 5.14.5,
/// 6.3.2.6). The alternatives' own tags are kept (`BF51`, `BF52`, `BF54`); the error is a
/// universal INTEGER because tagged alternatives turn automatic tagging off.
///
/// ```text
/// GetEimPackageResponse ::= [79] CHOICE { -- Tag 'BF4F'
///    euiccPackageRequest [81] EuiccPackageRequest, -- Tag 'BF51'
///    ipaEuiccDataRequest [82] IpaEuiccDataRequest, -- Tag 'BF52'
///    profileDownloadTriggerRequest [84] ProfileDownloadTriggerRequest, -- Tag 'BF54'
///    eimPackageError INTEGER { noEimPackageAvailable(1), eidNotFound(2), invalidEid(3),
///       missingEid(4), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 79)]
pub enum GetEimPackageResponse {
    #[asn1(tag = 81)]
    EuiccPackageRequest(EuiccPackageRequest),
    #[asn1(tag = 82)]
    IpaEuiccDataRequest(IpaEuiccDataRequest),
    #[asn1(tag = 84)]
    ProfileDownloadTriggerRequest(ProfileDownloadTriggerRequest),
    EimPackageError(EimPackageError),
}

/// `GetEimPackageResponse.eimPackageError` (SGP.32 v1.2 6.3.2.6).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "eimPackageError")]
pub enum EimPackageError {
    #[asn1(value = 1)]
    NoEimPackageAvailable,
    #[asn1(value = 2)]
    EidNotFound,
    #[asn1(value = 3)]
    InvalidEid,
    #[asn1(value = 4)]
    MissingEid,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The result the IPA returns for an eIM Package (SGP.32 v1.2 5.14.6, 6.3.2.7).
///
/// ```text
/// EimPackageResult ::= CHOICE {
///    euiccPackageResult [81] EuiccPackageResult, -- Tag 'BF51'
///    ePRAndNotifications SEQUENCE { euiccPackageResult [81] EuiccPackageResult,
///       notificationList [0] PendingNotificationList },
///    ipaEuiccDataResponse [82] IpaEuiccDataResponse, -- Tag 'BF52'
///    profileDownloadTriggerResult [84] ProfileDownloadTriggerResult, -- Tag 'BF54'
///    eimPackageResultResponseError [0] EimPackageResultResponseError }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum EimPackageResult {
    #[asn1(tag = 81)]
    EuiccPackageResult(EuiccPackageResult),
    #[asn1(name = "ePRAndNotifications")]
    EprAndNotifications(EprAndNotifications),
    #[asn1(tag = 82)]
    IpaEuiccDataResponse(IpaEuiccDataResponse),
    #[asn1(tag = 84)]
    ProfileDownloadTriggerResult(ProfileDownloadTriggerResult),
    #[asn1(tag = 0)]
    EimPackageResultResponseError(EimPackageResultResponseError),
}

/// A package result with the notifications its operations produced (SGP.32 v1.2 6.3.2.7):
/// `ePRAndNotifications` of EimPackageResult and TransferEimPackageResponse.
///
/// ```text
/// SEQUENCE { euiccPackageResult [81] EuiccPackageResult, -- Tag 'BF51'
///    notificationList [0] PendingNotificationList -- Tag 'A0' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "ePRAndNotifications")]
pub struct EprAndNotifications {
    #[asn1(tag = 81)]
    pub euicc_package_result: EuiccPackageResult,
    #[asn1(tag = 0)]
    pub notification_list: PendingNotificationList,
}

/// Why the IPA could not process an eIM Package (SGP.32 v1.2 6.3.2.7).
///
/// ```text
/// EimPackageResultErrorCode ::= INTEGER { invalidPackageFormat(1), unknownPackage(2),
///    undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum EimPackageResultErrorCode {
    #[asn1(value = 1)]
    InvalidPackageFormat,
    #[asn1(value = 2)]
    UnknownPackage,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The IPA's error for an eIM Package (SGP.32 v1.2 6.3.2.7).
///
/// ```text
/// EimPackageResultResponseError ::= SEQUENCE {
///    eimTransactionId [0] TransactionId OPTIONAL,
///    eimPackageResultErrorCode EimPackageResultErrorCode }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EimPackageResultResponseError {
    #[asn1(tag = 0)]
    pub eim_transaction_id: Option<TransactionId>,
    pub eim_package_result_error_code: EimPackageResultErrorCode,
}

/// ESipa.ProvideEimPackageResult request (SGP.32 v1.2 5.14.6, 6.3.2.7; a bare CHOICE in
/// v1.0).
///
/// ```text
/// ProvideEimPackageResult ::= [80] SEQUENCE { -- Tag 'BF50'
///    eidValue [APPLICATION 26] Octet16 OPTIONAL, -- Tag '5A'
///    eimPackageResult EimPackageResult }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 80, extensible)]
pub struct ProvideEimPackageResult {
    #[asn1(tag = "application 26")]
    pub eid_value: Option<Octet16>,
    pub eim_package_result: EimPackageResult,
}

/// ESipa.ProvideEimPackageResult response (SGP.32 v1.2 5.14.6, 6.3.2.7; an optional list in
/// v1.0).
///
/// ```text
/// ProvideEimPackageResultResponse ::= [80] CHOICE { -- Tag 'BF50'
///    eimAcknowledgements [83] EimAcknowledgements, -- Tag 'BF53'
///    emptyResponse SEQUENCE {},
///    provideEimPackageResultError INTEGER { eidNotFound(2), invalidEid(3), missingEid(4),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 80)]
pub enum ProvideEimPackageResultResponse {
    #[asn1(tag = 83)]
    EimAcknowledgements(EimAcknowledgements),
    EmptyResponse(EmptySequence),
    ProvideEimPackageResultError(ProvideEimPackageResultError),
}

/// `ProvideEimPackageResultResponse.provideEimPackageResultError` (SGP.32 v1.2 6.3.2.7).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "provideEimPackageResultError")]
pub enum ProvideEimPackageResultError {
    #[asn1(value = 2)]
    EidNotFound,
    #[asn1(value = 3)]
    InvalidEid,
    #[asn1(value = 4)]
    MissingEid,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ESipa.TransferEimPackage request: the eIM pushes a package to an IPA that supports
/// injection (SGP.32 v1.2 5.14, 6.3.2).
///
/// ```text
/// TransferEimPackageRequest ::= [78] CHOICE { -- Tag 'BF4E'
///    euiccPackageRequest [81] EuiccPackageRequest, -- Tag 'BF51'
///    ipaEuiccDataRequest [82] IpaEuiccDataRequest, -- Tag 'BF52'
///    eimAcknowledgements [83] EimAcknowledgements, -- Tag 'BF53'
///    profileDownloadTriggerRequest [84] ProfileDownloadTriggerRequest -- Tag 'BF54' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 78)]
pub enum TransferEimPackageRequest {
    #[asn1(tag = 81)]
    EuiccPackageRequest(EuiccPackageRequest),
    #[asn1(tag = 82)]
    IpaEuiccDataRequest(IpaEuiccDataRequest),
    #[asn1(tag = 83)]
    EimAcknowledgements(EimAcknowledgements),
    #[asn1(tag = 84)]
    ProfileDownloadTriggerRequest(ProfileDownloadTriggerRequest),
}

/// ESipa.TransferEimPackage response (SGP.32 v1.2 5.14, 6.3.2): the result at once, or
/// `eimPackageReceived` when it follows with ProvideEimPackageResult.
///
/// ```text
/// TransferEimPackageResponse ::= [78] CHOICE { -- Tag 'BF4E'
///    euiccPackageResult [81] EuiccPackageResult, -- Tag 'BF51'
///    ePRAndNotifications SEQUENCE { euiccPackageResult [81] EuiccPackageResult,
///       notificationList [0] PendingNotificationList },
///    ipaEuiccDataResponse [82] IpaEuiccDataResponse, -- Tag 'BF52'
///    eimPackageReceived NULL,
///    eimPackageError INTEGER { invalidPackageFormat(1), unknownPackage(2),
///       undefinedError(127) },
///    eimPackageReceivedWithCid [96] EimPackageReceivedWithCid, -- v1.3
///    eimPackageErrorWithCid [97] EimPackageErrorWithCid -- v1.3 }
/// ```
///
/// The two `...WithCid` alternatives are v1.3's ([`super::v1_3`]).
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 78)]
pub enum TransferEimPackageResponse {
    #[asn1(tag = 81)]
    EuiccPackageResult(EuiccPackageResult),
    #[asn1(name = "ePRAndNotifications")]
    EprAndNotifications(EprAndNotifications),
    #[asn1(tag = 82)]
    IpaEuiccDataResponse(IpaEuiccDataResponse),
    EimPackageReceived(Null),
    /// The same named numbers as EimPackageResultErrorCode, so that type is reused.
    #[asn1(name = "eimPackageError")]
    EimPackageError(EimPackageResultErrorCode),
    #[asn1(tag = 96)]
    EimPackageReceivedWithCid(super::v1_3::EimPackageReceivedWithCid),
    #[asn1(tag = 97)]
    EimPackageErrorWithCid(super::v1_3::EimPackageErrorWithCid),
}
