//! Field-quirk IPAs against the eIM and, through its relay, the SM-DP+ (SGP.32 v1.2 5.14;
//! `lpa::quirks`): where the specification lets the eIM tell the device or the
//! download another way it copes, and where it does not the device gets the
//! specification's code. Real eIM, SM-DP+ and IPA on loopback with real TLS.

use eim::EimHandle;
use euicc_sim::{Euicc, Sgp32Version};
use ipa::{Ipa, PollOutcome};
use lpa::quirks::{Quirk, Quirks};
use proto::der::Asn1;
use proto::sgp32::{
    AuthenticateClientErrorEsipa, EimPackageError, ProfileDownloadTriggerResultData,
};
use serde_json::{Value, json};
use sm_dp::{OrderStatus, ProfileState, Template};
use tests::Lab;
use tests::lab_eim::{self, Api};

const LOCAL: &str = "8949449999999990023";
/// 262-01, Germany.
const GERMANY: [u8; 3] = [0x62, 0xF2, 0x10];

/// A registered SGP.32 v1.2 device whose IPA has `quirk`; its EID and IPA.
async fn quirky_device(
    lab: &Lab,
    eim: &EimHandle,
    api: &Api,
    quirk: Quirk,
) -> (String, Ipa<Euicc>) {
    let euicc = lab_eim::iot_device(lab, eim, Sgp32Version::V1_2);
    api.register(&euicc, true).await;
    let eid = euicc.eid().to_string();
    let mut ipa = lab_eim::iot_ipa(lab, eim, euicc, Sgp32Version::V1_2, None);
    ipa.set_quirks([quirk].into_iter().collect());
    (eid, ipa)
}

/// A download of an order for `eid` triggered through the eIM's API, run to its end.
async fn triggered_download(
    lab: &Lab,
    api: &Api,
    ipa: &mut Ipa<Euicc>,
    eid: &str,
) -> (String, String, Value, Vec<PollOutcome>) {
    let (iccid, mid) = lab.order("lab", Some(eid), None).await;
    let ac = lab.activation_code(&mid);
    let ac = ac.trim_start_matches("LPA:");
    let op = api
        .queue(eid, json!({"type": "download", "activationCode": ac}))
        .await;
    let (settled, outcomes) = lab_eim::poll_until_settled(ipa, api, &op, GERMANY).await;
    (iccid, mid, settled, outcomes)
}

