//! Polling the eIM (SGP.32 v1.2 3.1.1, 5.14.5, 5.14.6): ESipa.GetEimPackage with the EID,
//! the state change the eIM has not heard of and the serving network; the package that
//! comes back is executed; its result goes back with ESipa.ProvideEimPackageResult; what
//! the eIM acknowledges is removed from the eUICC (ES10b.RemoveNotificationFromList).

use proto::der::Null;
use proto::sgp22::{DeleteNotificationStatus, NotificationSentRequest, NotificationSentResponse};
use proto::sgp32::{
    EimPackageError, EimPackageResult, EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim,
    GetEimPackageRequest, GetEimPackageResponse, ProfileDownloadTriggerResultData,
    ProvideEimPackageResult, ProvideEimPackageResultResponse,
};

use super::agent::Ipa;
use super::card::{IpaCard, call};
use super::error::IpaError;
use super::report::{Delivery, PollOutcome};
use euicc_sim::Sgp32Version;

impl<C: IpaCard> Ipa<C> {
    /// One poll: GetEimPackage, then whatever it asks for, the result delivered and the
    /// acknowledged objects removed. `rplmn` is the serving network (3GPP TS 24.008 MCC/MNC
    /// octets) as the device's modem reports it.
    ///
    /// Before the first poll, and after a rollback whose result could not be delivered,
    /// what the eUICC holds for the eIM is delivered first ([`Ipa::deliver_pending`]);
    /// after a download, the notifications still pending ([`Ipa::deliver_notifications`]).
    /// A package's cycle ends at SGP.32 v1.2 3.3.1 step 17, the removal of what the eIM
    /// acknowledged: what it did not stays on the eUICC.
    pub async fn poll(&mut self, rplmn: Option<[u8; 3]>) -> Result<PollOutcome, IpaError> {
        if self.pending_due {
            self.deliver_pending().await?;
        }
        let outcome = self.poll_once(rplmn).await?;
        // What went with the result is the eIM's to acknowledge there: the notifications
        // of ePRAndNotifications, the installation result in a trigger result. eUICC data
        // carries what the eIM asked for, and nothing is sent after it.
        let with_result = match &outcome {
            // SGP.32 v1.2 3.3.1 ends at step 17: nothing more in this cycle.
            PollOutcome::Package(_) => None,
            PollOutcome::Download(d) => {
                let pir = match &d.result.profile_download_trigger_result_data {
                    ProfileDownloadTriggerResultData::ProfileInstallationResult(p) => Some(
                        p.profile_installation_result_data
                            .notification_metadata
                            .seq_number,
                    ),
                    _ => None,
                };
                Some(pir.into_iter().collect::<Vec<i64>>())
            }
            _ => None,
        };
        if let Some(sent) = with_result
            && let Err(e) = self.deliver_notifications(&sent).await
        {
            // The package's outcome stands; what is left goes before the next poll.
            tracing::warn!(eid = %self.eid, error = %e, "pending notifications not delivered");
            self.pending_due = true;
        }
        Ok(outcome)
    }

