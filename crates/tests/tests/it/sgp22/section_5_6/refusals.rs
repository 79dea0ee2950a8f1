//! Downloads that must fail, end to end (SGP.22 5.6 refusals seen by the device LPA): each
//! is refused with the specification's own code at the step that checks it, the LPA ends
//! the session on both sides, and the order and profile at the SM-DP+ are where they must
//! be afterwards.

use std::time::Duration;

use certs::LabPkiOptions;
use euicc_sim::Credentials;
use lpa::{DownloadRequest, Lpa, LpaError};
use proto::json::StatusCode;
use sm_dp::OrderStatus;
use sm_dp::{ProfileState, Template};
use tests::{Lab, RewriteResponses, TamperSegment, TestEuicc};

const ICCID0: &str = "8949449999999990023";

fn ac(lab: &Lab, matching_id: &str) -> DownloadRequest {
    DownloadRequest::activation_code(&lab.activation_code(matching_id)).unwrap()
}

async fn lab_with_stock() -> Lab {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 3, ICCID0).await;
    lab
}

/// The eUICC holds no profile and no notification.
fn untouched(device: &TestEuicc) {
    let info = device.open().info();
    assert!(info.profiles.is_empty(), "{:?}", info.profiles);
    assert!(
        info.pending_notifications.is_empty(),
        "{:?}",
        info.pending_notifications
    );
}

#[tokio::test]
async fn sgp22_5_6_3_unknown_matching_id_is_refused_8_2_6_3_8() {
    let lab = lab_with_stock().await;
    let device = lab.euicc("device", None);
    let mut lpa = device.lpa(lab.lpa_options());
    let e = lpa.download(&ac(&lab, "NO-SUCH-ORDER")).await.unwrap_err();
    assert!(e.is_server_code(StatusCode::MATCHING_ID_REFUSED), "{e}");
    assert_eq!(e.function(), Some("authenticateClient"));
    assert!(
        e.to_string()
            .starts_with("authenticateClient refused: 8.2.6/3.8 Matching ID refused"),
        "{e}"
    );
    drop(lpa);
    untouched(&device);
    // the eUICC's session was cancelled: a new download runs at once
    let (_, mid) = lab.order("lab", None, None).await;
    device
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid))
        .await
        .expect("download after a refusal");
}

#[tokio::test]
async fn sgp22_5_6_3_order_for_another_eid_is_refused_and_stays_for_its_eid() {
    let lab = lab_with_stock().await;
    let owner = lab.euicc("owner", None);
    let other = lab.euicc("other", Some(7));
    assert_ne!(owner.eid, other.eid);
    let (iccid, mid) = lab.order("lab", Some(&owner.eid), None).await;

    let e = other
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid))
        .await
        .unwrap_err();
    assert!(e.is_server_code(StatusCode::EID_REFUSED), "{e}");
    untouched(&other);
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Open);
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);

    owner
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid))
        .await
        .expect("the right eUICC still downloads");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
}

#[tokio::test]
async fn sgp22_5_6_3_expired_order_is_refused_8_8_5_4_10() {
    let lab = Lab::start_with(|c| c.policy.order_ttl = Duration::from_millis(200)).await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (_, mid) = lab.order("lab", None, None).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let e = device
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid))
        .await
        .unwrap_err();
    assert!(e.is_server_code(StatusCode::DOWNLOAD_ORDER_EXPIRED), "{e}");
    untouched(&device);
}

#[tokio::test]
async fn sgp22_5_6_2_wrong_confirmation_code_is_refused_then_the_right_one_works() {
    let lab = lab_with_stock().await;
    let device = lab.euicc("device", None);
    let (iccid, mid) = lab.order("lab", None, Some("4711")).await;

    // no code at hand: the LPA postpones, nothing is spent
    let e = device
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid))
        .await
        .unwrap_err();
    assert!(matches!(e, LpaError::ConfirmationCodeRequired), "{e}");
    untouched(&device);

    let e = device
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid).with_confirmation_code("0000"))
        .await
        .unwrap_err();
    assert!(
        e.is_server_code(StatusCode::CONFIRMATION_CODE_REFUSED),
        "{e}"
    );
    assert_eq!(e.function(), Some("getBoundProfilePackage"));
    untouched(&device);
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Open);

    device
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid).with_confirmation_code("4711"))
        .await
        .expect("download with the right code");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
}

#[tokio::test]
async fn sgp22_5_6_2_confirmation_code_retries_exhausted_end_the_order() {
    let lab = lab_with_stock().await;
    let device = lab.euicc("device", None);
    let (iccid, mid) = lab.order("lab", None, Some("4711")).await;
    let mut last = None;
    for _ in 0..5 {
        let e = device
            .lpa(lab.lpa_options())
            .download(&ac(&lab, &mid).with_confirmation_code("0000"))
            .await
            .unwrap_err();
        let done = e.is_server_code(StatusCode::CONFIRMATION_CODE_RETRIES_EXCEEDED);
        last = Some(e);
        if done {
            break;
        }
    }
    let last = last.unwrap();
    assert!(
        last.is_server_code(StatusCode::CONFIRMATION_CODE_RETRIES_EXCEEDED),
        "{last}"
    );
    // not even the right code helps now
    let e = device
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid).with_confirmation_code("4711"))
        .await
        .unwrap_err();
    assert!(e.status_code().is_some(), "{e}");
    untouched(&device);
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Failed);
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Error);
}

