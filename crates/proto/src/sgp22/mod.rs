//! GSMA SGP.22 v2.5 `RSPDefinitions` (AUTOMATIC TAGS, EXTENSIBILITY IMPLIED): every type of
//! the module as a Rust type with `#[derive(Asn1)]`, one file per interface.
//!
//! Mapping rules:
//! - SEQUENCEs are extensible structs (unknown trailing components of newer peers are
//!   skipped). Where the module applies automatic tagging (no component textually tagged)
//!   the struct is `automatic`.
//! - Size-constrained OCTET STRINGs of a fixed size are arrays (`Octet16 = [u8; 16]`);
//!   plain named OCTET STRINGs, INTEGERs and BIT STRINGs without named bits are aliases.
//! - INTEGERs with named numbers are enums with a catch-all for unnamed values, so codes of
//!   newer peers still decode.
//! - Components that a peer signs are [`Preserved`](crate::der::Preserved): serverSigned1,
//!   euiccSigned1, smdpSigned2, euiccSigned2, profileInstallationResultData,
//!   tbsOtherNotification, euiccCancelSessionSigned and the BPP's
//!   initialiseSecureChannelRequest.
//! - Anonymous inner types get a Rust name from their component (`EnableResult`,
//!   `FinalResult`, `ProfileIdentifier`, ...). `OPENTYPE` is an information object class,
//!   not a type: its two fields appear as `Oid` and an open [`RawTlv`](crate::der::RawTlv).

pub mod common;
pub mod device_info;
pub mod es10a;
pub mod es10b;
pub mod es10b_download;
pub mod es10c;
pub mod es10c_manage;
pub mod es11;
pub mod es8p;
pub mod es9p;
pub mod euicc_info;
pub mod install_result;
pub mod lpae;
pub mod metadata;
pub mod notification_metadata;
pub mod notifications;
pub mod rat_crl;

pub use common::*;
pub use device_info::*;
pub use es8p::*;
pub use es9p::*;
pub use es10a::*;
pub use es10b::*;
pub use es10b_download::*;
pub use es10c::*;
pub use es10c_manage::*;
pub use es11::*;
pub use euicc_info::*;
pub use install_result::*;
pub use lpae::*;
pub use metadata::*;
pub use notification_metadata::*;
pub use notifications::*;
pub use rat_crl::*;

use crate::asn1_type::{Module, TypeEntry, entry};
use crate::der::Asn1;

/// A type that is not a message.
const fn t<T: Asn1>() -> TypeEntry {
    entry::<T>(Module::Rsp, false)
}

/// A message on an interface (ES8+, ES9+, ES10a/b/c, ES11, ES6).
const fn m<T: Asn1>() -> TypeEntry {
    entry::<T>(Module::Rsp, true)
}

/// A type defined as another one (`Octet16 ::= OCTET STRING (SIZE(16))`): the Rust alias
/// has the other type's name, so the entry names it.
const fn alias<T: Asn1>(name: &'static str) -> TypeEntry {
    TypeEntry {
        name,
        ..entry::<T>(Module::Rsp, false)
    }
}

