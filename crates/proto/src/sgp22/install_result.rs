//! The Profile Installation Result the eUICC signs at the end of ES10b.LoadBoundProfilePackage
//! (SGP.22 5.7.6) and the SM-DP+ receives through ES9+.HandleNotification (5.6.4).

use super::common::TransactionId;
use super::notification_metadata::NotificationMetadata;
use crate::der::{Asn1, Oid, Preserved};

/// The signed installation result (SGP.22 5.7.6). `euiccSignPIR` covers the received
/// octets of `profileInstallationResultData`, tag `BF27` included.
///
/// ```text
/// ProfileInstallationResult ::= [55] SEQUENCE { -- Tag 'BF37'
///    profileInstallationResultData [39] ProfileInstallationResultData,
///    euiccSignPIR EuiccSignPIR }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 55, extensible)]
pub struct ProfileInstallationResult {
    /// `[39]` is the type's own tag, so the kept octets are written back unchanged.
    pub profile_installation_result_data: Preserved<ProfileInstallationResultData>,
    #[asn1(name = "euiccSignPIR")]
    pub euicc_sign_pir: EuiccSignPIR,
}

/// The signed part of the installation result (SGP.22 5.7.6).
///
/// ```text
/// ProfileInstallationResultData ::= [39] SEQUENCE { -- Tag 'BF27'
///    transactionId [0] TransactionId,
///    notificationMetadata [47] NotificationMetadata,
///    smdpOid OBJECT IDENTIFIER, -- SM-DP+ OID (same value as in CERT.DPpb.ECDSA)
///    finalResult [2] CHOICE { successResult SuccessResult, errorResult ErrorResult } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 39, extensible)]
pub struct ProfileInstallationResultData {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    pub notification_metadata: NotificationMetadata,
    pub smdp_oid: Oid,
    #[asn1(tag = 2)]
    pub final_result: FinalResult,
}

/// `ProfileInstallationResultData.finalResult` (SGP.22 5.7.6): explicitly tagged `[2]`
/// (`A2`), alternatives automatically tagged `A0` / `A1`.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic, name = "finalResult")]
pub enum FinalResult {
    SuccessResult(SuccessResult),
    ErrorResult(ErrorResult),
}

/// eUICC signature over profileInstallationResultData: raw r‖s (SGP.22 5.7.6, 2.6.7).
///
/// ```text
/// EuiccSignPIR ::= [APPLICATION 55] OCTET STRING -- Tag '5F37'
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = "application 55", name = "EuiccSignPIR")]
pub struct EuiccSignPIR(pub Vec<u8>);

/// Installation succeeded (SGP.22 5.7.6).
///
/// ```text
/// SuccessResult ::= SEQUENCE {
///    aid [APPLICATION 15] OCTET STRING (SIZE (5..16)), -- AID of ISD-P
///    simaResponse OCTET STRING -- contains (multiple) 'EUICCResponse' }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct SuccessResult {
    #[asn1(tag = "application 15")]
    pub aid: Vec<u8>,
    /// DER `EUICCResponse` values of the profile package (PEDefinitions).
    pub sima_response: Vec<u8>,
}

/// Installation failed: which BPP command and why (SGP.22 5.7.6).
///
/// ```text
/// ErrorResult ::= SEQUENCE { bppCommandId BppCommandId, errorReason ErrorReason,
///    simaResponse OCTET STRING OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(automatic, extensible)]
pub struct ErrorResult {
    pub bpp_command_id: BppCommandId,
    pub error_reason: ErrorReason,
    pub sima_response: Option<Vec<u8>>,
}

/// The BPP command during which installation failed (SGP.22 5.7.6).
///
/// ```text
/// BppCommandId ::= INTEGER {initialiseSecureChannel(0), configureISDP(1),
///    storeMetadata(2), storeMetadata2(3), replaceSessionKeys(4), loadProfileElements(5)}
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum BppCommandId {
    #[asn1(value = 0)]
    InitialiseSecureChannel,
    #[asn1(name = "configureISDP")]
    #[asn1(value = 1)]
    ConfigureIsdp,
    #[asn1(value = 2)]
    StoreMetadata,
    #[asn1(value = 3)]
    StoreMetadata2,
    #[asn1(value = 4)]
    ReplaceSessionKeys,
    #[asn1(value = 5)]
    LoadProfileElements,
    #[asn1(other)]
    Other(i64),
}

/// Why installation failed (SGP.22 5.7.6).
///
/// ```text
/// ErrorReason ::= INTEGER { incorrectInputValues(1), invalidSignature(2),
///    invalidTransactionId(3), unsupportedCrtValues(4), unsupportedRemoteOperationType(5),
///    unsupportedProfileClass(6), scp03tStructureError(7), scp03tSecurityError(8),
///    installFailedDueToIccidAlreadyExistsOnEuicc(9),
///    installFailedDueToInsufficientMemoryForProfile(10),
///    installFailedDueToInterruption(11), installFailedDueToPEProcessingError(12),
///    installFailedDueToDataMismatch(13), testProfileInstallFailedDueToInvalidNaaKey(14),
///    pprNotAllowed(15), installFailedDueToUnknownError(127) }
/// ```
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer)]
pub enum ErrorReason {
    #[asn1(value = 1)]
    IncorrectInputValues,
    #[asn1(value = 2)]
    InvalidSignature,
    #[asn1(value = 3)]
    InvalidTransactionId,
    #[asn1(value = 4)]
    UnsupportedCrtValues,
    #[asn1(value = 5)]
    UnsupportedRemoteOperationType,
    #[asn1(value = 6)]
    UnsupportedProfileClass,
    #[asn1(value = 7)]
    Scp03tStructureError,
    #[asn1(value = 8)]
    Scp03tSecurityError,
    #[asn1(value = 9)]
    InstallFailedDueToIccidAlreadyExistsOnEuicc,
    #[asn1(value = 10)]
    InstallFailedDueToInsufficientMemoryForProfile,
    #[asn1(value = 11)]
    InstallFailedDueToInterruption,
    #[asn1(name = "installFailedDueToPEProcessingError")]
    #[asn1(value = 12)]
    InstallFailedDueToPeProcessingError,
    #[asn1(value = 13)]
    InstallFailedDueToDataMismatch,
    #[asn1(value = 14)]
    TestProfileInstallFailedDueToInvalidNaaKey,
    #[asn1(value = 15)]
    PprNotAllowed,
    #[asn1(value = 127)]
    InstallFailedDueToUnknownError,
    #[asn1(other)]
    Other(i64),
}
