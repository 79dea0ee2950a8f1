//! An eUICC Package from the eIM (SGP.32 v1.2 3.1.1.1, 5.9.1): handed to the eUICC with
//! ES10b.LoadEuiccPackage, the result delivered with the pending notifications
//! (`ePRAndNotifications`).
//!
//! When the package enabled a profile with `rollbackFlag` (SGP.32 v1.2 2.11.1.1.3, 5.9.16),
//! the IPA first checks whether the device attaches with it ([`super::AttachProbe`]), then
//! whether the result reaches the eIM with it within [`super::IpaOptions::rollback_after`];
//! if either fails, ES10b.ProfileRollback returns to the previous profile and the
//! rollback's result, which replaces the package's, is the one delivered (from the previous
//! profile's network). SGP.32 has no `stateChangeCause` for a rollback (6.3.2.6 lists
//! otherEim, fallback, emergencyProfile, local, reset, immediateEnableProfile,
//! deviceChange): the eIM learns of it from that result, whose `rollbackResult` it reads.
//!
//! The cycle ends where SGP.32 v1.2 3.3.1 ends it: ES10b.LoadEuiccPackage (steps 3-8),
//! ES10b.RetrieveNotificationsList (step 9), ESipa.ProvideEimPackageResult (steps 10-14),
//! ES10b.RemoveNotificationFromList per acknowledged seqNumber (steps 15-17), and no other
//! ES10 call: the profile the package enabled is known from the package and its result
//! ([`enabled_by`]), and what the eIM did not acknowledge stays on the eUICC, offered again
//! when the IPA next starts ([`Ipa::deliver_pending`]).

use std::time::Duration;

use proto::der::Asn1;
use proto::sgp32::{
    EimPackageResult, EnableProfileResult, EprAndNotifications, EuiccPackage, EuiccPackageRequest,
    EuiccPackageResult, EuiccResultData, PendingNotificationList, ProfileRollbackRequest,
    ProfileRollbackResponse, Psmo, SGP32PendingNotification, SGP32RetrieveNotificationsListRequest,
    SGP32RetrieveNotificationsListResponse,
};

use super::agent::Ipa;
use super::card::{IpaCard, call, raw};
use super::error::IpaError;
use super::report::{Delivery, PackageOutcome, PollOutcome, RollbackCause, RollbackOutcome};

/// The profile of an `enable` PSMO with `rollbackFlag`, if the package has one: its ICCID
/// digits, or the octets in upper-case hex when they are no ICCID the IPA can read. A
/// rollback does not depend on it (ES10b.ProfileRollback names no profile, SGP.32 v1.2
/// 5.9.16): it only says which profile the attach probe looks at and the report names.
fn rollback_target(p: &EuiccPackageRequest) -> Option<String> {
    let EuiccPackage::PsmoList(list) = &p.euicc_package_signed.euicc_package else {
        return None;
    };
    target_of(list)
}

/// [`rollback_target`] of a PSMO list.
fn target_of(list: &[Psmo]) -> Option<String> {
    list.iter().find_map(|psmo| match psmo {
        Psmo::Enable(e) if e.rollback_flag.is_some() => Some(iccid_text(&e.iccid.0)),
        _ => None,
    })
}

/// The profile `p` enabled, by the results the eUICC gave its PSMOs: [`enabled_in`].
fn enabled_by(p: &EuiccPackageRequest, result: &EuiccPackageResult) -> Option<String> {
    let EuiccPackage::PsmoList(list) = &p.euicc_package_signed.euicc_package else {
        return None;
    };
    let EuiccPackageResult::EuiccPackageResultSigned(s) = result else {
        return None;
    };
    enabled_in(list, &s.euicc_package_result_data_signed.euicc_result)
}

/// The ICCID of the last `enable` of `list` answered `ok` in `results` (one result per
/// PSMO, in order, SGP.32 v1.2 2.11.2.1), as [`target_of`] writes it.
fn enabled_in(list: &[Psmo], results: &[EuiccResultData]) -> Option<String> {
    (list.iter().zip(results))
        .rev()
        .find_map(|(psmo, r)| match (psmo, r) {
            (Psmo::Enable(e), EuiccResultData::EnableResult(EnableProfileResult::Ok)) => {
                Some(iccid_text(&e.iccid.0))
            }
            _ => None,
        })
}