    /// GetEimPackage and what it asks for.
    async fn poll_once(&mut self, rplmn: Option<[u8; 3]>) -> Result<PollOutcome, IpaError> {
        let change = self.card.pending_state_change();
        let request = GetEimPackageRequest {
            eid_value: self.eid_bcd,
            notify_state_change: change.map(|_| Null),
            state_change_cause: change,
            r_plmn: rplmn,
        };
        let answer = self
            .esipa(EsipaMessageFromIpaToEim::GetEimPackageRequest(request))
            .await?;
        let response = match answer {
            Some(EsipaMessageFromEimToIpa::GetEimPackageResponse(r)) => r,
            other => {
                return Err(IpaError::EimAnswer {
                    function: "getEimPackage",
                    detail: format!("expected a GetEimPackageResponse, got {other:?}"),
                });
            }
        };
        if change.is_some() {
            // The eIM has heard of the change, whatever it answered.
            self.card.clear_state_change()?;
        }
        // What a package asks for is boxed: most polls bring nothing, and with these inline
        // every poll's future would be the size of a download's (about 8 KiB, copied
        // wherever the future is moved).
        match response {
            GetEimPackageResponse::EuiccPackageRequest(p) => Box::pin(self.run_package(&p)).await,
            GetEimPackageResponse::IpaEuiccDataRequest(r) => {
                Box::pin(self.run_euicc_data(&r)).await
            }
            GetEimPackageResponse::ProfileDownloadTriggerRequest(t) => {
                Box::pin(self.run_download(&t)).await
            }
            GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable) => {
                Ok(PollOutcome::NoPackage)
            }
            GetEimPackageResponse::EimPackageError(e) => Ok(PollOutcome::EimError(e)),
        }
    }

    /// Polls until the eIM has nothing more (at most `max` packages); the outcomes of the
    /// polls that brought something.
    pub async fn poll_until_idle(
        &mut self,
        rplmn: Option<[u8; 3]>,
        max: usize,
    ) -> Result<Vec<PollOutcome>, IpaError> {
        let mut outcomes = Vec::new();
        for _ in 0..max {
            match self.poll(rplmn).await? {
                PollOutcome::NoPackage => break,
                other @ PollOutcome::EimError(_) => {
                    outcomes.push(other);
                    break;
                }
                other => outcomes.push(other),
            }
        }
        Ok(outcomes)
    }

    /// ESipa.ProvideEimPackageResult with `result`, then the removal of what the eIM
    /// acknowledged. What the eIM refused stays on the eUICC: nothing is removed.
    pub(super) async fn deliver(
        &mut self,
        result: EimPackageResult,
        notifications_sent: Vec<i64>,
    ) -> Result<Delivery, IpaError> {
        let message = EsipaMessageFromIpaToEim::ProvideEimPackageResult(ProvideEimPackageResult {
            eid_value: Some(self.eid_bcd),
            eim_package_result: result,
        });
        let mut delivery = Delivery {
            notifications_sent,
            ..Delivery::default()
        };
        let answer = match self.esipa(message).await {
            // A v1.0 eIM's refusal (its answer has no error value): keep the result.
            Err(IpaError::Http { status, .. }) if self.esipa.generation() == Sgp32Version::V1_0 => {
                delivery.refused_with_status = Some(status);
                return Ok(delivery);
            }
            other => other?,
        };
        match answer {
            Some(EsipaMessageFromEimToIpa::ProvideEimPackageResultResponse(r)) => match r {
                ProvideEimPackageResultResponse::EimAcknowledgements(acks) => {
                    delivery.acknowledged = acks.0.iter().map(|s| s.0).collect();
                    delivery.removed = self.remove(&delivery.acknowledged)?;
                }
                ProvideEimPackageResultResponse::EmptyResponse(_) => {}
                ProvideEimPackageResultResponse::ProvideEimPackageResultError(e) => {
                    delivery.refused = Some(e);
                }
            },
            // An eIM that answers 204 acknowledges nothing.
            None => {}
            Some(other) => {
                return Err(IpaError::EimAnswer {
                    function: "provideEimPackageResult",
                    detail: format!("expected a ProvideEimPackageResultResponse, got {other:?}"),
                });
            }
        }
        Ok(delivery)
    }

    /// ES10b.RemoveNotificationFromList for each acknowledged seqNumber (a notification
    /// or an eUICC Package Result, SGP.32 v1.2 5.9.12); the ones removed.
    pub(super) fn remove(&mut self, seq_numbers: &[i64]) -> Result<Vec<i64>, IpaError> {
        let mut removed = Vec::new();
        for &seq_number in seq_numbers {
            let r: NotificationSentResponse = call(
                &mut self.card,
                "ES10b.RemoveNotificationFromList",
                &NotificationSentRequest { seq_number },
            )?;
            if r.delete_notification_status == DeleteNotificationStatus::Ok {
                removed.push(seq_number);
            }
        }
        Ok(removed)
    }
}
