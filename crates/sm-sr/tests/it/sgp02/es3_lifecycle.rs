//! An ISD-P's life through ES3 (SGP.02 3.1, 3.5): a CreateISDP the card refuses leaves no
//! profile behind, ProfileDownloadCompleted waits for the ISD-P, DeleteISDP removes an
//! ISD-P whose download never completed, GetEIS shows the SM-DP its profiles only.

use sm_sr::OperationState;
use sm_sr::eis::ProfileState;
use sm_sr::es3::{CreateIsdp, DownloadCompleted, Es3Error};
use sm_sr::es5::isdr;
use sm_sr::es5::script::command_script;

use super::es3_card::{lab_with_card, run_card};
use super::es3_https::smdp_id;
use crate::support::{EID, Lab, requester};

const ICCID: &str = "8949000000000000077";

fn create(memory: u64) -> CreateIsdp {
    CreateIsdp {
        iccid: ICCID.into(),
        mno_id: "mno-a".into(),
        required_memory: memory,
    }
}

async fn state(lab: &Lab, eid: &str) -> Option<ProfileState> {
    let eis = lab.smsr.eis(eid).await.unwrap();
    eis.profile(ICCID).map(|p| p.state)
}

#[tokio::test]
async fn a_create_isdp_the_card_refuses_fails_8_4_4_2_and_leaves_no_profile() {
    let (lab, mut card) = lab_with_card().await;
    let eid = card.eid().to_string();
    // the card already has ISD-P ...8900001000, which the SM-SR does not know of
    let aid = hex::decode("A0000005591010FFFFFFFF8900001000").unwrap();
    let install = command_script(&[isdr::create_isdp(&aid, 0)]).unwrap();
    let answer = hex::encode_upper(card.run_isdr_script(&install));
    assert!(answer.ends_with("9000"), "{answer}");
    let dp = requester(&smdp_id());
    lab.smsr
        .es3()
        .create_isdp(&dp, &eid, &create(0))
        .await
        .unwrap();
    assert_eq!(
        state(&lab, &eid).await,
        Some(ProfileState::InstallInProgress)
    );
    let ops = run_card(&lab, &mut card).await;
    assert_eq!(ops[0].state, OperationState::Failed);
    assert_eq!(ops[0].failed_with(), Some(("8.4", "4.2")));
    assert_eq!(state(&lab, &eid).await, None, "the profile left the EIS");
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn a_create_isdp_past_its_validity_is_expired_and_leaves_no_profile() {
    let (lab, card) = lab_with_card().await;
    let eid = card.eid().to_string();
    let dp = sm_sr::Requester {
        validity_secs: Some(0),
        ..requester(&smdp_id())
    };
    let es3 = lab.smsr.es3();
    let id = es3.create_isdp(&dp, &eid, &create(0)).await.unwrap();
    let id = id.operation_id;
    assert_eq!(
        state(&lab, &eid).await,
        Some(ProfileState::InstallInProgress)
    );
    let swept = lab.smsr.sweep(sm_sr::Retention::default()).await.unwrap();
    assert_eq!(swept.expired, 1);
    let op = lab.smsr.operation(&id).await.unwrap().unwrap();
    assert_eq!(op.state, OperationState::Expired);
    assert_eq!(state(&lab, &eid).await, None, "the profile left the EIS");
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn download_completed_before_the_isd_p_exists_is_8_2_1_3_5() {
    let (lab, mut card) = lab_with_card().await;
    let eid = card.eid().to_string();
    let dp = requester(&smdp_id());
    lab.smsr
        .es3()
        .create_isdp(&dp, &eid, &create(0))
        .await
        .unwrap();
    let done = DownloadCompleted {
        iccid: ICCID.into(),
        ..DownloadCompleted::default()
    };
    let es3 = lab.smsr.es3();
    let e = es3.profile_download_completed(&dp, &eid, &done).await;
    let e = e.unwrap_err();
    assert!(matches!(e, Es3Error::NotCreated(_)), "{e}");
    assert_eq!(
        e.code().map(|c| (c.subject, c.reason)),
        Some(("8.2.1", "3.5"))
    );
    run_card(&lab, &mut card).await;
    let by_operator = requester("mno-a");
    let e = es3
        .profile_download_completed(&by_operator, &eid, &done)
        .await;
    assert!(matches!(e, Err(Es3Error::NotSmdpsProfile(_))));
    es3.profile_download_completed(&dp, &eid, &done)
        .await
        .unwrap();
    assert_eq!(state(&lab, &eid).await, Some(ProfileState::Disabled));
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn delete_isdp_of_an_unfinished_download_removes_it() {
    let (lab, mut card) = lab_with_card().await;
    let eid = card.eid().to_string();
    let dp = requester(&smdp_id());
    lab.smsr
        .es3()
        .create_isdp(&dp, &eid, &create(0))
        .await
        .unwrap();
    run_card(&lab, &mut card).await;
    assert_eq!(state(&lab, &eid).await, Some(ProfileState::Created));
    let accepted = lab.smsr.es3().delete_isdp(&dp, &eid, ICCID).await.unwrap();
    let queued = lab.smsr.pending_commands(4).await.unwrap();
    let script = hex::encode_upper(&queued[0].script);
    assert!(
        script.ends_with("80E40080124F10A0000005591010FFFFFFFF8900001000"),
        "{script}"
    );
    let ops = run_card(&lab, &mut card).await;
    assert_eq!(ops[0].id, accepted.operation_id);
    assert_eq!(ops[0].state, OperationState::Succeeded);
    assert_eq!(state(&lab, &eid).await, None);
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn get_eis_shows_the_sm_dp_its_profiles_without_keys() {
    let lab = Lab::with_eis().await;
    let eis = lab.smsr.es3().get_eis(&requester("dp"), EID).await.unwrap();
    assert_eq!(
        eis.profiles.len(),
        3,
        "the support EIS's profiles are SM-DP dp's"
    );
    assert!(eis.isd_r.scp80.is_empty() && eis.isd_r.scp81.is_empty());
    let other = lab
        .smsr
        .es3()
        .get_eis(&requester(&smdp_id()), EID)
        .await
        .unwrap();
    assert!(other.profiles.is_empty());
    let unknown = lab
        .smsr
        .es3()
        .get_eis(&requester("dp"), &EID.replace('5', "6"))
        .await;
    assert!(matches!(unknown, Err(Es3Error::UnknownEid(_))));
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn connectivity_parameters_go_to_the_profiles_isd_p() {
    let (lab, mut card) = lab_with_card().await;
    let eid = card.eid().to_string();
    let dp = requester(&smdp_id());
    let es3 = lab.smsr.es3();
    es3.create_isdp(&dp, &eid, &create(0)).await.unwrap();
    run_card(&lab, &mut card).await;
    let script = hex::decode("AA07220580F2800200").unwrap();
    let mno = requester("mno-a");
    let by_operator = es3.update_connectivity_parameters(&mno, &eid, ICCID, &script);
    assert!(matches!(
        by_operator.await,
        Err(Es3Error::NotSmdpsProfile(_))
    ));
    let accepted = es3
        .update_connectivity_parameters(&dp, &eid, ICCID, &script)
        .await
        .unwrap();
    let queued = lab.smsr.pending_commands(4).await.unwrap();
    assert_eq!(
        (queued[0].operation_id.as_str(), queued[0].tar.as_slice()),
        (accepted.operation_id.as_str(), &[0, 0, 0x10][..])
    );
    let ops = run_card(&lab, &mut card).await;
    assert_eq!(
        ops[0].function,
        sm_sr::Function::UpdateConnectivityParameters
    );
    assert_eq!(ops[0].state, OperationState::Succeeded);
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn send_data_to_the_isd_r_outside_a_download_is_8_3_1_1_2() {
    let (lab, mut card) = lab_with_card().await;
    let eid = card.eid().to_string();
    let dp = requester(&smdp_id());
    let es3 = lab.smsr.es3();
    let isd_r = hex::decode("A0000005591010FFFFFFFF8900000100").unwrap();
    let script = hex::decode("AA07220580CAFF2100").unwrap();
    let e = es3.send_data(&dp, &eid, &isd_r, &script).await.unwrap_err();
    assert_eq!(
        e.code().map(|c| (c.subject, c.reason)),
        Some(("8.3.1", "1.2"))
    );
    es3.create_isdp(&dp, &eid, &create(0)).await.unwrap();
    run_card(&lab, &mut card).await;
    es3.send_data(&dp, &eid, &isd_r, &script).await.unwrap();
    let ops = run_card(&lab, &mut card).await;
    assert_eq!(
        ops[0].state,
        OperationState::Succeeded,
        "GET DATA FF21 on the ISD-R during the download"
    );
    lab.smsr.shutdown().await;
}
