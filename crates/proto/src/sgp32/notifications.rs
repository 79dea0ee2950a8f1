//! Notifications on an IoT eUICC: the pending notification with its compact forms, and
//! ES10b.RetrieveNotificationsList, which also returns eUICC Package Results
//! (SGP.32 v1.2 5.9.11, 5.14.7).

use super::esep_result::EuiccPackageResultList;
use crate::der::{Asn1, Null, Preserved};
use crate::sgp22::{
    ErrorResult, EuiccSignPIR, NotificationEvent, NotificationMetadata,
    NotificationsListResultError, Octet16, OtherSignedNotification, PendingNotification,
    ProfileInstallationResult, TransactionId,
};

/// `SGP32-ProfileInstallationResult` has the components and tags of SGP.22's
/// ProfileInstallationResult (SGP.32 v1.2 5.9.11), so it is that type: the eIM relays it to
/// the SM-DP+ unchanged.
///
/// ```text
/// SGP32-ProfileInstallationResult ::= [55] SEQUENCE { -- Tag 'BF37'
///    profileInstallationResultData [39] ProfileInstallationResultData,
///    euiccSignPIR EuiccSignPIR }
/// ```
pub type SGP32ProfileInstallationResult = ProfileInstallationResult;

/// `PendingNotificationList ::= SEQUENCE OF SGP32-PendingNotification`
/// (SGP.32 v1.2 5.9.11, 2.11.2.2).
pub type PendingNotificationList = Vec<SGP32PendingNotification>;

/// A notification as kept by the eUICC and sent to the eIM, possibly compact
/// (SGP.32 v1.2 5.9.11, 5.14.7). The eIM rebuilds the SGP.22 form of a compact notification
/// before forwarding it; the full forms convert with [`SGP32PendingNotification::to_sgp22`].
///
/// ```text
/// SGP32-PendingNotification ::= CHOICE {
///    profileInstallationResult [55] SGP32-ProfileInstallationResult, -- tag 'BF37'
///    otherSignedNotification OtherSignedNotification,
///    compactProfileInstallationResult [0] CompactProfileInstallationResult,
///    compactOtherSignedNotification [1] CompactOtherSignedNotification }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "SGP32-PendingNotification")]
pub enum SGP32PendingNotification {
    #[asn1(tag = 55)]
    ProfileInstallationResult(SGP32ProfileInstallationResult),
    OtherSignedNotification(OtherSignedNotification),
    #[asn1(tag = 0)]
    CompactProfileInstallationResult(CompactProfileInstallationResult),
    #[asn1(tag = 1)]
    CompactOtherSignedNotification(CompactOtherSignedNotification),
}

impl SGP32PendingNotification {
    /// The SGP.22 notification for a full (not compact) alternative, with the received
    /// octets of its signed part.
    pub fn to_sgp22(&self) -> Option<PendingNotification> {
        match self {
            Self::ProfileInstallationResult(r) => {
                Some(PendingNotification::ProfileInstallationResult(r.clone()))
            }
            Self::OtherSignedNotification(n) => {
                Some(PendingNotification::OtherSignedNotification(n.clone()))
            }
            Self::CompactProfileInstallationResult(_) | Self::CompactOtherSignedNotification(_) => {
                None
            }
        }
    }
}

/// The installation result with the fields the eIM can restore left out
/// (SGP.32 v1.2 5.14.7). `euiccSignPIR` covers the full ProfileInstallationResultData,
/// which the eIM rebuilds.
///
/// ```text
/// CompactProfileInstallationResult ::= SEQUENCE {
///    compactProfileInstallationResultData [0] CompactProfileInstallationResultData,
///    euiccSignPIR EuiccSignPIR }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CompactProfileInstallationResult {
    #[asn1(tag = 0)]
    pub compact_profile_installation_result_data: CompactProfileInstallationResultData,
    #[asn1(name = "euiccSignPIR")]
    pub euicc_sign_pir: EuiccSignPIR,
}

/// The compact installation result data (SGP.32 v1.2 5.14.7). `compactFinalResult` is an
/// untagged CHOICE under `[2]` (`A2`), alternatives automatically tagged `A0` / `A1`.
///
/// ```text
/// CompactProfileInstallationResultData ::= SEQUENCE {
///    transactionId [0] TransactionId, seqNumber INTEGER,
///    iccidPresent BOOLEAN DEFAULT TRUE,
///    compactFinalResult [2] CHOICE { compactSuccessResult CompactSuccessResult,
///       errorResult ErrorResult } }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CompactProfileInstallationResultData {
    #[asn1(tag = 0)]
    pub transaction_id: TransactionId,
    pub seq_number: i64,
    /// Whether the ICCID is in the notification metadata; absent on the wire when TRUE.
    #[asn1(default = "true")]
    pub iccid_present: bool,
    #[asn1(tag = 2)]
    pub compact_final_result: CompactFinalResult,
}

