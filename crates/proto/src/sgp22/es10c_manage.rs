//! ES10c local profile management: enable, disable, delete, memory reset, EID, nickname
//! (SGP.22 5.7.16–5.7.21).

use super::common::{Iccid, Octet1, Octet16, OctetTo16, named_bits};
use crate::der::Asn1;

/// A profile named by its ISD-P AID or its ICCID (SGP.22 5.7.16, 5.7.17).
///
/// ```text
/// CHOICE { isdpAid [APPLICATION 15] OctetTo16, -- AID, tag '4F'
///          iccid Iccid -- ICCID, tag '5A' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "profileIdentifier")]
pub enum ProfileIdentifier {
    #[asn1(tag = "application 15")]
    IsdpAid(OctetTo16),
    Iccid(Iccid),
}

/// ES10c.EnableProfile request (SGP.22 5.7.16).
///
/// ```text
/// EnableProfileRequest ::= [49] SEQUENCE { -- Tag 'BF31'
///    profileIdentifier CHOICE { isdpAid [APPLICATION 15] OctetTo16, iccid Iccid },
///    refreshFlag BOOLEAN }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 49, automatic, extensible)]
pub struct EnableProfileRequest {
    pub profile_identifier: ProfileIdentifier,
    /// Whether the eUICC shall issue a REFRESH.
    pub refresh_flag: bool,
}

/// ES10c.EnableProfile response (SGP.22 5.7.16).
///
/// ```text
/// EnableProfileResponse ::= [49] SEQUENCE { -- Tag 'BF31'
///    enableResult INTEGER {ok(0), iccidOrAidNotFound(1), profileNotInDisabledState(2),
///       disallowedByPolicy(3), wrongProfileReenabling(4), catBusy(5), undefinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 49, automatic, extensible)]
pub struct EnableProfileResponse {
    pub enable_result: EnableResult,
}

/// `EnableProfileResponse.enableResult` (SGP.22 5.7.16).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "enableResult")]
pub enum EnableResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    IccidOrAidNotFound,
    #[asn1(value = 2)]
    ProfileNotInDisabledState,
    #[asn1(value = 3)]
    DisallowedByPolicy,
    #[asn1(value = 4)]
    WrongProfileReenabling,
    #[asn1(value = 5)]
    CatBusy,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10c.DisableProfile request (SGP.22 5.7.17).
///
/// ```text
/// DisableProfileRequest ::= [50] SEQUENCE { -- Tag 'BF32'
///    profileIdentifier CHOICE { isdpAid [APPLICATION 15] OctetTo16, iccid Iccid },
///    refreshFlag BOOLEAN }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 50, automatic, extensible)]
pub struct DisableProfileRequest {
    pub profile_identifier: ProfileIdentifier,
    pub refresh_flag: bool,
}

/// ES10c.DisableProfile response (SGP.22 5.7.17).
///
/// ```text
/// DisableProfileResponse ::= [50] SEQUENCE { -- Tag 'BF32'
///    disableResult INTEGER {ok(0), iccidOrAidNotFound(1), profileNotInEnabledState(2),
///       disallowedByPolicy(3), catBusy(5), undefinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 50, automatic, extensible)]
pub struct DisableProfileResponse {
    pub disable_result: DisableResult,
}

