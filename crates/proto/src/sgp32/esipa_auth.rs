//! ESipa mutual authentication for an indirect profile download: the IPA's requests
//! relayed by the eIM to the SM-DP+ and the answers (SGP.32 v1.2 5.14.1, 5.14.3, 6.3.2.1).

use super::download_trigger::ProfileDownloadTriggerRequest;
use super::es10b_auth::SGP32AuthenticateServerResponse;
use super::profile_info::SGP32StoreMetadataRequest;
use crate::der::{Asn1, Preserved};
use crate::sgp22::{
    Certificate, CtxParams1, EUICCInfo1, Octet16, Octet32, ServerSigned1, SmdpSigned2,
    TransactionId,
};

/// ESipa.InitiateAuthentication request (SGP.32 v1.2 5.14.1, 6.3.2.1): SGP.22's with
/// smdpAddress and euiccInfo1 optional and the eIM's transaction ID.
///
/// ```text
/// InitiateAuthenticationRequestEsipa ::= [57] SEQUENCE { -- Tag 'BF39'
///    euiccChallenge [1] Octet16, smdpAddress [3] UTF8String OPTIONAL,
///    euiccInfo1 EUICCInfo1 OPTIONAL, eimTransactionId [2] TransactionId OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 57, extensible)]
pub struct InitiateAuthenticationRequestEsipa {
    #[asn1(tag = 1)]
    pub euicc_challenge: Octet16,
    #[asn1(tag = 3)]
    pub smdp_address: Option<String>,
    pub euicc_info1: Option<EUICCInfo1>,
    #[asn1(tag = 2)]
    pub eim_transaction_id: Option<TransactionId>,
}

/// ESipa.InitiateAuthentication response (SGP.32 v1.2 5.14.1, 6.3.2.1). Automatic tags:
/// `A0` / `81`.
///
/// ```text
/// InitiateAuthenticationResponseEsipa ::= [57] CHOICE { -- Tag 'BF39'
///    initiateAuthenticationOkEsipa InitiateAuthenticationOkEsipa,
///    initiateAuthenticationErrorEsipa INTEGER { invalidDpAddress(1),
///       euiccVersionNotSupportedByDp(2), ciPKIdNotSupported(3), smdpAddressMismatch(50),
///       smdpOidMismatch(51), invalidEimTransactionId(52), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 57, automatic)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum InitiateAuthenticationResponseEsipa {
    InitiateAuthenticationOkEsipa(InitiateAuthenticationOkEsipa),
    InitiateAuthenticationErrorEsipa(InitiateAuthenticationErrorEsipa),
}

/// `InitiateAuthenticationResponseEsipa.initiateAuthenticationErrorEsipa`
/// (SGP.32 v1.2 6.3.2.1).
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
    #[asn1(value = 52)]
    InvalidEimTransactionId,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The SM-DP+'s signed challenge answer as relayed by the eIM (SGP.32 v1.2 6.3.2.1); the
/// eIM may add the matching ID and ctxParams1 it generated. One component is tagged, so no
/// automatic tags: `euiccCiPKIdentifierToBeUsed` is `04`, `matchingId` `0C`, and the
/// untagged CHOICE ctxParams1 is wrapped in `A2`.
///
/// ```text
/// InitiateAuthenticationOkEsipa ::= SEQUENCE {
///    transactionId [0] TransactionId OPTIONAL, serverSigned1 ServerSigned1,
///    serverSignature1 [APPLICATION 55] OCTET STRING, -- Tag '5F37'
///    euiccCiPKIdentifierToBeUsed OCTET STRING, -- possibly truncated
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
    #[asn1(name = "euiccCiPKIdentifierToBeUsed")]
    pub euicc_ci_pk_identifier_to_be_used: Vec<u8>,
    pub server_certificate: Certificate,
    pub matching_id: Option<String>,
    #[asn1(tag = 2)]
    pub ctx_params1: Option<CtxParams1>,
}

/// ESipa.AuthenticateClient request (SGP.32 v1.2 5.14.3, 6.3.2.1): the eUICC's `BF38`,
/// possibly compact, relayed unchanged under `[56]`.
///
/// ```text
/// AuthenticateClientRequestEsipa ::= [59] SEQUENCE { -- Tag 'BF3B'
///    transactionId [0] TransactionId,
///    authenticateServerResponse [56] SGP32-AuthenticateServerResponse }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 59, extensible)]
pub struct AuthenticateClientRequestEsipa {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = 56)]
    pub authenticate_server_response: SGP32AuthenticateServerResponse,
}

