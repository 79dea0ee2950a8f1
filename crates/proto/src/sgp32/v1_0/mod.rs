//! GSMA SGP.32 **v1.0** `SGP32Definitions` (the IPAs and eUICCs in the field): the types
//! whose octets, component names or named numbers differ from v1.2, each next to the
//! conversions to and from the v1.2 model (the `up` and `down` modules). Everything else of v1.0 is
//! v1.2's type ([`crate::sgp32`]): v1.2 only added OPTIONAL components or CHOICE
//! alternatives to it, so v1.2 reads v1.0's octets and v1.0 (EXTENSIBILITY IMPLIED) skips
//! what v1.2 added. Reference module: `../shared/reference/asn1/SGP32Definitions-v1.0.asn`;
//! registry module name `SGP32Definitions-v1.0`.
//!
//! Wire differences on ESipa (6.3):
//! - GetEimPackageRequest: `rPLMN` is `[1]` (`81`, three octets) where v1.2 has
//!   `stateChangeCause [1]` and `rPLMN [2]`.
//! - GetEimPackageResponse: `eimPackageError` has no `eidNotFound(2)`, `invalidEid(3)`,
//!   `missingEid(4)`.
//! - ProvideEimPackageResult: a `[80] CHOICE` without `eidValue` (v1.2: a SEQUENCE with
//!   `eidValue` and an `EimPackageResult` CHOICE); `ePRAndNotifications.notificationList`
//!   is a RetrieveNotificationsList answer at `[43]` (`BF2B`), v1.2's is a plain list at
//!   `[0]` (`A0`); the IPA's error is a bare INTEGER (`02`), v1.2's a SEQUENCE with
//!   eimTransactionId at `[0]` (`A0`).
//! - ProvideEimPackageResultResponse: `[80] SEQUENCE { eimAcknowledgements OPTIONAL }`
//!   without any error (v1.2: a CHOICE of acknowledgements, `emptyResponse`,
//!   `provideEimPackageResultError`). A v1.0 IPA reads v1.2's error as an empty success.
//! - IpaEuiccDataRequest: `euiccCiPKId` and one `searchCriteria [1]` with
//!   `euiccPackageResults [2] NULL` inside; no eimTransactionId (v1.2: two criteria `[1]`,
//!   `[2]` and `eimTransactionId [3]`). The tag list names v1.0's tags ([`tag_list`]).
//! - IpaEuiccDataResponse: the error is `[1] INTEGER` (`81`) without eimTransactionId
//!   (v1.2: `[1] SEQUENCE`, `A1`).
//! - IpaEuiccData: `defaultSmdpAddress [0]` (`80`), `notificationsList [43]` (`BF2B`, a
//!   RetrieveNotificationsList answer holding notifications and/or package results), no
//!   eimTransactionId (v1.2: `A0` notifications, `81` address, `A2` results, `87` eimTransactionId).
//! - ProfileDownloadTriggerResult: `profileDownloadError` has no reason, so automatic
//!   tagging puts `errorResponse` at `80` (v1.2: reason `[0]`, `errorResponse` `04`).
//! - HandleNotificationEsipa: automatically tagged: a result is `A1` with the
//!   ProvideEimPackageResult alternative inside (v1.2: `[80]`, `BF50`).
//! - TransferEimPackageRequest / Response: v1.0's IpaEuiccDataRequest / Response and
//!   ePRAndNotifications inside.
//!
//! Wire differences on ESep and ES10b (2.11, 5.9):
//! - EimIdInfo (listEim result): `eimIdType [4]` (v1.2: `[2]`).
//! - RetrieveNotificationsList response: a fourth alternative `notificationAndEprList`
//!   (`A3`).
//! - eUICCMemoryReset: `BF34` with options `resetEimConfigData(3)`,
//!   `resetAutoEnableConfig(4)` and a response with tagged results (v1.2: `BF64`, options
//!   up to `resetImmediateEnableConfig(6)`, automatically tagged response).
//! - EnableUsingDD (`BF5A`): an empty request (v1.2's ImmediateEnable has `refreshFlag`).
//! - Not in v1.0: the fallback PSMOs and results, `setDefaultDpAddress`, ExecuteFallbackMechanism,
//!   ReturnFromFallback, the emergency profile, GetConnectivityParameters, SetDefaultDpAddress,
//!   IPAe activation, `stateChangeCause`; EimConfigurationData `indirectProfileDownload`.
//!
//! Same octets, other names or named numbers (own types so that JSON and `rsp-lab decode`
//! use v1.0's words): `transactionId` for `eimTransactionId` in the signed package and
//! results, `configureAutoEnable` (`autoEnableFlag`, `smdpOid`, `smdpAddress`) for
//! `configureImmediateEnable`, ConfigureAutoProfileEnabling for
//! ConfigureImmediateProfileEnabling, `rfu2`–`rfu4` in EUICCInfo2, the listProfileInfo
//! result with SGP.22's ProfileInfo, `euiccCiPKIdToBeUsed` in InitiateAuthenticationOkEsipa, `profileMetadataMismatch(50)`, AddInitialEim's
//! `unsignedEimConfigDisallowed(2)`, and the result codes v1.2 extended (enable, disable,
//! delete, addEim, package error, InitiateAuthentication error).

