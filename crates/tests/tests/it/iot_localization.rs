//! Localization end to end (ARCHITECTURE.md "How a localization flows through the code"; SGP.32 v1.2 3.1, 3.2, 5.9,
//! 5.14): the operator asks the eIM (operator API with mutual TLS) to localize a
//! device; the eIM orders a profile over ES2+ at the SM-DP+ (sm-dp) and triggers its
//! download; the device's IPA (ipa) polls over ESipa, downloads into the IoT eUICC,
//! executes the signed enable with rollbackFlag and delivers the signed result, which the
//! eIM verifies with the eUICC certificate and the association token and acknowledges; the
//! IPA then removes what was acknowledged. The eIM forwards the device's notifications to
//! the SM-DP+ in the eUICC's order, so the SM-DP+ sees the profile installed, then enabled.
//! In the rollback case the new profile cannot attach: the IPA rolls back, the eIM deletes
//! that profile and moves on to the next profile type.
//!
//! Whether the IPA downloads through the eIM is the eIM's to say: its configuration data
//! carries `indirectProfileDownload` when the eIM is configured so, not by default.
//!
//! All on loopback with real TLS; the three roles meet only on the wire.

use std::sync::Arc;
use std::time::Duration;

use eim::EimHandle;
use euicc_sim::state::ProfileStatus;
use euicc_sim::{Euicc, Sgp32Version};
use ipa::{AttachProbe, Delivery, Ipa, PollOutcome};
use proto::sgp32::{
    EnableProfileResult, EuiccPackageResult, EuiccResultData, ProfileDownloadTriggerResultData,
};
use serde_json::{Value, json};
use sm_dp::{ProfileState, Template};
use tests::Lab;
use tests::lab_eim::{self, Api, BOOTSTRAP};

const LOCAL_A: &str = "8949449999999990023";
const LOCAL_B: &str = "8949449999999990510";
/// 262-01, Germany.
const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10];

/// The eIM of the lab localizing Germany with `targets`; `indirect`: its eIM configuration
/// data asks devices to download through it.
async fn start_eim(lab: &Lab, targets: &[&str], indirect: bool) -> EimHandle {
    lab_eim::start_eim(lab, |c| {
        c.indirect_profile_download = indirect;
        c.localization.targets = lab_eim::german_targets(targets);
    })
    .await
}

/// A fleet device (SGP.32 v1.2) and its IPA, registered with the eIM.
async fn device(lab: &Lab, eim: &EimHandle, api: &Api) -> (String, Ipa<Euicc>) {
    let euicc = lab_eim::iot_device(lab, eim, Sgp32Version::V1_2);
    api.register(&euicc, true).await;
    let eid = euicc.eid().to_string();
    (
        eid,
        lab_eim::iot_ipa(lab, eim, euicc, Sgp32Version::V1_2, None),
    )
}

/// Polls from Germany until the operation is settled; every outcome that brought
/// something.
async fn run_until_settled(ipa: &mut Ipa<Euicc>, api: &Api, op: &str) -> (Value, Vec<PollOutcome>) {
    lab_eim::poll_until_settled(ipa, api, op, GERMANY).await
}

fn downloads(outcomes: &[PollOutcome]) -> Vec<(Option<String>, bool)> {
    outcomes
        .iter()
        .filter_map(|o| match o {
            PollOutcome::Download(d) => Some((d.installed_iccid.clone(), d.indirect)),
            _ => None,
        })
        .collect()
}

