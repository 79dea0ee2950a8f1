//! What a notification is about (SGP.22 5.7.9): the metadata the eUICC signs in every
//! notification, an installation result's included, and the kinds of profile operation
//! that produce one.

use super::common::{Iccid, named_bits};
use crate::der::Asn1;

named_bits! {
    /// Kinds of profile operation that produce notifications (SGP.22 5.5.3, 5.7.9).
    ///
    /// ```text
    /// NotificationEvent ::= BIT STRING { notificationInstall(0), notificationEnable(1),
    ///    notificationDisable(2), notificationDelete(3) }
    /// ```
    NotificationEvent {
        NOTIFICATION_INSTALL = 0,
        NOTIFICATION_ENABLE = 1,
        NOTIFICATION_DISABLE = 2,
        NOTIFICATION_DELETE = 3,
    }
}

/// What a notification is about: sequence number, operation, receiver, profile
/// (SGP.22 5.7.9). Signed by the eUICC as `tbsOtherNotification` and inside
/// profileInstallationResultData.
///
/// ```text
/// NotificationMetadata ::= [47] SEQUENCE { -- Tag 'BF2F'
///    seqNumber [0] INTEGER,
///    profileManagementOperation [1] NotificationEvent, -- only one bit SHALL be set
///    notificationAddress UTF8String, -- FQDN to forward the notification
///    iccid Iccid OPTIONAL }
/// ```
#[derive(Asn1, Clone, Debug, Default, PartialEq, Eq)]
#[asn1(tag = 47, extensible)]
pub struct NotificationMetadata {
    #[asn1(tag = 0)]
    pub seq_number: i64,
    #[asn1(tag = 1)]
    pub profile_management_operation: NotificationEvent,
    pub notification_address: String,
    pub iccid: Option<Iccid>,
}