/// `CompactProfileInstallationResultData.compactFinalResult` (SGP.32 v1.2 5.14.7).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, automatic, name = "compactFinalResult")]
pub enum CompactFinalResult {
    CompactSuccessResult(CompactSuccessResult),
    ErrorResult(ErrorResult),
}

/// A successful installation, compact (SGP.32 v1.2 5.14.7).
///
/// ```text
/// CompactSuccessResult ::= SEQUENCE {
///    compactAid [APPLICATION 15] OCTET STRING (SIZE (2)), -- Byte 14 and 15 of ISD-P AID
///    simaResponse OCTET STRING OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CompactSuccessResult {
    #[asn1(tag = "application 15")]
    pub compact_aid: [u8; 2],
    /// Left out when it is the 9-octet success `30 07 A0 05 30 03 80 01 00`.
    pub sima_response: Option<Vec<u8>>,
}

impl CompactSuccessResult {
    /// The simaResponse a compact result stands for when it leaves it out.
    pub const DEFAULT_SIMA_RESPONSE: [u8; 9] =
        [0x30, 0x07, 0xA0, 0x05, 0x30, 0x03, 0x80, 0x01, 0x00];
}

/// A notification other than installation without the certificates (SGP.32 v1.2 5.14.7;
/// `eidValue` added in v1.2). The signature covers the received `tbsOtherNotification`.
///
/// ```text
/// CompactOtherSignedNotification ::= SEQUENCE {
///    eidValue [APPLICATION 26] Octet16 OPTIONAL, -- Tag '5A'
///    tbsOtherNotification NotificationMetadata,
///    euiccNotificationSignature [APPLICATION 55] OCTET STRING -- Tag '5F37' }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct CompactOtherSignedNotification {
    #[asn1(tag = "application 26")]
    pub eid_value: Option<Octet16>,
    pub tbs_other_notification: Preserved<NotificationMetadata>,
    #[asn1(tag = "application 55")]
    pub euicc_notification_signature: Vec<u8>,
}

/// ES10b.RetrieveNotificationsList request of SGP.32 (SGP.32 v1.2 5.9.11): can also ask
/// for eUICC Package Results. Automatic tagging wraps the CHOICE in `A0`.
///
/// ```text
/// SGP32-RetrieveNotificationsListRequest ::= [43] SEQUENCE { -- Tag 'BF2B'
///    searchCriteria CHOICE { seqNumber [0] INTEGER,
///       profileManagementOperation [1] NotificationEvent,
///       euiccPackageResults [2] NULL } OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(
    tag = 43,
    automatic,
    extensible,
    name = "SGP32-RetrieveNotificationsListRequest"
)]
pub struct SGP32RetrieveNotificationsListRequest {
    pub search_criteria: Option<SGP32NotificationSearchCriteria>,
}

/// `SGP32-RetrieveNotificationsListRequest.searchCriteria` (SGP.32 v1.2 5.9.11).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "searchCriteria")]
pub enum SGP32NotificationSearchCriteria {
    #[asn1(tag = 0)]
    SeqNumber(i64),
    #[asn1(tag = 1)]
    ProfileManagementOperation(NotificationEvent),
    /// Ask for the eUICC Package Results instead of notifications.
    #[asn1(tag = 2)]
    EuiccPackageResults(Null),
}

/// ES10b.RetrieveNotificationsList response of SGP.32 (SGP.32 v1.2 5.9.11; v1.0 had a
/// fourth alternative `notificationAndEprList`). Automatic tags: `A0`, `81`, `A2`.
///
/// ```text
/// SGP32-RetrieveNotificationsListResponse ::= [43] CHOICE { -- Tag 'BF2B'
///    notificationList PendingNotificationList,
///    notificationsListResultError INTEGER { undefinedError(127)},
///    euiccPackageResultList EuiccPackageResultList }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(
    choice,
    tag = 43,
    automatic,
    name = "SGP32-RetrieveNotificationsListResponse"
)]
pub enum SGP32RetrieveNotificationsListResponse {
    NotificationList(PendingNotificationList),
    /// The same named numbers as SGP.22's, so its type is reused.
    NotificationsListResultError(NotificationsListResultError),
    EuiccPackageResultList(EuiccPackageResultList),
}