fn enable_results(outcomes: &[PollOutcome]) -> Vec<Vec<EuiccResultData>> {
    outcomes
        .iter()
        .filter_map(|o| match o {
            PollOutcome::Package(p) => match &p.result {
                EuiccPackageResult::EuiccPackageResultSigned(s) => {
                    let r = s.euicc_package_result_data_signed.euicc_result.clone();
                    r.iter()
                        .any(|x| matches!(x, EuiccResultData::EnableResult(_)))
                        .then_some(r)
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The eIM's notification forwarding runs on its own: waits (at most 10 s) for the SM-DP+
/// to show `iccid` in `state`.
async fn smdp_state_becomes(lab: &Lab, eim: &EimHandle, iccid: &str, state: ProfileState) {
    for _ in 0..200 {
        if lab.profile(iccid).await.state == state {
            return;
        }
        eim.fleet().run_engine().await.expect("engine round");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        lab.profile(iccid).await.state,
        state,
        "SM-DP+ profile {iccid}"
    );
}

/// The seqNumber of a download's installation result, and the download's delivery.
fn installation_seq(outcomes: &[PollOutcome]) -> (i64, &Delivery) {
    let d = outcomes
        .iter()
        .find_map(|o| match o {
            PollOutcome::Download(d) => Some(d),
            _ => None,
        })
        .expect("a download");
    let ProfileDownloadTriggerResultData::ProfileInstallationResult(pir) =
        &d.result.profile_download_trigger_result_data
    else {
        panic!("no installation result: {:?}", d.result)
    };
    (
        pir.profile_installation_result_data
            .notification_metadata
            .seq_number,
        &d.delivery,
    )
}

/// seqNumbers of the notifications the IPA sent along with package results.
fn notifications_sent(outcomes: &[PollOutcome]) -> Vec<i64> {
    outcomes
        .iter()
        .flat_map(|o| match o {
            PollOutcome::Package(p) => p.delivery.notifications_sent.clone(),
            _ => Vec::new(),
        })
        .collect()
}

#[tokio::test]
async fn localization_operator_order_trigger_download_enable_with_rollback_acknowledged() {
    let lab = Lab::start().await;
    lab.inventory("de-local-a", Template::Minimal, 1, LOCAL_A)
        .await;
    let eim = start_eim(&lab, &["de-local-a"], true).await;
    let api = Api::new(&lab, &eim);
    let (eid, mut ipa) = device(&lab, &eim, &api).await;
    assert!(
        ipa.eim().indirect_profile_download,
        "as the eIM configures it"
    );

    let (status, v) = api
        .call(
            "POST",
            &format!("/v1/devices/{eid}/operations"),
            Some(json!({"type": "localize", "country": "DE"})),
        )
        .await;
    assert_eq!(status, 202, "{v}");
    let op = v["id"].as_str().unwrap().to_string();
    let (settled, outcomes) = run_until_settled(&mut ipa, &api, &op).await;
    assert_eq!(settled["state"], "done", "{settled}");
    assert_eq!(settled["result"]["iccid"], LOCAL_A, "{settled}");

    // The download went through the eIM's relay to the SM-DP+'s order.
    assert_eq!(downloads(&outcomes), [(Some(LOCAL_A.to_string()), true)]);
    // The eIM acknowledged the installation result it got in the trigger result: the
    // eUICC removed it then and did not send it again with the enable's result.
    let (pir_seq, delivery) = installation_seq(&outcomes);
    assert_eq!(delivery.acknowledged, [pir_seq]);
    assert_eq!(delivery.removed, [pir_seq]);
    assert!(
        !notifications_sent(&outcomes).contains(&pir_seq),
        "{outcomes:?}"
    );
    // The enable with rollback allowed: executed, and the eIM accepted the signed result.
    assert_eq!(
        enable_results(&outcomes),
        [vec![EuiccResultData::EnableResult(EnableProfileResult::Ok)]]
    );
    let card = ipa.card().state();
    assert_eq!(
        card.profile_by_iccid(LOCAL_A).unwrap().state,
        ProfileStatus::Enabled
    );
    assert!(card.profile_by_iccid(BOOTSTRAP).unwrap().fallback_attribute);
    assert!(
        card.iot.package_results.is_empty(),
        "acknowledged results are removed from the eUICC"
    );
    assert!(card.notifications.is_empty(), "and the notifications");

    let (_, d) = api.call("GET", &format!("/v1/devices/{eid}"), None).await;
    assert_eq!(d["enabledIccid"], LOCAL_A, "{d}");
    assert_eq!(d["fallbackIccid"], BOOTSTRAP, "{d}");
    assert_eq!(d["localizedCountry"], "DE", "{d}");
    // The SM-DP+ got the installation result and then the enable notification, both
    // forwarded by the eIM in the eUICC's order.
    smdp_state_becomes(&lab, &eim, LOCAL_A, ProfileState::Enabled).await;
    eim.shutdown().await;
}

/// A lab whose eIM localizes Germany with `de-local-a`, then `de-local-b` (one profile of
/// each), and a device registered with it (direct downloads, the eIM's default).
struct TwoTypes {
    lab: Lab,
    eim: EimHandle,
    api: Api,
    eid: String,
    ipa: Ipa<Euicc>,
}

async fn two_types() -> TwoTypes {
    let lab = Lab::start().await;
    lab.inventory("de-local-a", Template::Minimal, 1, LOCAL_A)
        .await;
    lab.inventory("de-local-b", Template::Minimal, 1, LOCAL_B)
        .await;
    let eim = start_eim(&lab, &["de-local-a", "de-local-b"], false).await;
    let api = Api::new(&lab, &eim);
    let (eid, ipa) = device(&lab, &eim, &api).await;
    TwoTypes {
        lab,
        eim,
        api,
        eid,
        ipa,
    }
}

/// The lab's network: profiles of `de-local-a` cannot attach.
struct Network;

impl AttachProbe for Network {
    fn attaches(&self, _eid: &str, iccid: &str) -> bool {
        iccid != LOCAL_A
    }
}

#[tokio::test]
async fn localization_rollback_when_the_local_profile_cannot_attach_then_next_type() {
    let TwoTypes {
        lab,
        eim,
        api,
        eid,
        mut ipa,
    } = two_types().await;
    assert!(
        !ipa.eim().indirect_profile_download,
        "the eIM's default: direct downloads"
    );
    ipa.set_attach_probe(Arc::new(Network));

    let (_, v) = api
        .call(
            "POST",
            &format!("/v1/devices/{eid}/operations"),
            Some(json!({"type": "localize", "country": "DE"})),
        )
        .await;
    let op = v["id"].as_str().unwrap().to_string();
    let (settled, outcomes) = run_until_settled(&mut ipa, &api, &op).await;
    assert_eq!(settled["state"], "done", "{settled}");
    assert_eq!(settled["result"]["iccid"], LOCAL_B, "{settled}");
    assert_eq!(settled["data"]["attempts"][0]["profileType"], "de-local-a");
    assert!(
        settled["data"]["attempts"][0]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("rolled back"),
        "{settled}"
    );

    assert_eq!(
        downloads(&outcomes),
        [
            (Some(LOCAL_A.to_string()), false),
            (Some(LOCAL_B.to_string()), false)
        ]
    );
    let rolled: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            PollOutcome::Package(p) => p.rollback.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(rolled.len(), 1);
    assert_eq!(rolled[0].failed_iccid, LOCAL_A);
    assert_eq!(
        enable_results(&outcomes),
        [
            vec![
                EuiccResultData::EnableResult(EnableProfileResult::Ok),
                EuiccResultData::RollbackResult(proto::sgp32::RollbackProfileResult::Ok),
            ],
            vec![EuiccResultData::EnableResult(EnableProfileResult::Ok)],
        ],
        "the rollback's result replaced the first enable's"
    );

    let card = ipa.card().state();
    assert!(
        card.profile_by_iccid(LOCAL_A).is_none(),
        "the eIM deleted the profile that could not attach"
    );
    assert_eq!(
        card.profile_by_iccid(LOCAL_B).unwrap().state,
        ProfileStatus::Enabled
    );
    assert!(card.profile_by_iccid(BOOTSTRAP).unwrap().fallback_attribute);
    assert!(card.iot.package_results.is_empty());
    let (_, d) = api.call("GET", &format!("/v1/devices/{eid}"), None).await;
    assert_eq!(d["enabledIccid"], LOCAL_B, "{d}");
    // The installation results reached the SM-DP+ from the IPA and again from the eIM
    // (which acknowledged them); the SM-DP+ took each once, then the rest in order.
    let (pir_seq, delivery) = installation_seq(&outcomes);
    assert_eq!(delivery.acknowledged, [pir_seq]);
    smdp_state_becomes(&lab, &eim, LOCAL_A, ProfileState::Deleted).await;
    smdp_state_becomes(&lab, &eim, LOCAL_B, ProfileState::Enabled).await;
    eim.shutdown().await;
}

/// The lab's network: profiles of `de-local-a` attach, but do not reach the eIM.
struct NoRouteToTheEim;

impl AttachProbe for NoRouteToTheEim {
    fn attaches(&self, _eid: &str, _iccid: &str) -> bool {
        true
    }

    fn reaches_eim(&self, _eid: &str, iccid: &str) -> bool {
        iccid != LOCAL_A
    }
}

#[tokio::test]
async fn localization_rollback_when_the_eim_cannot_be_reached_with_the_new_profile() {
    let TwoTypes {
        // Kept to the end: the lab's SM-DP+ serves the downloads.
        lab: _lab,
        eim,
        api,
        eid,
        mut ipa,
    } = two_types().await;
    ipa.set_attach_probe(Arc::new(NoRouteToTheEim));
    // The device's minutes of trying pass at once here: one failed delivery stands for them.
    ipa.options_mut().rollback_after = Some(Duration::ZERO);

    let (_, v) = api
        .call(
            "POST",
            &format!("/v1/devices/{eid}/operations"),
            Some(json!({"type": "localize", "country": "DE"})),
        )
        .await;
    let op = v["id"].as_str().unwrap().to_string();
    let (settled, outcomes) = run_until_settled(&mut ipa, &api, &op).await;
    assert_eq!(settled["state"], "done", "{settled}");
    assert_eq!(settled["result"]["iccid"], LOCAL_B, "{settled}");
    assert!(
        settled["data"]["attempts"][0]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("rolled back"),
        "the eIM read the rollback from the result: {settled}"
    );
    let rolled: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            PollOutcome::Package(p) => p.rollback.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(rolled.len(), 1);
    assert_eq!(rolled[0].failed_iccid, LOCAL_A);
    assert_eq!(
        rolled[0].cause,
        ipa::RollbackCause::EimUnreachable { attempts: 1 }
    );
    assert_eq!(
        enable_results(&outcomes)[0],
        [
            EuiccResultData::EnableResult(EnableProfileResult::Ok),
            EuiccResultData::RollbackResult(proto::sgp32::RollbackProfileResult::Ok),
        ],
        "the eIM got the rollback's result, never the enable's alone"
    );
    let card = ipa.card().state();
    assert!(
        card.profile_by_iccid(LOCAL_A).is_none(),
        "deleted by the eIM"
    );
    assert_eq!(
        card.profile_by_iccid(LOCAL_B).unwrap().state,
        ProfileStatus::Enabled
    );
    assert!(card.iot.package_results.is_empty());
    let (_, d) = api.call("GET", &format!("/v1/devices/{eid}"), None).await;
    assert_eq!(d["enabledIccid"], LOCAL_B, "{d}");
    eim.shutdown().await;
}
