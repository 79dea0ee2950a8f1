//! Field-quirk LPAs against the SM-DP+ (SGP.22 5.6.3, 5.6.4; `lpa::quirks`): a
//! device that sends euiccSignature1 DER-encoded is refused with the specification's code
//! for a bad eUICC signature; one that sends every notification twice is answered 204 both
//! times and changes nothing at the SM-DP+. All on loopback with real TLS.

use lpa::DownloadRequest;
use lpa::quirks::{Quirk, Quirks};
use proto::json::StatusCode;
use sm_dp::{OrderStatus, ProfileState, Template};
use tests::Lab;

const ICCID0: &str = "8949449999999990023";

fn quirks(q: Quirk) -> Quirks {
    [q].into_iter().collect()
}

#[tokio::test]
async fn sgp22_5_6_3_a_der_encoded_euicc_signature1_is_refused_8_1_6_1() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab", None, None).await;
    let device = lab.euicc("device", None);
    let mut options = lab.lpa_options();
    options.es9.quirks = quirks(Quirk::DerSignatures);
    let request = DownloadRequest::activation_code(&lab.activation_code(&mid)).unwrap();
    let e = device.lpa(options).download(&request).await.unwrap_err();
    // SGP.22 2.6.5 wants r‖s: the SM-DP+ does not guess the encoding.
    assert!(
        e.is_server_code(StatusCode::EUICC_VERIFICATION_FAILED),
        "{e}"
    );
    assert_eq!(e.function(), Some("authenticateClient"));
    assert!(device.open().info().profiles.is_empty());
    assert_ne!(lab.profile(&iccid).await.state, ProfileState::Installed);
    // The same order downloads for a device that follows 2.6.5.
    device
        .lpa(lab.lpa_options())
        .download(&request)
        .await
        .expect("download with r‖s");
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Done);
}

#[tokio::test]
async fn sgp22_5_6_4_a_notification_sent_twice_is_answered_204_and_changes_nothing() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab", None, None).await;
    let device = lab.euicc("device", None);
    let trace = tempfile::tempdir().expect("trace dir");
    let mut options = lab.lpa_options();
    options.es9.quirks = quirks(Quirk::NotificationsTwice);
    options.es9.trace_dir = Some(trace.path().to_path_buf());
    let request = DownloadRequest::activation_code(&lab.activation_code(&mid)).unwrap();
    let report = device
        .lpa(options)
        .download(&request)
        .await
        .expect("download");
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    // Both HandleNotification requests went out and both were answered (204, no body).
    let names: Vec<String> = std::fs::read_dir(trace.path())
        .expect("trace")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("handleNotification"))
        .collect();
    let requests = names.iter().filter(|n| n.ends_with("-req.json")).count();
    let answers = names.iter().filter(|n| n.contains("-resp.")).count();
    assert_eq!((requests, answers), (2, 2), "{names:?}");
    // The installation result counted once: installed, the order done, nothing pending.
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Done);
    assert!(device.open().info().pending_notifications.is_empty());
}
