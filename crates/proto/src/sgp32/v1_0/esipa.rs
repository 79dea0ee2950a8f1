//! ESipa in SGP.32 v1.0 (6.3): the messages whose octets or values differ from v1.2. The
//! download relay messages (InitiateAuthentication request, AuthenticateClient,
//! GetBoundProfilePackage request, CancelSession) are v1.2's types: v1.2 only added
//! optional components to them.

use super::es10b::SGP32RetrieveNotificationsListResponse;
use super::esep::{EuiccPackageRequest, EuiccPackageResult};
use super::euicc_data::{IpaEuiccDataRequest, IpaEuiccDataResponse};
use crate::der::{Asn1, Null, Preserved, RawTlv};
use crate::sgp22::{Certificate, CtxParams1, Octet16, ServerSigned1, TransactionId};
use crate::sgp32::{
    AuthenticateClientRequestEsipa, AuthenticateClientResponseEsipa, CancelSessionRequestEsipa,
    EimAcknowledgements, EimPackageResultErrorCode, GetBoundProfilePackageOkEsipa,
    GetBoundProfilePackageRequestEsipa, InitiateAuthenticationRequestEsipa,
    ProfileDownloadTriggerRequest, SGP32PendingNotification, SGP32ProfileInstallationResult,
};

/// ESipa.GetEimPackage request of v1.0 (6.3.2.6): `rPLMN` at `[1]` (`81`), where v1.2 has
/// `stateChangeCause`; v1.2 moved `rPLMN` to `[2]`.
///
/// ```text
/// GetEimPackageRequest ::= [79] SEQUENCE { -- Tag 'BF4F'
///    eidValue [APPLICATION 26] Octet16, notifyStateChange [0] NULL OPTIONAL,
///    rPLMN [1] OCTET STRING (SIZE(3)) OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 79, extensible)]
pub struct GetEimPackageRequest {
    #[asn1(tag = "application 26")]
    pub eid_value: Octet16,
    #[asn1(tag = 0)]
    pub notify_state_change: Option<Null>,
    #[asn1(tag = 1, name = "rPLMN")]
    pub r_plmn: Option<[u8; 3]>,
}

/// ESipa.GetEimPackage response of v1.0 (6.3.2.6): the error knows no EID problems.
///
/// ```text
/// GetEimPackageResponse ::= [79] CHOICE { -- Tag 'BF4F'
///    euiccPackageRequest [81] EuiccPackageRequest, ipaEuiccDataRequest [82] IpaEuiccDataRequest,
///    profileDownloadTriggerRequest [84] ProfileDownloadTriggerRequest,
///    eimPackageError INTEGER { noEimPackageAvailable(1), undefinedError(127) } }
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

