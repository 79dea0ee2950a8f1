//! ESipa eIM Package exchange (SGP.32 v1.2 5.14.5, 5.14.6, 6.3.2.6, 6.3.2.7) end to end on
//! loopback with real TLS: operator API → package queued → GetEimPackage returns the signed
//! package → the scripted eUICC verifies it and executes it → ProvideEimPackageResult is
//! verified and acknowledged → the operation is done.

use eim_testkit as support;

use proto::der::Asn1;
use proto::sgp32::{
    EimPackageError, EimPackageResult, GetEimPackageRequest, GetEimPackageResponse,
    ProvideEimPackageResultResponse, SequenceNumber,
};
use serde_json::json;
use support::euicc::BOOTSTRAP_ICCID;
use support::{Lab, TestEuicc, b64, executed, status_code, unb64};

const LOCAL_ICCID: &str = "8949010000000000025";

/// Polls once, executes what comes, provides the result; returns the counter and the answer.
async fn round(lab: &Lab, e: &mut TestEuicc) -> (i64, ProvideEimPackageResultResponse) {
    let GetEimPackageResponse::EuiccPackageRequest(req) = lab.ipa.poll_eid(e.eid_bcd()).await
    else {
        panic!("no eUICC Package");
    };
    assert!(
        e.eim_signature_ok(&req),
        "eimSignature verifies with CERT.EIM.ECDSA"
    );
    let counter = req.euicc_package_signed.counter_value;
    let result = e.execute(&req);
    let ack = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(result),
        )
        .await;
    (counter, ack)
}

#[tokio::test]
async fn sgp32_5_14_5_signed_packages_with_increasing_counters_are_acknowledged() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    e.profiles.push(support::euicc::Profile {
        iccid: LOCAL_ICCID.into(),
        enabled: false,
        fallback: false,
    });
    lab.register(&e).await;

    let op = lab
        .api
        .queue(&e.eid, json!({"type": "enable", "iccid": LOCAL_ICCID}))
        .await;
    assert_eq!(lab.api.operation(&op).await["state"], "queued");
    let (c1, ack) = round(&lab, &mut e).await;
    assert_eq!(
        c1, 1,
        "the first package carries the initial counterValue + 1"
    );
    assert_eq!(
        ack,
        ProvideEimPackageResultResponse::EimAcknowledgements(proto::sgp32::EimAcknowledgements(
            vec![SequenceNumber(e.seq)]
        )),
        "the result's seqNumber is acknowledged"
    );
    let v = lab.api.operation(&op).await;
    assert_eq!(v["state"], "done", "{v}");
    assert!(v["sentAt"].as_i64().is_some() && v["finishedAt"].as_i64().is_some());
    assert_eq!(v["packages"][0]["counterValue"], 1);
    assert_eq!(v["packages"][0]["state"], "done");
    assert_eq!(
        v["result"]["euiccPackageResultSigned"]["euiccPackageResultDataSigned"]["euiccResult"][0]["enableResult"],
        "ok",
        "{v}"
    );

    // The mirror follows: the local profile is enabled, the bootstrap keeps the fallback.
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["enabledIccid"], LOCAL_ICCID, "{d}");
    assert_eq!(d["fallbackIccid"], BOOTSTRAP_ICCID);

    // Two more operations: counters keep increasing, one per package.
    lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    lab.api
        .queue(&e.eid, json!({"type": "setFallback", "iccid": LOCAL_ICCID}))
        .await;
    let (c2, _) = round(&lab, &mut e).await;
    let (c3, _) = round(&lab, &mut e).await;
    assert_eq!((c2, c3), (2, 3));
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["fallbackIccid"], LOCAL_ICCID, "{d}");
    assert_eq!(d["counterValue"], 3);
    assert_eq!(
        lab.ipa.poll_eid(e.eid_bcd()).await,
        GetEimPackageResponse::EimPackageError(EimPackageError::NoEimPackageAvailable)
    );
}