/// ICCID octets as digits, or in upper-case hex when they are no ICCID the IPA can read.
fn iccid_text(octets: &[u8; 10]) -> String {
    proto::ids::Iccid::from_swapped_bcd(octets)
        .map_or_else(|_| hex::encode_upper(octets), |i| i.as_str().to_string())
}

fn enabled_ok(result: &EuiccPackageResult) -> bool {
    match result {
        EuiccPackageResult::EuiccPackageResultSigned(s) => s
            .euicc_package_result_data_signed
            .euicc_result
            .contains(&EuiccResultData::EnableResult(EnableProfileResult::Ok)),
        _ => false,
    }
}

/// The seqNumber of a pending notification.
pub(super) fn seq_number_of(n: &SGP32PendingNotification) -> i64 {
    match n {
        SGP32PendingNotification::ProfileInstallationResult(p) => {
            p.profile_installation_result_data
                .notification_metadata
                .seq_number
        }
        SGP32PendingNotification::OtherSignedNotification(o) => o.tbs_other_notification.seq_number,
        SGP32PendingNotification::CompactProfileInstallationResult(c) => {
            c.compact_profile_installation_result_data.seq_number
        }
        SGP32PendingNotification::CompactOtherSignedNotification(c) => {
            c.tbs_other_notification.seq_number
        }
    }
}

impl<C: IpaCard> Ipa<C> {
    pub(super) async fn run_package(
        &mut self,
        p: &EuiccPackageRequest,
    ) -> Result<PollOutcome, IpaError> {
        let function = "ES10b.LoadEuiccPackage";
        let der = raw(&mut self.card, function, &p.to_der())?;
        let result = EuiccPackageResult::from_der(&der)
            .map_err(|source| IpaError::CardAnswer { function, source })?;
        let enabled = enabled_by(p, &result);
        let Some(iccid) = rollback_target(p).filter(|_| enabled_ok(&result)) else {
            return self.deliver_package_result(result, None, enabled).await;
        };
        let attaches = self
            .probe
            .as_ref()
            .is_none_or(|probe| probe.attaches(&self.eid, &iccid));
        if !attaches {
            // SGP.32 v1.2 5.9.16: after an enable with rollbackFlag the IPA may return to the
            // previous profile; a profile the device cannot attach with is the first reason.
            tracing::info!(eid = %self.eid, %iccid, "no attach with the new profile: rollback");
            let (result, rollback) = self.roll_back(iccid, RollbackCause::NoAttach, result)?;
            return self.deliver_package_result(result, rollback, None).await;
        }
        match self.options.rollback_after {
            Some(window) => self.deliver_or_roll_back(result, iccid, window).await,
            None => self.deliver_package_result(result, None, enabled).await,
        }
    }

