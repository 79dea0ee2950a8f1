//! What the IPA does on its own, between the eIM's packages (SGP.32 v1.2):
//!
//! - [`Ipa::deliver_pending`], before the first poll and again after a rollback whose
//!   result could not be delivered: what the eUICC holds for the eIM goes to it. First the
//!   pending notifications are read (ES10b.RetrieveNotificationsList without search
//!   criteria, 3.7 step 1, 5.9.11), then the eUICC Package Results not yet acknowledged
//!   (RetrieveNotificationsList with `euiccPackageResults`); each result goes with
//!   ESipa.ProvideEimPackageResult (5.14.6), the first carrying the notifications
//!   (`ePRAndNotifications`); if there is no result the notifications go each with
//!   ESipa.HandleNotification (5.14.7).
//!   What the eIM acknowledged (`eimAcknowledgements`), and a notification it took
//!   (HandleNotification has no response data: its HTTP 204), is removed from the eUICC
//!   with ES10b.RemoveNotificationFromList (5.9.12), as an LPA does after delivering a
//!   notification (SGP.22 3.5). A package result goes with ProvideEimPackageResult, not
//!   HandleNotification, so that the eIM acknowledges it: the eUICC keeps it until then.
//! - [`Ipa::deliver_notifications`], after each package's result: the notifications that
//!   are still pending and did not go with the result (made after it was read, or left
//!   from before) go with ESipa.HandleNotification.
//! - [`Ipa::recover_network`], when the enabled profile cannot register and the IPA has
//!   nothing else that reaches a network: ES10b.ExecuteFallbackMechanism (3.4.5, 5.9.20);
//!   the eUICC enables its Fallback Profile and records the change, which the next
//!   ESipa.GetEimPackage reports (`notifyStateChange`, `stateChangeCause fallback`,
//!   6.3.2.6).
//! - [`Ipa::try_return_from_fallback`], later, when the device may try its own profile
//!   again: ES10b.ReturnFromFallback (5.9.21); if the device does not attach with the
//!   profile it returned to, the Fallback Mechanism is executed again.

use proto::der::Null;
use proto::sgp32::{
    EimPackageResult, EprAndNotifications, EsipaMessageFromIpaToEim, EuiccPackageResult,
    ExecuteFallbackMechanismResult, HandleNotificationEsipa, PendingNotificationList,
    ReturnFromFallbackResult, SGP32NotificationSearchCriteria,
    SGP32RetrieveNotificationsListRequest, SGP32RetrieveNotificationsListResponse,
};

use super::agent::Ipa;
use super::card::{IpaCard, call};
use super::error::IpaError;
use super::report::PendingDelivery;

/// The seqNumber of a signed eUICC Package Result (the only kind the eUICC keeps).
fn result_seq_number(r: &EuiccPackageResult) -> Option<i64> {
    match r {
        EuiccPackageResult::EuiccPackageResultSigned(s) => {
            Some(s.euicc_package_result_data_signed.seq_number)
        }
        _ => None,
    }
}

/// What [`Ipa::try_return_from_fallback`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FallbackReturn {
    /// The eUICC's answer to ES10b.ReturnFromFallback.
    pub result: ReturnFromFallbackResult,
    /// The profile enabled afterwards.
    pub enabled_iccid: Option<String>,
    /// The device did not attach with the profile it returned to: the Fallback Mechanism
    /// was executed again, with this result.
    pub fell_back_again: Option<ExecuteFallbackMechanismResult>,
}