/// Every type of `RSPDefinitions`, 132 (`OPENTYPE` is an information object class, not a
/// type). asn1play's copy of the module lacks `InitialiseSecureChannelRequest-ver`, which
/// the reference module adds for verifiers. Where a request and a response share a tag the response comes
/// first: `registry::detect` takes the first message that decodes, and an empty extensible
/// request would accept any response's contents.
pub const TYPES: &[TypeEntry] = &[
    // basic types
    alias::<Octet8>("Octet8"),
    alias::<Octet4>("Octet4"),
    alias::<Octet16>("Octet16"),
    alias::<OctetTo16>("OctetTo16"),
    alias::<Octet32>("Octet32"),
    alias::<Octet1>("Octet1"),
    alias::<Octet2>("Octet2"),
    alias::<VersionType>("VersionType"),
    t::<Iccid>(),
    t::<RemoteOpId>(),
    alias::<TransactionId>("TransactionId"),
    // EUICCInfo
    m::<EUICCInfo1>(),
    m::<GetEuiccInfo1Request>(),
    m::<EUICCInfo2>(),
    m::<GetEuiccInfo2Request>(),
    t::<RspCapability>(),
    t::<CertificationDataObject>(),
    t::<CertificateInfo>(),
    t::<DeviceInfo>(),
    t::<DeviceCapabilities>(),
    t::<DeviceAdditionalFeatureSupport>(),
    alias::<CatSupportedClasses>("CatSupportedClasses"),
    alias::<EuiccFormFactorType>("EuiccFormFactorType"),
    // ES10c.GetProfilesInfo and metadata
    m::<ProfileInfoListResponse>(),
    m::<ProfileInfoListRequest>(),
    t::<ProfileInfo>(),
    t::<PprIds>(),
    t::<OperatorId>(),
    t::<ProfileInfoListError>(),
    m::<StoreMetadataRequest>(),
    t::<NotificationEvent>(),
    t::<NotificationConfigurationInformation>(),
    t::<VendorSpecificExtension>(),
    t::<IconType>(),
    t::<ProfileState>(),
    t::<ProfileClass>(),
    m::<UpdateMetadataRequest>(),
    // ES10b.PrepareDownload
    m::<PrepareDownloadRequest>(),
    t::<SmdpSigned2>(),
    m::<PrepareDownloadResponse>(),
    t::<PrepareDownloadResponseOk>(),
    t::<EUICCSigned2>(),
    t::<PrepareDownloadResponseError>(),
    t::<DownloadErrorCode>(),
    // ES10b.AuthenticateServer
    m::<AuthenticateServerRequest>(),
    t::<ServerSigned1>(),
    t::<CtxParams1>(),
    t::<CtxParamsForCommonAuthentication>(),
    m::<AuthenticateServerResponse>(),
    t::<AuthenticateResponseOk>(),
    t::<EuiccSigned1>(),
    t::<AuthenticateResponseError>(),
    t::<AuthenticateErrorCode>(),
    // ES10b.CancelSession
    m::<CancelSessionRequest>(),
    t::<CancelSessionReason>(),
    m::<CancelSessionResponse>(),
    t::<CancelSessionResponseOk>(),
    t::<EuiccCancelSessionSigned>(),
    // ES8+
    m::<BoundProfilePackage>(),
    // ES10b.GetEUICCChallenge
    m::<GetEuiccChallengeResponse>(),
    m::<GetEuiccChallengeRequest>(),
    // Profile installation result
    m::<ProfileInstallationResult>(),
    t::<ProfileInstallationResultData>(),
    t::<EuiccSignPIR>(),
    t::<SuccessResult>(),
    t::<ErrorResult>(),
    t::<BppCommandId>(),
    t::<ErrorReason>(),
    // ES10b notifications
    m::<ListNotificationResponse>(),
    m::<ListNotificationRequest>(),
    t::<NotificationMetadata>(),
    // ES10c.SetNickname
    m::<SetNicknameResponse>(),
    m::<SetNicknameRequest>(),
    // ES8+ commands
    m::<InitialiseSecureChannelRequest>(),
    t::<InitialiseSecureChannelRequestVer>(),
    t::<ControlRefTemplate>(),
    m::<ConfigureISDPRequest>(),
    t::<DpProprietaryData>(),
    m::<ReplaceSessionKeysRequest>(),
    // ES10b.RetrieveNotificationsList / RemoveNotificationFromList
    m::<RetrieveNotificationsListResponse>(),
    m::<RetrieveNotificationsListRequest>(),
    t::<PendingNotification>(),
    t::<OtherSignedNotification>(),
    m::<NotificationSentResponse>(),
    m::<NotificationSentRequest>(),
    // ES10c profile management
    m::<EnableProfileResponse>(),
    m::<EnableProfileRequest>(),
    m::<DisableProfileResponse>(),
    m::<DisableProfileRequest>(),
    m::<DeleteProfileResponse>(),
    m::<DeleteProfileRequest>(),
    m::<EuiccMemoryResetResponse>(),
    m::<EuiccMemoryResetRequest>(),
    m::<GetEuiccDataResponse>(),
    m::<GetEuiccDataRequest>(),
    // ES10b.GetRAT
    m::<GetRatResponse>(),
    m::<GetRatRequest>(),
    t::<RulesAuthorisationTable>(),
    t::<ProfilePolicyAuthorisationRule>(),
    // ES10b.LoadCRL and certificate extensions
    t::<SegmentedCrlList>(),
    m::<LoadCRLResponse>(),
    m::<LoadCRLRequest>(),
    t::<LoadCRLResponseOk>(),
    t::<LoadCRLResponseError>(),
    alias::<ExpirationDate>("ExpirationDate"),
    alias::<TotalPartialCrlNumber>("TotalPartialCrlNumber"),
    alias::<PartialCrlNumber>("PartialCrlNumber"),
    // ES9+ ASN.1 binding
    m::<RemoteProfileProvisioningRequest>(),
    m::<RemoteProfileProvisioningResponse>(),
    m::<InitiateAuthenticationResponse>(),
    m::<InitiateAuthenticationRequest>(),
    t::<InitiateAuthenticationOkEs9>(),
    m::<AuthenticateClientResponseEs9>(),
    m::<AuthenticateClientRequest>(),
    t::<AuthenticateClientOk>(),
    m::<GetBoundProfilePackageResponse>(),
    m::<GetBoundProfilePackageRequest>(),
    t::<GetBoundProfilePackageOk>(),
    m::<HandleNotification>(),
    m::<CancelSessionRequestEs9>(),
    m::<CancelSessionResponseEs9>(),
    t::<CancelSessionOk>(),
    // ES10a
    m::<EuiccConfiguredAddressesResponse>(),
    m::<EuiccConfiguredAddressesRequest>(),
    m::<SetDefaultDpAddressResponse>(),
    m::<SetDefaultDpAddressRequest>(),
    // LPAe
    m::<ISDRProprietaryApplicationTemplate>(),
    m::<LpaeActivationResponse>(),
    m::<LpaeActivationRequest>(),
    // ES11
    m::<AuthenticateClientResponseEs11>(),
    t::<AuthenticateClientOkEs11>(),
    t::<EventEntries>(),
];
