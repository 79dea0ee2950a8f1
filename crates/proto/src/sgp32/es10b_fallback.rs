//! IoT ES10b functions the IPA calls on its own to change the enabled profile: immediate
//! enable after a download, rollback, fallback and emergency profile (SGP.32 v1.2 5.9.15–
//! 5.9.17, 5.9.20–5.9.23).

use super::esep_result::EuiccPackageResult;
use crate::der::{Asn1, Null, Oid};

/// ES10b.ImmediateEnable request (SGP.32 v1.2 5.9.15; `EnableUsingDD` in v1.0, which had
/// no refreshFlag).
///
/// ```text
/// ImmediateEnableRequest ::= [90] SEQUENCE { -- Tag 'BF5A'
///    refreshFlag BOOLEAN -- indicating whether REFRESH is required }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 90, automatic, extensible)]
pub struct ImmediateEnableRequest {
    pub refresh_flag: bool,
}

/// ES10b.ImmediateEnable response (SGP.32 v1.2 5.9.15).
///
/// ```text
/// ImmediateEnableResponse ::= [90] SEQUENCE { -- Tag 'BF5A'
///    immediateEnableResult [0] INTEGER { ok(0), immediateEnableNotAvailable(1),
///       noSessionContext(4), catBusy(5), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 90, extensible)]
pub struct ImmediateEnableResponse {
    #[asn1(tag = 0)]
    pub immediate_enable_result: ImmediateEnableResult,
}

/// `ImmediateEnableResponse.immediateEnableResult` (SGP.32 v1.2 5.9.15).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "immediateEnableResult")]
pub enum ImmediateEnableResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    ImmediateEnableNotAvailable,
    #[asn1(value = 4)]
    NoSessionContext,
    #[asn1(value = 5)]
    CatBusy,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.ProfileRollback request (SGP.32 v1.2 5.9.16): back to the profile enabled before
/// an `enable` PSMO that carried `rollbackFlag`.
///
/// ```text
/// ProfileRollbackRequest ::= [88] SEQUENCE { -- Tag 'BF58'
///    refreshFlag BOOLEAN -- indicating whether REFRESH is required }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 88, automatic, extensible)]
pub struct ProfileRollbackRequest {
    pub refresh_flag: bool,
}

/// ES10b.ProfileRollback response (SGP.32 v1.2 5.9.16): the command result and the eUICC
/// Package Result that replaces the one of the rolled-back package. A tagged component
/// means no automatic tags: `cmdResult` is a universal INTEGER.
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
    /// `[81]` is the type's own tag (`BF51`).
    #[asn1(tag = 81, name = "eUICCPackageResult")]
    pub euicc_package_result: Option<EuiccPackageResult>,
}

/// `ProfileRollbackResponse.cmdResult` (SGP.32 v1.2 5.9.16).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "cmdResult")]
pub enum RollbackCmdResult {
    #[asn1(value = 0)]
    Ok,
    /// Rollback was not granted by the eIM.
    #[asn1(value = 1)]
    RollbackNotAllowed,
    #[asn1(value = 5)]
    CatBusy,
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.ConfigureImmediateProfileEnabling request (SGP.32 v1.2 5.9.17;
/// `ConfigureAutoProfileEnabling` in v1.0). The PSMO `configureImmediateEnable` has the same
/// components under `[7]`.
///
/// ```text
/// ConfigureImmediateProfileEnablingRequest ::= [89] SEQUENCE { -- Tag 'BF59'
///    immediateEnableFlag [0] NULL OPTIONAL,
///    defaultSmdpOid [1] OBJECT IDENTIFIER OPTIONAL,
///    defaultSmdpAddress [2] UTF8String OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 89, extensible)]
pub struct ConfigureImmediateProfileEnablingRequest {
    #[asn1(tag = 0)]
    pub immediate_enable_flag: Option<Null>,
    #[asn1(tag = 1)]
    pub default_smdp_oid: Option<Oid>,
    #[asn1(tag = 2)]
    pub default_smdp_address: Option<String>,
}

/// ES10b.ConfigureImmediateProfileEnabling response (SGP.32 v1.2 5.9.17).
///
/// ```text
/// ConfigureImmediateProfileEnablingResponse ::= [89] SEQUENCE { -- Tag 'BF59'
///    configImmediateEnableResult [0] INTEGER { ok(0), insufficientMemory(1),
///       associatedEimAlreadyExists(2), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 89, extensible)]
pub struct ConfigureImmediateProfileEnablingResponse {
    #[asn1(tag = 0)]
    pub config_immediate_enable_result: ConfigImmediateEnableResult,
}

/// `ConfigureImmediateProfileEnablingResponse.configImmediateEnableResult`
/// (SGP.32 v1.2 5.9.17).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "configImmediateEnableResult")]
pub enum ConfigImmediateEnableResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    InsufficientMemory,
    #[asn1(value = 2)]
    AssociatedEimAlreadyExists,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.ExecuteFallbackMechanism request (SGP.32 v1.2 5.9.20): enable the profile with
/// the Fallback Attribute.
///
/// ```text
/// ExecuteFallbackMechanismRequest ::= [93] SEQUENCE { -- Tag 'BF5D'
///    refreshFlag BOOLEAN -- indicating whether REFRESH is required }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 93, automatic, extensible)]
pub struct ExecuteFallbackMechanismRequest {
    pub refresh_flag: bool,
}

/// ES10b.ExecuteFallbackMechanism response (SGP.32 v1.2 5.9.20).
///
/// ```text
/// ExecuteFallbackMechanismResponse ::= [93] SEQUENCE { -- Tag 'BF5D'
///    executeFallbackMechanismResult [0] INTEGER { ok(0), profileNotInDisabledState(2),
///       catBusy(5), fallbackNotAvailable(6), commandError(7), ecallActive(104),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 93, extensible)]
pub struct ExecuteFallbackMechanismResponse {
    #[asn1(tag = 0)]
    pub execute_fallback_mechanism_result: ExecuteFallbackMechanismResult,
}

/// `ExecuteFallbackMechanismResponse.executeFallbackMechanismResult` (SGP.32 v1.2 5.9.20).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "executeFallbackMechanismResult")]
pub enum ExecuteFallbackMechanismResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 2)]
    ProfileNotInDisabledState,
    #[asn1(value = 5)]
    CatBusy,
    /// No profile has the Fallback Attribute.
    #[asn1(value = 6)]
    FallbackNotAvailable,
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 104)]
    EcallActive,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.ReturnFromFallback request (SGP.32 v1.2 5.9.21).