#[tokio::test]
async fn sgp32_5_14_5_a_repoll_resends_the_same_package_even_across_a_restart() {
    let mut lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    let first = lab.ipa.poll_eid(e.eid_bcd()).await;
    let again = lab.ipa.poll_eid(e.eid_bcd()).await;
    assert_eq!(
        first.to_der(),
        again.to_der(),
        "lost answer: the same octets again"
    );
    lab.restart(|_| {}).await;
    let after = lab.ipa.poll_eid(e.eid_bcd()).await;
    assert_eq!(first.to_der(), after.to_der(), "and after a restart");
    let GetEimPackageResponse::EuiccPackageRequest(req) = after else {
        panic!("no package")
    };
    assert_eq!(req.euicc_package_signed.counter_value, 1);
    let result = e.execute(&req);
    let ack = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(result.clone()),
        )
        .await;
    assert!(matches!(
        ack,
        ProvideEimPackageResultResponse::EimAcknowledgements(_)
    ));
    // The acknowledgement got lost: the IPA provides the result again and gets it again.
    let ack2 = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(result),
        )
        .await;
    assert_eq!(ack, ack2);
    // The next package takes the next counter.
    lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    let (c, _) = round(&lab, &mut e).await;
    assert_eq!(c, 2);
}

#[tokio::test]
async fn sgp32_6_4_json_binding_carries_the_same_exchange() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 9);
    lab.register(&e).await;
    let op = lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    let v = lab
        .ipa
        .json(
            "getEimPackage",
            json!({"eidValue": e.eid, "rPlmn": "62F210", "notifyStateChange": false}),
        )
        .await;
    assert!(executed(&v), "{v}");
    let req =
        proto::sgp32::EuiccPackageRequest::from_der(&unb64(&v["euiccPackageRequest"])).unwrap();
    assert!(e.eim_signature_ok(&req));
    let result = e.execute(&req);
    let v = lab
        .ipa
        .json(
            "provideEimPackageResult",
            json!({"eidValue": e.eid,
                   "eimPackageResult": b64(&EimPackageResult::EuiccPackageResult(result).to_der())}),
        )
        .await;
    assert!(executed(&v), "{v}");
    let acks =
        proto::sgp32::EimAcknowledgements::from_der(&unb64(&v["eimAcknowledgements"])).unwrap();
    assert_eq!(acks.0, vec![SequenceNumber(e.seq)]);
    assert_eq!(lab.api.operation(&op).await["state"], "done");
    // rPLMN 62F210 is MCC 262 MNC 01: Germany.
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["lastCountry"], "DE", "{d}");
    assert_eq!(d["lastPlmn"], "262-01");
    let v = lab
        .ipa
        .json("getEimPackage", json!({"eidValue": e.eid}))
        .await;
    assert_eq!(v["eimPackageError"], 1, "noEimPackageAvailable: {v}");
}

#[tokio::test]
async fn sgp32_6_3_2_6_state_changes_and_networks_are_recorded() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    for plmn in [[0x62, 0xF2, 0x10], [0x62, 0xF2, 0x10], [0x02, 0xF8, 0x01]] {
        lab.ipa
            .poll(GetEimPackageRequest {
                eid_value: e.eid_bcd(),
                r_plmn: Some(plmn),
                ..GetEimPackageRequest::default()
            })
            .await;
        lab.clock.advance_days(1);
    }
    let (_, h) = lab.api.get(&format!("/v1/devices/{}/history", e.eid)).await;
    let locs: Vec<_> = h["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["plmn"].as_str().unwrap().to_string(),
                l["country"].clone(),
            )
        })
        .collect();
    assert_eq!(
        locs,
        vec![
            ("262-01".to_string(), json!("DE")),
            ("208-10".to_string(), json!("FR"))
        ],
        "one row per change of serving network"
    );
    // A fallback happened on the device: the eIM refreshes its view with listProfileInfo.
    let r = lab
        .ipa
        .poll(GetEimPackageRequest {
            eid_value: e.eid_bcd(),
            notify_state_change: Some(proto::der::Null),
            state_change_cause: Some(proto::sgp32::StateChangeCause::Fallback),
            r_plmn: None,
        })
        .await;
    let GetEimPackageResponse::EuiccPackageRequest(req) = r else {
        panic!("expected a listProfileInfo package")
    };
    assert!(matches!(
        &req.euicc_package_signed.euicc_package,
        proto::sgp32::EuiccPackage::PsmoList(l) if matches!(l[0], proto::sgp32::Psmo::ListProfileInfo(_))
    ));
    let _ = e.execute(&req);
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["lastStateChange"], "fallback", "{d}");
    let (_, h) = lab.api.get(&format!("/v1/devices/{}/history", e.eid)).await;
    assert!(
        h["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|ev| ev["kind"] == "state-change"),
        "{h}"
    );
}

