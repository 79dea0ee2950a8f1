//! Event retrieval by the device LPA (SGP.22 3.6.3, 5.8) against the real SM-DS, and the
//! download the event announces (3.1.3 with the EventID as Matching ID) from the real
//! SM-DP+: the operator orders over ES2+, the event is registered at the SM-DS over ES12 —
//! by a test client with the SM-DP+'s TLS certificate, or by the SM-DP+ itself for an order
//! confirmed with an smdsAddress —, the LPA finds it and downloads; an alternative SM-DS's
//! event forwarded to the root (ES15, 5.10) is found at both.

use std::time::Duration;

use lpa::{Delivery, LpaError, LpaOptions, commands};
use proto::ids::{Eid, SmdpAddress};
use proto::json::StatusCode;
use sm_dp::{ConfirmOrder, OrderStatus, ProfileState, Template};
use sm_ds::{RootSmds, SmdsSite};
use tests::{ALT_SMDS_FQDN, FQDN, Lab, SMDS_FQDN, Smds, lab_pki};

const ICCID0: &str = "8949449999999990023";

/// The lab's LPA options, the SM-DS's name resolved to its ES11 listener too.
fn options(lab: &Lab, smds: &Smds) -> LpaOptions {
    let mut o = lab.lpa_options();
    o.es9.resolve.push(smds.resolve());
    o
}

fn executed(v: &serde_json::Value) -> bool {
    v["header"]["functionExecutionStatus"]["status"] == "Executed-Success"
}

#[tokio::test]
async fn sgp22_3_6_3_event_found_at_the_root_smds_and_its_profile_downloaded() {
    let lab = Lab::start().await;
    let smds = Smds::start(&lab.pki).await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, matching_id) = lab.order("lab", Some(&device.eid), None).await;
    let registered = smds.register_event(&device.eid, FQDN, &matching_id).await;
    assert!(executed(&registered), "{registered}");

    // the eUICC's root SM-DS (ES10a rootDsAddress), asked without --smds
    let mut lpa = device.lpa(options(&lab, &smds));
    assert_eq!(lpa.root_smds_address().unwrap().as_str(), SMDS_FQDN);
    let found = lpa.discover(None).await.expect("event retrieval");
    assert_eq!(found.smds_address, SMDS_FQDN);
    assert_eq!(found.events.len(), 1, "{found}");
    assert_eq!(found.events[0].event_id, matching_id);
    assert_eq!(found.events[0].rsp_server_address, FQDN);
    lpa.close();

    // the state-file entry point, as `rsp-lab lpa discover --download` runs it
    let mut o = options(&lab, &smds);
    o.es9.trust = None; // the eUICC's CIs are the roots of both servers' TLS certificates
    let report = commands::discover(&device.path, o, &[], true)
        .await
        .expect("discover and download");
    assert_eq!(report.failed(), 0, "{report}");
    assert_eq!(report.downloads.len(), 1, "{report}");
    let downloaded = report.downloads[0].download.as_ref().expect("downloaded");
    assert_eq!(downloaded.iccid.as_deref(), Some(iccid.as_str()));
    assert_eq!(downloaded.smdp_address, FQDN);
    assert_eq!(
        downloaded.notifications[0].delivery,
        Delivery::Accepted { removed: true }
    );
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
    assert_eq!(lab.order_of(&matching_id).await.status, OrderStatus::Done);
}

#[tokio::test]
async fn sgp22_5_8_2_no_events_for_the_eid_is_an_empty_list() {
    let lab = Lab::start().await;
    let smds = Smds::start(&lab.pki).await;
    let device = lab.euicc("device", None);
    let other = lab.euicc("other", Some(7));
    let registered = smds.register_event(&other.eid, FQDN, "EVENT-OTHER").await;
    assert!(executed(&registered), "{registered}");

    let mut lpa = device.lpa(options(&lab, &smds));
    let address = SmdpAddress::parse(SMDS_FQDN).unwrap();
    let found = lpa.discover(Some(&address)).await.expect("event retrieval");
    assert!(found.events.is_empty(), "{found}");
    lpa.close();
    let report = commands::discover(&device.path, options(&lab, &smds), &[address], true)
        .await
        .expect("discover");
    assert!(report.downloads.is_empty(), "{report}");
}

#[tokio::test]
async fn sgp22_5_8_1_smds_refusal_keeps_its_codes() {
    let lab = Lab::start().await;
    // an SM-DS that knows itself by another address than the eUICC's rootDsAddress
    let smds = Smds::start_with(&lab.pki, |c| {
        c.address = Some(format!("{SMDS_FQDN}:8448"));
    })
    .await;
    let device = lab.euicc("device", None);
    let mut lpa = device.lpa(options(&lab, &smds));
    let e = lpa.discover(None).await.expect_err("address refused");
    assert!(e.is_server_code(StatusCode::SMDS_ADDRESS_REFUSED), "{e}");
    assert!(
        matches!(
            e,
            LpaError::ServerRefused {
                function: "initiateAuthentication",
                ..
            }
        ),
        "{e:?}"
    );
}

