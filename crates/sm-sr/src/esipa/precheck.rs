//! Signatures checked before the write transaction that takes them.
//!
//! ProvideEimPackageResult and HandleNotification take a device's results and notifications
//! in one write transaction, which verifies every signature it accepts: euiccSignEPR and
//! euiccSignEPE (SGP.32 v1.2 2.11.2.1), euiccSignPIR (SGP.22 5.7.6) and
//! euiccNotificationSignature (SGP.22 5.7.10). Elliptic-curve work inside the transaction
//! holds the single writer (and every poll queued behind it) for about 60 µs a signature.
//! So before the transaction the eIM reads the device's certificate and association token
//! (a read transaction, closed at once) and verifies the same signatures on a blocking
//! thread: the successes land in the process's memo of verified signatures
//! (`certs::verify::verify_remembered`), where the transaction's own checks find them.
//!
//! The outcome of this pass decides nothing: a signature that fails here fails again inside
//! the transaction, which records the refusal as before; one checked with a certificate the
//! transaction no longer sees (changed in between, or the memo emptied) is verified there.
//! Compact notifications are left to the transaction: their signed form is rebuilt from the
//! relay session it reads.

use proto::sgp22::PendingNotification;
use proto::sgp32::{
    EimPackageResult, EuiccPackageResult, IpaEuiccDataResponse, ProfileDownloadTriggerResultData,
    ProvideEimPackageResult, SGP32PendingNotification,
};

use crate::context::{Context, Ctx};
use crate::engine::delivery::eid_of;
use crate::esep;
use crate::store::devices;

/// What the device's signatures are checked with.
struct Keys {
    euicc_cert: Option<Vec<u8>>,
    association_token: Option<i64>,
}

/// Verifies ahead the signatures of a ProvideEimPackageResult whose eidValue names a
/// registered device; any failure (unknown device, storage) just leaves the checks to the
/// transaction.
pub(crate) async fn results(ctx: &Ctx, req: &ProvideEimPackageResult) {
    let Some(eid) = req.eid_value.and_then(|e| eid_of(&e).ok()) else {
        return;
    };
    let Some(keys) = keys_of(ctx, eid.to_string()).await else {
        return;
    };
    let (c, req) = (ctx.clone(), req.clone());
    run(move || check_result(&c, &req.eim_package_result, keys)).await;
}

/// Verifies ahead a full notification handed over alone (its certificate is the device's,
/// or the one it carries).
pub(crate) async fn notification(ctx: &Ctx, n: &SGP32PendingNotification) {
    let Some(full) = full_form(n) else { return };
    let eid = match &full {
        PendingNotification::ProfileInstallationResult(_) => None,
        PendingNotification::OtherSignedNotification(o) => {
            certs::verify::facts::CertFacts::parse(o.euicc_certificate.0.as_bytes())
                .ok()
                .and_then(|f| f.subject_serial_number().map(str::to_string))
        }
    };
    let keys = match eid {
        Some(eid) => keys_of(ctx, eid).await,
        None => None,
    };
    let keys = keys.unwrap_or(Keys {
        euicc_cert: None,
        association_token: None,
    });
    run(move || check_notification(&full, &keys)).await;
}

async fn keys_of(ctx: &Ctx, eid: String) -> Option<Keys> {
    ctx.store
        .read(move |tx| devices::get(tx, &eid))
        .await
        .ok()
        .flatten()
        .map(|d| Keys {
            euicc_cert: d.euicc_cert,
            association_token: d.association_token,
        })
}

async fn run(check: impl FnOnce() + Send + 'static) {
    // A failed hand-off only means the transaction does the work.
    let _ = tokio::task::spawn_blocking(check).await;
}

