//! ES9+ (LPA to SM-DP+) requests and responses and their ASN.1 binding (SGP.22 5.6, 6.6).
//! The JSON binding carries the same values base64-encoded (see `json`).

use super::common::{Certificate, Octet16, SubjectKeyIdentifier, TransactionId};
use super::es8p::BoundProfilePackage;
use super::es10b::{AuthenticateServerResponse, ServerSigned1};
use super::es10b_download::{CancelSessionResponse, PrepareDownloadResponse, SmdpSigned2};
use super::es11::AuthenticateClientResponseEs11;
use super::euicc_info::EUICCInfo1;
use super::metadata::StoreMetadataRequest;
use super::notifications::PendingNotification;
use crate::der::{Asn1, Preserved, RawTlv};

/// A request of the ES9+ ASN.1 binding (SGP.22 6.6): a tagged CHOICE, so `A2` wraps the
/// request's own TLV. Alternatives of later versions decode as `Unknown`.
///
/// ```text
/// RemoteProfileProvisioningRequest ::= [2] CHOICE { -- Tag 'A2'
///    initiateAuthenticationRequest [57] InitiateAuthenticationRequest, -- Tag 'BF39'
///    authenticateClientRequest [59] AuthenticateClientRequest, -- Tag 'BF3B'
///    getBoundProfilePackageRequest [58] GetBoundProfilePackageRequest, -- Tag 'BF3A'
///    cancelSessionRequestEs9 [65] CancelSessionRequestEs9, -- Tag 'BF41'
///    handleNotification [61] HandleNotification -- tag 'BF3D' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 2)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum RemoteProfileProvisioningRequest {
    InitiateAuthenticationRequest(InitiateAuthenticationRequest),
    AuthenticateClientRequest(AuthenticateClientRequest),
    GetBoundProfilePackageRequest(GetBoundProfilePackageRequest),
    #[asn1(name = "cancelSessionRequestEs9")]
    CancelSessionRequestEs9(CancelSessionRequestEs9),
    HandleNotification(HandleNotification),
    /// An alternative of a later version, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}

impl RemoteProfileProvisioningRequest {
    /// The tag number of the function inside `A2` (57 for BF39, 59 for BF3B, ...), read from
    /// the identifier and length octets only: a server tells which function a body was for,
    /// and answers with that function's error value, even when the rest does not decode or
    /// was cut off by a size limit (SGP.22 6.6).
    pub fn function_tag(body: &[u8]) -> Option<u32> {
        let (_, _, header) = crate::der::header(body).ok()??;
        let (tag, _) = crate::der::Tag::parse(body.get(header..)?)?;
        Some(tag.number)
    }
}

/// A response of the ES9+ ASN.1 binding (SGP.22 6.6).
///
/// ```text
/// RemoteProfileProvisioningResponse ::= [2] CHOICE { -- Tag 'A2'
///    initiateAuthenticationResponse [57] InitiateAuthenticationResponse, -- Tag 'BF39'
///    authenticateClientResponseEs9 [59] AuthenticateClientResponseEs9, -- Tag 'BF3B'
///    getBoundProfilePackageResponse [58] GetBoundProfilePackageResponse, -- Tag 'BF3A'
///    cancelSessionResponseEs9 [65] CancelSessionResponseEs9, -- Tag 'BF41'
///    authenticateClientResponseEs11 [64] AuthenticateClientResponseEs11 -- Tag 'BF40' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 2)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum RemoteProfileProvisioningResponse {
    InitiateAuthenticationResponse(InitiateAuthenticationResponse),
    #[asn1(name = "authenticateClientResponseEs9")]
    AuthenticateClientResponseEs9(AuthenticateClientResponseEs9),
    GetBoundProfilePackageResponse(GetBoundProfilePackageResponse),
    #[asn1(name = "cancelSessionResponseEs9")]
    CancelSessionResponseEs9(CancelSessionResponseEs9),
    #[asn1(name = "authenticateClientResponseEs11")]
    AuthenticateClientResponseEs11(AuthenticateClientResponseEs11),
    /// An alternative of a later version, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}

/// ES9+.InitiateAuthentication request (SGP.22 5.6.1).
///
/// ```text
/// InitiateAuthenticationRequest ::= [57] SEQUENCE { -- Tag 'BF39'
///    euiccChallenge [1] Octet16, smdpAddress [3] UTF8String, euiccInfo1 EUICCInfo1 }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 57, extensible)]
pub struct InitiateAuthenticationRequest {
    #[asn1(tag = 1)]
    pub euicc_challenge: Octet16,
    #[asn1(tag = 3)]
    pub smdp_address: String,
    #[asn1(name = "euiccInfo1")]
    pub euicc_info1: EUICCInfo1,
}