fn download_results(outcomes: &[PollOutcome]) -> Vec<&ProfileDownloadTriggerResultData> {
    outcomes
        .iter()
        .filter_map(|o| match o {
            PollOutcome::Download(d) => Some(&d.result.profile_download_trigger_result_data),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn sgp32_5_14_5_a_poll_without_eid_value_is_answered_missing_eid() {
    let lab = Lab::start().await;
    let eim = lab_eim::start_eim(&lab, |_| {}).await;
    let api = Api::new(&lab, &eim);
    let (eid, mut ipa) = quirky_device(&lab, &eim, &api, Quirk::OmitEidInPoll).await;
    api.queue(&eid, json!({"type": "euiccData", "tags": ["BF20"]}))
        .await;
    // eidValue is not OPTIONAL in GetEimPackageRequest (6.3.2.6) and ESipa's TLS does not
    // authenticate the device: the eIM cannot know whose package it would hand out.
    let outcome = ipa.poll(Some(GERMANY)).await.expect("poll");
    assert!(
        matches!(outcome, PollOutcome::EimError(EimPackageError::MissingEid)),
        "{outcome:?}"
    );
    // The package is still there for the device once it names itself.
    ipa.set_quirks(Quirks::none());
    let outcome = ipa.poll(Some(GERMANY)).await.expect("poll");
    assert!(matches!(outcome, PollOutcome::EuiccData(_)), "{outcome:?}");
    eim.shutdown().await;
}

#[tokio::test]
async fn sgp32_5_14_6_results_without_eid_value_are_taken_by_their_eim_transaction_id() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, LOCAL).await;
    let eim = lab_eim::start_eim(&lab, |_| {}).await;
    let api = Api::new(&lab, &eim);
    let (eid, mut ipa) = quirky_device(&lab, &eim, &api, Quirk::OmitEidInResults).await;
    let op = api
        .queue(&eid, json!({"type": "euiccData", "tags": ["BF20", "BF22"]}))
        .await;
    let (settled, _) = lab_eim::poll_until_settled(&mut ipa, &api, &op, GERMANY).await;
    assert_eq!(settled["state"], "done", "{settled}");
    // A download's trigger result, too: the profile counts as installed at the eIM.
    let (iccid, mid, settled, outcomes) = triggered_download(&lab, &api, &mut ipa, &eid).await;
    assert_eq!(settled["state"], "done", "{settled}");
    assert!(
        matches!(
            download_results(&outcomes)[..],
            [ProfileDownloadTriggerResultData::ProfileInstallationResult(
                _
            )]
        ),
        "{outcomes:?}"
    );
    assert_eq!(
        lab.order_reaching(&mid, OrderStatus::Done).await.status,
        OrderStatus::Done
    );
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    eim.shutdown().await;
}

#[tokio::test]
async fn sgp32_5_14_1_a_relayed_download_without_eim_transaction_id_completes() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, LOCAL).await;
    let eim = lab_eim::start_eim(&lab, |c| c.indirect_profile_download = true).await;
    let api = Api::new(&lab, &eim);
    let (eid, mut ipa) = quirky_device(&lab, &eim, &api, Quirk::NoEimTransactionId).await;
    assert!(ipa.eim().indirect_profile_download);
    let (iccid, mid, settled, outcomes) = triggered_download(&lab, &api, &mut ipa, &eid).await;
    // eimTransactionId is OPTIONAL in InitiateAuthenticationRequestEsipa: the eIM relays
    // to the SM-DP+ named in the request and takes the result by the trigger's own id.
    assert_eq!(settled["state"], "done", "{settled}");
    let installed: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            PollOutcome::Download(d) => Some((d.installed_iccid.clone(), d.indirect)),
            _ => None,
        })
        .collect();
    assert_eq!(installed, vec![(Some(iccid.clone()), true)]);
    assert_eq!(
        lab.order_reaching(&mid, OrderStatus::Done).await.status,
        OrderStatus::Done
    );
    eim.shutdown().await;
}

#[tokio::test]
async fn sgp32_5_14_2_euicc_info2_reencoded_with_sgp22_fails_euicc_signature1() {
    let lab = Lab::start().await;
    lab.inventory("lab", Template::Minimal, 1, LOCAL).await;
    let eim = lab_eim::start_eim(&lab, |c| c.indirect_profile_download = true).await;
    let api = Api::new(&lab, &eim);
    let (eid, mut ipa) = quirky_device(&lab, &eim, &api, Quirk::Sgp22EuiccInfo2).await;
    let (iccid, mid, settled, outcomes) = triggered_download(&lab, &api, &mut ipa, &eid).await;
    assert_ne!(settled["state"], "done", "{settled}");
    // The SM-DP+ verified euiccSignature1 over what it received, without ipaMode and
    // iotSpecificInfo (SGP.22 5.6.3: 8.1/6.1); the eIM relays its code as
    // AuthenticateClientErrorEsipa euiccSignatureInvalid(5).
    let [ProfileDownloadTriggerResultData::ProfileDownloadError(e)] =
        download_results(&outcomes)[..]
    else {
        panic!("one failed download expected: {outcomes:?}")
    };
    let code = e
        .error_response
        .as_deref()
        .map(AuthenticateClientErrorEsipa::from_der)
        .transpose()
        .expect("an AuthenticateClient error");
    assert_eq!(
        code,
        Some(AuthenticateClientErrorEsipa::EuiccSignatureInvalid)
    );
    assert_ne!(lab.order_of(&mid).await.status, OrderStatus::Done);
    assert_ne!(lab.profile(&iccid).await.state, ProfileState::Installed);
    eim.shutdown().await;
}
