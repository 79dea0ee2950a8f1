//! The ES10b functions of an SGP.32 v1.0 eUICC that differ from v1.2 (5.9.4, 5.9.5, 5.9.11,
//! 5.9.15–5.9.17): eUICCMemoryReset at SGP.22's `BF34`, EnableUsingDD without a refresh
//! flag, auto enabling instead of immediate enabling, RetrieveNotificationsList with a
//! fourth alternative, and the results that carry a v1.0 eUICC Package Result.

use super::esep::EuiccPackageResult;
use crate::der::Asn1;
use crate::sgp22::NotificationsListResultError;
use crate::sgp22::common::named_bits;
use crate::sgp32::{
    AddInitialEimOkItem, PendingNotificationList, ResetEimResult, RollbackCmdResult,
};

/// ES10b.RetrieveNotificationsList response of v1.0 (5.9.11): v1.2's three alternatives and
/// `notificationAndEprList` (`A3`), which v1.2 dropped. Automatic tags: `A0`, `81`, `A2`,
/// `A3`.
///
/// ```text
/// SGP32-RetrieveNotificationsListResponse ::= [43] CHOICE { -- Tag 'BF2B'
///    notificationList SEQUENCE OF SGP32-PendingNotification,
///    notificationsListResultError INTEGER { undefinedError(127)},
///    euiccPackageResultList SEQUENCE OF EuiccPackageResult,
///    notificationAndEprList SEQUENCE {
///       notificationList SEQUENCE OF SGP32-PendingNotification,
///       euiccPackageResultList SEQUENCE OF EuiccPackageResult } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(
    choice,
    tag = 43,
    automatic,
    name = "SGP32-RetrieveNotificationsListResponse"
)]
pub enum SGP32RetrieveNotificationsListResponse {
    NotificationList(PendingNotificationList),
    NotificationsListResultError(NotificationsListResultError),
    EuiccPackageResultList(Vec<EuiccPackageResult>),
    NotificationAndEprList(NotificationAndEprList),
}

/// `SGP32-RetrieveNotificationsListResponse.notificationAndEprList` (SGP.32 v1.0 5.9.11).
/// Automatic tags: `A0` / `A1`.
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "notificationAndEprList")]
pub struct NotificationAndEprList {
    pub notification_list: PendingNotificationList,
    pub euicc_package_result_list: Vec<EuiccPackageResult>,
}

/// ES10b.eUICCMemoryReset request of v1.0 (5.9.5): SGP.22's tag `BF34` with two more
/// options (v1.2 moved it to `BF64` and renumbered the options).
///
/// ```text
/// SGP32-EuiccMemoryResetRequest ::= [52] SEQUENCE { -- Tag 'BF34'
///    resetOptions [2] BIT STRING { deleteOperationalProfiles(0),
///       deleteFieldLoadedTestProfiles(1), resetDefaultSmdpAddress(2),
///       resetEimConfigData(3), resetAutoEnableConfig(4) } }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 52, extensible, name = "SGP32-EuiccMemoryResetRequest")]
pub struct SGP32EuiccMemoryResetRequest {
    #[asn1(tag = 2)]
    pub reset_options: ResetOptions,
}

named_bits! {
    /// `SGP32-EuiccMemoryResetRequest.resetOptions` of v1.0 (5.9.5).
    ResetOptions {
        DELETE_OPERATIONAL_PROFILES = 0,
        DELETE_FIELD_LOADED_TEST_PROFILES = 1,
        RESET_DEFAULT_SMDP_ADDRESS = 2,
        RESET_EIM_CONFIG_DATA = 3,
        RESET_AUTO_ENABLE_CONFIG = 4,
    }
}

/// ES10b.eUICCMemoryReset response of v1.0 (5.9.5). Two components are tagged, so no
/// automatic tags: `resetResult` is a universal INTEGER.
///
/// ```text
/// SGP32-EuiccMemoryResetResponse ::= [52] SEQUENCE { -- Tag 'BF34'
///    resetResult INTEGER {ok(0), nothingToDelete(1), catBusy(5), undefinedError(127)},
///    resetEimResult [1] INTEGER {ok(0), nothingToDelete(1), eimResetNotSupported(2),
///       undefinedError(127)} OPTIONAL,
///    resetAutoEnableConfigResult [2] INTEGER {ok(0), resetAECNotSupported(1),
///       undefinedError(127)} OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 52, extensible, name = "SGP32-EuiccMemoryResetResponse")]
pub struct SGP32EuiccMemoryResetResponse {
    /// SGP.22's named numbers.
    pub reset_result: crate::sgp22::ResetResult,
    #[asn1(tag = 1)]
    pub reset_eim_result: Option<ResetEimResult>,
    #[asn1(tag = 2)]
    pub reset_auto_enable_config_result: Option<ResetAutoEnableConfigResult>,
}