mod auto_enable;
mod down;
mod es10b;
mod esep;
mod esipa;
mod euicc_data;
mod result_data;
pub mod tag_list;
mod up;

pub use auto_enable::*;
pub use es10b::*;
pub use esep::*;
pub use esipa::*;
pub use euicc_data::*;
pub use result_data::*;
pub use up::Lists;

use crate::asn1_type::{Module, TypeEntry, entry};
use crate::der::Asn1;

const fn t<T: Asn1>() -> TypeEntry {
    entry::<T>(Module::Sgp32V1_0, false)
}

const fn m<T: Asn1>() -> TypeEntry {
    entry::<T>(Module::Sgp32V1_0, true)
}

/// The v1.0 types that differ from v1.2, under their v1.0 names. Where a request and a
/// response share a tag the response comes first (see [`crate::sgp32::TYPES`]).
pub const TYPES: &[TypeEntry] = &[
    // ESep (2.11.1.1, 2.11.2.1)
    m::<EuiccPackageRequest>(),
    t::<EuiccPackageSigned>(),
    t::<EuiccPackage>(),
    t::<Psmo>(),
    m::<EuiccPackageResult>(),
    t::<EuiccPackageResultSigned>(),
    t::<EuiccPackageResultDataSigned>(),
    t::<EuiccPackageErrorSigned>(),
    t::<EuiccPackageErrorDataSigned>(),
    t::<EuiccPackageErrorCode>(),
    t::<EuiccResultData>(),
    t::<EnableProfileResult>(),
    t::<DisableProfileResult>(),
    t::<DeleteProfileResult>(),
    TypeEntry {
        name: "ConfigureAutoEnableResult",
        ..t::<ConfigureAutoEnableResult>()
    },
    m::<SGP32ProfileInfoListResponse>(),
    t::<AddEimResult>(),
    t::<ListEimResult>(),
    t::<EimIdInfo>(),
    // eUICC data (2.11.1.2, 2.11.2.2, 5.9.2)
    m::<IpaEuiccDataResponse>(),
    m::<IpaEuiccDataRequest>(),
    t::<IpaEuiccData>(),
    m::<SGP32EUICCInfo2>(),
    // ES10b (5.9.4, 5.9.5, 5.9.11, 5.9.15–5.9.17)
    m::<SGP32RetrieveNotificationsListResponse>(),
    m::<SGP32EuiccMemoryResetResponse>(),
    m::<SGP32EuiccMemoryResetRequest>(),
    m::<EnableUsingDDResponse>(),
    m::<EnableUsingDDRequest>(),
    m::<ConfigureAutoProfileEnablingResponse>(),
    m::<ConfigureAutoProfileEnablingRequest>(),
    m::<AddInitialEimResponse>(),
    m::<ProfileRollbackResponse>(),
    // ESipa (6.3)
    t::<EsipaMessageFromIpaToEim>(),
    t::<EsipaMessageFromEimToIpa>(),
    m::<InitiateAuthenticationResponseEsipa>(),
    t::<InitiateAuthenticationOkEsipa>(),
    m::<GetBoundProfilePackageResponseEsipa>(),
    m::<HandleNotificationEsipa>(),
    m::<GetEimPackageResponse>(),
    m::<GetEimPackageRequest>(),
    m::<ProvideEimPackageResultResponse>(),
    m::<ProvideEimPackageResult>(),
    m::<ProfileDownloadTriggerResult>(),
    m::<TransferEimPackageRequest>(),
    m::<TransferEimPackageResponse>(),
];
