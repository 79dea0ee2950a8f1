//! One result per executed PSMO or eCO inside a signed eUICC Package Result, and the
//! result codes (SGP.32 v1.2 2.11.2.1).

use super::eim_config::EimIdInfo;
use super::es10b_device::SGP32SetDefaultDpAddressResponse;
use super::profile_info::SGP32ProfileInfoListResponse;
use crate::der::{Asn1, RawTlv};
use crate::sgp22::RulesAuthorisationTable;

/// The result of one operation (SGP.32 v1.2 2.11.2.1). `addEimResult` and `listEimResult`
/// are untagged CHOICEs, so their tags wrap them (`A8`, `AB`); `processingTerminated` ends
/// the list when the eUICC stopped. Results of later versions decode as `Unknown`.
///
/// ```text
/// EuiccResultData ::= CHOICE {
///    enableResult [3] EnableProfileResult, disableResult [4] DisableProfileResult,
///    deleteResult [5] DeleteProfileResult,
///    listProfileInfoResult [45] SGP32-ProfileInfoListResponse,
///    getRATResult [6] RulesAuthorisationTable,
///    configureImmediateEnableResult [7] ConfigureImmediateEnableResult,
///    addEimResult [8] AddEimResult, deleteEimResult [9] DeleteEimResult,
///    updateEimResult [10] UpdateEimResult, listEimResult [11] ListEimResult,
///    rollbackResult [12] RollbackProfileResult,
///    setFallbackAttributeResult [13] SetFallbackAttributeResult,
///    unsetFallbackAttributeResult [14] UnsetFallbackAttributeResult,
///    processingTerminated INTEGER { resultSizeOverflow(1), unknownOrDamagedCommand(2),
///       interruption(3), undefinedError(127) },
///    setDefaultDpAddressResult [101] SGP32-SetDefaultDpAddressResponse }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
pub enum EuiccResultData {
    #[asn1(tag = 3)]
    EnableResult(EnableProfileResult),
    #[asn1(tag = 4)]
    DisableResult(DisableProfileResult),
    #[asn1(tag = 5)]
    DeleteResult(DeleteProfileResult),
    /// `[45]` is the type's own tag (`BF2D`).
    #[asn1(tag = 45)]
    ListProfileInfoResult(SGP32ProfileInfoListResponse),
    #[asn1(tag = 6, name = "getRATResult")]
    GetRatResult(RulesAuthorisationTable),
    #[asn1(tag = 7)]
    ConfigureImmediateEnableResult(ConfigureImmediateEnableResult),
    #[asn1(tag = 8)]
    AddEimResult(AddEimResult),
    #[asn1(tag = 9)]
    DeleteEimResult(DeleteEimResult),
    #[asn1(tag = 10)]
    UpdateEimResult(UpdateEimResult),
    #[asn1(tag = 11)]
    ListEimResult(ListEimResult),
    #[asn1(tag = 12)]
    RollbackResult(RollbackProfileResult),
    #[asn1(tag = 13)]
    SetFallbackAttributeResult(SetFallbackAttributeResult),
    #[asn1(tag = 14)]
    UnsetFallbackAttributeResult(UnsetFallbackAttributeResult),
    ProcessingTerminated(ProcessingTerminated),
    /// `[101]` is the type's own tag (`BF65`).
    #[asn1(tag = 101)]
    SetDefaultDpAddressResult(SGP32SetDefaultDpAddressResponse),
    /// A result of a later version, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}

/// `EuiccResultData.processingTerminated`: why the eUICC stopped executing the package
/// (SGP.32 v1.2 2.11.2.1).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "processingTerminated")]
pub enum ProcessingTerminated {
    #[asn1(value = 1)]
    ResultSizeOverflow,
    #[asn1(value = 2)]
    UnknownOrDamagedCommand,
    #[asn1(value = 3)]
    Interruption,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `enable` PSMO (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// EnableProfileResult ::= INTEGER { ok(0), iccidOrAidNotFound(1),
///    profileNotInDisabledState(2), disallowedByPolicy(3), catBusy(5),
///    rollbackNotAvailable(20), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum EnableProfileResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    IccidOrAidNotFound,
    #[asn1(value = 2)]
    ProfileNotInDisabledState,
    #[asn1(value = 3)]
    DisallowedByPolicy,
    #[asn1(value = 5)]
    CatBusy,
    #[asn1(value = 20)]
    RollbackNotAvailable,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `disable` PSMO (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// DisableProfileResult ::= INTEGER { ok(0), iccidOrAidNotFound(1),
///    profileNotInEnabledState(2), disallowedByPolicy(3), catBusy(5), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum DisableProfileResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    IccidOrAidNotFound,
    #[asn1(value = 2)]
    ProfileNotInEnabledState,
    #[asn1(value = 3)]
    DisallowedByPolicy,
    #[asn1(value = 5)]
    CatBusy,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `delete` PSMO (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// DeleteProfileResult ::= INTEGER { ok(0), iccidOrAidNotFound(1),
///    profileNotInDisabledState(2), disallowedByPolicy(3), rollbackNotAvailable(20),
///    returnFallbackProfile(21), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum DeleteProfileResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    IccidOrAidNotFound,
    #[asn1(value = 2)]
    ProfileNotInDisabledState,
    #[asn1(value = 3)]
    DisallowedByPolicy,
    #[asn1(value = 20)]
    RollbackNotAvailable,
    #[asn1(value = 21)]
    ReturnFallbackProfile,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `configureImmediateEnable` PSMO (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// ConfigureImmediateEnableResult ::= INTEGER { ok(0), insufficientMemory(1),
///    commandError(7), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum ConfigureImmediateEnableResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    InsufficientMemory,
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `addEim` eCO (SGP.32 v1.2 2.11.2.1): the association token the eUICC
/// generated, or a code.
///
/// ```text
/// AddEimResult ::= CHOICE { associationToken [4] INTEGER,
///    addEimResultCode INTEGER { ok(0), insufficientMemory(1),
///       associatedEimAlreadyExists(2), ciPKUnknown(3), invalidAssociationToken(5),
///       counterValueOutOfRange(6), commandError(7), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(choice)]
pub enum AddEimResult {
    #[asn1(tag = 4)]
    AssociationToken(i64),
    AddEimResultCode(AddEimResultCode),
}

/// `AddEimResult.addEimResultCode` (SGP.32 v1.2 2.11.2.1).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "addEimResultCode")]
pub enum AddEimResultCode {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    InsufficientMemory,
    #[asn1(value = 2)]
    AssociatedEimAlreadyExists,
    #[asn1(name = "ciPKUnknown")]
    #[asn1(value = 3)]
    CiPkUnknown,
    #[asn1(value = 5)]
    InvalidAssociationToken,
    #[asn1(value = 6)]
    CounterValueOutOfRange,
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `deleteEim` eCO (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// DeleteEimResult ::= INTEGER { ok(0), eimNotFound(1), lastEimDeleted(2),
///    commandError(7), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum DeleteEimResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    EimNotFound,
    /// No eIM Configuration Data is left on the eUICC.
    #[asn1(value = 2)]
    LastEimDeleted,
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `updateEim` eCO (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// UpdateEimResult ::= INTEGER { ok(0), eimNotFound(1), ciPKUnknown(3),
///    counterValueOutOfRange(6), commandError(7), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum UpdateEimResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    EimNotFound,
    #[asn1(name = "ciPKUnknown")]
    #[asn1(value = 3)]
    CiPkUnknown,
    #[asn1(value = 6)]
    CounterValueOutOfRange,
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `listEim` eCO (SGP.32 v1.2 2.11.2.1). Automatic tags: `A0` / `81`.
///
/// ```text
/// ListEimResult ::= CHOICE { eimIdList SEQUENCE OF EimIdInfo,
///    listEimError INTEGER { undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic)]
pub enum ListEimResult {
    EimIdList(Vec<EimIdInfo>),
    ListEimError(ListEimError),
}

/// `ListEimResult.listEimError` (SGP.32 v1.2 2.11.2.1).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "listEimError")]
pub enum ListEimError {
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of a rollback, reported instead of the rolled-back package's result
/// (SGP.32 v1.2 2.11.2.1, 5.9.16).
///
/// ```text
/// RollbackProfileResult ::= INTEGER { ok(0), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum RollbackProfileResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `setFallbackAttribute` PSMO (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// SetFallbackAttributeResult ::= INTEGER { ok(0), iccidOrAidNotFound(1),
///    fallbackNotAllowed(2), fallbackProfileEnabled(3), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum SetFallbackAttributeResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    IccidOrAidNotFound,
    #[asn1(value = 2)]
    FallbackNotAllowed,
    #[asn1(value = 3)]
    FallbackProfileEnabled,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// Result of the `unsetFallbackAttribute` PSMO (SGP.32 v1.2 2.11.2.1).
///
/// ```text
/// UnsetFallbackAttributeResult ::= INTEGER { ok(0), noFallbackAttribute(2),
///    fallbackProfileEnabled(3), commandError(7), undefinedError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum UnsetFallbackAttributeResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 2)]
    NoFallbackAttribute,
    #[asn1(value = 3)]
    FallbackProfileEnabled,
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