#[tokio::test]
async fn sgp22_5_6_1_euicc_of_an_unknown_ci_is_refused() {
    let lab = lab_with_stock().await;
    let (_, mid) = lab.order("lab", None, None).await;
    let foreign = certs::generate(&LabPkiOptions {
        organization: "elsewhere".into(),
        ..LabPkiOptions::default()
    })
    .unwrap();

    // an eUICC that knows only its own CI: no CI in common
    let stranger = TestEuicc::create(
        &lab.dir.path().join("stranger.json"),
        Credentials::from_pki(&foreign).unwrap(),
    );
    let e = stranger
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid))
        .await
        .unwrap_err();
    assert!(
        e.is_server_code(StatusCode::SECURITY_CONFIGURATION_UNSUPPORTED),
        "{e}"
    );
    assert_eq!(e.function(), Some("initiateAuthentication"));

    // EUICCInfo1 (not signed) altered in transit to claim the lab CI for signing: the
    // SM-DP+ picks that CI and the eUICC, which cannot sign under it, refuses the server
    let mut creds = Credentials::from_pki(&foreign).unwrap();
    let lab_ci = lab
        .pki
        .require(certs::CertRole::Ci)
        .unwrap()
        .cert_der
        .clone();
    creds.trust_ci(&lab_ci).unwrap();
    let foreign_ski = foreign.ci_anchor().unwrap().ski().to_vec();
    let lab_ski = lab.pki.ci_anchor().unwrap().ski().to_vec();
    let impostor = TestEuicc::create(&lab.dir.path().join("impostor.json"), creds);
    let card = RewriteResponses::new(impostor.card(), &foreign_ski, &lab_ski);
    let mut lpa = Lpa::open(card, lab.lpa_options()).unwrap();
    let e = lpa.download(&ac(&lab, &mid)).await.unwrap_err();
    assert!(lpa.close().rewritten > 0);
    assert_eq!(
        e.to_string(),
        "ES10b.AuthenticateServer refused by the eUICC: ciPKUnknown(7)"
    );
    untouched(&impostor);
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Open);
}

#[tokio::test]
async fn sgp22_5_7_6_tampered_package_is_refused_by_the_euicc_and_the_order_fails() {
    let lab = lab_with_stock().await;
    let device = lab.euicc("device", None);
    let (iccid, mid) = lab.order("lab", Some(&device.eid), None).await;
    let card = TamperSegment::new(device.card(), 0);
    let mut lpa = Lpa::open(card, lab.lpa_options()).unwrap();
    let e = lpa.download(&ac(&lab, &mid)).await.unwrap_err();
    let card = lpa.close();
    assert!(card.tampered, "a LoadProfileElements segment went by");
    match &e {
        LpaError::InstallFailed {
            iccid: failed,
            error_reason,
            ..
        } => {
            assert_eq!(failed.as_deref(), Some(iccid.as_str()));
            assert!(error_reason.starts_with("scp03tSecurityError"), "{e}");
        }
        other => panic!("{other}"),
    }
    // the failed installation result was delivered and removed
    untouched(&device);
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Error);
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Failed);
    let points = lab.inbox.wait_for_point(&iccid, 4).await;
    assert!(points.contains(&(4, "Failed".into())), "{points:?}");
}

/// SGP.22 5.6.1 / 3.1.2: an SM-DP+ addressed by another name than its own refuses
/// InitiateAuthentication with 8.8.1/3.8 (invalidDpAddress) before it signs anything, so no
/// serverSigned1 ever names an address the LPA did not call; the eUICC never got a session
/// (nothing to cancel) and the order is still there for a correctly addressed SM-DP+.
#[tokio::test]
async fn sgp22_5_6_1_smdp_address_not_the_smdps_own_is_refused_8_8_1_3_8() {
    let lab = Lab::start_with(|c| c.address = Some("other.rsp-lab.test".into())).await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, mid) = lab.order("lab", None, None).await;
    let e = device
        .lpa(lab.lpa_options())
        .download(&ac(&lab, &mid))
        .await
        .unwrap_err();
    assert!(e.is_server_code(StatusCode::SMDP_ADDRESS_REFUSED), "{e}");
    assert_eq!(e.function(), Some("initiateAuthentication"));
    untouched(&device);
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Open);
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);
}

/// SGP.22 3.1.2 / 5.6.1: the LPA refuses a serverSigned1 whose serverAddress is not the
/// SM-DP+ address it called. A relay answers for `smdp.rsp-lab.test` with what an SM-DP+
/// known as `other.rsp-lab.test` signed (a valid signature, a valid chain): the LPA stops
/// after InitiateAuthentication, before ES10b.AuthenticateServer, so the eUICC never holds a
/// session (there is nothing to cancel: ES10b/ES9+.CancelSession need one), and the order
/// stays open.
#[tokio::test]
async fn sgp22_3_1_2_server_signed1_for_another_smdp_address_is_refused_by_the_lpa() {
    const OTHER: &str = "other.rsp-lab.test";
    let lab = Lab::start_with(|c| c.address = Some(OTHER.into())).await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, mid) = lab.order("lab", None, None).await;
    let relay = tests::address_rewriting_relay(&lab, OTHER).await;
    let mut options = lab.lpa_options();
    options.es9.resolve[0].addr = relay;
    let e = device
        .lpa(options)
        .download(&ac(&lab, &mid))
        .await
        .unwrap_err();
    match &e {
        LpaError::ServerAnswer { function, detail } => {
            assert_eq!(*function, "initiateAuthentication");
            assert!(
                detail.contains(&format!("serverAddress {OTHER:?}"))
                    && detail.contains(&format!("{:?}", tests::FQDN)),
                "{detail}"
            );
        }
        other => panic!("{other}"),
    }
    untouched(&device);
    assert_eq!(lab.order_of(&mid).await.status, OrderStatus::Open);
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);
}