///
/// ```text
/// ReturnFromFallbackRequest ::= [94] SEQUENCE { -- Tag 'BF5E'
///    refreshFlag BOOLEAN -- indicating whether REFRESH is required }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 94, automatic, extensible)]
pub struct ReturnFromFallbackRequest {
    pub refresh_flag: bool,
}

/// ES10b.ReturnFromFallback response (SGP.32 v1.2 5.9.21).
///
/// ```text
/// ReturnFromFallbackResponse ::= [94] SEQUENCE { -- Tag 'BF5E'
///    returnFromFallbackResult [0] INTEGER { ok(0), catBusy(5), fallbackNotAvailable(6),
///       commandError(7), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 94, extensible)]
pub struct ReturnFromFallbackResponse {
    #[asn1(tag = 0)]
    pub return_from_fallback_result: ReturnFromFallbackResult,
}

/// `ReturnFromFallbackResponse.returnFromFallbackResult` (SGP.32 v1.2 5.9.21).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "returnFromFallbackResult")]
pub enum ReturnFromFallbackResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 5)]
    CatBusy,
    #[asn1(value = 6)]
    FallbackNotAvailable,
    #[asn1(value = 7)]
    CommandError,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.EnableEmergencyProfile request (SGP.32 v1.2 5.9.22).
///
/// ```text
/// EnableEmergencyProfileRequest ::= [91] SEQUENCE { -- Tag 'BF5B'
///    refreshFlag BOOLEAN -- indicating whether REFRESH is required }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 91, automatic, extensible)]
pub struct EnableEmergencyProfileRequest {
    pub refresh_flag: bool,
}

/// ES10b.EnableEmergencyProfile response (SGP.32 v1.2 5.9.22).
///
/// ```text
/// EnableEmergencyProfileResponse ::= [91] SEQUENCE { -- Tag 'BF5B'
///    enableEmergencyProfileResult [0] INTEGER { ok(0), profileNotInDisabledState(2),
///       catBusy(5), ecallNotAvailable(8), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 91, extensible)]
pub struct EnableEmergencyProfileResponse {
    #[asn1(tag = 0)]
    pub enable_emergency_profile_result: EnableEmergencyProfileResult,
}

/// `EnableEmergencyProfileResponse.enableEmergencyProfileResult` (SGP.32 v1.2 5.9.22).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "enableEmergencyProfileResult")]
pub enum EnableEmergencyProfileResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 2)]
    ProfileNotInDisabledState,
    #[asn1(value = 5)]
    CatBusy,
    /// No Emergency Profile exists.
    #[asn1(value = 8)]
    EcallNotAvailable,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.DisableEmergencyProfile request (SGP.32 v1.2 5.9.23).
///
/// ```text
/// DisableEmergencyProfileRequest ::= [92] SEQUENCE { -- Tag 'BF5C'
///    refreshFlag BOOLEAN -- indicating whether REFRESH is required }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 92, automatic, extensible)]
pub struct DisableEmergencyProfileRequest {
    pub refresh_flag: bool,
}

/// ES10b.DisableEmergencyProfile response (SGP.32 v1.2 5.9.23).
///
/// ```text
/// DisableEmergencyProfileResponse ::= [92] SEQUENCE { -- Tag 'BF5C'
///    disableEmergencyProfileResult [0] INTEGER { ok(0), profileNotInEnabledState(2),
///       catBusy(5), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 92, extensible)]
pub struct DisableEmergencyProfileResponse {
    #[asn1(tag = 0)]
    pub disable_emergency_profile_result: DisableEmergencyProfileResult,
}

/// `DisableEmergencyProfileResponse.disableEmergencyProfileResult` (SGP.32 v1.2 5.9.23).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "disableEmergencyProfileResult")]
pub enum DisableEmergencyProfileResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 2)]
    ProfileNotInEnabledState,
    #[asn1(value = 5)]
    CatBusy,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