    /// The new profile attached; its first task is to bring the eIM the enable's result.
    /// SGP.32 v1.2 5.9.16: the rollback exists for a new profile that cannot reach the eIM,
    /// so ESipa.ProvideEimPackageResult is tried again with back-off while the eIM cannot be
    /// reached (no connection, no answer, a gateway's 502/503/504) until `window` has
    /// passed; then ES10b.ProfileRollback, and the rollback's result (which replaced the
    /// package's on the eUICC: same eimTransactionId and counterValue, `rollbackResult`
    /// added) is delivered from the previous profile. If that fails too it stays on the
    /// eUICC and goes before the next poll ([`Ipa::deliver_pending`]). An answer of the eIM,
    /// even a refusal, ends the wait: the eIM was reached.
    async fn deliver_or_roll_back(
        &mut self,
        result: EuiccPackageResult,
        iccid: String,
        window: Duration,
    ) -> Result<PollOutcome, IpaError> {
        let start = tokio::time::Instant::now();
        // Waits grow from a sixteenth of the window to a quarter (at most a minute), so a
        // five-minute window makes about ten tries and a short one in a test a few.
        let initial = (window / 16).clamp(Duration::from_millis(10), Duration::from_secs(5));
        let max = (window / 4).clamp(initial, Duration::from_secs(60));
        let mut attempts = 0u32;
        loop {
            let tried = if self.reaches_eim(&iccid) {
                let enabled = Some(iccid.clone());
                self.deliver_package_result(result.clone(), None, enabled)
                    .await
            } else {
                Err(self.unreachable_with(&iccid))
            };
            match tried {
                Ok(outcome) => return Ok(outcome),
                Err(e) if e.eim_unreachable() => {
                    attempts += 1;
                    let elapsed = start.elapsed();
                    tracing::info!(eid = %self.eid, %iccid, attempts, error = %e,
                        "the eIM cannot be reached with the new profile");
                    if elapsed >= window {
                        break;
                    }
                    let wait = infra::retry::delay(initial, max, u64::from(attempts - 1))
                        .min(window - elapsed);
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(e),
            }
        }
        tracing::info!(eid = %self.eid, %iccid, attempts, "eIM unreachable: rollback");
        let cause = RollbackCause::EimUnreachable { attempts };
        let (result, rollback) = self.roll_back(iccid, cause, result)?;
        match self
            .deliver_package_result(result.clone(), rollback.clone(), None)
            .await
        {
            Err(e) if e.eim_unreachable() => {
                self.pending_due = true;
                Ok(PollOutcome::Package(Box::new(PackageOutcome {
                    result,
                    rollback,
                    enabled_by_package: None,
                    delivery: Delivery {
                        undelivered: Some(e.to_string()),
                        ..Delivery::default()
                    },
                })))
            }
            other => other,
        }
    }

    /// Whether the device reaches the eIM with `iccid` enabled, as the probe says.
    fn reaches_eim(&self, iccid: &str) -> bool {
        self.probe
            .as_ref()
            .is_none_or(|probe| probe.reaches_eim(&self.eid, iccid))
    }

    /// The failure of an exchange the network of `iccid` does not carry to the eIM.
    fn unreachable_with(&self, iccid: &str) -> IpaError {
        IpaError::Connection {
            function: "provideEimPackageResult",
            url: self.eim.base_url.clone(),
            detail: format!("the network of profile {iccid} does not reach the eIM"),
        }
    }

    /// ES10b.ProfileRollback (SGP.32 v1.2 5.9.16) after the enable of `iccid`: the result
    /// to deliver (the rollback's, replacing the package's, when the eUICC did it) and what
    /// happened.
    fn roll_back(
        &mut self,
        iccid: String,
        cause: RollbackCause,
        result: EuiccPackageResult,
    ) -> Result<(EuiccPackageResult, Option<RollbackOutcome>), IpaError> {
        let r: ProfileRollbackResponse = call(
            &mut self.card,
            "ES10b.ProfileRollback",
            &ProfileRollbackRequest {
                refresh_flag: self.options.refresh_flag,
            },
        )?;
        let rollback = Some(RollbackOutcome {
            failed_iccid: iccid,
            cmd_result: r.cmd_result,
            cause,
        });
        Ok((r.euicc_package_result.unwrap_or(result), rollback))
    }

    /// ES10b.ProfileRollback on the IPA's own decision (e.g. the new profile attached but
    /// lost its connection later), while the eUICC still allows it; the rollback's result
    /// is delivered to the eIM. `Ok(None)` when the eUICC refused (`rollbackNotAllowed`
    /// …): nothing changed and nothing was sent.
    pub async fn rollback(&mut self) -> Result<Option<PollOutcome>, IpaError> {
        let failed_iccid = self.enabled_iccid()?.unwrap_or_default();
        let r: ProfileRollbackResponse = call(
            &mut self.card,
            "ES10b.ProfileRollback",
            &ProfileRollbackRequest {
                refresh_flag: self.options.refresh_flag,
            },
        )?;
        let Some(result) = r.euicc_package_result else {
            return Ok(None);
        };
        let rollback = Some(RollbackOutcome {
            failed_iccid,
            cmd_result: r.cmd_result,
            cause: RollbackCause::Requested,
        });
        self.deliver_package_result(result, rollback, None)
            .await
            .map(Some)
    }

    /// A package result with the pending notifications to the eIM; `enabled`: the profile
    /// the package enabled and kept.
    async fn deliver_package_result(
        &mut self,
        result: EuiccPackageResult,
        rollback: Option<RollbackOutcome>,
        enabled: Option<String>,
    ) -> Result<PollOutcome, IpaError> {
        let (notifications, seqs) = self.pending_notifications()?;
        let eim_result = if notifications.is_empty() {
            EimPackageResult::EuiccPackageResult(result.clone())
        } else {
            EimPackageResult::EprAndNotifications(EprAndNotifications {
                euicc_package_result: result.clone(),
                notification_list: notifications,
            })
        };
        let delivery = self.deliver(eim_result, seqs).await?;
        Ok(PollOutcome::Package(Box::new(PackageOutcome {
            result,
            rollback,
            enabled_by_package: enabled,
            delivery,
        })))
    }

    /// Every pending notification (ES10b.RetrieveNotificationsList) with its seqNumber.
    pub(super) fn pending_notifications(
        &mut self,
    ) -> Result<(PendingNotificationList, Vec<i64>), IpaError> {
        let r: SGP32RetrieveNotificationsListResponse = call(
            &mut self.card,
            "ES10b.RetrieveNotificationsList",
            &SGP32RetrieveNotificationsListRequest::default(),
        )?;
        let list = match r {
            SGP32RetrieveNotificationsListResponse::NotificationList(l) => l,
            _ => Vec::new(),
        };
        let seqs = list.iter().map(seq_number_of).collect();
        Ok((list, seqs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proto::sgp22::Iccid;
    use proto::sgp32::PsmoEnable;

    fn enable(iccid: [u8; 10], rollback: bool) -> Vec<Psmo> {
        vec![Psmo::Enable(PsmoEnable {
            iccid: Iccid(iccid),
            rollback_flag: rollback.then(Default::default),
        })]
    }

    #[test]
    fn sgp32_5_9_16_an_iccid_the_ipa_cannot_read_still_has_the_rollback_prepared() {
        let readable = proto::ids::Iccid::parse("8949449999999990106").unwrap();
        let list = enable(readable.to_swapped_bcd(), true);
        assert_eq!(target_of(&list).as_deref(), Some("8949449999999990106"));
        // A nibble that is no digit: the rollback stays possible, named by the octets.
        let odd = [0x98, 0xA4, 0x44, 0x99, 0x99, 0x99, 0x99, 0x09, 0x01, 0xF6];
        assert_eq!(
            target_of(&enable(odd, true)).as_deref(),
            Some("98A444999999990901F6")
        );
        assert_eq!(target_of(&enable(odd, false)), None);
    }

    #[test]
    fn sgp32_3_3_1_the_enabled_profile_is_read_from_the_package_and_its_results() {
        let a = proto::ids::Iccid::parse("8949449999999990106").unwrap();
        let b = proto::ids::Iccid::parse("8949449999999990114").unwrap();
        let ok = EuiccResultData::EnableResult(EnableProfileResult::Ok);
        let refused = EuiccResultData::EnableResult(EnableProfileResult::ProfileNotInDisabledState);
        let one = enable(a.to_swapped_bcd(), false);
        assert_eq!(
            enabled_in(&one, std::slice::from_ref(&ok)).as_deref(),
            Some(a.as_str())
        );
        assert_eq!(enabled_in(&one, std::slice::from_ref(&refused)), None);
        assert_eq!(enabled_in(&one, &[]), None, "no result, nothing enabled");
        let two = [one.clone(), enable(b.to_swapped_bcd(), false)].concat();
        assert_eq!(
            enabled_in(&two, &[ok.clone(), ok.clone()]).as_deref(),
            Some(b.as_str())
        );
        assert_eq!(
            enabled_in(&two, &[ok, refused]).as_deref(),
            Some(a.as_str())
        );
    }
}