/// `GetEimPackageResponse.eimPackageError` of v1.0 (6.3.2.6).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "eimPackageError")]
pub enum EimPackageError {
    #[asn1(value = 1)]
    NoEimPackageAvailable,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ESipa.ProvideEimPackageResult request of v1.0 (6.3.2.7): a CHOICE without eidValue;
/// the notifications travel as a RetrieveNotificationsList answer (`BF2B`); the IPA's error
/// is a bare INTEGER without eimTransactionId.
///
/// ```text
/// ProvideEimPackageResult ::= [80] CHOICE { -- Tag 'BF50'
///    euiccPackageResult [81] EuiccPackageResult,
///    ePRAndNotifications SEQUENCE { euiccPackageResult [81] EuiccPackageResult,
///       notificationList [43] SGP32-RetrieveNotificationsListResponse },
///    ipaEuiccDataResponse [82] IpaEuiccDataResponse,
///    profileDownloadTriggerResult [84] ProfileDownloadTriggerResult,
///    eimPackageError INTEGER { invalidPackageFormat(1), unknownPackage(2),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 80)]
#[allow(clippy::large_enum_variant)]
pub enum ProvideEimPackageResult {
    #[asn1(tag = 81)]
    EuiccPackageResult(EuiccPackageResult),
    #[asn1(name = "ePRAndNotifications")]
    EprAndNotifications(EprAndNotifications),
    #[asn1(tag = 82)]
    IpaEuiccDataResponse(IpaEuiccDataResponse),
    #[asn1(tag = 84)]
    ProfileDownloadTriggerResult(ProfileDownloadTriggerResult),
    /// The named numbers of v1.2's EimPackageResultErrorCode.
    #[asn1(name = "eimPackageError")]
    EimPackageError(EimPackageResultErrorCode),
}

/// `ePRAndNotifications` of v1.0 (6.3.2.7, 6.3.3.1).
///
/// ```text
/// SEQUENCE { euiccPackageResult [81] EuiccPackageResult, -- Tag 'BF51'
///    notificationList [43] SGP32-RetrieveNotificationsListResponse -- Tag 'BF2B' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "ePRAndNotifications")]
pub struct EprAndNotifications {
    #[asn1(tag = 81)]
    pub euicc_package_result: EuiccPackageResult,
    #[asn1(tag = 43)]
    pub notification_list: SGP32RetrieveNotificationsListResponse,
}

/// ESipa.ProvideEimPackageResult response of v1.0 (6.3.2.7): acknowledgements or nothing.
/// It has no error alternative: an eIM refuses a v1.0 result with an HTTP error status.
///
/// ```text
/// ProvideEimPackageResultResponse ::= [80] SEQUENCE { -- Tag 'BF50'
///    eimAcknowledgements [83] EimAcknowledgements OPTIONAL -- Tag 'BF53' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 80, extensible)]
pub struct ProvideEimPackageResultResponse {
    #[asn1(tag = 83)]
    pub eim_acknowledgements: Option<EimAcknowledgements>,
}

/// The outcome of a triggered download in v1.0 (2.11.2.3): the error has no reason, and
/// as its only component is untagged, automatic tagging puts `errorResponse` at `80`.
///
/// ```text
/// ProfileDownloadTriggerResult ::= [84] SEQUENCE { -- tag 'BF54'
///    eimTransactionId [2] TransactionId OPTIONAL,
///    profileDownloadTriggerResultData CHOICE {
///       profileInstallationResult [55] SGP32-ProfileInstallationResult,
///       profileDownloadError SEQUENCE { errorResponse OCTET STRING OPTIONAL } } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 84, extensible)]
pub struct ProfileDownloadTriggerResult {
    #[asn1(tag = 2)]
    pub eim_transaction_id: Option<TransactionId>,
    pub profile_download_trigger_result_data: ProfileDownloadTriggerResultData,
}

/// `ProfileDownloadTriggerResult.profileDownloadTriggerResultData` of v1.0.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "profileDownloadTriggerResultData")]
#[allow(clippy::large_enum_variant)]
pub enum ProfileDownloadTriggerResultData {
    #[asn1(tag = 55)]
    ProfileInstallationResult(SGP32ProfileInstallationResult),
    ProfileDownloadError(ProfileDownloadError),
}

/// `profileDownloadTriggerResultData.profileDownloadError` of v1.0.
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "profileDownloadError")]
pub struct ProfileDownloadError {
    pub error_response: Option<Vec<u8>>,
}

/// ESipa.HandleNotification of v1.0 (6.3.2.4): no tags are written, so automatic tagging
/// gives `[0]` (explicit around the untagged notification CHOICE: `A0`) and `[1]`, which
/// replaces the `[80]` of the tagged CHOICE ProvideEimPackageResult (X.680 31.2.7):
/// `BF3D A1 (BF51 ..)`. v1.2 wrote the tags: `[0]` and `[80]` (`BF3D BF50 ..`).
///
/// ```text
/// HandleNotificationEsipa ::= [61] CHOICE { -- Tag 'BF3D'
///    pendingNotification SGP32-PendingNotification,
///    provideEimPackageResult ProvideEimPackageResult }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 61, automatic)]
#[allow(clippy::large_enum_variant)]
pub enum HandleNotificationEsipa {
    PendingNotification(SGP32PendingNotification),
    ProvideEimPackageResult(ProvideEimPackageResult),
}

/// ESipa.InitiateAuthentication response of v1.0 (6.3.2.1): v1.2 added
/// `invalidEimTransactionId(52)` and `undefinedError(127)`. Automatic tags: `A0` / `81`.
///
/// ```text
/// InitiateAuthenticationResponseEsipa ::= [57] CHOICE { -- Tag 'BF39'
///    initiateAuthenticationOkEsipa InitiateAuthenticationOkEsipa,
///    initiateAuthenticationErrorEsipa INTEGER { invalidDpAddress(1),
///       euiccVersionNotSupportedByDp(2), ciPKIdNotSupported(3), smdpAddressMismatch(50),
///       smdpOidMismatch(51) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 57, automatic)]
#[allow(clippy::large_enum_variant)]
pub enum InitiateAuthenticationResponseEsipa {
    InitiateAuthenticationOkEsipa(InitiateAuthenticationOkEsipa),
    InitiateAuthenticationErrorEsipa(InitiateAuthenticationErrorEsipa),
}