#[tokio::test]
async fn sgp32_5_14_6_download_trigger_result_queued_for_the_smdp_and_acknowledged() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let ac = "1$smdp.rsp-lab.test$ABCDE-12345";
    let op = lab
        .api
        .queue(&e.eid, json!({"type": "download", "activationCode": ac}))
        .await;
    let GetEimPackageResponse::ProfileDownloadTriggerRequest(t) =
        lab.ipa.poll_eid(e.eid_bcd()).await
    else {
        panic!("no trigger")
    };
    assert_eq!(
        t.profile_download_data,
        Some(proto::sgp32::ProfileDownloadData::ActivationCode(ac.into()))
    );
    let tid = t.eim_transaction_id.clone().expect("eimTransactionId");
    let pir = e.install(LOCAL_ICCID, vec![1, 2, 3, 4], "smdp.rsp-lab.test");
    let pir_seq = e.seq;
    let result = EimPackageResult::ProfileDownloadTriggerResult(
        proto::sgp32::ProfileDownloadTriggerResult {
            eim_transaction_id: Some(tid),
            profile_download_trigger_result_data:
                proto::sgp32::ProfileDownloadTriggerResultData::ProfileInstallationResult(pir),
        },
    );
    // The installation result is acknowledged by its seqNumber, so that the eUICC can
    // delete it (SGP.32 v1.2 5.14.6) ...
    let r = lab.ipa.provide(Some(e.eid_bcd()), result.clone()).await;
    let acknowledged = ProvideEimPackageResultResponse::EimAcknowledgements(
        proto::sgp32::EimAcknowledgements(vec![SequenceNumber(pir_seq)]),
    );
    assert_eq!(r, acknowledged);
    assert_eq!(lab.api.operation(&op).await["state"], "done");
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    let profiles = d["profiles"].as_array().unwrap();
    assert!(
        profiles
            .iter()
            .any(|p| p["iccid"] == LOCAL_ICCID && p["state"] == "disabled"),
        "{d}"
    );
    // ... after it was queued for the SM-DP+ named in it.
    let (_, h) = lab.api.get(&format!("/v1/devices/{}/history", e.eid)).await;
    let sent = h["notifications"].as_array().unwrap();
    assert_eq!(sent.len(), 1, "{h}");
    assert_eq!(sent[0]["event"], "install");
    assert_eq!(sent[0]["seqNumber"], pir_seq);
    assert_eq!(sent[0]["address"], "smdp.rsp-lab.test");

    // A repeated result (the acknowledgement was lost) is acknowledged again and changes
    // nothing: the profile enabled since stays enabled, nothing is queued twice.
    lab.api
        .queue(&e.eid, json!({"type": "enable", "iccid": LOCAL_ICCID}))
        .await;
    let (_, ack) = round(&lab, &mut e).await;
    assert!(
        matches!(ack, ProvideEimPackageResultResponse::EimAcknowledgements(_)),
        "{ack:?}"
    );
    let r = lab.ipa.provide(Some(e.eid_bcd()), result).await;
    assert_eq!(r, acknowledged);
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["enabledIccid"], LOCAL_ICCID, "{d}");
    let (_, h) = lab.api.get(&format!("/v1/devices/{}/history", e.eid)).await;
    assert_eq!(h["notifications"].as_array().unwrap().len(), 1, "{h}");
}

