//! Notifications: their metadata, the signed forms the eUICC keeps until they are delivered,
//! and the ES10b functions to list, fetch and remove them (SGP.22 3.5, 5.7.9–5.7.11).

use super::common::Certificate;
use super::install_result::ProfileInstallationResult;
use super::notification_metadata::{NotificationEvent, NotificationMetadata};
use crate::der::{Asn1, Preserved};

/// ES10b.ListNotification request (SGP.22 5.7.9).
///
/// ```text
/// ListNotificationRequest ::= [40] SEQUENCE { -- Tag 'BF28'
///    profileManagementOperation [1] NotificationEvent OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 40, extensible)]
pub struct ListNotificationRequest {
    #[asn1(tag = 1)]
    pub profile_management_operation: Option<NotificationEvent>,
}

/// ES10b.ListNotification response (SGP.22 5.7.9).
///
/// ```text
/// ListNotificationResponse ::= [40] CHOICE { -- Tag 'BF28'
///    notificationMetadataList SEQUENCE OF NotificationMetadata,
///    listNotificationsResultError INTEGER {undefinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 40, automatic)]
pub enum ListNotificationResponse {
    NotificationMetadataList(Vec<NotificationMetadata>),
    ListNotificationsResultError(ListNotificationsResultError),
}

/// `ListNotificationResponse.listNotificationsResultError` (SGP.22 5.7.9).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "listNotificationsResultError")]
pub enum ListNotificationsResultError {
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// ES10b.RetrieveNotificationsList request (SGP.22 5.7.10).
///
/// ```text
/// RetrieveNotificationsListRequest ::= [43] SEQUENCE { -- Tag 'BF2B'
///    searchCriteria CHOICE { seqNumber [0] INTEGER,
///       profileManagementOperation [1] NotificationEvent } OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 43, automatic, extensible)]
pub struct RetrieveNotificationsListRequest {
    pub search_criteria: Option<NotificationSearchCriteria>,
}

/// `RetrieveNotificationsListRequest.searchCriteria` (SGP.22 5.7.10).
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, name = "searchCriteria")]
pub enum NotificationSearchCriteria {
    #[asn1(tag = 0)]
    SeqNumber(i64),
    #[asn1(tag = 1)]
    ProfileManagementOperation(NotificationEvent),
}

/// ES10b.RetrieveNotificationsList response (SGP.22 5.7.10).
///
/// ```text
/// RetrieveNotificationsListResponse ::= [43] CHOICE { -- Tag 'BF2B'
///    notificationList SEQUENCE OF PendingNotification,
///    notificationsListResultError INTEGER { undefinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice, tag = 43, automatic)]
pub enum RetrieveNotificationsListResponse {
    NotificationList(Vec<PendingNotification>),
    NotificationsListResultError(NotificationsListResultError),
}

/// `RetrieveNotificationsListResponse.notificationsListResultError` (SGP.22 5.7.10).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "notificationsListResultError")]
pub enum NotificationsListResultError {
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}

/// A signed notification as kept by the eUICC and delivered by ES9+.HandleNotification
/// (SGP.22 5.7.10, 5.6.4).
///
/// ```text
/// PendingNotification ::= CHOICE {
///    profileInstallationResult [55] ProfileInstallationResult, -- tag 'BF37'
///    otherSignedNotification OtherSignedNotification }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(choice)]
pub enum PendingNotification {
    ProfileInstallationResult(ProfileInstallationResult),
    OtherSignedNotification(OtherSignedNotification),
}

/// A notification other than installation (enable, disable, delete), signed by the eUICC
/// over the received octets of `tbsOtherNotification` (SGP.22 5.7.10).
///
/// ```text
/// OtherSignedNotification ::= SEQUENCE {
///    tbsOtherNotification NotificationMetadata,
///    euiccNotificationSignature [APPLICATION 55] OCTET STRING, -- Tag '5F37'
///    euiccCertificate Certificate, eumCertificate Certificate }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(extensible)]
pub struct OtherSignedNotification {
    pub tbs_other_notification: Preserved<NotificationMetadata>,
    #[asn1(tag = "application 55")]
    pub euicc_notification_signature: Vec<u8>,
    pub euicc_certificate: Certificate,
    pub eum_certificate: Certificate,
}

/// ES10b.RemoveNotificationFromList request (SGP.22 5.7.11).
///
/// ```text
/// NotificationSentRequest ::= [48] SEQUENCE { -- Tag 'BF30'
///    seqNumber [0] INTEGER }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 48, extensible)]
pub struct NotificationSentRequest {
    #[asn1(tag = 0)]
    pub seq_number: i64,
}

/// ES10b.RemoveNotificationFromList response (SGP.22 5.7.11).
///
/// ```text
/// NotificationSentResponse ::= [48] SEQUENCE { -- Tag 'BF30'
///    deleteNotificationStatus INTEGER {ok(0), nothingToDelete(1), undefinedError(127)} }
/// ```
#[derive(Asn1, Clone, Debug, PartialEq, Eq)]
#[asn1(tag = 48, automatic, extensible)]
pub struct NotificationSentResponse {
    pub delete_notification_status: DeleteNotificationStatus,
}

/// `NotificationSentResponse.deleteNotificationStatus` (SGP.22 5.7.11).
#[derive(Asn1, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[asn1(integer, name = "deleteNotificationStatus")]
pub enum DeleteNotificationStatus {
    #[asn1(value = 0)]
    Ok,
    #[asn1(value = 1)]
    NothingToDelete,
    #[asn1(value = 127)]
    UndefinedError,
    #[asn1(other)]
    Other(i64),
}