/// The relayed server authentication of v1.0 (6.3.2.1): the octets of v1.2's, the key
/// identifier named `euiccCiPKIdToBeUsed` (v1.2: `euiccCiPKIdentifierToBeUsed`).
///
/// ```text
/// InitiateAuthenticationOkEsipa ::= SEQUENCE {
///    transactionId [0] TransactionId OPTIONAL, serverSigned1 ServerSigned1,
///    serverSignature1 [APPLICATION 55] OCTET STRING, euiccCiPKIdToBeUsed OCTET STRING,
///    serverCertificate Certificate, matchingId UTF8String OPTIONAL,
///    ctxParams1 [2] CtxParams1 OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct InitiateAuthenticationOkEsipa {
    #[asn1(tag = 0)]
    pub transaction_id: Option<TransactionId>,
    pub server_signed1: Preserved<ServerSigned1>,
    #[asn1(tag = "application 55")]
    pub server_signature1: Vec<u8>,
    #[asn1(name = "euiccCiPKIdToBeUsed")]
    pub euicc_ci_pkid_to_be_used: Vec<u8>,
    pub server_certificate: Certificate,
    pub matching_id: Option<String>,
    #[asn1(tag = 2)]
    pub ctx_params1: Option<CtxParams1>,
}

/// `InitiateAuthenticationResponseEsipa.initiateAuthenticationErrorEsipa` of v1.0.
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "initiateAuthenticationErrorEsipa")]
pub enum InitiateAuthenticationErrorEsipa {
    #[asn1(value = 1)]
    InvalidDpAddress,
    #[asn1(value = 2)]
    EuiccVersionNotSupportedByDp,
    #[asn1(name = "ciPKIdNotSupported")]
    #[asn1(value = 3)]
    CiPkIdNotSupported,
    #[asn1(value = 50)]
    SmdpAddressMismatch,
    #[asn1(value = 51)]
    SmdpOidMismatch,
    #[asn1(other)]
    Other(i64),
}

/// ESipa.GetBoundProfilePackage response of v1.0 (6.3.2.3): value 50 is named
/// `profileMetadataMismatch` (v1.2: `metadataMismatch`). Automatic tags: `A0` / `81`.
///
/// ```text
/// GetBoundProfilePackageResponseEsipa ::= [58] CHOICE { -- Tag 'BF3A'
///    getBoundProfilePackageOkEsipa GetBoundProfilePackageOkEsipa,
///    getBoundProfilePackageErrorEsipa INTEGER { euiccSignatureInvalid(1),
///       confirmationCodeMissing(2), confirmationCodeRefused(3),
///       confirmationCodeRetriesExceeded(4), bppRebindingRefused(5), downloadOrderExpired(6),
///       profileMetadataMismatch(50), invalidTransactionId(95), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 58, automatic)]
#[allow(clippy::large_enum_variant)]
pub enum GetBoundProfilePackageResponseEsipa {
    GetBoundProfilePackageOkEsipa(GetBoundProfilePackageOkEsipa),
    GetBoundProfilePackageErrorEsipa(GetBoundProfilePackageErrorEsipa),
}

