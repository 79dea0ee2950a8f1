//! The eUICC signatures a ProvideEimPackageResult or HandleNotification carries (SGP.32
//! v1.2 5.14.6, 5.14.7), verified before the write transaction that takes them, so that
//! the eIM's one writer does not spend its time in ECDSA ([`esep::Checked`]).
//!
//! What is verified here: euiccSignEPR / euiccSignEPE of each package result, euiccSignPIR
//! of each full installation result, and the signature of each full other notification,
//! with the certificate and association token a short read finds for the device the
//! request names. Compact notifications are rebuilt inside the transaction (from the relay
//! session or the device's certificates) and verified there. Nothing here refuses: a
//! signature that does not verify, or a device not found, is left to the transaction,
//! which answers with the function's own error as before.

use proto::sgp32::{
    EimPackageResult, EuiccPackageResult, HandleNotificationEsipa, IpaEuiccDataResponse,
    ProfileDownloadTriggerResultData, ProvideEimPackageResult, SGP32PendingNotification,
};

use super::named::{Named, result_device};
use crate::context::Ctx;
use crate::esep::{self, Checked};

/// The signatures of `req` that verify with what the eIM holds for its device now.
pub(super) async fn results(ctx: &Ctx, req: &ProvideEimPackageResult) -> Checked {
    let named = Named::of(req);
    let signer = ctx
        .store
        .read_inline(move |tx| {
            Ok::<_, crate::engine::EngineError>(
                result_device(tx, &named)?
                    .ok()
                    .map(|d| (d.euicc_cert, d.association_token)),
            )
        })
        .await;
    let checked = Checked::none();
    let Ok(Some((cert, token))) = signer else {
        return checked;
    };
    let cert = cert.as_deref();
    let result = |r: &EuiccPackageResult| {
        let _ = esep::verify_package_result(r, cert, token, &checked);
    };
    let notification = |n: &SGP32PendingNotification| notification(n, cert, &checked);
    match &req.eim_package_result {
        EimPackageResult::EuiccPackageResult(r) => result(r),
        EimPackageResult::EprAndNotifications(e) => {
            result(&e.euicc_package_result);
            e.notification_list.iter().for_each(notification);
        }
        EimPackageResult::IpaEuiccDataResponse(IpaEuiccDataResponse::IpaEuiccData(d)) => {
            d.euicc_package_result_list
                .iter()
                .flatten()
                .for_each(result);
            d.notifications_list.iter().flatten().for_each(notification);
        }
        EimPackageResult::ProfileDownloadTriggerResult(t) => {
            if let ProfileDownloadTriggerResultData::ProfileInstallationResult(pir) =
                &t.profile_download_trigger_result_data
            {
                let _ = esep::verify_installation_result(pir, cert, &checked);
            }
        }
        EimPackageResult::IpaEuiccDataResponse(_)
        | EimPackageResult::EimPackageResultResponseError(_) => {}
    }
    checked
}

/// The signature of a notification handed on its own: an other notification carries its
/// certificate, so no read is needed; an installation result is verified in the
/// transaction, which finds its device.
pub(super) fn notification_alone(req: &HandleNotificationEsipa) -> Checked {
    let checked = Checked::none();
    if let HandleNotificationEsipa::PendingNotification(
        SGP32PendingNotification::OtherSignedNotification(o),
    ) = req
    {
        let _ = esep::verify_other_notification(o, &checked);
    }
    checked
}

/// A full notification's signature, with the device's certificate for an installation
/// result.
fn notification(n: &SGP32PendingNotification, cert: Option<&[u8]>, checked: &Checked) {
    let _ = match n {
        SGP32PendingNotification::ProfileInstallationResult(p) => {
            esep::verify_installation_result(p, cert, checked)
        }
        SGP32PendingNotification::OtherSignedNotification(o) => {
            esep::verify_other_notification(o, checked)
        }
        _ => Ok(()),
    };
}
