//! The eIM's ProfileDownloadTriggerRequest in each of its three forms (SGP.32 v1.2 2.11.1
//! `ProfileDownloadData`), queued through the operator API and carried out by a device's
//! IPA, all roles real on loopback: an activation code is covered elsewhere; here
//! `contactSmds` (the IPA asks the SM-DS the trigger names for the event the SM-DP+
//! registered over ES12, SGP.22 3.6.3, then downloads with the EventID as Matching ID) and
//! `contactDefaultSmdp` (the IPA downloads from the eUICC's default SM-DP+ without a
//! Matching ID, SGP.22 3.1.3.1), and a request naming none or two of them is refused.

use euicc_sim::Sgp32Version;
use ipa::PollOutcome;
use proto::ids::{Eid, SmdpAddress};
use serde_json::json;
use sm_dp::{ConfirmOrder, OrderStatus, Template};
use tests::lab_eim::{self, Api};
use tests::smds::{SMDS_FQDN, Smds};
use tests::{Lab, lab_pki};

const LOCAL: &str = "8949449999999990023";
/// 262-01, Germany.
const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10];

fn installed(outcomes: &[PollOutcome]) -> Vec<String> {
    outcomes
        .iter()
        .filter_map(|o| match o {
            PollOutcome::Download(d) => d.installed_iccid.clone(),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn sgp32_2_11_1_contact_smds_from_the_eim_finds_and_installs_the_event() {
    let pki = lab_pki();
    let smds = Smds::start(&pki).await;
    let es12 = smds.handle.es12_addr();
    let lab = Lab::start_on(pki, move |c| {
        c.smds.resolve = vec![(SMDS_FQDN.into(), es12)];
    })
    .await;
    lab.inventory("lab", Template::Minimal, 1, LOCAL).await;
    let eim = lab_eim::start_eim(&lab, |_| {}).await;
    let api = Api::new(&lab, &eim);
    let euicc = lab_eim::iot_device(&lab, &eim, Sgp32Version::V1_2);
    api.register(&euicc, true).await;
    let eid = euicc.eid().to_string();
    let mut ipa = lab_eim::iot_ipa(&lab, &eim, euicc, Sgp32Version::V1_2, None);
    ipa.options_mut().lpa.es9.resolve.push(smds.resolve());

    // The operator orders a profile and has its Event registered at the SM-DS.
    let ordered = lab
        .es2
        .download_order(Some(Eid::parse(&eid).unwrap()), None, Some("lab".into()))
        .await
        .expect("DownloadOrder");
    let confirm = ConfirmOrder {
        eid: Some(Eid::parse(&eid).unwrap()),
        smds_address: Some(SmdpAddress::parse(SMDS_FQDN).unwrap()),
        ..ConfirmOrder::new(ordered.iccid.clone())
    };
    let confirmed = lab.es2.confirm_order(confirm).await.expect("ConfirmOrder");
    assert_eq!(smds.handle.event_count().await.unwrap(), 1);

    // The eIM tells the device to ask that SM-DS.
    let op = api
        .queue(
            &eid,
            json!({"type": "download", "contactSmds": {"smdsAddress": SMDS_FQDN}}),
        )
        .await;
    let (settled, outcomes) = lab_eim::poll_until_settled(&mut ipa, &api, &op, GERMANY).await;
    assert_eq!(settled["state"], "done", "{settled}");
    assert_eq!(
        installed(&outcomes),
        vec![ordered.iccid.as_str().to_string()]
    );
    assert_eq!(
        lab.order_of(&confirmed.matching_id).await.status,
        OrderStatus::Done
    );
    // The SM-DP+ deleted the Event once the profile was installed (SGP.22 5.9.2).
    for _ in 0..100 {
        if smds.handle.event_count().await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(smds.handle.event_count().await.unwrap(), 0);
    eim.shutdown().await;
    smds.handle.shutdown().await;
}

#[tokio::test]
async fn sgp32_2_11_1_contact_default_smdp_downloads_the_order_for_the_eid() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, LOCAL).await;
    let eim = lab_eim::start_eim(&lab, |_| {}).await;
    let api = Api::new(&lab, &eim);
    let euicc = lab_eim::iot_device(&lab, &eim, Sgp32Version::V1_2);
    api.register(&euicc, true).await;
    let eid = euicc.eid().to_string();
    let mut ipa = lab_eim::iot_ipa(&lab, &eim, euicc, Sgp32Version::V1_2, None);

    // An order for the EID with an empty Matching ID: downloadable by EID alone from the
    // eUICC's default SM-DP+ (SGP.22 3.1.3.1).
    let ordered = lab
        .es2
        .download_order(Some(Eid::parse(&eid).unwrap()), None, Some("lab".into()))
        .await
        .expect("DownloadOrder");
    let confirm = ConfirmOrder {
        eid: Some(Eid::parse(&eid).unwrap()),
        matching_id: Some(String::new()),
        ..ConfirmOrder::new(ordered.iccid.clone())
    };
    lab.es2.confirm_order(confirm).await.expect("ConfirmOrder");

    let op = api
        .queue(
            &eid,
            json!({"type": "download", "contactDefaultSmdp": true}),
        )
        .await;
    let (settled, outcomes) = lab_eim::poll_until_settled(&mut ipa, &api, &op, GERMANY).await;
    assert_eq!(settled["state"], "done", "{settled}");
    assert_eq!(
        installed(&outcomes),
        vec![ordered.iccid.as_str().to_string()]
    );
    eim.shutdown().await;
}

#[tokio::test]
async fn sgp32_2_11_1_a_download_names_exactly_one_source() {
    let lab = Lab::start().await;
    let eim = lab_eim::start_eim(&lab, |_| {}).await;
    let api = Api::new(&lab, &eim);
    let euicc = lab_eim::iot_device(&lab, &eim, Sgp32Version::V1_2);
    api.register(&euicc, true).await;
    let path = format!("/v1/devices/{}/operations", euicc.eid());
    for body in [
        json!({"type": "download"}),
        json!({"type": "download", "activationCode": "1$smdp.rsp-lab.test$X", "contactDefaultSmdp": true}),
        json!({"type": "download", "contactSmds": {"smdsAddress": "not an address"}}),
    ] {
        let (status, answer) = api.call("POST", &path, Some(body.clone())).await;
        assert_eq!(status, 400, "{body} → {answer}");
    }
    eim.shutdown().await;
}
