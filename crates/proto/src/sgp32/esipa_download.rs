//! ESipa functions of an indirect profile download after authentication: bound profile
//! package, notifications, cancellation (SGP.32 v1.2 5.14, 5.14.7, 6.3.2).

use super::es10b_download::{SGP32CancelSessionResponse, SGP32PrepareDownloadResponse};
use super::esipa_eim_package::ProvideEimPackageResult;
use super::notifications::SGP32PendingNotification;
use crate::der::Asn1;
use crate::sgp22::{BoundProfilePackage, CancelSessionErrorEs9, CancelSessionOk, TransactionId};

/// ESipa.GetBoundProfilePackage request (SGP.32 v1.2 5.14, 6.3.2): the eUICC's `BF21`,
/// possibly compact, relayed under `[33]`.
///
/// ```text
/// GetBoundProfilePackageRequestEsipa ::= [58] SEQUENCE { -- Tag 'BF3A'
///    transactionId [0] TransactionId,
///    prepareDownloadResponse [33] SGP32-PrepareDownloadResponse }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 58, extensible)]
pub struct GetBoundProfilePackageRequestEsipa {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    #[asn1(tag = 33)]
    pub prepare_download_response: SGP32PrepareDownloadResponse,
}

/// ESipa.GetBoundProfilePackage response (SGP.32 v1.2 5.14, 6.3.2). Automatic tags:
/// `A0` / `81`.
///
/// ```text
/// GetBoundProfilePackageResponseEsipa ::= [58] CHOICE { -- Tag 'BF3A'
///    getBoundProfilePackageOkEsipa GetBoundProfilePackageOkEsipa,
///    getBoundProfilePackageErrorEsipa INTEGER { euiccSignatureInvalid(1),
///       confirmationCodeMissing(2), confirmationCodeRefused(3),
///       confirmationCodeRetriesExceeded(4), bppRebindingRefused(5),
///       downloadOrderExpired(6), metadataMismatch(50), invalidTransactionId(95),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 58, automatic)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum GetBoundProfilePackageResponseEsipa {
    GetBoundProfilePackageOkEsipa(GetBoundProfilePackageOkEsipa),
    GetBoundProfilePackageErrorEsipa(GetBoundProfilePackageErrorEsipa),
}

/// `GetBoundProfilePackageResponseEsipa.getBoundProfilePackageErrorEsipa`
/// (SGP.32 v1.2 6.3.2).
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
    /// The profile metadata does not match what the eIM expected (`profileMetadataMismatch`
    /// in v1.0).
    #[asn1(value = 50)]
    MetadataMismatch,
    #[asn1(value = 95)]
    InvalidTransactionId,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// The bound package as relayed by the eIM (SGP.32 v1.2 6.3.2).
///
/// ```text
/// GetBoundProfilePackageOkEsipa ::= SEQUENCE {
///    transactionId [0] TransactionId OPTIONAL,
///    boundProfilePackage [54] BoundProfilePackage }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct GetBoundProfilePackageOkEsipa {
    #[asn1(tag = 0)]
    pub transaction_id: Option<TransactionId>,
    /// `[54]` is the type's own tag (`BF36`).
    #[asn1(tag = 54)]
    pub bound_profile_package: BoundProfilePackage,
}

/// ESipa.HandleNotification (SGP.32 v1.2 5.14.7, 6.3.2.4): a notification (possibly
/// compact) or an eUICC Package Result. `[0]` wraps the untagged CHOICE
/// SGP32-PendingNotification: `BF3D A0 (BF37 | 30 | A0 | A1)`.
///
/// ```text
/// HandleNotificationEsipa ::= [61] CHOICE { -- Tag 'BF3D'
///    pendingNotification [0] SGP32-PendingNotification,
///    provideEimPackageResult [80] ProvideEimPackageResult -- Tag 'BF50' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 61)]
// Messages are built and matched once per exchange; boxing would only cost ergonomics.
#[allow(clippy::large_enum_variant)]
pub enum HandleNotificationEsipa {
    #[asn1(tag = 0)]
    PendingNotification(SGP32PendingNotification),
    /// `[80]` is the type's own tag (`BF50`).
    #[asn1(tag = 80)]
    ProvideEimPackageResult(ProvideEimPackageResult),
}

/// ESipa.CancelSession request (SGP.32 v1.2 5.14, 6.3.2). Automatic tagging gives the
/// eUICC's `[65]` CHOICE the tag `[1]`, which replaces `[65]` (X.680 31.2.7: only an
/// untagged CHOICE is tagged explicitly): `BF41 { 80 .., A1 (A0 .. | 81 .. | A2 ..) }`.
///
/// ```text
/// CancelSessionRequestEsipa ::= [65] SEQUENCE { -- Tag 'BF41'
///    transactionId TransactionId, cancelSessionResponse SGP32-CancelSessionResponse }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 65, automatic, extensible)]
pub struct CancelSessionRequestEsipa {
    pub transaction_id: TransactionId,
    pub cancel_session_response: SGP32CancelSessionResponse,
}

/// ESipa.CancelSession response (SGP.32 v1.2 5.14, 6.3.2). Automatic tags: `A0` / `81`.
///
/// ```text
/// CancelSessionResponseEsipa ::= [65] CHOICE { -- Tag 'BF41'
///    cancelSessionOk SGP32-CancelSessionOk,
///    cancelSessionError INTEGER { invalidTransactionId(1), euiccSignatureInvalid(2),
///       undefinedError(127) } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 65, automatic)]
pub enum CancelSessionResponseEsipa {
    CancelSessionOk(SGP32CancelSessionOk),
    /// The same named numbers as SGP.22's ES9+ error, so its type is reused.
    CancelSessionError(CancelSessionErrorEs9),
}

/// `SGP32-CancelSessionOk ::= SEQUENCE {}` has no output data, exactly as SGP.22's
/// CancelSessionOk, so it is that type (SGP.32 v1.2 6.3.2).
pub type SGP32CancelSessionOk = CancelSessionOk;
