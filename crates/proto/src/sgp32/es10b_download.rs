//! ES10b.PrepareDownload and ES10b.CancelSession as SGP.32 returns them: SGP.22's
//! responses plus compact forms (SGP.32 v1.2 5.14, 6.3.2).

use crate::der::Asn1;
use crate::sgp22::{
    CancelSessionReason, CancelSessionResponseError, CancelSessionResponseOk, Octet32,
    PrepareDownloadResponseError, PrepareDownloadResponseOk,
};

/// ES10b.PrepareDownload response, possibly compact (SGP.32 v1.2 5.14). Automatic tags:
/// `A0`, `A1`, `A2`.
///
/// ```text
/// SGP32-PrepareDownloadResponse ::= [33] CHOICE { -- Tag 'BF21'
///    downloadResponseOk PrepareDownloadResponseOk,
///    downloadResponseError PrepareDownloadResponseError,
///    compactDownloadResponseOk CompactPrepareDownloadResponseOk }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 33, automatic, name = "SGP32-PrepareDownloadResponse")]
pub enum SGP32PrepareDownloadResponse {
    DownloadResponseOk(PrepareDownloadResponseOk),
    DownloadResponseError(PrepareDownloadResponseError),
    CompactDownloadResponseOk(CompactPrepareDownloadResponseOk),
}

/// PrepareDownload answer without the transaction ID (SGP.32 v1.2 5.14).
/// `euiccSignature2` covers the full EUICCSigned2, which the eIM rebuilds.
///
/// ```text
/// CompactPrepareDownloadResponseOk ::= SEQUENCE {
///    compactEuiccSigned2 CompactEuiccSigned2,
///    euiccSignature2 [APPLICATION 55] OCTET STRING -- tag '5F37' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CompactPrepareDownloadResponseOk {
    pub compact_euicc_signed2: CompactEuiccSigned2,
    #[asn1(tag = "application 55")]
    pub euicc_signature2: Vec<u8>,
}

/// The parts of EUICCSigned2 the eIM cannot restore (SGP.32 v1.2 5.14).
///
/// ```text
/// CompactEuiccSigned2 ::= SEQUENCE {
///    euiccOtpk [APPLICATION 73] OCTET STRING OPTIONAL, -- absent if bppEuiccOtpk was used
///    hashCc Octet32 OPTIONAL -- if not received from the eIM }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CompactEuiccSigned2 {
    #[asn1(tag = "application 73")]
    pub euicc_otpk: Option<Vec<u8>>,
    pub hash_cc: Option<Octet32>,
}

/// ES10b.CancelSession response, possibly compact (SGP.32 v1.2 5.14). Automatic tags:
/// `A0`, `81`, `A2`.
///
/// ```text
/// SGP32-CancelSessionResponse ::= [65] CHOICE { -- Tag 'BF41'
///    cancelSessionResponseOk CancelSessionResponseOk,
///    cancelSessionResponseError INTEGER {invalidTransactionId(5), undefinedError(127)},
///    compactCancelSessionResponseOk CompactCancelSessionResponseOk }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 65, automatic, name = "SGP32-CancelSessionResponse")]
pub enum SGP32CancelSessionResponse {
    CancelSessionResponseOk(CancelSessionResponseOk),
    /// The same named numbers as SGP.22's, so its type is reused.
    CancelSessionResponseError(CancelSessionResponseError),
    CompactCancelSessionResponseOk(CompactCancelSessionResponseOk),
}

/// CancelSession answer without the transaction ID and SM-DP+ OID (SGP.32 v1.2 5.14).
/// The signature covers the full euiccCancelSessionSigned, which the eIM rebuilds.
///
/// ```text
/// CompactCancelSessionResponseOk ::= SEQUENCE {
///    compactEuiccCancelSessionSigned CompactEuiccCancelSessionSigned,
///    euiccCancelSessionSignature [APPLICATION 55] OCTET STRING -- tag 5F37 }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CompactCancelSessionResponseOk {
    pub compact_euicc_cancel_session_signed: CompactEuiccCancelSessionSigned,
    #[asn1(tag = "application 55")]
    pub euicc_cancel_session_signature: Vec<u8>,
}

/// The part of euiccCancelSessionSigned the eIM cannot restore (SGP.32 v1.2 5.14).
///
/// ```text
/// CompactEuiccCancelSessionSigned ::= SEQUENCE { reason CancelSessionReason OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct CompactEuiccCancelSessionSigned {
    pub reason: Option<CancelSessionReason>,
}
