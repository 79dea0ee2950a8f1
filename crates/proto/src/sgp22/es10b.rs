//! ES10b (LPA to eUICC) mutual authentication: the eUICC challenge and
//! AuthenticateServer (SGP.22 5.7.7, 5.7.13).

use super::common::{Certificate, Octet16, SubjectKeyIdentifier, TransactionId};
use super::device_info::DeviceInfo;
use super::euicc_info::EUICCInfo2;
use crate::der::{Asn1, Preserved, RawTlv};

/// ES10b.GetEUICCChallenge request (SGP.22 5.7.7).
///
/// ```text
/// GetEuiccChallengeRequest ::= [46] SEQUENCE { } -- Tag 'BF2E'
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 46, extensible)]
pub struct GetEuiccChallengeRequest {}

/// ES10b.GetEUICCChallenge response: a fresh random challenge (SGP.22 5.7.7).
///
/// ```text
/// GetEuiccChallengeResponse ::= [46] SEQUENCE { -- Tag 'BF2E'
///    euiccChallenge Octet16 }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 46, automatic, extensible)]
pub struct GetEuiccChallengeResponse {
    pub euicc_challenge: Octet16,
}

/// ES10b.AuthenticateServer request (SGP.22 5.7.13): what the RSP server signed, relayed
/// by the LPA with the device context.
///
/// ```text
/// AuthenticateServerRequest ::= [56] SEQUENCE { -- Tag 'BF38'
///    serverSigned1 ServerSigned1, serverSignature1 [APPLICATION 55] OCTET STRING,
///    euiccCiPKIdToBeUsed SubjectKeyIdentifier, serverCertificate Certificate,
///    ctxParams1 CtxParams1 }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 56, extensible)]
pub struct AuthenticateServerRequest {
    pub server_signed1: Preserved<ServerSigned1>,
    /// Raw r‖s signature of SK.XXauth over serverSigned1 (tag `5F37`).
    #[asn1(tag = "application 55")]
    pub server_signature1: Vec<u8>,
    #[asn1(name = "euiccCiPKIdToBeUsed")]
    pub euicc_ci_pkid_to_be_used: SubjectKeyIdentifier,
    pub server_certificate: Certificate,
    pub ctx_params1: CtxParams1,
}

/// What the RSP server signs in ES9+.InitiateAuthentication (SGP.22 5.6.1, 5.7.13).
///
/// ```text
/// ServerSigned1 ::= SEQUENCE {
///    transactionId [0] TransactionId, euiccChallenge [1] Octet16,
///    serverAddress [3] UTF8String, serverChallenge [4] Octet16 }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct ServerSigned1 {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = 1)]
    pub euicc_challenge: Octet16,
    #[asn1(tag = 3)]
    pub server_address: String,
    #[asn1(tag = 4)]
    pub server_challenge: Octet16,
}

/// Context of the authentication (SGP.22 5.7.13). New alternatives "MAY be defined for
/// extensibility"; they decode as `Unknown` with their octets kept.
///
/// ```text
/// CtxParams1 ::= CHOICE {
///    ctxParamsForCommonAuthentication CtxParamsForCommonAuthentication }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic)]
pub enum CtxParams1 {
    CtxParamsForCommonAuthentication(CtxParamsForCommonAuthentication),
    /// An alternative of a later version, kept whole.
    #[asn1(other)]
    Unknown(RawTlv),
}

/// Matching ID and device information for a common mutual authentication (SGP.22 5.7.13).
///
/// ```text
/// CtxParamsForCommonAuthentication ::= SEQUENCE {
///    matchingId UTF8String OPTIONAL, -- Activation code token, EventID or empty
///    deviceInfo DeviceInfo }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct CtxParamsForCommonAuthentication {
    pub matching_id: Option<String>,
    pub device_info: DeviceInfo,
}

/// ES10b.AuthenticateServer response (SGP.22 5.7.13).
///
/// ```text
/// AuthenticateServerResponse ::= [56] CHOICE { -- Tag 'BF38'
///    authenticateResponseOk AuthenticateResponseOk,
///    authenticateResponseError AuthenticateResponseError }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 56, automatic)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum AuthenticateServerResponse {
    AuthenticateResponseOk(AuthenticateResponseOk),
    AuthenticateResponseError(AuthenticateResponseError),
}

/// The eUICC's signed answer with its certificate chain (SGP.22 5.7.13).
///
/// ```text
/// AuthenticateResponseOk ::= SEQUENCE {
///    euiccSigned1 EuiccSigned1, euiccSignature1 [APPLICATION 55] OCTET STRING,
///    euiccCertificate Certificate, eumCertificate Certificate }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct AuthenticateResponseOk {
    pub euicc_signed1: Preserved<EuiccSigned1>,
    /// Raw r‖s signature of SK.EUICC over the received euiccSigned1 (tag `5F37`).
    #[asn1(tag = "application 55")]
    pub euicc_signature1: Vec<u8>,
    pub euicc_certificate: Certificate,
    pub eum_certificate: Certificate,
}

/// What the eUICC signs in AuthenticateServer (SGP.22 5.7.13).
///
/// ```text
/// EuiccSigned1 ::= SEQUENCE {
///    transactionId [0] TransactionId, serverAddress [3] UTF8String,
///    serverChallenge [4] Octet16, euiccInfo2 [34] EUICCInfo2, ctxParams1 CtxParams1 }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct EuiccSigned1 {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = 3)]
    pub server_address: String,
    #[asn1(tag = 4)]
    pub server_challenge: Octet16,
    #[asn1(name = "euiccInfo2")]
    pub euicc_info2: EUICCInfo2,
    pub ctx_params1: CtxParams1,
}

/// AuthenticateServer refused (SGP.22 5.7.13).
///
/// ```text
/// AuthenticateResponseError ::= SEQUENCE {
///    transactionId [0] TransactionId, authenticateErrorCode AuthenticateErrorCode }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct AuthenticateResponseError {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    pub authenticate_error_code: AuthenticateErrorCode,
}

/// Why the eUICC refused the server (SGP.22 5.7.13).
///
/// ```text
/// AuthenticateErrorCode ::= INTEGER {invalidCertificate(1), invalidSignature(2),
///    unsupportedCurve(3), noSessionContext(4), invalidOid(5), euiccChallengeMismatch(6),
///    ciPKUnknown(7), undefinedError(127)}
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum AuthenticateErrorCode {
    #[asn1(value = 1)]
    InvalidCertificate,
    #[asn1(value = 2)]
    InvalidSignature,
    #[asn1(value = 3)]
    UnsupportedCurve,
    #[asn1(value = 4)]
    NoSessionContext,
    #[asn1(value = 5)]
    InvalidOid,
    #[asn1(value = 6)]
    EuiccChallengeMismatch,
    #[asn1(name = "ciPKUnknown")]
    #[asn1(value = 7)]
    CiPkUnknown,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