#[tokio::test]
async fn sgp32_5_14_7_notifications_update_the_mirror_and_are_acknowledged() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let n = e.notification(
        proto::sgp22::NotificationEvent::NOTIFICATION_DISABLE,
        BOOTSTRAP_ICCID,
        "smdp.rsp-lab.test",
    );
    let msg = proto::sgp32::EsipaMessageFromIpaToEim::HandleNotificationEsipa(
        proto::sgp32::HandleNotificationEsipa::PendingNotification(
            proto::sgp32::SGP32PendingNotification::OtherSignedNotification(n),
        ),
    );
    assert!(
        lab.ipa.send(&msg).await.is_none(),
        "HandleNotification answers 204"
    );
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert!(d["enabledIccid"].is_null(), "{d}");
    let (_, h) = lab.api.get(&format!("/v1/devices/{}/history", e.eid)).await;
    assert_eq!(h["notifications"][0]["event"], "disable", "{h}");
    assert_eq!(h["notifications"][0]["seqNumber"], e.seq);

    // With a package result: both seqNumbers are acknowledged.
    lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    let GetEimPackageResponse::EuiccPackageRequest(req) = lab.ipa.poll_eid(e.eid_bcd()).await
    else {
        panic!()
    };
    let result = e.execute(&req);
    let result_seq = e.seq;
    let n = e.notification(
        proto::sgp22::NotificationEvent::NOTIFICATION_ENABLE,
        BOOTSTRAP_ICCID,
        "smdp.rsp-lab.test",
    );
    let ack = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EprAndNotifications(proto::sgp32::EprAndNotifications {
                euicc_package_result: result,
                notification_list: vec![
                    proto::sgp32::SGP32PendingNotification::OtherSignedNotification(n),
                ],
            }),
        )
        .await;
    assert_eq!(
        ack,
        ProvideEimPackageResultResponse::EimAcknowledgements(proto::sgp32::EimAcknowledgements(
            vec![SequenceNumber(result_seq), SequenceNumber(e.seq)]
        ))
    );
}

/// ESipa.HandleNotification over the JSON binding (SGP.32 v1.2 6.4.1.7: `pendingNotification`
/// as base64 DER, answered with a header): the notification is verified, updates the mirror and
/// is stored for forwarding to its SM-DP+ exactly as one received over the ASN.1 binding.
#[tokio::test]
async fn sgp32_6_4_json_handle_notification_is_taken_like_the_asn1_one() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let pending = |n| proto::sgp32::SGP32PendingNotification::OtherSignedNotification(n);
    // A notification with a forged signature is not taken.
    let mut forged = e.notification(
        proto::sgp22::NotificationEvent::NOTIFICATION_DISABLE,
        BOOTSTRAP_ICCID,
        "smdp.rsp-lab.test",
    );
    forged.euicc_notification_signature[10] ^= 0x01;
    let v = lab
        .ipa
        .json(
            "handleNotification",
            json!({"pendingNotification": b64(&pending(forged).to_der())}),
        )
        .await;
    assert_eq!(
        status_code(&v),
        ("8.1".into(), "6.1".into()),
        "eUICC, verification failed: {v}"
    );
    let (_, h) = lab.api.get(&format!("/v1/devices/{}/history", e.eid)).await;
    assert!(
        h["notifications"].as_array().is_none_or(|a| a.is_empty()),
        "a forged notification is not stored: {v} {h}"
    );
    // Disable over JSON.
    let disable = e.notification(
        proto::sgp22::NotificationEvent::NOTIFICATION_DISABLE,
        BOOTSTRAP_ICCID,
        "smdp.rsp-lab.test",
    );
    let disable_seq = e.seq;
    let v = lab
        .ipa
        .json(
            "handleNotification",
            json!({"pendingNotification": b64(&pending(disable).to_der())}),
        )
        .await;
    assert!(executed(&v), "{v}");
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert!(d["enabledIccid"].is_null(), "the mirror follows: {d}");
    // Enable over ASN.1, for comparison.
    let enable = e.notification(
        proto::sgp22::NotificationEvent::NOTIFICATION_ENABLE,
        BOOTSTRAP_ICCID,
        "smdp.rsp-lab.test",
    );
    let enable_seq = e.seq;
    let msg = proto::sgp32::EsipaMessageFromIpaToEim::HandleNotificationEsipa(
        proto::sgp32::HandleNotificationEsipa::PendingNotification(pending(enable)),
    );
    assert!(lab.ipa.send(&msg).await.is_none(), "204");
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["enabledIccid"], BOOTSTRAP_ICCID, "{d}");
    let (_, h) = lab.api.get(&format!("/v1/devices/{}/history", e.eid)).await;
    let stored = h["notifications"].as_array().unwrap();
    let of = |seq: i64| {
        stored
            .iter()
            .find(|n| n["seqNumber"] == seq)
            .unwrap_or_else(|| panic!("seqNumber {seq} stored: {h}"))
            .clone()
    };
    let (json_one, asn1_one) = (of(disable_seq), of(enable_seq));
    assert_eq!(json_one["event"], "disable", "{json_one}");
    assert_eq!(asn1_one["event"], "enable", "{asn1_one}");
    for field in ["iccid", "forwardState"] {
        assert_eq!(json_one[field], asn1_one[field], "{field}: {h}");
    }
    assert_eq!(json_one["iccid"], BOOTSTRAP_ICCID, "{json_one}");
    let keys = |n: &serde_json::Value| {
        let mut k: Vec<String> = n.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&json_one), keys(&asn1_one), "stored alike: {h}");
    assert_eq!(json_one["address"], "smdp.rsp-lab.test", "{json_one}");
    assert_eq!(
        json_one["forwardState"], "pending",
        "queued for its SM-DP+: {json_one}"
    );
}

