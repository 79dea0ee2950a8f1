//! An eUICC Package from the eIM (SGP.32 v1.2 3.1.1.1, 5.9.1): handed to the eUICC with
//! ES10b.LoadEuiccPackage, the result delivered with the pending notifications
//! (`ePRAndNotifications`).
//!
//! When the package enabled a profile with `rollbackFlag`, the IPA first checks whether the
//! device attaches with it ([`super::AttachProbe`]); if not, ES10b.ProfileRollback returns
//! to the previous profile and the rollback's result, which replaces the package's, is the
//! one delivered (from the previous profile's network).

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
use super::report::{PackageOutcome, PollOutcome, RollbackOutcome};

/// ICCID digits of an `enable` PSMO with `rollbackFlag`, if the package has one.
fn rollback_target(p: &EuiccPackageRequest) -> Option<String> {
    let EuiccPackage::PsmoList(list) = &p.euicc_package_signed.euicc_package else {
        return None;
    };
    list.iter().find_map(|psmo| match psmo {
        Psmo::Enable(e) if e.rollback_flag.is_some() => {
            proto::ids::Iccid::from_swapped_bcd(&e.iccid.0)
                .ok()
                .map(|i| i.as_str().to_string())
        }
        _ => None,
    })
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
        let mut result = EuiccPackageResult::from_der(&der)
            .map_err(|source| IpaError::CardAnswer { function, source })?;
        let mut rollback = None;
        if let Some(iccid) = rollback_target(p).filter(|_| enabled_ok(&result)) {
            let attaches = self
                .probe
                .as_ref()
                .is_none_or(|probe| probe.attaches(&self.eid, &iccid));
            if !attaches {
                tracing::info!(eid = %self.eid, %iccid, "no attach with the new profile: rollback");
                let r: ProfileRollbackResponse = call(
                    &mut self.card,
                    "ES10b.ProfileRollback",
                    &ProfileRollbackRequest {
                        refresh_flag: self.options.refresh_flag,
                    },
                )?;
                if let Some(replacement) = r.euicc_package_result {
                    result = replacement;
                }
                rollback = Some(RollbackOutcome {
                    failed_iccid: iccid,
                    cmd_result: r.cmd_result,
                });
            }
        }
        self.deliver_package_result(result, rollback).await
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
        });
        self.deliver_package_result(result, rollback)
            .await
            .map(Some)
    }

    /// A package result with the pending notifications to the eIM.
    async fn deliver_package_result(
        &mut self,
        result: EuiccPackageResult,
        rollback: Option<RollbackOutcome>,
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
        let enabled_iccid = self.enabled_iccid()?;
        Ok(PollOutcome::Package(Box::new(PackageOutcome {
            result,
            rollback,
            enabled_iccid,
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