/// ES9+.InitiateAuthentication response (SGP.22 5.6.1).
///
/// ```text
/// InitiateAuthenticationResponse ::= [57] CHOICE { -- Tag 'BF39'
///    initiateAuthenticationOk InitiateAuthenticationOkEs9,
///    initiateAuthenticationError INTEGER { invalidDpAddress(1),
///       euiccVersionNotSupportedByDp(2), ciPKNotSupported(3) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 57, automatic)]
pub enum InitiateAuthenticationResponse {
    InitiateAuthenticationOk(InitiateAuthenticationOkEs9),
    InitiateAuthenticationError(InitiateAuthenticationError),
}

/// `InitiateAuthenticationResponse.initiateAuthenticationError` (SGP.22 5.6.1).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "initiateAuthenticationError")]
pub enum InitiateAuthenticationError {
    #[asn1(value = 1)]
    InvalidDpAddress,
    #[asn1(value = 2)]
    EuiccVersionNotSupportedByDp,
    #[asn1(name = "ciPKNotSupported")]
    #[asn1(value = 3)]
    CiPkNotSupported,
    #[asn1(other)]
    Other(i64),
}

/// The SM-DP+'s signed challenge answer (SGP.22 5.6.1).
///
/// ```text
/// InitiateAuthenticationOkEs9 ::= SEQUENCE {
///    transactionId [0] TransactionId, serverSigned1 ServerSigned1,
///    serverSignature1 [APPLICATION 55] OCTET STRING, -- tag '5F37'
///    euiccCiPKIdToBeUsed SubjectKeyIdentifier, serverCertificate Certificate }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct InitiateAuthenticationOkEs9 {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    pub server_signed1: Preserved<ServerSigned1>,
    #[asn1(tag = "application 55")]
    pub server_signature1: Vec<u8>,
    #[asn1(name = "euiccCiPKIdToBeUsed")]
    pub euicc_ci_pkid_to_be_used: SubjectKeyIdentifier,
    pub server_certificate: Certificate,
}

/// ES9+.AuthenticateClient request (SGP.22 5.6.3). `[56]` replaces the tag of the tagged
/// CHOICE AuthenticateServerResponse, so the eUICC's `BF38` TLV is relayed unchanged.
///
/// ```text
/// AuthenticateClientRequest ::= [59] SEQUENCE { -- Tag 'BF3B'
///    transactionId [0] TransactionId,
///    authenticateServerResponse [56] AuthenticateServerResponse }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 59, extensible)]
pub struct AuthenticateClientRequest {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    pub authenticate_server_response: AuthenticateServerResponse,
}

/// ES9+.AuthenticateClient response (SGP.22 5.6.3).
///
/// ```text
/// AuthenticateClientResponseEs9 ::= [59] CHOICE { -- Tag 'BF3B'
///    authenticateClientOk AuthenticateClientOk,
///    authenticateClientError INTEGER { eumCertificateInvalid(1), eumCertificateExpired(2),
///       euiccCertificateInvalid(3), euiccCertificateExpired(4), euiccSignatureInvalid(5),
///       matchingIdRefused(6), eidMismatch(7), noEligibleProfile(8), ciPKUnknown(9),
///       invalidTransactionId(10), insufficientMemory(11), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 59, automatic)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum AuthenticateClientResponseEs9 {
    AuthenticateClientOk(AuthenticateClientOk),
    AuthenticateClientError(AuthenticateClientErrorEs9),
}

/// `AuthenticateClientResponseEs9.authenticateClientError` (SGP.22 5.6.3).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "authenticateClientError")]
pub enum AuthenticateClientErrorEs9 {
    #[asn1(value = 1)]
    EumCertificateInvalid,
    #[asn1(value = 2)]
    EumCertificateExpired,
    #[asn1(value = 3)]
    EuiccCertificateInvalid,
    #[asn1(value = 4)]
    EuiccCertificateExpired,
    #[asn1(value = 5)]
    EuiccSignatureInvalid,
    #[asn1(value = 6)]
    MatchingIdRefused,
    #[asn1(value = 7)]
    EidMismatch,
    #[asn1(value = 8)]
    NoEligibleProfile,
    #[asn1(name = "ciPKUnknown")]
    #[asn1(value = 9)]
    CiPkUnknown,
    #[asn1(value = 10)]
    InvalidTransactionId,
    #[asn1(value = 11)]
    InsufficientMemory,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The SM-DP+'s signed download offer (SGP.22 5.6.3).
///
/// ```text
/// AuthenticateClientOk ::= SEQUENCE {
///    transactionId [0] TransactionId, profileMetaData [37] StoreMetadataRequest,
///    smdpSigned2 SmdpSigned2, smdpSignature2 [APPLICATION 55] OCTET STRING,
///    smdpCertificate Certificate }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct AuthenticateClientOk {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(name = "profileMetaData")]
    pub profile_meta_data: StoreMetadataRequest,
    pub smdp_signed2: Preserved<SmdpSigned2>,
    #[asn1(tag = "application 55")]
    pub smdp_signature2: Vec<u8>,
    pub smdp_certificate: Certificate,
}

