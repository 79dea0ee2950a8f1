//! ES11 (LPA to SM-DS) event retrieval (SGP.22 5.8.2). ES11.InitiateAuthentication and the
//! AuthenticateClient request reuse the ES9+ types.

use super::common::TransactionId;
use crate::der::Asn1;

/// ES11.AuthenticateClient response (SGP.22 5.8.2).
///
/// ```text
/// AuthenticateClientResponseEs11 ::= [64] CHOICE { -- Tag 'BF40'
///    authenticateClientOk AuthenticateClientOkEs11,
///    authenticateClientError INTEGER { eumCertificateInvalid(1), eumCertificateExpired(2),
///       euiccCertificateInvalid(3), euiccCertificateExpired(4), euiccSignatureInvalid(5),
///       eventIdUnknown(6), invalidTransactionId(7), undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 64, automatic)]
pub enum AuthenticateClientResponseEs11 {
    AuthenticateClientOk(AuthenticateClientOkEs11),
    AuthenticateClientError(AuthenticateClientErrorEs11),
}

/// `AuthenticateClientResponseEs11.authenticateClientError` (SGP.22 5.8.2).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "authenticateClientError")]
pub enum AuthenticateClientErrorEs11 {
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
    EventIdUnknown,
    #[asn1(value = 7)]
    InvalidTransactionId,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The events the SM-DS holds for the eUICC (SGP.22 5.8.2).
///
/// ```text
/// AuthenticateClientOkEs11 ::= SEQUENCE {
///    transactionId TransactionId, eventEntries SEQUENCE OF EventEntries }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct AuthenticateClientOkEs11 {
    pub transaction_id: TransactionId,
    pub event_entries: Vec<EventEntries>,
}

/// One event: its ID and the RSP server to contact (SGP.22 5.8.2).
///
/// ```text
/// EventEntries ::= SEQUENCE { eventId UTF8String, rspServerAddress UTF8String }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct EventEntries {
    pub event_id: String,
    pub rsp_server_address: String,
}