/// ES9+.AuthenticateClient request as SGP.32 defines it for an IoT eUICC (SGP.32 v1.2
/// 5.6.1): what the eIM sends to the SM-DP+ after rebuilding a compact response.
///
/// ```text
/// SGP32-AuthenticateClientRequest ::= [59] SEQUENCE { -- Tag 'BF3B'
///    transactionId [0] TransactionId,
///    authenticateServerResponse [56] SGP32-AuthenticateServerResponse }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 59, extensible, name = "SGP32-AuthenticateClientRequest")]
pub struct SGP32AuthenticateClientRequest {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = 56)]
    pub authenticate_server_response: SGP32AuthenticateServerResponse,
}

/// ESipa.AuthenticateClient response (SGP.32 v1.2 5.14.3, 6.3.2.1): a download offer from
/// an SM-DP+, or an SM-DS event turned into a download trigger. Automatic tags: `A0`,
/// `A1`, `82`.
///
/// ```text
/// AuthenticateClientResponseEsipa ::= [59] CHOICE { -- Tag 'BF3B'
///    authenticateClientOkDPEsipa AuthenticateClientOkDPEsipa,
///    authenticateClientOkDSEsipa AuthenticateClientOkDSEsipa,
///    authenticateClientErrorEsipa INTEGER { eumCertificateInvalid(1),
///       eumCertificateExpired(2), euiccCertificateInvalid(3), euiccCertificateExpired(4),
///       euiccSignatureInvalid(5), matchingIdRefused(6), eidMismatch(7),
///       noEligibleProfile(8), ciPKUnknown(9), invalidTransactionId(10),
///       insufficientMemory(11), pprNotAllowed(50), eventIdUnknown(56),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 59, automatic)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum AuthenticateClientResponseEsipa {
    #[asn1(name = "authenticateClientOkDPEsipa")]
    AuthenticateClientOkDpEsipa(AuthenticateClientOkDPEsipa),
    #[asn1(name = "authenticateClientOkDSEsipa")]
    AuthenticateClientOkDsEsipa(AuthenticateClientOkDSEsipa),
    AuthenticateClientErrorEsipa(AuthenticateClientErrorEsipa),
}

/// `AuthenticateClientResponseEsipa.authenticateClientErrorEsipa` (SGP.32 v1.2 6.3.2.1).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "authenticateClientErrorEsipa")]
pub enum AuthenticateClientErrorEsipa {
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
    #[asn1(value = 50)]
    PprNotAllowed,
    #[asn1(value = 56)]
    EventIdUnknown,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The SM-DP+'s signed download offer as relayed by the eIM (SGP.32 v1.2 6.3.2.1). One
/// component is tagged, so no automatic tags: `hashCc` is `04`.
///
/// ```text
/// AuthenticateClientOkDPEsipa ::= SEQUENCE {
///    transactionId [0] TransactionId OPTIONAL,
///    profileMetaData [37] SGP32-StoreMetadataRequest OPTIONAL,
///    smdpSigned2 SmdpSigned2, smdpSignature2 [APPLICATION 55] OCTET STRING,
///    smdpCertificate Certificate, hashCc Octet32 OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "AuthenticateClientOkDPEsipa")]
pub struct AuthenticateClientOkDPEsipa {
    #[asn1(tag = 0)]
    pub transaction_id: Option<TransactionId>,
    #[asn1(tag = 37, name = "profileMetaData")]
    pub profile_meta_data: Option<SGP32StoreMetadataRequest>,
    pub smdp_signed2: Preserved<SmdpSigned2>,
    #[asn1(tag = "application 55")]
    pub smdp_signature2: Vec<u8>,
    pub smdp_certificate: Certificate,
    /// Hash of the confirmation code, when the eIM supplies it.
    pub hash_cc: Option<Octet32>,
}

/// An SM-DS answer: the event becomes a download trigger (SGP.32 v1.2 6.3.2.1).
///
/// ```text
/// AuthenticateClientOkDSEsipa ::= SEQUENCE {
///    transactionId [0] TransactionId,
///    profileDownloadTrigger [84] ProfileDownloadTriggerRequest OPTIONAL -- Tag 'BF54' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "AuthenticateClientOkDSEsipa")]
pub struct AuthenticateClientOkDSEsipa {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = 84)]
    pub profile_download_trigger: Option<ProfileDownloadTriggerRequest>,
}