#[tokio::test]
async fn sgp22_5_10_event_forwarded_to_the_root_is_found_at_both_and_downloaded_once() {
    let lab = Lab::start().await;
    let root = Smds::start(&lab.pki).await;
    let root_url = root.es12_url();
    let root_es12 = root.handle.es12_addr();
    let alternative = Smds::start_with(&lab.pki, move |c| {
        c.site = SmdsSite::Alternative;
        c.root = Some(RootSmds {
            url: root_url,
            server_roots: Vec::new(),
            resolve: Some(root_es12),
        });
        c.forward.poll_interval = Duration::from_millis(50);
    })
    .await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let (iccid, matching_id) = lab.order("lab", Some(&device.eid), None).await;
    let registered = alternative
        .register_event_with(&device.eid, FQDN, &matching_id, true)
        .await;
    assert!(executed(&registered), "{registered}");

    let mut o = options(&lab, &root);
    o.es9.resolve.push(alternative.resolve());
    let both = [
        SmdpAddress::parse(SMDS_FQDN).unwrap(),
        SmdpAddress::parse(ALT_SMDS_FQDN).unwrap(),
    ];
    // ES15 runs from the alternative's outbox: wait until the root holds the event
    let mut lpa = device.lpa(o.clone());
    let mut at_root = Vec::new();
    for _ in 0..100 {
        at_root = lpa.discover(Some(&both[0])).await.expect("root").events;
        if !at_root.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(at_root.len(), 1, "the root never received the event");
    lpa.close();

    let report = commands::discover(&device.path, o, &both, true)
        .await
        .expect("discover and download");
    assert_eq!(report.discoveries.len(), 2, "{report}");
    for d in &report.discoveries {
        assert_eq!(d.events.len(), 1, "{report}");
        assert_eq!(d.events[0].event_id, matching_id);
    }
    assert_eq!(report.downloads.len(), 1, "{report}");
    assert_eq!(report.failed(), 0, "{report}");
    assert_eq!(lab.profile(&iccid).await.state, ProfileState::Installed);
}

/// The whole path of issue 54 without a test client: the operator confirms the order with
/// the SM-DS's address, the SM-DP+ registers the Event over ES12 (SGP.22 5.3.2, 5.9.1), the
/// LPA finds it at the eUICC's root SM-DS and downloads, and once the profile is installed
/// the SM-DP+ deletes the Event (5.9.2), so the next discovery finds nothing.
#[tokio::test]
async fn sgp22_3_6_3_event_the_smdp_registered_is_downloaded_then_deleted() {
    let pki = lab_pki();
    let smds = Smds::start(&pki).await;
    let es12 = smds.handle.es12_addr();
    let lab = Lab::start_on(pki, move |c| {
        c.smds.resolve = vec![(SMDS_FQDN.into(), es12)];
    })
    .await;
    lab.inventory("lab", Template::Minimal, 1, ICCID0).await;
    let device = lab.euicc("device", None);
    let eid = Eid::parse(&device.eid).unwrap();
    let ordered = lab
        .es2
        .download_order(Some(eid.clone()), None, Some("lab".into()))
        .await
        .expect("DownloadOrder");
    let mut confirm = ConfirmOrder::new(ordered.iccid.clone());
    confirm.eid = Some(eid);
    confirm.smds_address = Some(SmdpAddress::parse(SMDS_FQDN).unwrap());
    let matching_id = lab
        .es2
        .confirm_order(confirm)
        .await
        .expect("ConfirmOrder registers the Event")
        .matching_id;

    let report = commands::discover(&device.path, options(&lab, &smds), &[], true)
        .await
        .expect("discover and download");
    assert_eq!(report.discoveries[0].events.len(), 1, "{report}");
    assert_eq!(report.discoveries[0].events[0].event_id, matching_id);
    assert_eq!(report.failed(), 0, "{report}");
    let iccid = ordered.iccid.as_str();
    assert_eq!(lab.profile(iccid).await.state, ProfileState::Installed);

    // ES12.DeleteEvent leaves the SM-DP+'s outbox after the installation result
    let mut lpa = device.lpa(options(&lab, &smds));
    let mut left = Vec::new();
    for _ in 0..100 {
        left = lpa.discover(None).await.expect("event retrieval").events;
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(left.is_empty(), "the Event is still registered: {left:?}");
}
