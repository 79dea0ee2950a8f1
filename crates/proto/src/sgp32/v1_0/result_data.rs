//! One result per executed operation in a v1.0 eUICC Package Result, with v1.0's result
//! codes (SGP.32 v1.0 2.11.2.1). On the wire only `EimIdInfo.eimIdType` moved (`[4]` in
//! v1.0, `[2]` in v1.2); the rest are v1.0's names and named numbers for octets v1.2 also
//! reads.

use crate::der::{Asn1, RawTlv};
use crate::sgp22::{ProfileInfo, RulesAuthorisationTable};
use crate::sgp32::{
    ConfigureImmediateEnableResult, DeleteEimResult, EimIdType, ProcessingTerminated,
    RollbackProfileResult, SGP32ProfileInfoListError, UpdateEimResult,
};

/// `ConfigureAutoEnableResult` of v1.0 has the named numbers of v1.2's
/// ConfigureImmediateEnableResult (2.11.2.1).
pub type ConfigureAutoEnableResult = ConfigureImmediateEnableResult;

/// The result of one operation (SGP.32 v1.0 2.11.2.1). Results v1.0 does not define decode
/// as `Unknown`.
///
/// ```text
/// EuiccResultData ::= CHOICE {
///    enableResult [3] EnableProfileResult, disableResult [4] DisableProfileResult,
///    deleteResult [5] DeleteProfileResult,
///    listProfileInfoResult [45] SGP32-ProfileInfoListResponse,
///    getRATResult [6] RulesAuthorisationTable,
///    configureAutoEnableResult [7] ConfigureAutoEnableResult,
///    addEimResult [8] AddEimResult, deleteEimResult [9] DeleteEimResult,
///    updateEimResult [10] UpdateEimResult, listEimResult [11] ListEimResult,
///    rollbackResult [12] RollbackProfileResult,
///    processingTerminated INTEGER { resultSizeOverflow(1), unknownOrDamagedCommand(2),
///       interruption(3), undefinedError(127) } }
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
    #[asn1(tag = 45)]
    ListProfileInfoResult(SGP32ProfileInfoListResponse),
    #[asn1(tag = 6, name = "getRATResult")]
    GetRatResult(RulesAuthorisationTable),
    #[asn1(tag = 7)]
    ConfigureAutoEnableResult(ConfigureAutoEnableResult),
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
    ProcessingTerminated(ProcessingTerminated),
    /// A result v1.0 does not define, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}

/// ```text
/// EnableProfileResult ::= INTEGER { ok(0), iccidOrAidNotFound(1),
///    profileNotInDisabledState(2), undefinedError(127) }
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
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ```text
/// DisableProfileResult ::= INTEGER { ok(0), iccidOrAidNotFound(1),
///    profileNotInEnabledState(2), undefinedError(127) }
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
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ```text
/// DeleteProfileResult ::= INTEGER { ok(0), iccidOrAidNotFound(1),
///    profileNotInDisabledState(2), undefinedError(127) }
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
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The listProfileInfo result of v1.0 (2.11.2.1): SGP.22's ProfileInfo (v1.2 uses
/// SGP32-ProfileInfo, which adds the fallback and eCall flags). Automatic tags: `A0` / `81`.
///
/// ```text
/// SGP32-ProfileInfoListResponse ::= [45] CHOICE { -- Tag 'BF2D'
///    profileInfoListOk SEQUENCE OF ProfileInfo,
///    profileInfoListError SGP32-ProfileInfoListError }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 45, automatic, name = "SGP32-ProfileInfoListResponse")]
pub enum SGP32ProfileInfoListResponse {
    ProfileInfoListOk(Vec<ProfileInfo>),
    ProfileInfoListError(SGP32ProfileInfoListError),
}

/// ```text
/// AddEimResult ::= CHOICE { associationToken [4] INTEGER,
///    addEimResultCode INTEGER { ok(0), insufficientMemory(1), ciPKUnknown(3),
///       invalidAssociationToken(5), counterValueOutOfRange(6), commandError(7),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(choice)]
pub enum AddEimResult {
    #[asn1(tag = 4)]
    AssociationToken(i64),
    AddEimResultCode(AddEimResultCode),
}

/// `AddEimResult.addEimResultCode` of v1.0 (no `associatedEimAlreadyExists(2)`).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "addEimResultCode")]
pub enum AddEimResultCode {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    InsufficientMemory,
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

/// The `listEim` result of v1.0 (2.11.2.1). Automatic tags: `A0` / `81`.
///
/// ```text
/// ListEimResult ::= CHOICE { eimIdList SEQUENCE OF EimIdInfo,
///    listEimError INTEGER { commandError(7), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic)]
pub enum ListEimResult {
    EimIdList(Vec<EimIdInfo>),
    ListEimError(ListEimError),
}

/// `ListEimResult.listEimError` of v1.0.
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "listEimError")]
pub enum ListEimError {
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// One eIM of the `listEim` result in v1.0: `eimIdType` is `[4]` (`84`); v1.2 moved it to
/// `[2]` (2.11.2.1).
///
/// ```text
/// EimIdInfo ::= SEQUENCE { eimId [0] UTF8String, eimIdType [4] EimIdType OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EimIdInfo {
    #[asn1(tag = 0)]
    pub eim_id: String,
    #[asn1(tag = 4)]
    pub eim_id_type: Option<EimIdType>,
}
