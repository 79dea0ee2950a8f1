//! SGP.02 3.1 and 3.2 end to end: the operator orders a profile over ES2.DownloadProfile
//! with EnableProfile; the SM-DP reads the EIS and creates the ISD-P through the SM-SR
//! (ES3), establishes the ISD-P's keys with the ECASD and downloads the package in SCP03t
//! (ES8, relayed by the SM-SR over SMS), reports ProfileDownloadCompleted and enables the
//! profile; the card switches, attaches with the new IMSI and notifies the SM-SR. Refusals
//! leave nothing behind.

use std::time::Duration;

use proto::ids::{Eid, Iccid};
use sm_dp::sgp02::{Es2Endpoint, Sgp02Config};
use sm_dp::{ProfileState, Sgp02State, Template};
use soap::envelope::{Addressing, Envelope};
use soap::es2::{
    self, DownloadProfileRequest, DownloadProfileResponse, Es2Notification, Es2Request,
};
use soap::status::{ExecutionStatus, RequestHeader};
use tests::m2m::{BOOTSTRAP, M2mLab, M2mOperator, SMSR_ID, free_port};
use tests::{Lab, OPERATOR, lab_pki};

/// A safety net for each wait, never an assertion.
const NET: Duration = Duration::from_secs(30);
const LOCAL: &str = "8949449999999990106";
const LOCAL_IMSI: &str = "001010000000001";
const LOCAL_MSISDN: &str = "4915550105";

struct Rig {
    m2m: M2mLab,
    lab: Lab,
    operator: M2mOperator,
    pki: certs::Pki,
}

/// The SM-SR and device, the SM-DP with `[sgp02]` and one local profile in stock (with
/// its MSISDN), the operator.
async fn rig() -> Rig {
    rig_waiting(NET).await
}

/// [`rig`] whose SM-DP awaits each ES3 response for `wait`.
async fn rig_waiting(wait: Duration) -> Rig {
    let subscribers = [(LOCAL_IMSI.to_string(), LOCAL_MSISDN.to_string())];
    rig_on(wait, &subscribers).await
}

/// [`rig_waiting`] on a network with these subscriptions besides the bootstrap one.
async fn rig_on(wait: Duration, subscribers: &[(String, String)]) -> Rig {
    let pki = lab_pki();
    let smsr_listen = free_port();
    let sgp02_listen = free_port();
    let es3 = format!(
        "https://{}:{}/gsma/smdp/ES3",
        tests::FQDN,
        sgp02_listen.port()
    );
    let m2m = M2mLab::start(&pki, smsr_listen, OPERATOR, subscribers, Some(&es3)).await;
    let operator = M2mOperator::start(&pki, OPERATOR, sgp02_listen).await;
    let notify_url = operator.reply_to.clone();
    let lab = Lab::start_on(pki.clone(), move |c| {
        let mut s = Sgp02Config::new(sgp02_listen, es3.clone());
        s.smsrs
            .insert(SMSR_ID.into(), M2mLab::smsr_endpoint(smsr_listen));
        s.response_wait = wait;
        s.resolve = vec![(tests::FQDN.into(), "127.0.0.1:0".parse().unwrap())];
        let endpoint = Es2Endpoint {
            notify_url: notify_url.clone(),
            resolve: Some("127.0.0.1:0".parse().unwrap()),
        };
        s.operators.insert(OPERATOR.into(), endpoint);
        c.sgp02 = Some(s);
    })
    .await;
    let iccids = lab
        .inventory("local-m2m", Template::Minimal, 1, LOCAL)
        .await;
    assert_eq!(iccids, [LOCAL]);
    let view = lab.smdp.view().await;
    assert!(view.set_profile_msisdn(LOCAL, LOCAL_MSISDN).await.unwrap());
    Rig {
        m2m,
        lab,
        operator,
        pki,
    }
}

fn download(rig: &Rig, profile_type: Option<&str>, iccid: Option<&str>) -> Envelope {
    download_to(rig, &rig.m2m.eid, profile_type, iccid)
}