/// Posts an SGP.02-style verb; checks the queued operation's kind and params; polls and
/// returns the operation id and the one PSMO of the package the eUICC receives.
async fn sgp02_verb(
    lab: &Lab,
    e: &TestEuicc,
    verb: &str,
    iccid: &str,
    kind: &str,
    params: serde_json::Value,
) -> (
    String,
    proto::sgp32::EuiccPackageRequest,
    proto::sgp32::Psmo,
) {
    let (s, v) = lab
        .api
        .post(
            &format!("/sgp02/{verb}"),
            json!({"eid": e.eid, "iccid": iccid}),
        )
        .await;
    assert_eq!(s, 202, "{verb}: {v}");
    assert_eq!(v["kind"], kind, "{verb}: {v}");
    assert_eq!(v["params"], params, "{verb}: {v}");
    assert_eq!(v["state"], "queued", "{verb}: {v}");
    let GetEimPackageResponse::EuiccPackageRequest(req) = lab.ipa.poll_eid(e.eid_bcd()).await
    else {
        panic!("{verb}: no eUICC Package");
    };
    let proto::sgp32::EuiccPackage::PsmoList(psmos) = &req.euicc_package_signed.euicc_package
    else {
        panic!("{verb}: not a PSMO list");
    };
    assert_eq!(psmos.len(), 1, "{verb}: {psmos:?}");
    (
        v["id"].as_str().unwrap().to_string(),
        req.clone(),
        psmos[0].clone(),
    )
}

/// The eUICC executes `req`; the result is acknowledged and the operation is done.
async fn execute_and_settle(
    lab: &Lab,
    e: &mut TestEuicc,
    op: &str,
    req: &proto::sgp32::EuiccPackageRequest,
) {
    let result = e.execute(req);
    let ack = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(result),
        )
        .await;
    assert!(
        matches!(ack, ProvideEimPackageResultResponse::EimAcknowledgements(_)),
        "{ack:?}"
    );
    let v = lab.api.operation(op).await;
    assert_eq!(v["state"], "done", "{v}");
}

