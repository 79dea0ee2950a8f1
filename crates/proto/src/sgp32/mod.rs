//! GSMA SGP.32 v1.2 `SGP32Definitions` (AUTOMATIC TAGS, EXTENSIBILITY IMPLIED): every type
//! of the module as a Rust type with `#[derive(Asn1)]`, one file per interface. Types the
//! module imports from SGP.22 `RSPDefinitions` are those of [`crate::sgp22`].
//!
//! Mapping rules (as for [`crate::sgp22`]):
//! - SEQUENCEs are extensible structs; `automatic` where no component is textually tagged.
//! - INTEGERs with named numbers are enums with a catch-all, so codes of newer peers still
//!   decode; named BIT STRINGs are newtypes with the bit numbers as constants.
//! - Components that a peer signs are [`Preserved`](crate::der::Preserved):
//!   euiccPackageSigned, euiccPackageResultDataSigned, euiccPackageErrorDataSigned, the
//!   IoT euiccSigned1 (full and inside the compact answer), serverSigned1, smdpSigned2 and
//!   the compact notification's tbsOtherNotification. [`signing`] builds what the ESep
//!   signatures cover.
//! - The reference module prefixes the types SGP.32 redefines with `SGP32-` (a TTCN-3
//!   workaround for the clash with SGP.22 names; the GSMA text calls them `ProfileInfo`,
//!   `EUICCInfo2`, ...). The registry uses the reference names, Rust drops the hyphen
//!   (`SGP32ProfileInfo`). Where SGP.32's definition is SGP.22's to the octet
//!   (`SGP32-ProfileInstallationResult`, `SGP32-CancelSessionOk`) the Rust name is an alias
//!   of the SGP.22 type, and anonymous INTEGERs with SGP.22's named numbers reuse SGP.22's
//!   enum.
//! - `AsnNull ::= NULL` is the reference module's TTCN-3 workaround, not a GSMA type: no
//!   component uses it, NULL components are [`Null`], and
//!   [`AsnNull`] is an alias of it.
//! - Message CHOICEs that later versions may extend (Psmo, Eco, EuiccResultData, the two
//!   ESipa message CHOICEs) keep unknown alternatives as `Unknown(RawTlv)`.
//! - A tagged CHOICE under another tag is tagged implicitly (X.680 31.2.7):
//!   `CancelSessionRequestEsipa` carries SGP32-CancelSessionResponse as `A1`, not
//!   `A1 BF41`.

pub mod acknowledgements;
pub mod common;
pub mod download_trigger;
pub mod eim_config;
pub mod es10b_auth;
pub mod es10b_device;
pub mod es10b_download;
pub mod es10b_eim;
pub mod es10b_fallback;
pub mod esep_request;
pub mod esep_result;
pub mod esipa;
pub mod esipa_auth;
pub mod esipa_download;
pub mod esipa_eim_package;
pub mod euicc_info;
pub mod ipa_euicc_data;
pub mod ipae;
pub mod notifications;
pub mod profile_info;
pub mod result_data;
pub mod signing;
pub mod v1_0;
pub mod v1_3;

pub use acknowledgements::*;
pub use common::*;
pub use download_trigger::*;
pub use eim_config::*;
pub use es10b_auth::*;
pub use es10b_device::*;
pub use es10b_download::*;
pub use es10b_eim::*;
pub use es10b_fallback::*;
pub use esep_request::*;
pub use esep_result::*;
pub use esipa::*;
pub use esipa_auth::*;
pub use esipa_download::*;
pub use esipa_eim_package::*;
pub use euicc_info::*;
pub use ipa_euicc_data::*;
pub use ipae::*;
pub use notifications::*;
pub use profile_info::*;
pub use result_data::*;
pub use signing::*;

use crate::asn1_type::{Module, TypeEntry, entry};
use crate::der::{Asn1, Null};
use crate::sgp22::{CancelSessionOk, ProfileInstallationResult};

/// A type that is not a message.
const fn t<T: Asn1>() -> TypeEntry {
    entry::<T>(Module::Sgp32, false)
}