fn download_to(rig: &Rig, eid: &str, profile_type: Option<&str>, iccid: Option<&str>) -> Envelope {
    let msg = DownloadProfileRequest {
        header: RequestHeader::new("mno-order-1"),
        eid: Eid::parse_lenient(eid).unwrap(),
        smsr_id: SMSR_ID.into(),
        profile_type: profile_type.map(str::to_string),
        iccid: iccid.map(|i| Iccid::parse_lenient(i).unwrap()),
        enable_profile: Some(true),
    };
    let a = Addressing::request(&rig.operator.es2_url, &rig.operator.id, "urn:uuid:order-1")
        .with_reply_to(&rig.operator.reply_to);
    Es2Request::DownloadProfile(msg).encode(a)
}

/// The next response at the operator's endpoint.
async fn answer(operator: &mut M2mOperator) -> Envelope {
    operator.next(NET).await.expect("DownloadProfileResponse")
}

fn response(env: &Envelope) -> DownloadProfileResponse {
    es2::DOWNLOAD_PROFILE
        .decode_response(env)
        .expect("a DownloadProfileResponse")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sgp02_3_1_download_profile_through_the_sm_sr_then_enabled_on_the_card() {
    let mut rig = rig().await;
    let (status, body) = rig
        .operator
        .post(&download(&rig, Some("local-m2m"), None))
        .await;
    assert_eq!(status, 202, "{body}");
    let env = answer(&mut rig.operator).await;
    assert_eq!(
        env.addressing.relates_to.as_deref(),
        Some("urn:uuid:order-1")
    );
    let r = response(&env);
    assert_eq!(
        r.header.status(),
        ExecutionStatus::ExecutedSuccess,
        "{:?}",
        r.header.function_execution_status
    );
    assert_eq!(r.iccid.as_ref().map(Iccid::as_str), Some(LOCAL));

    // The SM-SR's EIS: the local profile enabled, the bootstrap one disabled; the card
    // notified from the new subscription, so the SM-SR knows its MSISDN.
    let eis = rig.m2m.smsr.eis(&rig.m2m.eid).await.unwrap();
    let local = eis.profile(LOCAL).expect("in the EIS");
    assert_eq!(local.state, sm_sr::eis::ProfileState::Enabled);
    assert_eq!(local.smdp_id, tests::FQDN, "the SM-DP downloaded it");
    assert_eq!(local.mno_id, OPERATOR);
    assert_eq!(
        eis.profile(BOOTSTRAP).map(|p| p.state),
        Some(sm_sr::eis::ProfileState::Disabled)
    );
    // The SM-DP's inventory and its record of the download.
    let view = rig.lab.smdp.view().await;
    let p = view.profile(LOCAL).await.unwrap().unwrap();
    assert_eq!(p.state, ProfileState::Enabled);
    assert_eq!(p.eid.as_deref(), Some(rig.m2m.eid.as_str()));
    let downloads = view.sgp02_downloads().await.unwrap();
    assert_eq!(downloads.len(), 1);
    assert_eq!(downloads[0].state, Sgp02State::Enabled);
    assert!(downloads[0].isd_p_aid.is_some());

    // SGP.02 5.3, 5.4: the operator disables the profile at the SM-SR itself (ES4); the
    // SM-SR tells the SM-DP that downloaded it (ES3), which tells the operator (ES2).
    let requester = sm_sr::Requester {
        id: OPERATOR.into(),
        message_id: Some("urn:uuid:es4-disable".into()),
        reply_to: None,
        validity_secs: None,
    };
    let es4 = rig.m2m.smsr.es4();
    let disabled = es4.disable_profile(&requester, &rig.m2m.eid, LOCAL);
    disabled.await.expect("ES4.DisableProfile accepted");
    let note = answer(&mut rig.operator).await;
    assert_eq!(
        note.addressing.action.as_deref(),
        Some(es2::HANDLE_PROFILE_DISABLED_NOTIFICATION.request_action)
    );
    let n: Es2Notification = Es2Notification::decode(&note).unwrap();
    let Es2Notification::ProfileDisabled(n) = n else {
        panic!("{n:?}")
    };
    assert_eq!(n.iccid.as_str(), LOCAL);
    assert_eq!(n.eid.as_str(), rig.m2m.eid);
    let p = view.profile(LOCAL).await.unwrap().unwrap();
    assert_eq!(p.state, ProfileState::Disabled, "the inventory follows");
    rig.m2m.stop_device().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sgp02_5_3_refusals_name_the_spec_code_and_take_nothing_from_stock() {
    let rig = rig().await;
    // Another operator's profile type, an unknown SM-SR, a profile not in stock: each
    // refused at once, `Failed` with its code, the profile still Available.
    let cases = [
        (Some("no-such-type"), None, SMSR_ID, ("8.2.5", "3.9")),
        (None, Some("8949449999999990999"), SMSR_ID, ("8.2.1", "3.9")),
    ];
    for (ptype, iccid, _smsr, (subject, reason)) in cases {
        let (status, body) = rig.operator.post(&download(&rig, ptype, iccid)).await;
        assert_eq!(status, 200, "{body}");
        let env = Envelope::decode(body.as_bytes()).unwrap();
        let r = response(&env);
        assert_eq!(r.header.status(), ExecutionStatus::Failed);
        let code = r.header.function_execution_status.status_code_data.unwrap();
        assert_eq!(
            (code.subject_code.as_str(), code.reason_code.as_str()),
            (subject, reason)
        );
    }
    let mut unknown_smsr = download(&rig, Some("local-m2m"), None);
    let text = unknown_smsr
        .encode()
        .replace(&format!(">{SMSR_ID}<"), ">sr-9<");
    unknown_smsr = Envelope::decode(text.as_bytes()).unwrap();
    let (status, body) = rig.operator.post(&unknown_smsr).await;
    assert_eq!(status, 200, "{body}");
    let r = response(&Envelope::decode(body.as_bytes()).unwrap());
    let code = r.header.function_execution_status.status_code_data.unwrap();
    assert_eq!(
        (code.subject_code.as_str(), code.reason_code.as_str()),
        ("8.7", "3.9")
    );
    // A body over the listener's limit (64 KiB by default) is refused before it is read.
    let action = es2::DOWNLOAD_PROFILE.request_action;
    let (status, _) = rig.operator.post_text(action, "<".repeat(70_000)).await;
    assert_eq!(status, 413);
    let view = rig.lab.smdp.view().await;
    let p = view.profile(LOCAL).await.unwrap().unwrap();
    assert_eq!(p.state, ProfileState::Available);
    assert!(view.sgp02_downloads().await.unwrap().is_empty());
}

/// The code of a `Failed` response.
fn failed_code(r: &DownloadProfileResponse) -> (String, String) {
    assert_eq!(r.header.status(), ExecutionStatus::Failed);
    let c = r
        .header
        .function_execution_status
        .status_code_data
        .clone()
        .unwrap();
    (c.subject_code, c.reason_code)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sgp02_3_1_an_eid_the_sm_sr_does_not_manage_fails_with_its_code_and_keeps_the_profile() {
    let mut rig = rig().await;
    let other = tests::issue_euicc(&rig.pki, 77).eid().as_str().to_string();
    let (status, body) = rig
        .operator
        .post(&download_to(&rig, &other, Some("local-m2m"), None))
        .await;
    assert_eq!(status, 202, "{body}");
    let env = answer(&mut rig.operator).await;
    // The SM-SR's own refusal of ES3.GetEIS, passed on: EID unknown.
    assert_eq!(failed_code(&response(&env)), ("8.1.1".into(), "3.9".into()));
    let view = rig.lab.smdp.view().await;
    assert_eq!(
        view.profile(LOCAL).await.unwrap().unwrap().state,
        ProfileState::Available
    );
    let d = view.sgp02_downloads().await.unwrap();
    assert_eq!(d[0].state, Sgp02State::Failed);
    assert!(
        rig.m2m
            .smsr
            .eis(&rig.m2m.eid)
            .await
            .unwrap()
            .profile(LOCAL)
            .is_none()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sgp02_3_1_4_a_restart_fails_the_download_it_cut_short_and_says_so() {
    // The device is off: CreateISDP waits at the SM-SR. The SM-DP stops mid-download and
    // starts again; it fails the download, asks the SM-SR to delete the ISD-P (which cannot
    // reach the card either) and tells the operator.
    let mut rig = rig_waiting(Duration::from_secs(2)).await;
    rig.m2m.stop_device().await;
    let (status, body) = rig
        .operator
        .post(&download(&rig, Some("local-m2m"), None))
        .await;
    assert_eq!(status, 202, "{body}");
    let queued = async {
        loop {
            let pending = rig.m2m.smsr.pending_commands(8).await.unwrap();
            if !pending.is_empty() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(NET, queued)
        .await
        .expect("CreateISDP queued");
    rig.lab.smdp.restart().await;
    let env = answer(&mut rig.operator).await;
    assert_eq!(failed_code(&response(&env)), ("1.2".into(), "4.2".into()));
    let view = rig.lab.smdp.view().await;
    let d = view.sgp02_downloads().await.unwrap();
    assert_eq!(d[0].state, Sgp02State::Failed);
    assert!(
        d[0].outcome
            .as_deref()
            .unwrap_or_default()
            .contains("restarted"),
        "{:?}",
        d[0].outcome
    );
    // The ISD-P's deletion could not be confirmed: the profile is not put back in stock.
    let p = view.profile(LOCAL).await.unwrap().unwrap();
    assert_eq!(p.state, ProfileState::Error);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sgp02_3_2_2_a_local_profile_that_cannot_attach_is_rolled_back_and_the_operator_told() {
    // The network does not know the local IMSI: after the enable the device cannot attach,
    // the card rolls back to the bootstrap profile and notifies "failed, rolled back"; the
    // download ends installed but not enabled, and the operator gets the SM-SR's failure.
    let mut rig = rig_on(NET, &[]).await;
    let (status, body) = rig
        .operator
        .post(&download(&rig, Some("local-m2m"), None))
        .await;
    assert_eq!(status, 202, "{body}");
    let env = answer(&mut rig.operator).await;
    let r = response(&env);
    assert_eq!(r.header.status(), ExecutionStatus::Failed, "{:?}", r.header);
    assert_eq!(r.iccid.as_ref().map(Iccid::as_str), Some(LOCAL));
    let eis = rig.m2m.smsr.eis(&rig.m2m.eid).await.unwrap();
    assert_eq!(
        eis.profile(BOOTSTRAP).map(|p| p.state),
        Some(sm_sr::eis::ProfileState::Enabled),
        "the bootstrap profile is back"
    );
    assert_eq!(
        eis.profile(LOCAL).map(|p| p.state),
        Some(sm_sr::eis::ProfileState::Disabled),
        "the local profile stays, disabled"
    );
    let view = rig.lab.smdp.view().await;
    let d = view.sgp02_downloads().await.unwrap();
    assert_eq!(d[0].state, Sgp02State::Failed);
    assert!(
        d[0].outcome
            .as_deref()
            .unwrap_or_default()
            .starts_with("installed, not enabled"),
        "{:?}",
        d[0].outcome
    );
    assert_eq!(
        view.profile(LOCAL).await.unwrap().unwrap().state,
        ProfileState::Installed,
        "installed on the eUICC, not back in stock"
    );

    // SGP.02 3.5: the operator deletes the profile left behind (ES2.DeleteProfile, passed
    // on as ES3.DeleteISDP); the SM-SR does not notify the SM-DP that asked, so the SM-DP
    // records the deletion from the response.
    let delete = es2::Es2ProfileRequest {
        header: RequestHeader::new("mno-delete-1"),
        eid: Eid::parse_lenient(&rig.m2m.eid).unwrap(),
        smsr_id: SMSR_ID.into(),
        iccid: Iccid::parse_lenient(LOCAL).unwrap(),
    };
    let a = Addressing::request(&rig.operator.es2_url, &rig.operator.id, "urn:uuid:delete-1")
        .with_reply_to(&rig.operator.reply_to);
    let (status, body) = rig
        .operator
        .post(&Es2Request::DeleteProfile(delete).encode(a))
        .await;
    assert_eq!(status, 202, "{body}");
    let env = answer(&mut rig.operator).await;
    assert_eq!(
        env.addressing.relates_to.as_deref(),
        Some("urn:uuid:delete-1")
    );
    let r: soap::bodies::EuiccResponse = es2::DELETE_PROFILE.decode_response(&env).unwrap();
    assert_eq!(
        r.header.status(),
        ExecutionStatus::ExecutedSuccess,
        "{:?}",
        r.header
    );
    let eis = rig.m2m.smsr.eis(&rig.m2m.eid).await.unwrap();
    assert!(eis.profile(LOCAL).is_none(), "the ISD-P is gone");
    assert_eq!(
        view.profile(LOCAL).await.unwrap().unwrap().state,
        ProfileState::Deleted,
        "the SM-DP's inventory follows"
    );
    rig.m2m.stop_device().await;
}
