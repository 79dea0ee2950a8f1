//! A pending notification: the signed object the LPA fetches with
//! ES10b.RetrieveNotificationsList and delivers with ES9+.HandleNotification (SGP.22 3.5,
//! 5.7.10), with its metadata for ES10b.ListNotification (5.7.9).

use proto::sgp22::NotificationEvent;
use serde::{Deserialize, Serialize};

use super::hex_bytes;

/// The profile management operation a notification reports (`NotificationEvent`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationOperation {
    Install,
    Enable,
    Disable,
    Delete,
}

impl NotificationOperation {
    pub const ALL: [NotificationOperation; 4] = [
        NotificationOperation::Install,
        NotificationOperation::Enable,
        NotificationOperation::Disable,
        NotificationOperation::Delete,
    ];

    /// The bit in `NotificationEvent`.
    pub fn bit(self) -> usize {
        match self {
            NotificationOperation::Install => NotificationEvent::NOTIFICATION_INSTALL,
            NotificationOperation::Enable => NotificationEvent::NOTIFICATION_ENABLE,
            NotificationOperation::Disable => NotificationEvent::NOTIFICATION_DISABLE,
            NotificationOperation::Delete => NotificationEvent::NOTIFICATION_DELETE,
        }
    }

    /// `NotificationEvent` with this one bit set, as notification metadata carries it.
    pub fn event(self) -> NotificationEvent {
        NotificationEvent::from_bits(&[self.bit()])
    }

    /// `NotificationEvent` with the bits of `ops` set.
    pub fn event_of(ops: &[NotificationOperation]) -> NotificationEvent {
        let bits: Vec<usize> = ops.iter().map(|op| op.bit()).collect();
        NotificationEvent::from_bits(&bits)
    }

    /// The one operation of an event with exactly one bit set.
    pub fn from_event(event: &NotificationEvent) -> Option<NotificationOperation> {
        let set: Vec<NotificationOperation> = Self::ALL
            .into_iter()
            .filter(|op| event.has(op.bit()))
            .collect();
        match set.as_slice() {
            [op] => Some(*op),
            _ => None,
        }
    }
}

/// A notification waiting for ES10b.RemoveNotificationFromList.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredNotification {
    pub seq_number: i64,
    pub operation: NotificationOperation,
    /// FQDN the notification goes to.
    pub address: String,
    /// ICCID digits of the profile, when known.
    pub iccid: Option<String>,
    /// DER of the `PendingNotification`: a `ProfileInstallationResult` (`BF37`) or an
    /// `OtherSignedNotification` (`30`), signed when it was made.
    #[serde(with = "hex_bytes")]
    pub signed: Vec<u8>,
}