/// SGP.02 ES4 EnableProfile, DisableProfile, DeleteProfile and SetFallBackAttribute queue the
/// SGP.32 v1.2 PSMOs (2.11.1.1.3) on the same engine, and the eUICC executes them.
#[tokio::test]
async fn sgp02_verbs_queue_the_same_psmos() {
    use proto::sgp32::Psmo;
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    e.profiles.push(support::euicc::Profile {
        iccid: LOCAL_ICCID.into(),
        enabled: false,
        fallback: false,
    });
    lab.register(&e).await;
    let coded = support::euicc::coded;

    // DisableProfile of the enabled bootstrap profile.
    let (op, req, psmo) = sgp02_verb(
        &lab,
        &e,
        "DisableProfile",
        BOOTSTRAP_ICCID,
        "disable",
        json!({"type": "disable", "iccid": BOOTSTRAP_ICCID}),
    )
    .await;
    let Psmo::Disable(d) = psmo else {
        panic!("{psmo:?}")
    };
    assert_eq!(d.iccid, coded(BOOTSTRAP_ICCID));
    execute_and_settle(&lab, &mut e, &op, &req).await;
    assert!(e.profiles.iter().all(|p| !p.enabled), "{:?}", e.profiles);

    // EnableProfile: an enable with rollback allowed (rollbackFlag present).
    let (op, req, psmo) = sgp02_verb(
        &lab,
        &e,
        "EnableProfile",
        LOCAL_ICCID,
        "enable",
        json!({"type": "enable", "iccid": LOCAL_ICCID, "rollback": true}),
    )
    .await;
    let Psmo::Enable(en) = psmo else {
        panic!("{psmo:?}")
    };
    assert_eq!(en.iccid, coded(LOCAL_ICCID));
    assert!(en.rollback_flag.is_some(), "rollback allowed: {en:?}");
    execute_and_settle(&lab, &mut e, &op, &req).await;
    let enabled: Vec<_> = e.profiles.iter().filter(|p| p.enabled).collect();
    assert_eq!(enabled.len(), 1);
    assert_eq!(enabled[0].iccid, LOCAL_ICCID);

    // DeleteProfile of the (now disabled) bootstrap profile.
    let (op, req, psmo) = sgp02_verb(
        &lab,
        &e,
        "DeleteProfile",
        BOOTSTRAP_ICCID,
        "delete",
        json!({"type": "delete", "iccid": BOOTSTRAP_ICCID}),
    )
    .await;
    let Psmo::Delete(d) = psmo else {
        panic!("{psmo:?}")
    };
    assert_eq!(d.iccid, coded(BOOTSTRAP_ICCID));
    execute_and_settle(&lab, &mut e, &op, &req).await;
    assert!(
        e.profiles.iter().all(|p| p.iccid != BOOTSTRAP_ICCID),
        "{:?}",
        e.profiles
    );

    // SetFallBackAttribute (SGP.02's spelling) on the local profile.
    let (op, req, psmo) = sgp02_verb(
        &lab,
        &e,
        "SetFallBackAttribute",
        LOCAL_ICCID,
        "setFallback",
        json!({"type": "setFallback", "iccid": LOCAL_ICCID}),
    )
    .await;
    let Psmo::SetFallbackAttribute(f) = psmo else {
        panic!("{psmo:?}")
    };
    assert_eq!(f.iccid, coded(LOCAL_ICCID));
    execute_and_settle(&lab, &mut e, &op, &req).await;
    assert!(e.profiles[0].fallback, "{:?}", e.profiles);

    // The eIM's view of the device follows.
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["enabledIccid"], LOCAL_ICCID, "{d}");
}

#[tokio::test]
async fn sgp32_5_14_5_concurrent_polls_and_a_restart_never_sign_a_package_twice() {
    let mut lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    lab.api.queue(&e.eid, json!({"type": "listProfiles"})).await;
    // Queued before a restart: still delivered after it.
    lab.restart(|_| {}).await;
    let mut polls = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let ipa = support::Ipa {
            http: lab.ipa.http.clone(),
            base: lab.ipa.base.clone(),
        };
        let eid = e.eid_bcd();
        polls.spawn(async move { ipa.poll_eid(eid).await.to_der() });
    }
    let answers = polls.join_all().await;
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "every poll got the same octets"
    );
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(
        d["counterValue"], 1,
        "one counter value for one package: {d}"
    );
    assert_eq!(d["pendingPackages"][0]["deliveries"], 6);
    let GetEimPackageResponse::EuiccPackageRequest(req) =
        GetEimPackageResponse::from_der(&answers[0]).unwrap()
    else {
        panic!("no package")
    };
    let r = e.execute(&req);
    let ack = lab
        .ipa
        .provide(Some(e.eid_bcd()), EimPackageResult::EuiccPackageResult(r))
        .await;
    assert!(matches!(
        ack,
        ProvideEimPackageResultResponse::EimAcknowledgements(_)
    ));
}

