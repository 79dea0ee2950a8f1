//! Profile download trigger: the eIM asks the IPA to download a profile (activation code,
//! default SM-DP+ or SM-DS) and gets the installation result back (SGP.32 v1.2 2.11.1,
//! 2.11.2.3).

use super::notifications::SGP32ProfileInstallationResult;
use crate::der::{Asn1, Null};
use crate::sgp22::TransactionId;

/// The eIM's download order to the IPA (SGP.32 v1.2 2.11.1). `profileDownloadData` is an
/// untagged CHOICE under `[0]`, so `A0` wraps it.
///
/// ```text
/// ProfileDownloadTriggerRequest ::= [84] SEQUENCE { -- Tag 'BF54'
///    profileDownloadData [0] ProfileDownloadData OPTIONAL,
///    eimTransactionId [2] TransactionId OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 84, extensible)]
pub struct ProfileDownloadTriggerRequest {
    #[asn1(tag = 0)]
    pub profile_download_data: Option<ProfileDownloadData>,
    #[asn1(tag = 2)]
    pub eim_transaction_id: Option<TransactionId>,
}

/// Where to get the profile (SGP.32 v1.2 2.11.1).
///
/// ```text
/// ProfileDownloadData ::= CHOICE {
///    activationCode [0] UTF8String (SIZE(0..255)), contactDefaultSmdp [1] NULL,
///    contactSmds [2] SEQUENCE { smdsAddress UTF8String OPTIONAL } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
pub enum ProfileDownloadData {
    /// An SGP.22 activation code (`LPA:` prefix excluded).
    #[asn1(tag = 0)]
    ActivationCode(String),
    #[asn1(tag = 1)]
    ContactDefaultSmdp(Null),
    #[asn1(tag = 2)]
    ContactSmds(ContactSmds),
}

/// `ProfileDownloadData.contactSmds` (SGP.32 v1.2 2.11.1): automatic tags, so
/// `smdsAddress` is `80`.
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(automatic, extensible, name = "contactSmds")]
pub struct ContactSmds {
    pub smds_address: Option<String>,
}

/// The outcome of a triggered download (SGP.32 v1.2 2.11.2.3).
///
/// ```text
/// ProfileDownloadTriggerResult ::= [84] SEQUENCE { -- tag 'BF54'
///    eimTransactionId [2] TransactionId OPTIONAL,
///    profileDownloadTriggerResultData CHOICE {
///       profileInstallationResult [55] SGP32-ProfileInstallationResult,
///       profileDownloadError SEQUENCE {
///          profileDownloadErrorReason [0] INTEGER { ecallActive(104), undefinedError(127) },
///          errorResponse OCTET STRING OPTIONAL } } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 84, extensible)]
pub struct ProfileDownloadTriggerResult {
    #[asn1(tag = 2)]
    pub eim_transaction_id: Option<TransactionId>,
    pub profile_download_trigger_result_data: ProfileDownloadTriggerResultData,
}

/// `ProfileDownloadTriggerResult.profileDownloadTriggerResultData` (SGP.32 v1.2 2.11.2.3).
/// One alternative is tagged, so no automatic tags: the error is a universal SEQUENCE.
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "profileDownloadTriggerResultData")]
pub enum ProfileDownloadTriggerResultData {
    #[asn1(tag = 55)]
    ProfileInstallationResult(SGP32ProfileInstallationResult),
    ProfileDownloadError(ProfileDownloadError),
}

/// `profileDownloadTriggerResultData.profileDownloadError` (SGP.32 v1.2 2.11.2.3; v1.0 had
/// no reason).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible, name = "profileDownloadError")]
pub struct ProfileDownloadError {
    #[asn1(tag = 0)]
    pub profile_download_error_reason: ProfileDownloadErrorReason,
    /// The error response received from the SM-DP+ or the eUICC, as received.
    pub error_response: Option<Vec<u8>>,
}

/// `profileDownloadError.profileDownloadErrorReason` (SGP.32 v1.2 2.11.2.3).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "profileDownloadErrorReason")]
pub enum ProfileDownloadErrorReason {
    #[asn1(value = 104)]
    EcallActive,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
