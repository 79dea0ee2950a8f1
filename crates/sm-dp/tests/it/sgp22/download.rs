//! A whole download on loopback with real TLS: the operator orders over ES2+ (mTLS), a
//! scripted eUICC runs ES9+ (SGP.22 5.6) and opens the Bound Profile Package, the PIR and
//! the eUICC's other notifications move the profile, and the operator's endpoint receives
//! the progress reports (SGP.22 5.3.5).

use crate::support;

use proto::crypto::EckaKeyPair;
use proto::der::Asn1;
use proto::saip::ProfilePackage;
use proto::sgp22::{
    BoundProfilePackage, GetBoundProfilePackageRequest, GetBoundProfilePackageResponse,
    HandleNotification, NotificationEvent, RemoteProfileProvisioningRequest as Req,
    RemoteProfileProvisioningResponse as Resp, StoreMetadataRequest,
};
use serde_json::json;
use sm_dp::{IconError, ProfileState};
use support::*;

const ICCID0: &str = "8949449999999990023";

#[tokio::test]
async fn sgp22_5_3_and_5_6_download_ordered_over_es2_installed_over_es9_json() {
    let trace = tempfile::tempdir().unwrap();
    let trace_dir = trace.path().to_path_buf();
    let lab = Lab::start_with(|c| c.server.trace_dir = Some(trace_dir)).await;
    lab.inventory("lab-type", OPERATOR, 3, ICCID0).await;
    let (iccid, matching_id) = lab.order("lab-type", Some(&lab.euicc.eid), None).await;
    assert_eq!(iccid, ICCID0, "the lowest available ICCID of the type");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Released);

    let (d, ac) = lab
        .authenticate(&lab.euicc, Some(&matching_id))
        .await
        .unwrap();
    let metadata = StoreMetadataRequest::from_der(&unb64(&ac["profileMetadata"])).unwrap();
    assert_eq!(
        proto::ids::Iccid::from_swapped_bcd(&metadata.iccid.0)
            .unwrap()
            .as_str(),
        iccid
    );
    assert_eq!(metadata.service_provider_name, "Lab Operator");
    assert!(!d.smdp_signed2.as_ref().unwrap().cc_required_flag);

    let otpk = EckaKeyPair::generate().unwrap();
    let bpp = lab.get_bpp(&lab.euicc, &d, &otpk, None).await;
    assert!(executed(&bpp), "{bpp}");
    let (meta_in_bpp, profile) = lab
        .euicc
        .open_bpp(&d, &otpk, &unb64(&bpp["boundProfilePackage"]));
    assert_eq!(
        meta_in_bpp,
        unb64(&ac["profileMetadata"]),
        "StoreMetadata = profileMetadata"
    );
    assert_eq!(
        profile,
        lab.package(&iccid).await,
        "the personalized package, decrypted"
    );
    let summary = ProfilePackage::from_der(&profile)
        .unwrap()
        .summary()
        .unwrap();
    assert_eq!(summary.iccid, iccid);
    assert_eq!(summary.imsi.as_deref(), Some("001010000000001"));
    assert_eq!(summary.ki.as_ref().map(Vec::len), Some(16));
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Downloaded);

    let pir = lab.euicc.pir(&d, lab.smdp.oid(), &iccid, FQDN, 1, true);
    let r = lab
        .es9
        .call(
            "handleNotification",
            json!({"pendingNotification": b64(&pir.to_der())}),
        )
        .await;
    assert!(r.is_null(), "204 without body");
    let p = lab.profile(&iccid).await;
    assert_eq!(p.state, ProfileState::Installed);
    assert_eq!(p.eid.as_deref(), Some(lab.euicc.eid.as_str()));

    // The eUICC enables the profile and reports it (SGP.22 3.5); sent twice, applied once.
    let enable =
        lab.euicc
            .other_notification(NotificationEvent::NOTIFICATION_ENABLE, &iccid, FQDN, 2);
    for _ in 0..2 {
        let r = lab
            .es9
            .call(
                "handleNotification",
                json!({"pendingNotification": b64(&enable.to_der())}),
            )
            .await;
        assert!(r.is_null());
    }
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Enabled);
    assert_eq!(
        lab.history(&iccid).await,
        vec![
            ProfileState::Available,
            ProfileState::Linked,
            ProfileState::Released,
            ProfileState::Downloaded,
            ProfileState::Installed,
            ProfileState::Enabled,
        ]
    );

    // The operator heard: eligibility (1), BPP download (3), installation (4), enabled (101),
    // each from the SM-DP+'s TLS identity.
    let got = lab.inbox.wait_for(4).await;
    assert_eq!(lab.inbox.points(), vec![1, 3, 4, 101]);
    for v in &got {
        assert_eq!(v["iccid"], iccid.as_str());
        assert_eq!(v["eid"], lab.euicc.eid.as_str());
        assert_eq!(v["profileType"], "lab-type");
        assert_eq!(v["notificationPointStatus"]["status"], "Executed-Success");
    }
    assert_eq!(
        unb64(&got[2]["resultData"]),
        pir.to_der(),
        "PIR as resultData"
    );
    assert!(
        lab.inbox
            .client_cns
            .lock()
            .unwrap()
            .iter()
            .all(|cn| cn == FQDN)
    );

    // Every message is in the trace directory.
    let names: Vec<String> = std::fs::read_dir(trace.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    for part in [
        "es2p-downloadOrder-req.json",
        "es2p-confirmOrder-resp.json",
        "es9p-initiateAuthentication-req.json",
        "es9p-getBoundProfilePackage-resp.json",
        "es9p-handleNotification-req.json",
        "es2p-handleDownloadProgressInfo-req.json",
    ] {
        assert!(
            names.iter().any(|n| n.ends_with(part)),
            "{part} in {names:?}"
        );
    }
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_6_6_asn1_binding_downloads_a_protected_profile_package() {
    let lab = Lab::start_with(|c| c.policy.protected_profiles = true).await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    // No EID in the order: any eUICC with the Matching ID may download it.
    let (iccid, matching_id) = lab.order("lab-type", None, None).await;
    let euicc = &lab.euicc;

    let (init, d) = lab
        .es9
        .asn1_authenticate(euicc, &FQDN.to_uppercase(), &matching_id)
        .await;
    assert_eq!(init.server_signed1.server_address, FQDN.to_uppercase());
    let otpk = EckaKeyPair::generate().unwrap();
    let req = Req::GetBoundProfilePackageRequest(GetBoundProfilePackageRequest {
        transaction_id: init.transaction_id.clone(),
        prepare_download_response: euicc.prepare_download(&d, &otpk, None),
    });
    let (_, body) = lab.es9.asn1(req.to_der()).await;
    let Resp::GetBoundProfilePackageResponse(
        GetBoundProfilePackageResponse::GetBoundProfilePackageOk(ok),
    ) = Resp::from_der(&body).unwrap()
    else {
        panic!("getBoundProfilePackageOk expected");
    };
    let der = ok.bound_profile_package.to_der();
    assert!(
        BoundProfilePackage::from_der(&der)
            .unwrap()
            .second_sequence_of87
            .is_some(),
        "ReplaceSessionKeys present in PPK mode"
    );
    let (_, profile) = euicc.open_bpp(&d, &otpk, &der);
    assert_eq!(profile, lab.package(&iccid).await);

    let pir = euicc.pir(&d, lab.smdp.oid(), &iccid, FQDN, 1, true);
    let req = Req::HandleNotification(HandleNotification {
        pending_notification: pir,
    });
    let (status, body) = lab.es9.asn1(req.to_der()).await;
    assert_eq!((status, body.len()), (204, 0));
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_an_installation_error_puts_the_profile_in_error() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", None, None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let otpk = EckaKeyPair::generate().unwrap();
    assert!(executed(&lab.get_bpp(&lab.euicc, &d, &otpk, None).await));
    let pir = lab.euicc.pir(&d, lab.smdp.oid(), &iccid, FQDN, 1, false);
    lab.es9
        .call(
            "handleNotification",
            json!({"pendingNotification": b64(&pir.to_der())}),
        )
        .await;
    let p = lab.profile(&iccid).await;
    assert_eq!(p.state, ProfileState::Error);
    assert!(p.error_reason.unwrap().contains("PeProcessingError"));
    let got = lab.inbox.wait_for(3).await;
    assert_eq!(got[2]["notificationPointId"], 4);
    assert_eq!(got[2]["notificationPointStatus"]["status"], "Failed");
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_6_a_restart_between_authenticate_client_and_get_bpp_keeps_the_session() {
    let mut lab = Lab::start().await;
    // The operator is down: the eligibility report waits in the outbox across the restart.
    *lab.inbox.refuse_next.lock().unwrap() = u32::MAX;
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (iccid, mid) = lab.order("lab-type", Some(&lab.euicc.eid), None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    lab.restart(|_| {}).await;
    *lab.inbox.refuse_next.lock().unwrap() = 0;
    let otpk = EckaKeyPair::generate().unwrap();
    let bpp = lab.get_bpp(&lab.euicc, &d, &otpk, None).await;
    assert!(executed(&bpp), "{bpp}");
    let (_, profile) = lab
        .euicc
        .open_bpp(&d, &otpk, &unb64(&bpp["boundProfilePackage"]));
    assert_eq!(profile, lab.package(&iccid).await);
    lab.inbox.wait_for(2).await;
    assert_eq!(lab.inbox.points(), vec![1, 3], "nothing lost, in order");
    lab.smdp.shutdown().await;
}

/// One profile in inventory, ordered and authenticated: the operator's eligibility report
/// (notificationPointId 1) is queued in the outbox.
async fn queue_eligibility_report(lab: &Lab) {
    lab.inventory("lab-type", OPERATOR, 1, ICCID0).await;
    let (_, mid) = lab.order("lab-type", None, None).await;
    lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
}

#[tokio::test]
async fn sgp22_5_3_5_a_new_progress_report_wakes_the_sleeping_outbox() {
    // The outbox looks for due entries once an hour only: a report reaches the operator
    // within the test's wait only if queueing it wakes the worker.
    let lab =
        Lab::start_with(|c| c.outbox.poll_interval = std::time::Duration::from_secs(3600)).await;
    // The worker's first pass (nothing queued) is over and it sleeps.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    queue_eligibility_report(&lab).await;
    // wait_for gives up after 10 s.
    let got = lab.inbox.wait_for(1).await;
    assert_eq!(
        got.len(),
        1,
        "the eligibility report, without waiting for the hour"
    );
    assert_eq!(got[0]["notificationPointId"], 1);
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_3_5_a_refused_report_is_retried_when_its_backoff_ends_not_at_the_next_pass() {
    // Passes once an hour, retries after 100 ms, 200 ms: the refused report arrives within
    // the test's wait only if the worker wakes for the retry.
    let lab = Lab::start_with(|c| {
        c.outbox.poll_interval = std::time::Duration::from_secs(3600);
        c.outbox.initial_backoff = std::time::Duration::from_millis(100);
    })
    .await;
    *lab.inbox.refuse_next.lock().unwrap() = 2;
    queue_eligibility_report(&lab).await;
    // wait_for gives up after 10 s.
    let got = lab.inbox.wait_for(1).await;
    assert_eq!(
        got.len(),
        1,
        "delivered after two refusals, without waiting for the hour"
    );
    lab.smdp.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_3_5_progress_reports_are_retried_until_the_operator_accepts_them() {
    let lab = Lab::start().await;
    *lab.inbox.refuse_next.lock().unwrap() = 3;
    queue_eligibility_report(&lab).await;
    let got = lab.inbox.wait_for(1).await;
    assert_eq!(got.len(), 1, "delivered after three refusals");
    // The endpoint has it; the SM-DP+ records the delivery right after the answer.
    let mut all = Vec::new();
    for _ in 0..100 {
        all = lab.smdp.view().outbox().await.unwrap();
        if all.iter().all(|e| e.delivered_at.is_some()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].attempts, 4);
    assert!(all[0].delivered_at.is_some());
    lab.smdp.shutdown().await;
}

/// The number of `88` segments and the metadata the eUICC reassembles from them.
async fn metadata_segments(lab: &Lab) -> (usize, StoreMetadataRequest) {
    let (_, mid) = lab.order("lab-type", None, None).await;
    let (d, _) = lab.authenticate(&lab.euicc, Some(&mid)).await.unwrap();
    let otpk = EckaKeyPair::generate().unwrap();
    let r = lab.get_bpp(&lab.euicc, &d, &otpk, None).await;
    let der = unb64(&r["boundProfilePackage"]);
    let bpp = BoundProfilePackage::from_der(&der).unwrap();
    let (metadata, _) = lab.euicc.open_bpp(&d, &otpk, &der);
    (
        bpp.sequence_of88.len(),
        StoreMetadataRequest::from_der(&metadata).unwrap(),
    )
}

/// SGP.22 2.5.5: StoreMetadata travels in `88` segments of at most 1020 octets. A profile
/// type its operator gave a 1024-octet icon (5.5.3's largest) has metadata over one segment:
/// two segments, which the eUICC reassembles, icon included; without an icon, one.
#[tokio::test]
async fn sgp22_2_5_5_metadata_over_one_segment_is_split() {
    let lab = Lab::start().await;
    lab.inventory("lab-type", OPERATOR, 2, ICCID0).await;
    let (n, metadata) = metadata_segments(&lab).await;
    assert_eq!((n, metadata.icon), (1, None));

    let mut icon = b"\x89PNG\r\n\x1a\n".to_vec();
    icon.resize(1024, 0x55);
    let view = lab.smdp.view();
    view.set_profile_icon("lab-type", Some(&icon))
        .await
        .unwrap();
    let (n, metadata) = metadata_segments(&lab).await;
    assert_eq!(n, 2);
    assert_eq!(metadata.icon_type, Some(proto::sgp22::IconType::Png));
    assert_eq!(metadata.icon, Some(icon.clone()));

    icon.push(0);
    assert!(matches!(
        view.set_profile_icon("lab-type", Some(&icon)).await,
        Err(IconError::TooLarge(1025))
    ));
    assert!(matches!(
        view.set_profile_icon("lab-type", Some(b"GIF89a")).await,
        Err(IconError::NotAnImage)
    ));
    lab.smdp.shutdown().await;
}
