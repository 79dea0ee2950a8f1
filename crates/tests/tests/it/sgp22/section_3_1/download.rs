//! The first end-to-end download (SGP.22 3.1.3, 5.3, 5.6, 5.7): the operator orders over
//! ES2+ with mutual TLS, the device LPA downloads into a software eUICC through the APDU
//! layer over ES9+ with real TLS, the installation result and the enable/disable/delete
//! notifications move the profile at the SM-DP+, and the operator receives the progress
//! reports (ES2+.HandleDownloadProgressInfo).

use lpa::{Delivery, DownloadRequest, DownloadTarget, commands};
use sm_dp::OrderStatus;
use sm_dp::ProfileState;
use sm_dp::Template;
use tests::{FQDN, Lab, ts48};

const ICCID0: &str = "8949449999999990023";

/// notificationPointId of SGP.22 5.3.5 as the SM-DP+ sends them.
const BPP_DOWNLOAD: i64 = 3;
const BPP_INSTALLATION: i64 = 4;
const DELETED: i64 = 5;
const ENABLED: i64 = 101;
const DISABLED: i64 = 102;

#[tokio::test]
async fn sgp22_3_1_3_order_download_install_enable_and_the_operator_is_told() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 2, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, matching_id) = lab.order("lab", Some(&device.eid), None).await;
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);

    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let report = lpa.download(&request).await.expect("download");
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    assert_eq!(report.smdp_address, FQDN);
    assert_eq!(
        report.service_provider_name.as_deref(),
        Some("Lab Operator")
    );
    let pir = &report.notifications[0];
    assert_eq!(pir.operation, "install");
    assert_eq!(pir.delivery, Delivery::Accepted { removed: true });

    // the SM-DP+ saw the installation result
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    assert_eq!(lab.order_of(&matching_id).await.status, OrderStatus::Done);
    let profiles = lpa.list_profiles().unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].state, "disabled");

    // enable: the notification moves the profile at the SM-DP+ and is then removed
    let enabled = lpa.enable(&iccid).await.expect("enable");
    assert_eq!(enabled.notifications.len(), 1, "{enabled}");
    assert_eq!(enabled.notifications[0].operation, "enable");
    assert!(enabled.notifications[0].accepted(), "{enabled}");
    assert_eq!(lpa.list_profiles().unwrap()[0].state, "enabled");
    assert!(lpa.list_notifications().unwrap().is_empty());
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Enabled);

    let points = lab.inbox.wait_for_point(&iccid, ENABLED).await;
    for point in [BPP_DOWNLOAD, BPP_INSTALLATION, ENABLED] {
        assert!(
            points.contains(&(point, "Executed-Success".into())),
            "point {point} in {points:?}"
        );
    }
    let report = &lab
        .inbox
        .received()
        .into_iter()
        .find(|v| v["notificationPointId"] == BPP_INSTALLATION)
        .unwrap();
    assert_eq!(report["eid"], device.eid.as_str());
    assert_eq!(report["profileType"], "lab");
}

#[tokio::test]
async fn sgp22_3_1_3_state_file_commands_download_disable_delete() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, matching_id) = lab.order("lab", None, None).await;
    let trace = lab.dir.path().join("trace");
    let mut options = lab.lpa_options();
    options.es9.trust = None; // the eUICC's CIs are the default roots
    options.es9.trace_dir = Some(trace.clone());

    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let report = commands::download(&device.path, options.clone(), &request)
        .await
        .expect("download");
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    let listed = commands::list(&device.path, options.clone()).unwrap();
    assert_eq!(listed[0].iccid.as_deref(), Some(iccid.as_str()));

    commands::enable(&device.path, options.clone(), &iccid)
        .await
        .unwrap();
    commands::disable(&device.path, options.clone(), &iccid)
        .await
        .unwrap();
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Disabled);
    let deleted = commands::delete(&device.path, options.clone(), &iccid)
        .await
        .unwrap();
    assert_eq!(deleted.notifications.len(), 1, "{deleted}");
    assert!(deleted.notifications[0].accepted(), "{deleted}");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Deleted);
    assert!(
        commands::list(&device.path, options.clone())
            .unwrap()
            .is_empty()
    );
    assert!(device.open().info().pending_notifications.is_empty());
    let points = lab.inbox.wait_for_point(&iccid, DELETED).await;
    for point in [ENABLED, DISABLED, DELETED] {
        assert!(points.iter().any(|(p, _)| *p == point), "{points:?}");
    }

    // every ES9+ message of the session is in the trace directory
    let names: Vec<String> = std::fs::read_dir(&trace)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    for function in [
        "initiateAuthentication-req.json",
        "authenticateClient-resp.json",
        "getBoundProfilePackage-resp.json",
        "handleNotification-req.json",
    ] {
        assert!(
            names.iter().any(|n| n.ends_with(function)),
            "{function} in {names:?}"
        );
    }
}

