//! The SM-DP+ as the SM-DS's ES12 client (SGP.22 5.3.2, 5.3.4, 5.9), both roles on loopback
//! with real TLS: ConfirmOrder with an `smdsAddress` registers the order's Event at the
//! SM-DS (at once when released, else at ReleaseProfile), the Event is deleted when the
//! profile is installed or the order cancelled, and an SM-DS that is down or refuses ends
//! the operator's call with 8.9/5.1 or 8.9/4.2 and the order unchanged.

use std::time::Duration;

use lpa::DownloadRequest;
use proto::ids::{Eid, Iccid, SmdpAddress};
use proto::json::es2p::FinalProfileStatusIndicator;
use proto::json::{ResponseError, StatusCode};
use sm_dp::{ConfirmOrder, Es2ClientError, ProfileState, Template};
use sm_ds::{CredentialSource, SmDs, SmDsConfig, SmDsHandle};
use tests::{Lab, lab_pki};

const ICCID0: &str = "8949449999999990023";
const SMDS: &str = "smds.rsp-lab.test";

/// A root SM-DS and an SM-DP+ that reaches its ES12 listener at `SMDS`. The SM-DP+'s outbox
/// looks for due entries only once an hour and has no operator to report to: a deletion
/// goes at once only because the call that ended the order woke its worker.
async fn start(max_events_per_eid: u32) -> (Lab, SmDsHandle, tempfile::TempDir) {
    let pki = lab_pki();
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut c = SmDsConfig::new(dir.path(), CredentialSource::Pki(Box::new(pki.clone())));
    c.es11_listen = "127.0.0.1:0".parse().expect("address");
    c.es12_listen = "127.0.0.1:0".parse().expect("address");
    c.policy.max_events_per_eid = max_events_per_eid;
    let smds = SmDs::start(c).await.expect("SM-DS starts");
    let es12 = smds.es12_addr();
    let lab = Lab::start_on(pki, move |c| {
        c.smds.resolve = vec![(SMDS.into(), es12)];
        c.outbox.poll_interval = Duration::from_secs(3600);
        // No progress reports to send either: only the Events' deletions wake the worker.
        c.operators.clear();
    })
    .await;
    (lab, smds, dir)
}

/// DownloadOrder for `eid`, then ConfirmOrder naming the SM-DS.
async fn order_with_event(
    lab: &Lab,
    eid: &str,
    release: bool,
) -> Result<(Iccid, String), Es2ClientError> {
    let eid = Eid::parse(eid).expect("EID");
    let ordered = lab
        .es2
        .download_order(Some(eid.clone()), None, Some("lab".into()))
        .await?;
    let mut confirm = ConfirmOrder::new(ordered.iccid.clone());
    confirm.eid = Some(eid);
    confirm.smds_address = Some(SmdpAddress::parse(SMDS).expect("address"));
    confirm.release_flag = release;
    let confirmed = lab.es2.confirm_order(confirm).await?;
    Ok((ordered.iccid, confirmed.matching_id))
}

fn failed_with<T: std::fmt::Debug>(r: Result<T, Es2ClientError>, want: StatusCode) {
    match r {
        Err(Es2ClientError::Response(ResponseError::Failed(s))) => {
            let d = s.status_code_data.expect("status code data");
            assert!(d.is(want), "expected {want}, got {d:?}");
        }
        other => panic!("expected a Failed answer with {want}, got {other:?}"),
    }
}

/// Waits (ten seconds at most) until the SM-DS holds `n` Event Records.
async fn events_become(smds: &SmDsHandle, n: i64) {
    for _ in 0..100 {
        if smds.event_count().await.expect("count") == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the SM-DS holds {} Event Records, not {n}",
        smds.event_count().await.expect("count")
    );
}

#[tokio::test]
async fn sgp22_5_9_the_event_of_a_released_order_is_registered_and_deleted_on_installation() {
    let (lab, smds, _dir) = start(64).await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, event_id) = order_with_event(&lab, &device.eid, true)
        .await
        .expect("ConfirmOrder with an smdsAddress");
    assert!(!event_id.is_empty(), "an Event ID is generated");
    assert_eq!(smds.event_count().await.expect("count"), 1);

    // The eUICC presents the Event ID as its Matching ID (SGP.22 3.1.2).
    let mut lpa = device.lpa(lab.lpa_options());
    let request = DownloadRequest::activation_code(&lab.activation_code(&event_id)).unwrap();
    lpa.download(&request).await.expect("download");
    assert_eq!(
        lab.profile(iccid.as_str()).await.state,
        ProfileState::Installed
    );
    events_become(&smds, 0).await;
    smds.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_3_4_an_unreleased_order_registers_at_release_and_cancel_deletes_it() {
    let (lab, smds, _dir) = start(64).await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, _) = order_with_event(&lab, &device.eid, false)
        .await
        .expect("ConfirmOrder without release");
    assert_eq!(smds.event_count().await.expect("count"), 0, "not released");
    lab.es2
        .release_profile(iccid.clone())
        .await
        .expect("ReleaseProfile");
    assert_eq!(smds.event_count().await.expect("count"), 1);
    lab.es2
        .cancel_order(
            iccid.clone(),
            Some(Eid::parse(&device.eid).expect("EID")),
            None,
            FinalProfileStatusIndicator::Available,
        )
        .await
        .expect("CancelOrder");
    events_become(&smds, 0).await;
    assert_eq!(
        lab.profile(iccid.as_str()).await.state,
        ProfileState::Available
    );
    smds.shutdown().await;
}

#[tokio::test]
async fn sgp22_5_3_2_an_smds_that_refuses_or_is_down_leaves_the_order_unconfirmed() {
    // The SM-DS takes one Event per EID: the second order's registration is refused.
    let (lab, smds, _dir) = start(1).await;
    lab.inventory("lab", Template::Minimal, 3, ICCID0).await;
    let device = lab.euicc("device", None);
    order_with_event(&lab, &device.eid, true)
        .await
        .expect("the first Event");
    let refused = order_with_event(&lab, &device.eid, true).await;
    failed_with(refused, StatusCode::SMDS_EXECUTION_ERROR);
    assert_eq!(smds.event_count().await.expect("count"), 1);

    smds.shutdown().await;
    let down = order_with_event(&lab, &device.eid, true).await;
    failed_with(down, StatusCode::SMDS_INACCESSIBLE);

    // Neither refused order was confirmed: their profiles are still linked to the EID,
    // as DownloadOrder left them.
    let linked = lab
        .smdp
        .view()
        .await
        .profiles(None)
        .await
        .expect("profiles")
        .into_iter()
        .filter(|p| p.state == ProfileState::Linked)
        .count();
    assert_eq!(linked, 2);
}
