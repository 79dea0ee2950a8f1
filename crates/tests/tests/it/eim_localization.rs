//! Localization with the real SM-DP+ in-process (ARCHITECTURE.md "How a localization flows through the code"): the
//! policy turns "resident in Germany for 15 days on the bootstrap profile" into a localize
//! operation; the eIM orders over ES2+ with the operator's client certificate, the trigger
//! carries an activation code the SM-DP+ knows (order released for this EID), the
//! installation result brings an enable PSMO with rollbackFlag, and a rollback moves on to
//! the next profile type.

use eim_testkit as support;

use std::time::Duration;

use proto::ids::ActivationCode;
use proto::sgp32::{
    EimAcknowledgements, EimPackageResult, EnableProfileResult, EuiccResultData,
    GetEimPackageRequest, GetEimPackageResponse, ProfileDownloadData,
    ProfileDownloadTriggerRequest, ProfileDownloadTriggerResult, ProfileDownloadTriggerResultData,
    ProvideEimPackageResultResponse, Psmo, RollbackProfileResult, SequenceNumber,
};
use serde_json::Value;
use sm_dp::SmDpHandle;
use support::euicc::BOOTSTRAP_ICCID;
use support::{Lab, TestEuicc};
use tests::eim_smdp::lab;

const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10]; // 262-01

/// Polls from Germany until the engine has queued something (the ES2+ order runs in the
/// background).
async fn poll_until_package(lab: &Lab, e: &TestEuicc) -> GetEimPackageResponse {
    for _ in 0..100 {
        let r = lab
            .ipa
            .poll(GetEimPackageRequest {
                eid_value: e.eid_bcd(),
                r_plmn: Some(GERMANY),
                ..GetEimPackageRequest::default()
            })
            .await;
        if !matches!(r, GetEimPackageResponse::EimPackageError(_)) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nothing was queued");
}

fn activation_code(t: &ProfileDownloadTriggerRequest) -> ActivationCode {
    match &t.profile_download_data {
        Some(ProfileDownloadData::ActivationCode(ac)) => ActivationCode::parse(ac).unwrap(),
        other => panic!("no activation code: {other:?}"),
    }
}

/// The SM-DP+ has a released order for this Matching ID, bound to the EID.
async fn order_is_valid(dp: &SmDpHandle, matching_id: &str, eid: &str) -> String {
    let o = dp
        .view()
        .order_by_matching_id(matching_id)
        .await
        .unwrap()
        .expect("the SM-DP+ knows the Matching ID");
    assert_eq!(o.eid.as_deref(), Some(eid));
    assert!(o.released);
    o.iccid
}

/// Installs what the trigger names and reports it; returns the ICCID.
async fn install(
    lab: &Lab,
    dp: &SmDpHandle,
    e: &mut TestEuicc,
    t: ProfileDownloadTriggerRequest,
) -> String {
    let ac = activation_code(&t);
    assert_eq!(ac.smdp_address.as_str(), dp.address());
    let matching = ac.matching_id.expect("a Matching ID");
    let iccid = order_is_valid(dp, matching.as_str(), &e.eid).await;
    let pir = e.install(&iccid, vec![9; 16], dp.address());
    let pir_seq = e.seq;
    let r = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::ProfileDownloadTriggerResult(ProfileDownloadTriggerResult {
                eim_transaction_id: t.eim_transaction_id.clone(),
                profile_download_trigger_result_data:
                    ProfileDownloadTriggerResultData::ProfileInstallationResult(pir),
            }),
        )
        .await;
    assert_eq!(
        r,
        ProvideEimPackageResultResponse::EimAcknowledgements(EimAcknowledgements(vec![
            SequenceNumber(pir_seq)
        ])),
        "the installation result is acknowledged"
    );
    iccid
}

async fn localize_op(lab: &Lab, eid: &str) -> Value {
    let (_, ops) = lab.api.get(&format!("/v1/devices/{eid}/operations")).await;
    ops.as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "localize")
        .cloned()
        .expect("a localize operation")
}