/// `DisableProfileResponse.disableResult` (SGP.22 5.7.17).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "disableResult")]
pub enum DisableResult {
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

/// ES10c.DeleteProfile request (SGP.22 5.7.18): a tagged CHOICE, so `BF33` wraps the
/// `4F` or `5A` TLV.
///
/// ```text
/// DeleteProfileRequest ::= [51] CHOICE { -- Tag 'BF33'
///    isdpAid [APPLICATION 15] OctetTo16, iccid Iccid }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 51)]
pub enum DeleteProfileRequest {
    #[asn1(tag = "application 15")]
    IsdpAid(OctetTo16),
    Iccid(Iccid),
}

/// ES10c.DeleteProfile response (SGP.22 5.7.18).
///
/// ```text
/// DeleteProfileResponse ::= [51] SEQUENCE { -- Tag 'BF33'
///    deleteResult INTEGER {ok(0), iccidOrAidNotFound(1), profileNotInDisabledState(2),
///       disallowedByPolicy(3), undefinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 51, automatic, extensible)]
pub struct DeleteProfileResponse {
    pub delete_result: DeleteResult,
}

/// `DeleteProfileResponse.deleteResult` (SGP.22 5.7.18).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "deleteResult")]
pub enum DeleteResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    IccidOrAidNotFound,
    #[asn1(value = 2)]
    ProfileNotInDisabledState,
    #[asn1(value = 3)]
    DisallowedByPolicy,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10c.eUICCMemoryReset request (SGP.22 5.7.19).
///
/// ```text
/// EuiccMemoryResetRequest ::= [52] SEQUENCE { -- Tag 'BF34'
///    resetOptions [2] BIT STRING { deleteOperationalProfiles(0),
///       deleteFieldLoadedTestProfiles(1), resetDefaultSmdpAddress(2)} }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 52, extensible)]
pub struct EuiccMemoryResetRequest {
    #[asn1(tag = 2)]
    pub reset_options: ResetOptions,
}

named_bits! {
    /// `EuiccMemoryResetRequest.resetOptions` (SGP.22 5.7.19).
    ResetOptions {
        DELETE_OPERATIONAL_PROFILES = 0,
        DELETE_FIELD_LOADED_TEST_PROFILES = 1,
        RESET_DEFAULT_SMDP_ADDRESS = 2,
    }
}

/// ES10c.eUICCMemoryReset response (SGP.22 5.7.19).
///
/// ```text
/// EuiccMemoryResetResponse ::= [52] SEQUENCE { -- Tag 'BF34'
///    resetResult INTEGER {ok(0), nothingToDelete(1), catBusy(5), undefinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 52, automatic, extensible)]
pub struct EuiccMemoryResetResponse {
    pub reset_result: ResetResult,
}

/// `EuiccMemoryResetResponse.resetResult` (SGP.22 5.7.19).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "resetResult")]
pub enum ResetResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    NothingToDelete,
    #[asn1(value = 5)]
    CatBusy,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10c.GetEID request (SGP.22 5.7.20).
///
/// ```text
/// GetEuiccDataRequest ::= [62] SEQUENCE { -- Tag 'BF3E'
///    tagList [APPLICATION 28] Octet1 -- tag '5C', the value SHALL be set to '5A' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 62, extensible)]
pub struct GetEuiccDataRequest {
    #[asn1(tag = "application 28")]
    pub tag_list: Octet1,
}

impl Default for GetEuiccDataRequest {
    /// The only request SGP.22 defines: tag list `5A` (the EID).
    fn default() -> Self {
        GetEuiccDataRequest { tag_list: [0x5A] }
    }
}

/// ES10c.GetEID response (SGP.22 5.7.20).
///
/// ```text
/// GetEuiccDataResponse ::= [62] SEQUENCE { -- Tag 'BF3E'
///    eidValue [APPLICATION 26] Octet16 -- tag '5A' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 62, extensible)]
pub struct GetEuiccDataResponse {
    /// The EID, 32 digits as 16 octets.
    #[asn1(tag = "application 26")]
    pub eid_value: Octet16,
}

/// ES10c.SetNickname request (SGP.22 5.7.21).
///
/// ```text
/// SetNicknameRequest ::= [41] SEQUENCE { -- Tag 'BF29'
///    iccid Iccid, profileNickname [16] UTF8String (SIZE(0..64)) }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 41, extensible)]
pub struct SetNicknameRequest {
    pub iccid: Iccid,
    #[asn1(tag = 16)]
    pub profile_nickname: String,
}

/// ES10c.SetNickname response (SGP.22 5.7.21).
///
/// ```text
/// SetNicknameResponse ::= [41] SEQUENCE { -- Tag 'BF29'
///    setNicknameResult INTEGER {ok(0), iccidNotFound(1), undefinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 41, automatic, extensible)]
pub struct SetNicknameResponse {
    pub set_nickname_result: SetNicknameResult,
}

/// `SetNicknameResponse.setNicknameResult` (SGP.22 5.7.21).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "setNicknameResult")]
pub enum SetNicknameResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    IccidNotFound,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