/// `SGP32-EuiccMemoryResetResponse.resetAutoEnableConfigResult` (SGP.32 v1.0 5.9.5).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "resetAutoEnableConfigResult")]
pub enum ResetAutoEnableConfigResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(name = "resetAECNotSupported")]
    #[asn1(value = 1)]
    ResetAecNotSupported,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.EnableUsingDD request (SGP.32 v1.0 5.9.15): no refresh flag (v1.2's
/// ImmediateEnable has one under the same tag).
///
/// ```text
/// EnableUsingDDRequest ::= [90] SEQUENCE { -- Tag 'BF5A' }
/// ```
#[derive(Asn1, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 90, extensible)]
pub struct EnableUsingDDRequest {}

/// ES10b.EnableUsingDD response (SGP.32 v1.0 5.9.15).
///
/// ```text
/// EnableUsingDDResponse ::= [90] SEQUENCE { -- Tag 'BF5A'
///    enableUsingDDResult [0] INTEGER { ok(0), autoEnableNotAvailable(1),
///       noSessionContext(4), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 90, extensible)]
pub struct EnableUsingDDResponse {
    #[asn1(tag = 0, name = "enableUsingDDResult")]
    pub enable_using_dd_result: EnableUsingDDResult,
}

/// `EnableUsingDDResponse.enableUsingDDResult` (SGP.32 v1.0 5.9.15).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "enableUsingDDResult")]
pub enum EnableUsingDDResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    AutoEnableNotAvailable,
    #[asn1(value = 4)]
    NoSessionContext,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.ConfigureAutoProfileEnabling response (SGP.32 v1.0 5.9.17).
///
/// ```text
/// ConfigureAutoProfileEnablingResponse ::= [89] SEQUENCE { -- Tag 'BF59'
///    configAutoEnableResult [0] INTEGER { ok(0), insufficientMemory(1),
///       unsignedAutoEnableConfigDisallowed(2), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 89, extensible)]
pub struct ConfigureAutoProfileEnablingResponse {
    #[asn1(tag = 0)]
    pub config_auto_enable_result: ConfigAutoEnableResult,
}

/// `ConfigureAutoProfileEnablingResponse.configAutoEnableResult` (SGP.32 v1.0 5.9.17).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "configAutoEnableResult")]
pub enum ConfigAutoEnableResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    InsufficientMemory,
    #[asn1(value = 2)]
    UnsignedAutoEnableConfigDisallowed,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.AddInitialEim response of v1.0 (5.9.4): value 2 is
/// `unsignedEimConfigDisallowed` (v1.2: `associatedEimAlreadyExists`), no `commandError`.
///
/// ```text
/// AddInitialEimResponse ::= [87] CHOICE { -- Tag 'BF57'
///    addInitialEimOk SEQUENCE OF CHOICE { associationToken [4] INTEGER, addOk NULL },
///    addInitialEimError INTEGER { insufficientMemory(1), unsignedEimConfigDisallowed(2),
///       ciPKUnknown(3), invalidAssociationToken(5), counterValueOutOfRange(6),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 87, automatic)]
pub enum AddInitialEimResponse {
    AddInitialEimOk(Vec<AddInitialEimOkItem>),
    AddInitialEimError(AddInitialEimError),
}

/// `AddInitialEimResponse.addInitialEimError` of v1.0 (5.9.4).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "addInitialEimError")]
pub enum AddInitialEimError {
    #[asn1(value = 1)]
    InsufficientMemory,
    #[asn1(value = 2)]
    UnsignedEimConfigDisallowed,
    #[asn1(name = "ciPKUnknown")]
    #[asn1(value = 3)]
    CiPkUnknown,
    #[asn1(value = 5)]
    InvalidAssociationToken,
    #[asn1(value = 6)]
    CounterValueOutOfRange,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.ProfileRollback response of v1.0 (5.9.16): v1.2's, with a v1.0 eUICC Package
/// Result.
///
/// ```text
/// ProfileRollbackResponse ::= [88] SEQUENCE { -- Tag 'BF58'
///    cmdResult INTEGER { ok(0), rollbackNotAllowed(1), catBusy(5), commandError(7),
///       undefinedError(127) },
///    eUICCPackageResult [81] EuiccPackageResult OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 88, extensible)]
pub struct ProfileRollbackResponse {
    pub cmd_result: RollbackCmdResult,
    #[asn1(tag = 81, name = "eUICCPackageResult")]
    pub euicc_package_result: Option<EuiccPackageResult>,
}