/// `GetBoundProfilePackageResponseEsipa.getBoundProfilePackageErrorEsipa` of v1.0.
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "getBoundProfilePackageErrorEsipa")]
pub enum GetBoundProfilePackageErrorEsipa {
    #[asn1(value = 1)]
    EuiccSignatureInvalid,
    #[asn1(value = 2)]
    ConfirmationCodeMissing,
    #[asn1(value = 3)]
    ConfirmationCodeRefused,
    #[asn1(value = 4)]
    ConfirmationCodeRetriesExceeded,
    #[asn1(value = 5)]
    BppRebindingRefused,
    #[asn1(value = 6)]
    DownloadOrderExpired,
    #[asn1(value = 50)]
    ProfileMetadataMismatch,
    #[asn1(value = 95)]
    InvalidTransactionId,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ESipa.TransferEimPackage request of v1.0 (6.3.3.1).
///
/// ```text
/// TransferEimPackageRequest ::= [78] CHOICE { -- Tag 'BF4E'
///    euiccPackageRequest [81] EuiccPackageRequest, ipaEuiccDataRequest [82] IpaEuiccDataRequest,
///    eimAcknowledgements [83] EimAcknowledgements,
///    profileDownloadTriggerRequest [84] ProfileDownloadTriggerRequest }
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

/// ESipa.TransferEimPackage response of v1.0 (6.3.3.1).
///
/// ```text
/// TransferEimPackageResponse ::= [78] CHOICE { -- Tag 'BF4E'
///    euiccPackageResult [81] EuiccPackageResult,
///    ePRAndNotifications SEQUENCE { euiccPackageResult [81] EuiccPackageResult,
///       notificationList [43] SGP32-RetrieveNotificationsListResponse },
///    ipaEuiccDataResponse [82] IpaEuiccDataResponse, eimPackageReceived NULL,
///    eimPackageError INTEGER { invalidPackageFormat(1), unknownPackage(2),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 78)]
#[allow(clippy::large_enum_variant)]
pub enum TransferEimPackageResponse {
    #[asn1(tag = 81)]
    EuiccPackageResult(EuiccPackageResult),
    #[asn1(name = "ePRAndNotifications")]
    EprAndNotifications(EprAndNotifications),
    #[asn1(tag = 82)]
    IpaEuiccDataResponse(IpaEuiccDataResponse),
    EimPackageReceived(Null),
    #[asn1(name = "eimPackageError")]
    EimPackageError(EimPackageResultErrorCode),
}

/// A message from a v1.0 IPA (6.3.1). Messages v1.0 does not define decode as `Unknown`.
///
/// ```text
/// EsipaMessageFromIpaToEim ::= CHOICE {
///    initiateAuthenticationRequestEsipa [57] .., authenticateClientRequestEsipa [59] ..,
///    getBoundProfilePackageRequestEsipa [58] .., cancelSessionRequestEsipa [65] ..,
///    handleNotificationEsipa [61] .., transferEimPackageResponse [78] ..,
///    getEimPackageRequest [79] .., provideEimPackageResult [80] .. }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
#[allow(clippy::large_enum_variant)]
pub enum EsipaMessageFromIpaToEim {
    #[asn1(tag = 57)]
    InitiateAuthenticationRequestEsipa(InitiateAuthenticationRequestEsipa),
    #[asn1(tag = 59)]
    AuthenticateClientRequestEsipa(AuthenticateClientRequestEsipa),
    #[asn1(tag = 58)]
    GetBoundProfilePackageRequestEsipa(GetBoundProfilePackageRequestEsipa),
    #[asn1(tag = 65)]
    CancelSessionRequestEsipa(CancelSessionRequestEsipa),
    #[asn1(tag = 61)]
    HandleNotificationEsipa(HandleNotificationEsipa),
    #[asn1(tag = 78)]
    TransferEimPackageResponse(TransferEimPackageResponse),
    #[asn1(tag = 79)]
    GetEimPackageRequest(GetEimPackageRequest),
    #[asn1(tag = 80)]
    ProvideEimPackageResult(ProvideEimPackageResult),
    #[asn1(other)]
    Unknown(RawTlv),
}

/// A message from the eIM to a v1.0 IPA (6.3.1).
///
/// ```text
/// EsipaMessageFromEimToIpa ::= CHOICE {
///    initiateAuthenticationResponseEsipa [57] .., authenticateClientResponseEsipa [59] ..,
///    getBoundProfilePackageResponseEsipa [58] .., cancelSessionResponseEsipa [65] ..,
///    transferEimPackageRequest [78] .., getEimPackageResponse [79] ..,
///    provideEimPackageResultResponse [80] .. }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
#[allow(clippy::large_enum_variant)]
pub enum EsipaMessageFromEimToIpa {
    #[asn1(tag = 57)]
    InitiateAuthenticationResponseEsipa(InitiateAuthenticationResponseEsipa),
    #[asn1(tag = 59)]
    AuthenticateClientResponseEsipa(AuthenticateClientResponseEsipa),
    #[asn1(tag = 58)]
    GetBoundProfilePackageResponseEsipa(GetBoundProfilePackageResponseEsipa),
    #[asn1(tag = 65)]
    CancelSessionResponseEsipa(CancelSessionResponseEsipa),
    #[asn1(tag = 78)]
    TransferEimPackageRequest(TransferEimPackageRequest),
    #[asn1(tag = 79)]
    GetEimPackageResponse(GetEimPackageResponse),
    #[asn1(tag = 80)]
    ProvideEimPackageResultResponse(ProvideEimPackageResultResponse),
    #[asn1(other)]
    Unknown(RawTlv),
}

/// ESipa.CancelSession response: the same in v1.0 and v1.2 (6.3.2.5).
pub type CancelSessionResponseEsipa = crate::sgp32::CancelSessionResponseEsipa;