fn check_result(ctx: &Context, r: &EimPackageResult, mut keys: Keys) {
    let keys = &mut keys;
    match r {
        EimPackageResult::EuiccPackageResult(r) => check_package_result(r, keys),
        EimPackageResult::EprAndNotifications(e) => {
            check_package_result(&e.euicc_package_result, keys);
            for n in &e.notification_list {
                check_pending(n, keys);
            }
        }
        EimPackageResult::IpaEuiccDataResponse(IpaEuiccDataResponse::IpaEuiccData(d)) => {
            // Certificates sent with the data are checked (their chain) and, once learnt,
            // are what the lists that follow are verified with.
            if let (Some(euicc), Some(eum)) = (&d.euicc_certificate, &d.eum_certificate) {
                let (euicc, eum) = (euicc.0.as_bytes(), eum.0.as_bytes());
                let now = Some(time::OffsetDateTime::now_utc());
                if certs::verify_euicc_chain(&ctx.creds.cis, eum, euicc, now).is_ok() {
                    keys.euicc_cert = Some(euicc.to_vec());
                }
            }
            for r in d.euicc_package_result_list.iter().flatten() {
                check_package_result(r, keys);
            }
            for n in d.notifications_list.iter().flatten() {
                check_pending(n, keys);
            }
        }
        EimPackageResult::ProfileDownloadTriggerResult(t) => {
            if let ProfileDownloadTriggerResultData::ProfileInstallationResult(pir) =
                &t.profile_download_trigger_result_data
            {
                let _ = esep::verify_installation_result(pir, keys.euicc_cert.as_deref());
            }
        }
        EimPackageResult::IpaEuiccDataResponse(
            IpaEuiccDataResponse::IpaEuiccDataResponseError(_),
        )
        | EimPackageResult::EimPackageResultResponseError(_) => {}
    }
}

fn check_package_result(r: &EuiccPackageResult, keys: &Keys) {
    if !matches!(r, EuiccPackageResult::EuiccPackageErrorUnsigned(_)) {
        let _ = esep::verify_package_result(r, keys.euicc_cert.as_deref(), keys.association_token);
    }
}

fn check_pending(n: &SGP32PendingNotification, keys: &Keys) {
    if let Some(full) = full_form(n) {
        check_notification(&full, keys);
    }
}

fn check_notification(full: &PendingNotification, keys: &Keys) {
    let _ = match full {
        PendingNotification::ProfileInstallationResult(p) => match &keys.euicc_cert {
            Some(cert) => esep::verify_installation_result(p, Some(cert)),
            None => Ok(()),
        },
        PendingNotification::OtherSignedNotification(o) => esep::verify_other_notification(o),
    };
}

/// The SGP.22 form of a notification that is not compact.
fn full_form(n: &SGP32PendingNotification) -> Option<PendingNotification> {
    match n {
        SGP32PendingNotification::CompactProfileInstallationResult(_)
        | SGP32PendingNotification::CompactOtherSignedNotification(_) => None,
        full => full.to_sgp22(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use eim_testkit::euicc::{TestEuicc, forge};
    use proto::crypto::{PublicKey, Signature};

    /// Whether the process remembers the euiccSignEPR of `r` as verified by `euicc`'s key.
    fn remembered(euicc: &TestEuicc, r: &EuiccPackageResult) -> bool {
        let EuiccPackageResult::EuiccPackageResultSigned(s) = r else {
            panic!("a signed result");
        };
        let key = PublicKey::from_certificate_der(&euicc.cert).expect("eUICC key");
        let input = esep::signed_input(s.euicc_package_result_data_signed.raw(), Some(euicc.token));
        let sig = Signature::from_raw(&s.euicc_sign_epr).expect("r||s");
        certs::verify::remembered(&key, &input, &sig)
    }

    #[test]
    fn a_result_that_verifies_ahead_is_found_by_the_transactions_check_and_a_forged_one_is_not() {
        let pki = eim_testkit::pki();
        let mut euicc = TestEuicc::of(&pki, 7);
        let keys = Keys {
            euicc_cert: Some(euicc.cert.clone()),
            association_token: Some(euicc.token),
        };
        let genuine = euicc.result(1, None, Vec::new());
        let forged = forge(&euicc.result(2, None, Vec::new()));
        assert!(!remembered(&euicc, &genuine));
        check_package_result(&genuine, &keys);
        check_package_result(&forged, &keys);
        assert!(remembered(&euicc, &genuine));
        assert!(!remembered(&euicc, &forged));
        // Inside the transaction the forged result is still refused.
        assert!(
            esep::verify_package_result(
                &forged,
                keys.euicc_cert.as_deref(),
                keys.association_token
            )
            .is_err()
        );
        assert!(
            esep::verify_package_result(
                &genuine,
                keys.euicc_cert.as_deref(),
                keys.association_token
            )
            .is_ok()
        );
    }
}