/// A message on an interface (ESipa, ESep, ES10b).
const fn m<T: Asn1>() -> TypeEntry {
    entry::<T>(Module::Sgp32, true)
}

/// A type defined as another one: the Rust alias has the other type's name, so the entry
/// names it.
const fn alias<T: Asn1>(name: &'static str, message: bool) -> TypeEntry {
    TypeEntry {
        name,
        ..entry::<T>(Module::Sgp32, message)
    }
}

/// Every type of `SGP32Definitions`, 126 with `AsnNull`. Where a request and a response
/// share a tag the response comes first: `registry::detect` takes the first message that
/// re-encodes exactly, and an extensible request with optional components accepts a
/// response's contents. The two ESipa message CHOICEs accept any tag (unknown messages are
/// kept), so they are not listed as messages; detection finds their alternatives.
pub const TYPES: &[TypeEntry] = &[
    alias::<Null>("AsnNull", false),
    // ESep: eUICC Package Request (2.11.1.1)
    m::<EuiccPackageRequest>(),
    t::<EuiccPackageSigned>(),
    t::<EuiccPackage>(),
    t::<EimConfigurationData>(),
    t::<EimIdType>(),
    t::<EimSupportedProtocol>(),
    t::<Eco>(),
    t::<Psmo>(),
    // IpaEuiccDataRequest, ProfileDownloadTrigger, EimAcknowledgements (2.11.1)
    m::<IpaEuiccDataRequest>(),
    m::<ProfileDownloadTriggerResult>(),
    m::<ProfileDownloadTriggerRequest>(),
    t::<ProfileDownloadData>(),
    m::<EimAcknowledgements>(),
    t::<SequenceNumber>(),
    // ESep: eUICC Package Result (2.11.2.1)
    m::<EuiccPackageResult>(),
    t::<EuiccPackageResultSigned>(),
    t::<EuiccPackageResultDataSigned>(),
    t::<EuiccResultData>(),
    t::<EuiccPackageErrorSigned>(),
    t::<EuiccPackageErrorDataSigned>(),
    t::<EuiccPackageErrorCode>(),
    t::<EuiccPackageErrorUnsigned>(),
    t::<ConfigureImmediateEnableResult>(),
    t::<EnableProfileResult>(),
    t::<DisableProfileResult>(),
    t::<DeleteProfileResult>(),
    m::<SGP32ProfileInfoListResponse>(),
    t::<SGP32ProfileInfoListError>(),
    t::<RollbackProfileResult>(),
    t::<SetFallbackAttributeResult>(),
    t::<UnsetFallbackAttributeResult>(),
    t::<AddEimResult>(),
    t::<DeleteEimResult>(),
    t::<UpdateEimResult>(),
    t::<ListEimResult>(),
    t::<EimIdInfo>(),
    // IpaEuiccDataResponse (2.11.2.2)
    t::<IpaEuiccDataErrorCode>(),
    t::<IpaEuiccDataResponseError>(),
    m::<IpaEuiccDataResponse>(),
    alias::<Vec<SGP32PendingNotification>>("PendingNotificationList", false),
    alias::<Vec<EuiccPackageResult>>("EuiccPackageResultList", false),
    t::<IpaEuiccData>(),
    // IPAe
    m::<ISDRProprietaryApplicationTemplateIoT>(),
    m::<IpaeActivationResponse>(),
    m::<IpaeActivationRequest>(),
    t::<IpaCapabilities>(),
    // Profile metadata (4.4, 5.5)
    t::<SGP32ProfileInfo>(),
    m::<SGP32StoreMetadataRequest>(),
    m::<SGP32AuthenticateClientRequest>(),
    // ES10b.GetEUICCInfo (5.9.2)
    m::<SGP32EUICCInfo2>(),
    t::<IoTSpecificInfo>(),
    t::<IpaMode>(),
    // ES10b.AddInitialEim, eUICCMemoryReset, GetCerts, RetrieveNotificationsList
    m::<AddInitialEimResponse>(),
    m::<AddInitialEimRequest>(),
    m::<SGP32EuiccMemoryResetResponse>(),
    m::<SGP32EuiccMemoryResetRequest>(),
    m::<GetCertsResponse>(),
    m::<GetCertsRequest>(),
    m::<SGP32RetrieveNotificationsListResponse>(),
    m::<SGP32RetrieveNotificationsListRequest>(),
    // ES10b immediate enable, rollback, fallback, emergency profile (5.9.15–5.9.23)
    m::<ImmediateEnableResponse>(),
    m::<ImmediateEnableRequest>(),
    m::<ProfileRollbackResponse>(),
    m::<ProfileRollbackRequest>(),
    m::<ConfigureImmediateProfileEnablingResponse>(),
    m::<ConfigureImmediateProfileEnablingRequest>(),
    m::<GetEimConfigurationDataResponse>(),
    m::<GetEimConfigurationDataRequest>(),
    m::<ExecuteFallbackMechanismResponse>(),
    m::<ExecuteFallbackMechanismRequest>(),
    m::<ReturnFromFallbackResponse>(),
    m::<ReturnFromFallbackRequest>(),
    m::<EnableEmergencyProfileResponse>(),
    m::<EnableEmergencyProfileRequest>(),
    m::<DisableEmergencyProfileResponse>(),
    m::<DisableEmergencyProfileRequest>(),
    // ES10b.GetConnectivityParameters, SetDefaultDpAddress (5.9.24, 5.9.25)
    m::<GetConnectivityParametersResponse>(),
    m::<GetConnectivityParametersRequest>(),
    t::<ConnectivityParameters>(),
    t::<ConnectivityParametersError>(),
    m::<SGP32SetDefaultDpAddressResponse>(),
    m::<SGP32SetDefaultDpAddressRequest>(),
    // Compact ES10b responses and notifications (5.14)
    m::<SGP32PrepareDownloadResponse>(),
    t::<CompactPrepareDownloadResponseOk>(),
    t::<CompactEuiccSigned2>(),
    t::<SGP32EuiccSigned1>(),
    t::<SGP32AuthenticateResponseOk>(),
    m::<SGP32AuthenticateServerResponse>(),
    t::<CompactAuthenticateResponseOk>(),
    t::<CompactEuiccSigned1>(),
    t::<SGP32PendingNotification>(),
    alias::<ProfileInstallationResult>("SGP32-ProfileInstallationResult", true),
    t::<CompactProfileInstallationResult>(),
    t::<CompactProfileInstallationResultData>(),
    t::<CompactSuccessResult>(),
    t::<CompactOtherSignedNotification>(),
    m::<SGP32CancelSessionResponse>(),
    t::<CompactCancelSessionResponseOk>(),
    t::<CompactEuiccCancelSessionSigned>(),
    // ESipa (6.3.2)
    t::<EsipaMessageFromIpaToEim>(),
    t::<EsipaMessageFromEimToIpa>(),
    m::<InitiateAuthenticationRequestEsipa>(),
    m::<InitiateAuthenticationResponseEsipa>(),
    t::<InitiateAuthenticationOkEsipa>(),
    m::<AuthenticateClientRequestEsipa>(),
    m::<AuthenticateClientResponseEsipa>(),
    t::<AuthenticateClientOkDPEsipa>(),
    t::<AuthenticateClientOkDSEsipa>(),
    m::<GetBoundProfilePackageRequestEsipa>(),
    m::<GetBoundProfilePackageResponseEsipa>(),
    t::<GetBoundProfilePackageOkEsipa>(),
    m::<HandleNotificationEsipa>(),
    m::<CancelSessionRequestEsipa>(),
    m::<CancelSessionResponseEsipa>(),
    alias::<CancelSessionOk>("SGP32-CancelSessionOk", false),
    t::<StateChangeCause>(),
    m::<GetEimPackageRequest>(),
    m::<GetEimPackageResponse>(),
    t::<EimPackageResultErrorCode>(),
    t::<EimPackageResultResponseError>(),
    t::<EimPackageResult>(),
    m::<ProvideEimPackageResult>(),
    m::<ProvideEimPackageResultResponse>(),
    m::<TransferEimPackageRequest>(),
    m::<TransferEimPackageResponse>(),
];