#[tokio::test]
async fn localization_orders_over_es2_triggers_the_download_and_enables_with_rollback() {
    let (lab, dp, _dir) = lab(&["de-missing", "de-local-a"]).await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;

    // Day 0 in Germany: the rule (throttle after 30 days, localize after 14) says wait.
    let r = lab
        .ipa
        .poll(GetEimPackageRequest {
            eid_value: e.eid_bcd(),
            r_plmn: Some(GERMANY),
            ..GetEimPackageRequest::default()
        })
        .await;
    assert!(matches!(r, GetEimPackageResponse::EimPackageError(_)));
    lab.clock.advance_days(15);

    // Day 15: the poll queues the localization; the first profile type is unknown at the
    // SM-DP+ (ES2+ refuses), the second is ordered.
    let GetEimPackageResponse::ProfileDownloadTriggerRequest(t) =
        poll_until_package(&lab, &e).await
    else {
        panic!("expected a download trigger")
    };
    let op = localize_op(&lab, &e.eid).await;
    assert_eq!(op["requester"], "policy");
    assert_eq!(op["country"], "DE");
    assert_eq!(op["step"], "download");
    assert_eq!(
        op["data"]["attempts"][0]["profileType"], "de-missing",
        "{op}"
    );
    assert!(
        op["data"]["attempts"][0]["error"]
            .as_str()
            .unwrap()
            .contains("8.2.5"),
        "the SM-DP+'s refusal code is kept: {op}"
    );
    let iccid = install(&lab, &dp, &mut e, t).await;

    // The enable PSMO with rollbackFlag for the installed profile.
    let GetEimPackageResponse::EuiccPackageRequest(req) = poll_until_package(&lab, &e).await else {
        panic!("expected the enable package")
    };
    let proto::sgp32::EuiccPackage::PsmoList(psmos) = &req.euicc_package_signed.euicc_package
    else {
        panic!()
    };
    match &psmos[0] {
        Psmo::Enable(en) => {
            assert_eq!(support::euicc::digits(&en.iccid), iccid);
            assert!(en.rollback_flag.is_some(), "rollbackFlag set");
        }
        other => panic!("expected enable, got {other:?}"),
    }
    let result = e.execute(&req);
    lab.ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(result),
        )
        .await;
    let op = lab
        .api
        .operation(localize_op(&lab, &e.eid).await["id"].as_str().unwrap())
        .await;
    assert_eq!(op["state"], "done", "{op}");
    assert_eq!(op["result"]["iccid"], iccid);
    let (_, d) = lab.api.get(&format!("/v1/devices/{}", e.eid)).await;
    assert_eq!(d["enabledIccid"], iccid, "{d}");
    assert_eq!(
        d["fallbackIccid"], BOOTSTRAP_ICCID,
        "the bootstrap stays the fallback"
    );
    assert_eq!(d["localizedCountry"], "DE");
    // Localized: the policy has nothing more to do.
    let queued = lab.fleet().evaluate_policy().await.unwrap();
    assert!(queued.is_empty());
    lab.eim_shutdown().await;
    dp.shutdown().await;
}