#[tokio::test]
async fn sgp32_2_11_1_2_certificates_and_token_are_fetched_with_ipa_euicc_data() {
    let lab = Lab::start().await;
    let mut e = TestEuicc::of(&lab.pki, 21);
    // Registered by EID alone: the eIM first asks the device.
    let (s, v) = lab.api.post("/v1/devices", json!({"eid": e.eid})).await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["hasCertificates"], false);
    let GetEimPackageResponse::IpaEuiccDataRequest(d) = lab.ipa.poll_eid(e.eid_bcd()).await else {
        panic!("expected an eUICC data request")
    };
    assert_eq!(d.tag_list, vec![0xA5, 0xA6, 0xBF, 0x20, 0xBF, 0x22, 0x84]);
    // A wrong certificate (another EID's) is not taken.
    let other = TestEuicc::issue(
        &lab.pki,
        proto::ids::Eid::from_prefix("890490321234512345123456789077")
            .unwrap()
            .as_str(),
        1,
    );
    let data = |cert: &[u8]| proto::sgp32::IpaEuiccData {
        euicc_certificate: Some(proto::sgp22::Certificate(proto::der::RawSequence(
            cert.to_vec(),
        ))),
        eum_certificate: Some(proto::sgp22::Certificate(proto::der::RawSequence(
            e.eum.clone(),
        ))),
        association_token: Some(21),
        eim_transaction_id: d.eim_transaction_id.clone(),
        ..proto::sgp32::IpaEuiccData::default()
    };
    let provide = |data| {
        EimPackageResult::IpaEuiccDataResponse(proto::sgp32::IpaEuiccDataResponse::IpaEuiccData(
            data,
        ))
    };
    lab.ipa
        .provide(Some(e.eid_bcd()), provide(data(&other.cert)))
        .await;
    let (_, v) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(v["hasCertificates"], false, "{v}");
    lab.ipa
        .provide(Some(e.eid_bcd()), provide(data(&e.cert)))
        .await;
    let (_, v) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(v["hasCertificates"], true, "{v}");
    assert_eq!(v["associationToken"], 21);
    // Now packages are signed with the token and results verify.
    lab.api.queue(&e.eid, json!({"type": "getRat"})).await;
    let (c, ack) = round(&lab, &mut e).await;
    assert_eq!(c, 1);
    assert!(matches!(
        ack,
        ProvideEimPackageResultResponse::EimAcknowledgements(_)
    ));
}

/// SGP.22 2.6.1 / SGP.32 v1.2 2.11.1.1: the eIM serves eUICCs of either curve set. A
/// brainpoolP256r1 eUICC (EUM under the brainpool CI) registers with its certificates, and
/// its signed package result is verified with its brainpool key and acknowledged; a result
/// signed with another key is still refused.
#[tokio::test]
async fn sgp32_5_14_6_a_brainpool_euicc_s_signed_result_is_verified_and_acknowledged() {
    let pki = certs::generate(&certs::LabPkiOptions {
        operators: vec!["operator1".into(), "operator2".into()],
        curves: vec![certs::Curve::NistP256, certs::Curve::BrainpoolP256r1],
        ..certs::LabPkiOptions::default()
    })
    .unwrap();
    let lab = Lab::start_with_pki(pki, |_| {}).await;
    let eid = certs::eid::eid_from_prefix("89049032", 4242).unwrap();
    let mut e = TestEuicc::issue_on(&lab.pki, certs::Curve::BrainpoolP256r1, &eid, 3);
    e.profiles.push(support::euicc::Profile {
        iccid: LOCAL_ICCID.into(),
        enabled: false,
        fallback: false,
    });
    lab.register(&e).await;

    let op = lab
        .api
        .queue(&e.eid, json!({"type": "enable", "iccid": LOCAL_ICCID}))
        .await;
    let (_, ack) = round(&lab, &mut e).await;
    assert_eq!(
        ack,
        ProvideEimPackageResultResponse::EimAcknowledgements(proto::sgp32::EimAcknowledgements(
            vec![SequenceNumber(e.seq)]
        )),
        "the brainpool-signed result is acknowledged"
    );
    assert_eq!(lab.api.operation(&op).await["state"], "done");

    let op = lab
        .api
        .queue(&e.eid, json!({"type": "disable", "iccid": LOCAL_ICCID}))
        .await;
    let GetEimPackageResponse::EuiccPackageRequest(req) = lab.ipa.poll_eid(e.eid_bcd()).await
    else {
        panic!("no eUICC Package");
    };
    let forged = support::euicc::forge(&e.execute(&req));
    let ack = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(forged),
        )
        .await;
    assert!(
        !matches!(ack, ProvideEimPackageResultResponse::EimAcknowledgements(_)),
        "a result not signed by the brainpool eUICC is refused: {ack:?}"
    );
    assert_ne!(lab.api.operation(&op).await["state"], "done");
}