/// ES9+.GetBoundProfilePackage request (SGP.22 5.6.2): the eUICC's `BF21` relayed.
///
/// ```text
/// GetBoundProfilePackageRequest ::= [58] SEQUENCE { -- Tag 'BF3A'
///    transactionId [0] TransactionId,
///    prepareDownloadResponse [33] PrepareDownloadResponse }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 58, extensible)]
pub struct GetBoundProfilePackageRequest {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    pub prepare_download_response: PrepareDownloadResponse,
}

/// ES9+.GetBoundProfilePackage response (SGP.22 5.6.2).
///
/// ```text
/// GetBoundProfilePackageResponse ::= [58] CHOICE { -- Tag 'BF3A'
///    getBoundProfilePackageOk GetBoundProfilePackageOk,
///    getBoundProfilePackageError INTEGER { euiccSignatureInvalid(1),
///       confirmationCodeMissing(2), confirmationCodeRefused(3),
///       confirmationCodeRetriesExceeded(4), bppRebindingRefused(5),
///       downloadOrderExpired(6), invalidTransactionId(95), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 58, automatic)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum GetBoundProfilePackageResponse {
    GetBoundProfilePackageOk(GetBoundProfilePackageOk),
    GetBoundProfilePackageError(GetBoundProfilePackageError),
}

/// `GetBoundProfilePackageResponse.getBoundProfilePackageError` (SGP.22 5.6.2).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "getBoundProfilePackageError")]
pub enum GetBoundProfilePackageError {
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
    #[asn1(value = 95)]
    InvalidTransactionId,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The bound package (SGP.22 5.6.2).
///
/// ```text
/// GetBoundProfilePackageOk ::= SEQUENCE {
///    transactionId [0] TransactionId, boundProfilePackage [54] BoundProfilePackage }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct GetBoundProfilePackageOk {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    pub bound_profile_package: BoundProfilePackage,
}

/// ES9+.HandleNotification (SGP.22 5.6.4). Automatic tagging gives the untagged CHOICE
/// `[0]`, which wraps it explicitly: `BF3D A0 (BF37 | 30)`.
///
/// ```text
/// HandleNotification ::= [61] SEQUENCE { -- Tag 'BF3D'
///    pendingNotification PendingNotification }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 61, automatic, extensible)]
pub struct HandleNotification {
    pub pending_notification: PendingNotification,
}

/// ES9+.CancelSession request (SGP.22 5.6.5). Automatic tagging gives the eUICC's
/// CancelSessionResponse `[1]`, which replaces its `[65]`: `BF41 80.. A1 (A0.. | 81..)`.
///
/// ```text
/// CancelSessionRequestEs9 ::= [65] SEQUENCE { -- Tag 'BF41'
///    transactionId TransactionId, cancelSessionResponse CancelSessionResponse }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 65, automatic, extensible)]
pub struct CancelSessionRequestEs9 {
    pub transaction_id: TransactionId,
    pub cancel_session_response: CancelSessionResponse,
}

/// ES9+.CancelSession response (SGP.22 5.6.5).
///
/// ```text
/// CancelSessionResponseEs9 ::= [65] CHOICE { -- Tag 'BF41'
///    cancelSessionOk CancelSessionOk,
///    cancelSessionError INTEGER { invalidTransactionId(1), euiccSignatureInvalid(2),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 65, automatic)]
pub enum CancelSessionResponseEs9 {
    CancelSessionOk(CancelSessionOk),
    CancelSessionError(CancelSessionErrorEs9),
}

/// `CancelSessionResponseEs9.cancelSessionError` (SGP.22 5.6.5).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "cancelSessionError")]
pub enum CancelSessionErrorEs9 {
    #[asn1(value = 1)]
    InvalidTransactionId,
    #[asn1(value = 2)]
    EuiccSignatureInvalid,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES9+.CancelSession succeeded; no output data (SGP.22 5.6.5).
///
/// ```text
/// CancelSessionOk ::= SEQUENCE { }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CancelSessionOk {}
