//! ES10b (LPA to eUICC) download preparation and session cancellation: PrepareDownload and
//! CancelSession (SGP.22 5.7.5, 5.7.14).

use super::common::{Certificate, Octet32, TransactionId};
use crate::der::{Asn1, Oid, Preserved};

/// ES10b.PrepareDownload request (SGP.22 5.7.5).
///
/// ```text
/// PrepareDownloadRequest ::= [33] SEQUENCE { -- Tag 'BF21'
///    smdpSigned2 SmdpSigned2, smdpSignature2 [APPLICATION 55] OCTET STRING,
///    hashCc Octet32 OPTIONAL, smdpCertificate Certificate }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 33, extensible)]
pub struct PrepareDownloadRequest {
    pub smdp_signed2: Preserved<SmdpSigned2>,
    /// Raw r‖s signature of SK.DPpb over smdpSigned2 ‖ euiccSignature1 TLV (tag `5F37`).
    #[asn1(tag = "application 55")]
    pub smdp_signature2: Vec<u8>,
    /// SHA-256 of the confirmation code and transaction ID (SGP.22 2.6.7.1).
    pub hash_cc: Option<Octet32>,
    pub smdp_certificate: Certificate,
}

/// What the SM-DP+ signs in ES9+.AuthenticateClient (SGP.22 5.6.3, 5.7.5).
///
/// ```text
/// SmdpSigned2 ::= SEQUENCE {
///    transactionId [0] TransactionId, ccRequiredFlag BOOLEAN,
///    bppEuiccOtpk [APPLICATION 73] OCTET STRING OPTIONAL -- tag '5F49' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct SmdpSigned2 {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    pub cc_required_flag: bool,
    /// otPK.EUICC.ECKA already used to bind the BPP (retry of a bound package).
    #[asn1(tag = "application 73")]
    pub bpp_euicc_otpk: Option<Vec<u8>>,
}

/// ES10b.PrepareDownload response (SGP.22 5.7.5).
///
/// ```text
/// PrepareDownloadResponse ::= [33] CHOICE { -- Tag 'BF21'
///    downloadResponseOk PrepareDownloadResponseOk,
///    downloadResponseError PrepareDownloadResponseError }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 33, automatic)]
pub enum PrepareDownloadResponse {
    DownloadResponseOk(PrepareDownloadResponseOk),
    DownloadResponseError(PrepareDownloadResponseError),
}

/// The eUICC's one-time key, signed (SGP.22 5.7.5).
///
/// ```text
/// PrepareDownloadResponseOk ::= SEQUENCE {
///    euiccSigned2 EUICCSigned2, euiccSignature2 [APPLICATION 55] OCTET STRING }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct PrepareDownloadResponseOk {
    pub euicc_signed2: Preserved<EUICCSigned2>,
    /// Raw r‖s signature of SK.EUICC over euiccSigned2 ‖ smdpSignature2 TLV (tag `5F37`).
    #[asn1(tag = "application 55")]
    pub euicc_signature2: Vec<u8>,
}

/// What the eUICC signs in PrepareDownload (SGP.22 5.7.5).
///
/// ```text
/// EUICCSigned2 ::= SEQUENCE {
///    transactionId [0] TransactionId,
///    euiccOtpk [APPLICATION 73] OCTET STRING, -- otPK.EUICC.ECKA, tag '5F49'
///    hashCc Octet32 OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible, name = "EUICCSigned2")]
pub struct EUICCSigned2 {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = "application 73")]
    pub euicc_otpk: Vec<u8>,
    pub hash_cc: Option<Octet32>,
}

/// PrepareDownload refused (SGP.22 5.7.5).
///
/// ```text
/// PrepareDownloadResponseError ::= SEQUENCE {
///    transactionId [0] TransactionId, downloadErrorCode DownloadErrorCode }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct PrepareDownloadResponseError {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    pub download_error_code: DownloadErrorCode,
}

/// Why PrepareDownload was refused (SGP.22 5.7.5).
///
/// ```text
/// DownloadErrorCode ::= INTEGER {invalidCertificate(1), invalidSignature(2),
///    unsupportedCurve(3), noSessionContext(4), invalidTransactionId(5), undefinedError(127)}
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum DownloadErrorCode {
    #[asn1(value = 1)]
    InvalidCertificate,
    #[asn1(value = 2)]
    InvalidSignature,
    #[asn1(value = 3)]
    UnsupportedCurve,
    #[asn1(value = 4)]
    NoSessionContext,
    #[asn1(value = 5)]
    InvalidTransactionId,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.CancelSession request (SGP.22 5.7.14).
///
/// ```text
/// CancelSessionRequest ::= [65] SEQUENCE { -- Tag 'BF41'
///    transactionId TransactionId, reason CancelSessionReason }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 65, automatic, extensible)]
pub struct CancelSessionRequest {
    pub transaction_id: TransactionId,
    pub reason: CancelSessionReason,
}

/// Why a session is cancelled (SGP.22 5.7.14).
///
/// ```text
/// CancelSessionReason ::= INTEGER {endUserRejection(0), postponed(1), timeout(2),
///    pprNotAllowed(3), metadataMismatch(4), loadBppExecutionError(5), undefinedReason(127)}
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum CancelSessionReason {
    #[asn1(value = 0)]
    EndUserRejection,
    #[asn1(value = 1)]
    Postponed,
    #[asn1(value = 2)]
    Timeout,
    #[asn1(value = 3)]
    PprNotAllowed,
    #[asn1(value = 4)]
    MetadataMismatch,
    #[asn1(value = 5)]
    LoadBppExecutionError,
    #[asn1(value = 127)]
    UndefinedReason,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.CancelSession response (SGP.22 5.7.14).
///
/// ```text
/// CancelSessionResponse ::= [65] CHOICE { -- Tag 'BF41'
///    cancelSessionResponseOk CancelSessionResponseOk,
///    cancelSessionResponseError INTEGER {invalidTransactionId(5), undefinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 65, automatic)]
pub enum CancelSessionResponse {
    CancelSessionResponseOk(CancelSessionResponseOk),
    CancelSessionResponseError(CancelSessionResponseError),
}

/// `CancelSessionResponse.cancelSessionResponseError` (SGP.22 5.7.14).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "cancelSessionResponseError")]
pub enum CancelSessionResponseError {
    #[asn1(value = 5)]
    InvalidTransactionId,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The eUICC's signed cancellation (SGP.22 5.7.14).
///
/// ```text
/// CancelSessionResponseOk ::= SEQUENCE {
///    euiccCancelSessionSigned EuiccCancelSessionSigned,
///    euiccCancelSessionSignature [APPLICATION 55] OCTET STRING -- tag '5F37' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CancelSessionResponseOk {
    pub euicc_cancel_session_signed: Preserved<EuiccCancelSessionSigned>,
    #[asn1(tag = "application 55")]
    pub euicc_cancel_session_signature: Vec<u8>,
}

/// What the eUICC signs in CancelSession (SGP.22 5.7.14).
///
/// ```text
/// EuiccCancelSessionSigned ::= SEQUENCE {
///    transactionId TransactionId,
///    smdpOid OBJECT IDENTIFIER, -- SM-DP+ OID as contained in CERT.DPauth.ECDSA
///    reason CancelSessionReason }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct EuiccCancelSessionSigned {
    pub transaction_id: TransactionId,
    pub smdp_oid: Oid,
    pub reason: CancelSessionReason,
}
