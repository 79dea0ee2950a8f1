//! Delivering the eUICC's pending notifications (SGP.22 3.5; 5.7.9–5.7.11; 5.6.4):
//!
//! ```text
//! ES10b.ListNotification                    -> seqNumber, operation, address of each
//! for each: ES10b.RetrieveNotificationsList -> the signed notification, as stored
//!           ES9+.HandleNotification to its notificationAddress
//!           HTTP 204 -> ES10b.RemoveNotificationFromList(seqNumber)
//! ```
//!
//! A notification the receiver does not accept with 204 (refused, unreachable) stays on the
//! eUICC for a later attempt: install, enable, disable and delete notifications alike.

use proto::sgp22::{DeleteNotificationStatus, NotificationMetadata};

use super::agent::{DownloadStep, Lpa, StepHook, announce};
use super::card_channel::CardChannel;
use super::error::LpaError;
use super::es9p::Es9Client;
use super::es10x::Es10Client;
use super::report::{Delivery, NotificationReport};

/// Sends one notification (its `PendingNotification` octets) and removes it from the eUICC
/// when the receiver answers 204.
pub(crate) async fn deliver<C: CardChannel>(
    es10: &mut Es10Client<C>,
    es9: &Es9Client,
    hook: &Option<StepHook>,
    metadata: &NotificationMetadata,
    pending: &[u8],
) -> Result<NotificationReport, LpaError> {
    announce(hook, DownloadStep::HandleNotification).await;
    let delivery = match es9
        .handle_notification(&metadata.notification_address, pending)
        .await
    {
        Ok(()) => {
            let removed = matches!(
                es10.remove_notification(metadata.seq_number)?,
                DeleteNotificationStatus::Ok
            );
            Delivery::Accepted { removed }
        }
        Err(e @ LpaError::Connection { .. }) => Delivery::Failed(e.to_string()),
        Err(e) => Delivery::Refused(e.to_string()),
    };
    let report = NotificationReport::new(metadata, delivery);
    tracing::info!("{report}");
    Ok(report)
}

/// Delivers every pending notification.
pub(crate) async fn process_pending<C: CardChannel>(
    es10: &mut Es10Client<C>,
    es9: &Es9Client,
    hook: &Option<StepHook>,
) -> Result<Vec<NotificationReport>, LpaError> {
    let mut reports = Vec::new();
    for metadata in es10.list_notifications()? {
        let Some(n) = es10.retrieve_notification(metadata.seq_number)? else {
            continue;
        };
        reports.push(deliver(es10, es9, hook, &n.metadata, &n.raw).await?);
    }
    Ok(reports)
}

impl<C: CardChannel> Lpa<C> {
    /// The pending notifications' metadata (ES10b.ListNotification).
    pub fn list_notifications(&mut self) -> Result<Vec<NotificationMetadata>, LpaError> {
        self.es10.list_notifications()
    }

    /// Sends every pending notification to its receiver and removes those accepted.
    pub async fn process_notifications(&mut self) -> Result<Vec<NotificationReport>, LpaError> {
        let es9 = self.es9.as_ref().ok_or_else(super::agent::no_trust)?;
        process_pending(&mut self.es10, es9, &self.hook).await
    }
}
