//! SGP.02 3.1 (profile download and installation) through ES3: CreateISDP, SendData to the
//! new ISD-P, ProfileDownloadCompleted, then the operator enables the profile on ES4.

use proto::ids::{Eid, Iccid};
use sm_sr::OperationState;
use sm_sr::eis::ProfileState;
use soap::envelope::Envelope;
use soap::es3::{
    CREATE_ISDP, CreateIsdpRequest, CreateIsdpResponse, PROFILE_DOWNLOAD_COMPLETED,
    ProfileDownloadCompletedRequest, SEND_DATA, SendDataRequest,
};
use soap::message::Hex;
use soap::status::{ExecutionStatus, RequestHeader};

use super::es3_card::{lab_with_card, run_card};
use super::es3_https::{call, smdp_client, smdp_id, status_of};
use super::es4_async::{WITHIN, free_port, requester_on};
use crate::support::{Lab, h, requester, tls_host};

const ICCID: &str = "8949000000000000099";
/// The lowest ISD-P AID of SGP.02 Annex H (TAR `000010`): the card has no ISD-P yet.
const NEW_AID: &str = "A0000005591010FFFFFFFF8900001000";

pub(crate) fn create_isdp(eid: &str, iccid: &str, memory: u64) -> CreateIsdpRequest {
    CreateIsdpRequest {
        header: RequestHeader::new("dp-call-1"),
        eid: Eid::parse_lenient(eid).unwrap(),
        iccid: Iccid::parse_lenient(iccid).unwrap(),
        mno_id: "mno-a".into(),
        required_memory: memory,
        more_to_do: None,
    }
}

pub(crate) fn send_data(eid: &str, sd_aid: &str, data: Vec<u8>) -> SendDataRequest {
    SendDataRequest {
        header: RequestHeader::new("dp-call-2"),
        eid: Eid::parse_lenient(eid).unwrap(),
        sd_aid: Hex(hex::decode(sd_aid).unwrap()),
        data: Hex(data),
        more_to_do: None,
    }
}

async fn profile_state(lab: &Lab, eid: &str) -> Option<(ProfileState, Vec<u8>)> {
    let eis = lab.smsr.eis(eid).await.unwrap();
    let p = eis.profile(ICCID)?;
    Some((p.state, p.isd_p_aid.clone()))
}

#[tokio::test]
async fn create_isdp_then_send_data_then_download_completed_then_es4_enable() {
    let (lab, mut card) = lab_with_card().await;
    let eid = card.eid().to_string();
    let c = smdp_client(&lab);
    let port = free_port().port();
    let mut callbacks = requester_on(format!("127.0.0.1:{port}").parse().unwrap()).await;
    let reply_to = format!("https://{}:{port}/cb", tls_host());

    // CreateISDP: accepted, the profile InstallInProgress on the lowest free AID
    let req = create_isdp(&eid, ICCID, 4096);
    let answer = call(&lab, &c, &CREATE_ISDP, &smdp_id(), &req, Some(&reply_to)).await;
    assert_eq!(answer, (202, String::new()));
    let aid = hex::decode(NEW_AID).unwrap();
    let want = Some((ProfileState::InstallInProgress, aid.clone()));
    assert_eq!(profile_state(&lab, &eid).await, want);
    let queued = lab.smsr.pending_commands(4).await.unwrap();
    assert_eq!(queued[0].tar, [0, 0, 1], "INSTALL goes to the ISD-R");
    let script = h(&queued[0].script);
    assert!(
        script.contains("80E60C004710A0000005591010FFFFFFFF8900000D00"),
        "{script}"
    );

    // the card creates the ISD-P: Created, the response carries the AID
    let ops = run_card(&lab, &mut card).await;
    assert_eq!(ops[0].state, OperationState::Succeeded);
    assert_eq!(
        profile_state(&lab, &eid).await,
        Some((ProfileState::Created, aid.clone()))
    );
    let body = tokio::time::timeout(WITHIN, callbacks.bodies.recv())
        .await
        .unwrap()
        .unwrap();
    let env = Envelope::decode(body.as_bytes()).unwrap();
    assert_eq!(
        env.addressing.action.as_deref(),
        CREATE_ISDP.callback_action
    );
    assert_eq!(env.addressing.relates_to.as_deref(), Some("urn:uuid:es3-1"));
    let r: CreateIsdpResponse = CREATE_ISDP.decode_response(&env).unwrap();
    assert_eq!(
        r.header.function_execution_status.status,
        ExecutionStatus::ExecutedSuccess
    );
    assert_eq!(r.isd_p_aid.map(|a| h(&a.0)).as_deref(), Some(NEW_AID));

    // SendData: GET STATUS of the ISD-P itself, answered by the ISD-P over its TAR
    let script = hex::decode("AA07220580F2800200").unwrap();
    let req = send_data(&eid, NEW_AID, script);
    let answer = call(&lab, &c, &SEND_DATA, &smdp_id(), &req, Some(&reply_to)).await;
    assert_eq!(answer.0, 202, "{}", answer.1);
    assert_eq!(
        lab.smsr.pending_commands(4).await.unwrap()[0].tar,
        [0, 0, 0x10]
    );
    let ops = run_card(&lab, &mut card).await;
    assert_eq!(ops[0].state, OperationState::Succeeded);
    let response = h(ops[0].response.as_deref().unwrap());
    assert_eq!(
        response,
        format!("AB1F800101231AE3164F10{NEW_AID}9F7001079000")
    );
    let body = tokio::time::timeout(WITHIN, callbacks.bodies.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(
        body.contains(&response),
        "EuiccResponseData in the SendData response: {body}"
    );

    // ProfileDownloadCompleted: the profile is Disabled in the EIS, with its type
    let req = ProfileDownloadCompletedRequest {
        header: RequestHeader::new("dp-call-3"),
        eid: Eid::parse_lenient(&eid).unwrap(),
        iccid: Iccid::parse_lenient(ICCID).unwrap(),
        profile_type: Some("m2m-lab".into()),
        subscription_address: None,
        pol2: None,
    };
    let answer = call(
        &lab,
        &c,
        &PROFILE_DOWNLOAD_COMPLETED,
        &smdp_id(),
        &req,
        None,
    )
    .await;
    let (status, _) = status_of(&PROFILE_DOWNLOAD_COMPLETED, &answer.1);
    assert_eq!(status, ExecutionStatus::ExecutedSuccess, "{}", answer.1);
    let eis = lab.smsr.eis(&eid).await.unwrap();
    let p = eis.profile(ICCID).unwrap();
    assert_eq!(
        (p.state, p.profile_type.as_str(), p.mno_id.as_str()),
        (ProfileState::Disabled, "m2m-lab", "mno-a")
    );
    assert_eq!(p.smdp_id, smdp_id());

    // the operator enables it on ES4: STORE DATA 3A03 for the new ISD-P to the ISD-R
    let accepted = lab
        .smsr
        .es4()
        .enable_profile(&requester("mno-a"), &eid, ICCID)
        .await
        .unwrap();
    let queued = lab.smsr.pending_commands(4).await.unwrap();
    assert_eq!(queued[0].operation_id, accepted.operation_id);
    assert!(h(&queued[0].script).ends_with(&format!("80E28800153A03124F10{NEW_AID}")));
    lab.smsr.shutdown().await;
}