#[tokio::test]
async fn localization_moves_to_the_next_profile_type_after_a_rollback() {
    let (lab, dp, _dir) = lab(&["de-local-a", "de-local-b"]).await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    let op = lab
        .api
        .queue(
            &e.eid,
            serde_json::json!({"type": "localize", "country": "DE"}),
        )
        .await;
    let GetEimPackageResponse::ProfileDownloadTriggerRequest(t) =
        poll_until_package(&lab, &e).await
    else {
        panic!()
    };
    let first = install(&lab, &dp, &mut e, t).await;
    let GetEimPackageResponse::EuiccPackageRequest(req) = poll_until_package(&lab, &e).await else {
        panic!()
    };
    let ok = e.execute(&req);
    lab.ipa
        .provide(Some(e.eid_bcd()), EimPackageResult::EuiccPackageResult(ok))
        .await;
    assert_eq!(lab.api.operation(&op).await["state"], "done");
    // The local profile cannot hold the network: the IPA rolls back; the rollback result
    // replaces the enable result (same counter, new seqNumber).
    let counter = req.euicc_package_signed.counter_value;
    let tid = req.euicc_package_signed.eim_transaction_id.clone();
    let rolled = e.result(
        counter,
        tid,
        vec![
            EuiccResultData::EnableResult(EnableProfileResult::Ok),
            EuiccResultData::RollbackResult(RollbackProfileResult::Ok),
        ],
    );
    let ack = lab
        .ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(rolled),
        )
        .await;
    assert!(matches!(
        ack,
        ProvideEimPackageResultResponse::EimAcknowledgements(_)
    ));
    // Next: delete the failed profile, refresh the profile list, then the next type.
    let mut saw_delete = false;
    let mut trigger = None;
    for _ in 0..6 {
        match poll_until_package(&lab, &e).await {
            GetEimPackageResponse::EuiccPackageRequest(r) => {
                if let proto::sgp32::EuiccPackage::PsmoList(l) =
                    &r.euicc_package_signed.euicc_package
                {
                    if let Psmo::Delete(d) = &l[0] {
                        assert_eq!(support::euicc::digits(&d.iccid), first);
                        saw_delete = true;
                    }
                }
                // The test eUICC's state: the bootstrap is enabled again after rollback.
                for p in &mut e.profiles {
                    p.enabled = p.iccid == BOOTSTRAP_ICCID;
                }
                let res = e.execute(&r);
                lab.ipa
                    .provide(Some(e.eid_bcd()), EimPackageResult::EuiccPackageResult(res))
                    .await;
            }
            GetEimPackageResponse::ProfileDownloadTriggerRequest(t) => {
                trigger = Some(t);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(saw_delete, "the rolled-back profile is deleted");
    let t = trigger.expect("a trigger for the next profile type");
    let second = install(&lab, &dp, &mut e, t).await;
    assert_ne!(first, second);
    let v = lab.api.operation(&op).await;
    assert_eq!(v["data"]["attempt"], 1, "{v}");
    assert_eq!(v["data"]["attempts"][0]["profileType"], "de-local-a");
    assert!(
        v["data"]["attempts"][0]["error"]
            .as_str()
            .unwrap()
            .contains("rolled back")
    );
    lab.eim_shutdown().await;
    dp.shutdown().await;
}

/// An operator the policy avoids (a carrier that degrades, set through the operator API):
/// the policy pass moves a device localized on it to the country's other profile type.
#[tokio::test]
async fn an_avoided_operator_is_left_for_the_other_profile_type() {
    let (lab, dp, _dir) = lab(&["de-local-a", "de-local-b"]).await;
    let mut e = TestEuicc::of(&lab.pki, 7);
    lab.register(&e).await;
    lab.ipa.poll_from(e.eid_bcd(), GERMANY).await;
    lab.clock.advance_days(15);
    let GetEimPackageResponse::ProfileDownloadTriggerRequest(t) =
        poll_until_package(&lab, &e).await
    else {
        panic!("expected a download trigger")
    };
    let first = install(&lab, &dp, &mut e, t).await;
    let GetEimPackageResponse::EuiccPackageRequest(req) = poll_until_package(&lab, &e).await else {
        panic!("expected the enable package")
    };
    let result = e.execute(&req);
    lab.ipa
        .provide(
            Some(e.eid_bcd()),
            EimPackageResult::EuiccPackageResult(result),
        )
        .await;
    let ptype = |iccid: String| {
        let dp = &dp;
        async move {
            dp.view()
                .profile(&iccid)
                .await
                .unwrap()
                .unwrap()
                .profile_type
        }
    };
    assert_eq!(ptype(first.clone()).await, "de-local-a");
    assert!(lab.fleet().evaluate_policy().await.unwrap().is_empty());

    // Refused rules: nothing names the operator, or a PLMN that is not one.
    for bad in [
        serde_json::json!({}),
        serde_json::json!({"plmn": "26x-01"}),
        serde_json::json!({"operator": "DE Local A", "colour": "red"}),
    ] {
        let (status, _) = lab.api.post("/v1/policy/avoid", bad).await;
        assert_eq!(status, 400);
    }
    let rule = serde_json::json!({"operator": "DE Local A", "plmn": "262-01",
                                  "profileTypes": ["de-local-a"]});
    let (status, rules) = lab.api.post("/v1/policy/avoid", rule.clone()).await;
    assert_eq!(status, 200, "{rules}");
    assert_eq!(rules, serde_json::json!([rule]));
    assert_eq!(lab.api.get("/v1/policy/avoid").await.1, rules);

    // The next poll from the avoided network: a localize operation to the other type.
    let GetEimPackageResponse::ProfileDownloadTriggerRequest(t) =
        poll_until_package(&lab, &e).await
    else {
        panic!("expected a download trigger for the other operator")
    };
    let (_, ops) = lab
        .api
        .get(&format!("/v1/devices/{}/operations", e.eid))
        .await;
    let moving = ops
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "localize" && o["state"] != "done")
        .cloned()
        .unwrap();
    assert_eq!(moving["requester"], "policy");
    assert_eq!(
        moving["data"]["targets"],
        serde_json::json!([{"profile_type": "de-local-b"}]),
        "{moving}"
    );
    let second = install(&lab, &dp, &mut e, t).await;
    assert_eq!(ptype(second).await, "de-local-b");

    // Lifted: no rule left.
    let mut lift = rule;
    lift["avoid"] = false.into();
    let (status, rules) = lab.api.post("/v1/policy/avoid", lift).await;
    assert_eq!((status, rules), (200, serde_json::json!([])));
    lab.eim_shutdown().await;
    dp.shutdown().await;
}
