//! Faults the SM-DP+ serves on purpose to a device under test (`[faults]`, issue 55), met by
//! our own LPA and software eUICC over loopback TLS with the real database: each fault is
//! injected, the device ends in the recovery SGP.22 expects, and the fault is counted in
//! `smdp_faults_injected_total`.
//!
//! - An answer lost or cut short (GetBoundProfilePackage): the LPA cancels the session with
//!   reason timeout (SGP.22 3.1.3, 5.7.14), the order stays open and the next attempt
//!   installs the profile.
//! - One segment's MAC broken: the eUICC refuses the package (SGP.22 2.5.6: BSP, 5.7.6
//!   errorResult loadProfileElements / scp03tSecurityError), the LPA delivers the failed
//!   installation result and the SM-DP+ counts a failed download.
//! - The order expired during the download: GetBoundProfilePackage is refused with
//!   downloadOrderExpired (8.8.5/4.10, SGP.22 5.6.2) and the session is cancelled.

use std::net::SocketAddr;
use std::time::Duration;

use infra::faults::{FaultKind, Faults};
use infra::metrics::exposition;
use lpa::{DownloadRequest, LpaError};
use sm_dp::{OrderStatus, ProfileState, ServeOptions, SmDpConfig, Template};
use tests::metrics::scrape;
use tests::{Lab, TestEuicc};

const ICCID0: &str = "8949449999999990023";

/// The faults of a `--faults` file holding `table`, read as `smdp serve` reads it.
fn faults(table: &str) -> Faults {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("faults.toml");
    std::fs::write(&file, table).unwrap();
    SmDpConfig::from_options(&ServeOptions {
        server: server::Flags {
            data_dir: dir.path().into(),
            faults_file: Some(file),
            ..server::Flags::default()
        },
        ..ServeOptions::default()
    })
    .expect("the faults file")
    .server
    .faults
}

/// A lab serving `faults`, with its metrics, an order for one device and that device.
async fn lab_with(faults: &Faults) -> (Lab, SocketAddr, TestEuicc, String, String) {
    let served = faults.clone();
    let lab = Lab::start_with(move |c| {
        c.server.faults = served.clone();
        c.server.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let metrics = lab.smdp.metrics_addr().await.expect("metrics listener");
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, matching_id) = lab.order("lab", Some(&device.eid), None).await;
    (lab, metrics, device, iccid, matching_id)
}

async fn injected(metrics: SocketAddr, kind: FaultKind) -> f64 {
    exposition::value(
        &scrape(metrics).await,
        "smdp_faults_injected_total",
        &[("role", "smdp"), ("kind", kind.as_str())],
    )
}

/// The first download fails with no answer to GetBoundProfilePackage and is cancelled
/// (timeout); the order stays open and the second installs the profile.
async fn lost_then_recovered(kind: FaultKind) {
    let (lab, metrics, device, iccid, matching_id) = lab_with(&faults(&format!(
        "[faults]\n[[faults.rule]]\nkind = \"{}\"\neid = \"{}\"\n\
         functions = [\"getBoundProfilePackage\"]\ntimes = 1\n",
        kind.as_str(),
        lab_eid()
    )))
    .await;
    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let first = lpa.download(&request).await;
    assert!(
        matches!(&first, Err(LpaError::Connection { function, .. }) if *function == "getBoundProfilePackage"),
        "{first:?}"
    );
    // the package was bound (the work was done) and the session cancelled with timeout:
    // the order stays open for another attempt
    assert_eq!(lab.order_of(&matching_id).await.status, OrderStatus::Open);
    assert!(lpa.list_profiles().unwrap().is_empty());
    let report = lpa.download(&request).await.expect("the second attempt");
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    assert_eq!(injected(metrics, kind).await, 1.0);
    let cancelled = exposition::value(
        &scrape(metrics).await,
        "smdp_downloads_failed_total",
        &[("cause", "cancelled")],
    );
    assert_eq!(cancelled, 1.0, "the LPA cancelled the first session");
}

/// The EID of the lab PKI's own eUICC (`lab.euicc("device", None)`).
fn lab_eid() -> &'static str {
    certs::generate::DEFAULT_EID
}

#[tokio::test]
async fn sgp22_3_1_3_an_answer_lost_after_binding_then_the_device_retries() {
    lost_then_recovered(FaultKind::LoseAnswer).await;
}

#[tokio::test]
async fn sgp22_3_1_3_a_package_cut_short_then_the_device_retries() {
    lost_then_recovered(FaultKind::CutBoundProfilePackage).await;
}

#[tokio::test]
async fn sgp22_2_5_6_a_broken_segment_mac_is_refused_by_the_euicc_and_reported() {
    let (lab, metrics, device, iccid, matching_id) = lab_with(&faults(
        "[faults]\n[[faults.rule]]\nkind = \"break_mac\"\neid_prefix = \"89\"\ntimes = 1\n",
    ))
    .await;
    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let first = lpa.download(&request).await;
    match &first {
        Err(LpaError::InstallFailed {
            bpp_command_id,
            error_reason,
            ..
        }) => {
            assert!(bpp_command_id.contains("loadProfileElements"), "{first:?}");
            assert!(error_reason.contains("scp03tSecurityError"), "{first:?}");
        }
        other => panic!("the eUICC must refuse the package: {other:?}"),
    }
    assert!(lpa.list_profiles().unwrap().is_empty(), "nothing installed");
    let samples = scrape(metrics).await;
    assert_eq!(
        exposition::value(
            &samples,
            "smdp_downloads_failed_total",
            &[("cause", "installation_error")]
        ),
        1.0,
        "the failed installation result reached the SM-DP+"
    );
    assert_eq!(injected(metrics, FaultKind::BreakMac).await, 1.0);
    let _ = iccid;
}

#[tokio::test]
async fn sgp22_5_6_2_an_order_expired_during_the_download_is_refused_and_cancelled() {
    let (lab, metrics, device, _iccid, matching_id) = lab_with(&faults(
        "[faults]\n[[faults.rule]]\nkind = \"expire_order\"\nshare = 1.0\n",
    ))
    .await;
    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let refused = lpa.download(&request).await.unwrap_err();
    assert_eq!(
        refused.status_code(),
        Some(("8.8.5", "4.10")),
        "{refused:?}"
    );
    assert!(lpa.list_profiles().unwrap().is_empty());
    let samples = scrape(metrics).await;
    assert_eq!(
        exposition::value(
            &samples,
            "smdp_downloads_failed_total",
            &[("cause", "cancelled")]
        ),
        1.0,
        "the LPA cancelled the session"
    );
    assert_eq!(injected(metrics, FaultKind::ExpireOrder).await, 1.0);
}

#[tokio::test]
async fn sgp22_3_1_3_a_delayed_answer_is_waited_for() {
    let (lab, metrics, device, iccid, matching_id) = lab_with(&faults(
        "[faults]\n[[faults.rule]]\nkind = \"delay\"\ndelay_ms = 300\n\
         functions = [\"authenticateClient\"]\n",
    ))
    .await;
    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let started = std::time::Instant::now();
    let report = lpa.download(&request).await.expect("download");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    assert_eq!(injected(metrics, FaultKind::Delay).await, 1.0);
}
