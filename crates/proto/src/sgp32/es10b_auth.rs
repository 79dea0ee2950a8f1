//! ES10b.AuthenticateServer as SGP.32 returns it: euiccSigned1 carries the IoT EUICCInfo2,
//! and a compact form leaves out what the eIM already has (SGP.32 v1.2 5.9.2, 5.14.3).

use super::euicc_info::SGP32EUICCInfo2;
use crate::der::{Asn1, Preserved};
use crate::sgp22::{AuthenticateResponseError, Certificate, CtxParams1, Octet16, TransactionId};

/// ES10b.AuthenticateServer response of an IoT eUICC, possibly compact (SGP.32 v1.2
/// 5.14.3). Automatic tags: `A0`, `A1`, `A2`.
///
/// ```text
/// SGP32-AuthenticateServerResponse ::= [56] CHOICE { -- Tag 'BF38'
///    authenticateResponseOk SGP32-AuthenticateResponseOk,
///    authenticateResponseError AuthenticateResponseError,
///    compactAuthenticateResponseOk CompactAuthenticateResponseOk }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 56, automatic, name = "SGP32-AuthenticateServerResponse")]
pub enum SGP32AuthenticateServerResponse {
    AuthenticateResponseOk(SGP32AuthenticateResponseOk),
    AuthenticateResponseError(AuthenticateResponseError),
    CompactAuthenticateResponseOk(CompactAuthenticateResponseOk),
}

/// The eUICC's signed answer with its certificates (SGP.32 v1.2 5.14.3).
///
/// ```text
/// SGP32-AuthenticateResponseOk ::= SEQUENCE {
///    euiccSigned1 SGP32-EuiccSigned1, euiccSignature1 [APPLICATION 55] OCTET STRING,
///    euiccCertificate Certificate, eumCertificate Certificate }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "SGP32-AuthenticateResponseOk")]
pub struct SGP32AuthenticateResponseOk {
    pub euicc_signed1: Preserved<SGP32EuiccSigned1>,
    /// Raw r‖s signature of SK.EUICC over the received euiccSigned1 (tag `5F37`).
    #[asn1(tag = "application 55")]
    pub euicc_signature1: Vec<u8>,
    pub euicc_certificate: Certificate,
    pub eum_certificate: Certificate,
}

/// What an IoT eUICC signs in AuthenticateServer (SGP.32 v1.2 5.14.3): SGP.22's
/// EuiccSigned1 with SGP32-EUICCInfo2.
///
/// ```text
/// SGP32-EuiccSigned1 ::= SEQUENCE {
///    transactionId [0] TransactionId, serverAddress [3] UTF8String,
///    serverChallenge [4] Octet16, euiccInfo2 [34] SGP32-EUICCInfo2,
///    ctxParams1 CtxParams1 }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "SGP32-EuiccSigned1")]
pub struct SGP32EuiccSigned1 {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = 3)]
    pub server_address: String,
    #[asn1(tag = 4)]
    pub server_challenge: Octet16,
    pub euicc_info2: SGP32EUICCInfo2,
    pub ctx_params1: CtxParams1,
}

/// AuthenticateServer answer with the certificates optional and euiccSigned1 possibly
/// compact (SGP.32 v1.2 5.14.3). `euiccSignature1` always covers the full euiccSigned1;
/// for a compact one the eIM rebuilds it before relaying to the SM-DP+.
///
/// ```text
/// CompactAuthenticateResponseOk ::= SEQUENCE {
///    signedData CHOICE { euiccSigned1 SGP32-EuiccSigned1,
///       compactEuiccSigned1 [0] CompactEuiccSigned1 },
///    euiccSignature1 [APPLICATION 55] OCTET STRING, -- tag 5F37
///    euiccCertificate [1] Certificate OPTIONAL, eumCertificate [2] Certificate OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CompactAuthenticateResponseOk {
    pub signed_data: CompactSignedData,
    #[asn1(tag = "application 55")]
    pub euicc_signature1: Vec<u8>,
    #[asn1(tag = 1)]
    pub euicc_certificate: Option<Certificate>,
    #[asn1(tag = 2)]
    pub eum_certificate: Option<Certificate>,
}

/// `CompactAuthenticateResponseOk.signedData` (SGP.32 v1.2 5.14.3): one alternative is
/// tagged, so the full form is a universal SEQUENCE (`30`) and the compact one `A0`.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "signedData")]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum CompactSignedData {
    EuiccSigned1(Preserved<SGP32EuiccSigned1>),
    #[asn1(tag = 0)]
    CompactEuiccSigned1(CompactEuiccSigned1),
}

/// The parts of euiccSigned1 the eIM cannot restore (SGP.32 v1.2 5.14.3).
///
/// ```text
/// CompactEuiccSigned1 ::= SEQUENCE {
///    extCardResource [4] OCTET STRING, -- extracted from euiccInfo2
///    ctxParams1 [2] CtxParams1 OPTIONAL -- left out if the eIM generated it }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CompactEuiccSigned1 {
    #[asn1(tag = 4)]
    pub ext_card_resource: Vec<u8>,
    /// An untagged CHOICE under `[2]`, so `A2` wraps it.
    #[asn1(tag = 2)]
    pub ctx_params1: Option<CtxParams1>,
}