#[tokio::test]
async fn sgp22_3_1_3_confirmation_code_is_sent_hashed() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, matching_id) = lab.order("lab", None, Some("4711")).await;
    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id))
        .unwrap()
        .with_confirmation_code("4711");
    let report = lpa.download(&request).await.expect("download");
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
}

#[tokio::test]
async fn sgp22_3_1_3_2_default_smdp_download_by_eid_alone() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let eid = proto::ids::Eid::parse(&device.eid).unwrap();
    let ordered = lab
        .es2
        .download_order(Some(eid.clone()), None, Some("lab".into()))
        .await
        .unwrap();
    let mut confirm = sm_dp::ConfirmOrder::new(ordered.iccid.clone());
    confirm.eid = Some(eid);
    confirm.matching_id = Some(String::new());
    lab.es2.confirm_order(confirm).await.unwrap();

    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest {
        target: DownloadTarget::DefaultSmdp { matching_id: None },
        confirmation_code: None,
    };
    let report = lpa.download(&request).await.expect("download");
    assert_eq!(report.iccid.as_deref(), Some(ordered.iccid.as_str()));
}

#[tokio::test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
async fn sgp22_3_1_3_ts48_profile_as_the_template() {
    let Some(template) = ts48("TS48V2-SAIP2-3-NOBERTLV-UNIQUE.der") else {
        return;
    };
    let lab = Lab::start().await;
    lab.inventory("ts48", Template::File(template), 1, ICCID0)
        .await;
    let device = lab.euicc("device", None);
    let (iccid, matching_id) = lab.order("ts48", Some(&device.eid), None).await;
    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    let report = lpa
        .download(&request)
        .await
        .expect("download of a TS.48 profile");
    assert_eq!(report.iccid.as_deref(), Some(iccid.as_str()));
    lpa.enable(&iccid).await.expect("enable");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Enabled);
    let euicc = device.open();
    let info = euicc.info();
    assert_eq!(info.profiles.len(), 1);
    assert_eq!(info.profiles[0].iccid, iccid);
    assert_eq!(
        info.profiles[0].imsi.as_deref(),
        Some(lab.profile(&iccid).await.imsi.as_str())
    );
}

#[tokio::test]
async fn sgp22_2_6_6_smdp_tls_certificate_must_chain_to_the_trusted_roots() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, mid) = lab.order("lab", None, None).await;
    let request = DownloadRequest::activation_code(&lab.activation_code(&mid)).unwrap();

    let foreign = certs::generate(&certs::LabPkiOptions {
        organization: "elsewhere".into(),
        ..certs::LabPkiOptions::default()
    })
    .unwrap();
    let mut options = lab.lpa_options();
    options.es9.trust = Some(lpa::ServerTrust::roots(vec![
        foreign
            .require(certs::CertRole::Ci)
            .unwrap()
            .cert_der
            .clone(),
    ]));
    let e = device.lpa(options).download(&request).await.unwrap_err();
    assert!(
        matches!(
            e,
            lpa::LpaError::Connection {
                function: "initiateAuthentication",
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);

    // by explicit choice, no verification
    let mut options = lab.lpa_options();
    options.es9.trust = Some(lpa::ServerTrust::Insecure);
    device
        .lpa(options)
        .download(&request)
        .await
        .expect("download");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
}

/// SGP.22 3.5 / 5.6.4: `rsp-lab lpa notifications process` (commands::process_notifications)
/// delivers a notification left pending on the eUICC and removes it once the SM-DP+
/// accepted it.
#[tokio::test]
async fn sgp22_3_5_pending_notifications_are_processed_later_and_removed() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, matching_id) = lab.order("lab", None, None).await;
    let mut options = lab.lpa_options();
    options.es9.trust = None; // the eUICC's CIs are the default roots
    let request = DownloadRequest::activation_code(&lab.activation_code(&matching_id)).unwrap();
    commands::download(&device.path, options.clone(), &request)
        .await
        .expect("download");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);

    options.process_notifications = false;
    let enabled = commands::enable(&device.path, options.clone(), &iccid)
        .await
        .unwrap();
    assert!(enabled.notifications.is_empty(), "{enabled}");
    let pending = device.open().info().pending_notifications;
    assert_eq!(
        pending.len(),
        1,
        "the enable notification waits on the eUICC"
    );
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);

    let reports = commands::process_notifications(&device.path, options)
        .await
        .unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].operation, "enable");
    assert_eq!(reports[0].delivery, Delivery::Accepted { removed: true });
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Enabled);
    assert!(device.open().info().pending_notifications.is_empty());
}
