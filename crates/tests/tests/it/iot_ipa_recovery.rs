//! The IPA's own recovery against our eIM (SGP.32 v1.2 3.4.5, 5.9.11, 5.9.18, 5.9.20,
//! 5.9.21, 5.14.7; the rollback for an eIM that cannot be reached is in
//! `iot_localization`): a device localized to a local profile that stops registering falls
//! back to its bootstrap; restarted, its IPA delivers the notifications the eUICC kept
//! before its first poll, and the eIM's view follows; the return from the fallback; an
//! eUICC that also holds an eIM configuration the IPA cannot poll.

use euicc_sim::state::{EimConfig, EimProtocol};
use euicc_sim::{Credentials, Euicc, EuiccOptions, Sgp32Version};
use ipa::{EimUnusable, PollOutcome};
use proto::sgp32::{ExecuteFallbackMechanismResult, ReturnFromFallbackResult};
use serde_json::json;
use sm_dp::Template;
use tests::Lab;
use tests::lab_eim::{self, Api, BOOTSTRAP};

const LOCAL_A: &str = "8949449999999990023";
/// 262-01, Germany.
const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10];

/// The eIM's enabled profile of `eid`.
async fn eim_view(api: &Api, eid: &str) -> serde_json::Value {
    let (_, d) = api.call("GET", &format!("/v1/devices/{eid}"), None).await;
    d["enabledIccid"].clone()
}

#[tokio::test]
async fn fallback_then_restart_delivers_the_kept_notifications_then_return() {
    let lab = Lab::start().await;
    lab.inventory("de-local-a", Template::Minimal, 1, LOCAL_A)
        .await;
    let eim = lab_eim::start_eim(&lab, |c| {
        c.localization.targets = lab_eim::german_targets(&["de-local-a"]);
    })
    .await;
    let api = Api::new(&lab, &eim);
    let euicc = lab_eim::iot_device(&lab, &eim, Sgp32Version::V1_2);
    api.register(&euicc, true).await;
    let eid = euicc.eid().to_string();
    let mut ipa = lab_eim::iot_ipa(&lab, &eim, euicc, Sgp32Version::V1_2, None);
    let (_, v) = api
        .call(
            "POST",
            &format!("/v1/devices/{eid}/operations"),
            Some(json!({"type": "localize", "country": "DE"})),
        )
        .await;
    let op = v["id"].as_str().unwrap().to_string();
    let (settled, _) = lab_eim::poll_until_settled(&mut ipa, &api, &op, GERMANY).await;
    assert_eq!(settled["state"], "done", "{settled}");
    assert_eq!(eim_view(&api, &eid).await, LOCAL_A);

    // The local profile stops registering and nothing else reaches a network: the
    // Fallback Mechanism. The local profile's disable notification waits on the eUICC (the
    // bootstrap's metadata asks for none).
    assert_eq!(
        ipa.recover_network().unwrap(),
        ExecuteFallbackMechanismResult::Ok
    );
    assert_eq!(ipa.enabled_iccid().unwrap().as_deref(), Some(BOOTSTRAP));
    let kept = ipa.card().state().notifications.len();
    assert!(kept >= 1, "{kept}");

    // The device restarts: before its first poll the IPA hands the eIM what was kept.
    let euicc = ipa.into_card();
    let mut ipa = lab_eim::iot_ipa(&lab, &eim, euicc, Sgp32Version::V1_2, None);
    let pending = ipa.deliver_pending().await.unwrap();
    assert_eq!(pending.notifications_sent.len(), kept, "{pending:?}");
    assert_eq!(pending.removed, pending.notifications_sent);
    assert!(ipa.card().state().notifications.is_empty());
    // The poll tells the eIM of the fallback; what it asks for then is done.
    ipa.poll_until_idle(Some(GERMANY), 8).await.unwrap();
    assert_eq!(eim_view(&api, &eid).await, BOOTSTRAP);

    // The local profile registers again: the return from the fallback, and the eIM's view
    // follows after the next poll.
    let back = ipa.try_return_from_fallback().unwrap();
    assert_eq!(back.result, ReturnFromFallbackResult::Ok);
    assert_eq!(back.fell_back_again, None);
    assert_eq!(back.enabled_iccid.as_deref(), Some(LOCAL_A));
    ipa.poll_until_idle(Some(GERMANY), 8).await.unwrap();
    assert_eq!(eim_view(&api, &eid).await, LOCAL_A);
    assert!(ipa.card().state().notifications.is_empty());
    eim.shutdown().await;
}

#[tokio::test]
async fn an_eim_configuration_the_ipa_cannot_poll_is_kept_and_reported() {
    let lab = Lab::start().await;
    let eim = lab_eim::start_eim(&lab, |_| {}).await;
    let api = Api::new(&lab, &eim);
    let info = eim.fleet().eim_info();
    let der = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        &info.eim_configuration_data,
    )
    .unwrap();
    let mut ours = EimConfig::from_der(&der).unwrap();
    ours.association_token = Some(lab_eim::TOKEN);
    let other = EimConfig {
        eim_id: "eim-by-sms".into(),
        supported_protocols: vec![EimProtocol::Proprietary],
        ..ours.clone()
    };
    let options = EuiccOptions {
        eims: vec![other, ours.clone()],
        ..EuiccOptions::iot_with_eim(ours.clone())
    };
    let creds = Credentials::from_pki(&lab.pki).unwrap();
    let euicc = Euicc::in_memory(creds, options).unwrap();
    api.register(&euicc, true).await;
    let mut ipa = lab_eim::iot_ipa(&lab, &eim, euicc, Sgp32Version::V1_2, None);
    assert_eq!(ipa.eim().eim_id, ours.eim_id);
    assert_eq!(
        ipa.eims()[0].unusable,
        Some(EimUnusable::NoRetrieval(vec![EimProtocol::Proprietary]))
    );
    assert_eq!(ipa.eims()[1].unusable, None);
    assert_eq!(
        ipa.poll(Some(GERMANY)).await.unwrap(),
        PollOutcome::NoPackage
    );
    eim.shutdown().await;
}