impl<C: IpaCard> Ipa<C> {
    /// Delivers what the eUICC holds for the eIM: its unacknowledged eUICC Package Results
    /// and its pending notifications (see the module doc). The first poll does this itself
    /// when it has not been done; a failure leaves it to be done before the next poll.
    pub async fn deliver_pending(&mut self) -> Result<PendingDelivery, IpaError> {
        // The pending notifications first (SGP.32 v1.2 3.7 step 1, RetrieveNotificationsList
        // without search criteria), then the package results: the order osmo-ttcn3-hacks
        // IPAd_Tests expects at start-up (f_es10x_init: BF3E, BF55, then BF2B00).
        let (mut notifications, mut seqs) = self.pending_notifications()?;
        let r: SGP32RetrieveNotificationsListResponse = call(
            &mut self.card,
            "ES10b.RetrieveNotificationsList",
            &SGP32RetrieveNotificationsListRequest {
                search_criteria: Some(SGP32NotificationSearchCriteria::EuiccPackageResults(Null)),
            },
        )?;
        let results = match r {
            SGP32RetrieveNotificationsListResponse::EuiccPackageResultList(l) => l,
            _ => Vec::new(),
        };
        let mut report = PendingDelivery::default();
        for result in results {
            report.results_sent.extend(result_seq_number(&result));
            let eim_result = if notifications.is_empty() {
                EimPackageResult::EuiccPackageResult(result)
            } else {
                EimPackageResult::EprAndNotifications(EprAndNotifications {
                    euicc_package_result: result,
                    notification_list: std::mem::take(&mut notifications),
                })
            };
            let sent = std::mem::take(&mut seqs);
            report.notifications_sent.extend(&sent);
            let d = self.deliver(eim_result, sent).await?;
            report.acknowledged.extend(d.acknowledged);
            report.removed.extend(d.removed);
        }
        let (sent, removed) = self.handle_notifications(notifications, seqs).await?;
        report.notifications_sent.extend(&sent);
        report.acknowledged.extend(&sent);
        report.removed.extend(removed);
        self.pending_due = false;
        if !report.is_empty() {
            tracing::info!(eid = %self.eid, results = ?report.results_sent,
                notifications = ?report.notifications_sent, "pending objects delivered");
        }
        Ok(report)
    }

    /// Delivers the pending notifications other than those in `sent_with_result` (which
    /// the eIM has with a result and acknowledges there) with ESipa.HandleNotification;
    /// the seqNumbers delivered and removed.
    pub async fn deliver_notifications(
        &mut self,
        sent_with_result: &[i64],
    ) -> Result<(Vec<i64>, Vec<i64>), IpaError> {
        let (list, seqs) = self.pending_notifications()?;
        let (list, seqs): (PendingNotificationList, Vec<i64>) = list
            .into_iter()
            .zip(seqs)
            .filter(|(_, s)| !sent_with_result.contains(s))
            .unzip();
        self.handle_notifications(list, seqs).await
    }

    /// Each notification with ESipa.HandleNotification, removed once the eIM took it; the
    /// seqNumbers sent and those removed. Stops at the first failure.
    async fn handle_notifications(
        &mut self,
        list: PendingNotificationList,
        seqs: Vec<i64>,
    ) -> Result<(Vec<i64>, Vec<i64>), IpaError> {
        let (mut sent, mut removed) = (Vec::new(), Vec::new());
        for (n, seq) in list.into_iter().zip(seqs) {
            let message = EsipaMessageFromIpaToEim::HandleNotificationEsipa(
                HandleNotificationEsipa::PendingNotification(n),
            );
            self.esipa(message).await?;
            sent.push(seq);
            removed.extend(self.remove(&[seq])?);
        }
        Ok((sent, removed))
    }

    /// The enabled profile cannot register, and nothing else the IPA may do reaches a
    /// network: ES10b.ExecuteFallbackMechanism (SGP.32 v1.2 3.4.5, 5.9.20). With `ok` the
    /// Fallback Profile is enabled and the next poll tells the eIM (`stateChangeCause
    /// fallback`); the eUICC's refusal (`fallbackNotAvailable`, `ecallActive` …) is returned
    /// as it is, nothing changed.
    pub fn recover_network(&mut self) -> Result<ExecuteFallbackMechanismResult, IpaError> {
        let r = self.execute_fallback()?;
        match r {
            ExecuteFallbackMechanismResult::Ok => {
                tracing::info!(eid = %self.eid, "no network: Fallback Mechanism executed");
            }
            other => {
                tracing::warn!(eid = %self.eid, result = ?other, "no network, and no fallback");
            }
        }
        Ok(r)
    }

    /// While the Fallback Mechanism is in effect, returns to the profile it replaced
    /// (ES10b.ReturnFromFallback, SGP.32 v1.2 5.9.21); the next poll tells the eIM. When
    /// the device does not attach with that profile ([`super::AttachProbe`]) the Fallback
    /// Mechanism is executed again at once.
    pub fn try_return_from_fallback(&mut self) -> Result<FallbackReturn, IpaError> {
        let result = self.return_from_fallback()?;
        let mut enabled_iccid = self.enabled_iccid()?;
        let mut fell_back_again = None;
        if result == ReturnFromFallbackResult::Ok {
            let attaches = match (&self.probe, &enabled_iccid) {
                (Some(probe), Some(iccid)) => probe.attaches(&self.eid, iccid),
                _ => true,
            };
            if !attaches {
                fell_back_again = Some(self.recover_network()?);
                enabled_iccid = self.enabled_iccid()?;
            }
        }
        Ok(FallbackReturn {
            result,
            enabled_iccid,
            fell_back_again,
        })
    }
}
