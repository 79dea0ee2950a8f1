//! SGP.22 5.10 ES15: an alternative SM-DS registers and deletes at the root SM-DS the events
//! whose forwarding indicator asks for it, from a persistent outbox, so a device polling only
//! the root finds them.

use std::net::SocketAddr;
use std::time::Duration;

use proto::sgp22::AuthenticateClientResponseEs11 as R;
use sm_ds::{RootSmds, SmdsSite};

use crate::support::device::{Device, discover};
use crate::support::{EID, Lab, SMDP, eventually, executed};

/// An alternative SM-DS forwarding to the root SM-DS at `root_es12`.
async fn alternative(root_es12: SocketAddr) -> Lab {
    Lab::start_with(|c| {
        c.site = SmdsSite::Alternative;
        c.root = Some(RootSmds {
            url: format!("https://smds.rsp-lab.test:{}", root_es12.port()),
            server_roots: Vec::new(),
            resolve: Some(root_es12),
        });
        c.forward.poll_interval = Duration::from_millis(50);
        c.forward.initial_backoff = Duration::from_millis(50);
        c.forward.max_backoff = Duration::from_millis(200);
    })
    .await
}

/// An event registered at the alternative with the forwarding indicator set reaches the
/// root, where a device finds it with the SM-DP+'s address; one without stays at the
/// alternative; deleting the forwarded one at the alternative deletes it at the root.
#[tokio::test]
async fn sgp22_5_10_a_forwarded_event_is_found_at_the_root_and_deleted_there() {
    let root = Lab::start().await;
    let alt = alternative(root.smds.es12_addr()).await;
    let dp = alt.smdp();
    assert!(executed(&dp.register_with(EID, SMDP, "FWD", true).await));
    assert!(executed(&dp.register_with(EID, SMDP, "LOCAL", false).await));
    eventually("the root holds the forwarded event", || async {
        root.smds.event_count().await.unwrap() == 1
    })
    .await;
    let mut device = Device::new();
    let R::AuthenticateClientOk(ok) = discover(&root.lpa(), &mut device).await else {
        panic!("refused");
    };
    assert_eq!(ok.event_entries.len(), 1);
    assert_eq!(ok.event_entries[0].event_id, "FWD");
    assert_eq!(ok.event_entries[0].rsp_server_address, SMDP);
    assert_eq!(alt.smds.event_count().await.unwrap(), 2);

    assert!(executed(&dp.delete(EID, "FWD").await));
    eventually("the root deleted the forwarded event", || async {
        root.smds.event_count().await.unwrap() == 0
    })
    .await;
    // The outbox entry goes in the write after the root's answer.
    eventually("the outbox is empty", || async {
        alt.smds.forwards_pending().await.unwrap() == 0
    })
    .await;
    alt.smds.shutdown().await;
    root.smds.shutdown().await;
}

/// With the root SM-DS down the forward waits in the outbox, retried with back-off, and
/// reaches the root once it is up: delayed, not lost.
#[tokio::test]
async fn sgp22_5_10_a_root_that_is_down_delays_the_forward_and_loses_nothing() {
    let spare = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let root_addr = spare.local_addr().unwrap();
    drop(spare);
    let alt = alternative(root_addr).await;
    assert!(executed(
        &alt.smdp().register_with(EID, SMDP, "LATER", true).await
    ));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(alt.smds.forwards_pending().await.unwrap(), 1);

    let root = Lab::start_with(|c| c.es12_listen = root_addr).await;
    eventually("the forward reached the root", || async {
        root.smds.event_count().await.unwrap() == 1
    })
    .await;
    eventually("the outbox is empty", || async {
        alt.smds.forwards_pending().await.unwrap() == 0
    })
    .await;
    alt.smds.shutdown().await;
    root.smds.shutdown().await;
}

/// A deletion before the registration was sent cancels it: the root never hears of either.
#[tokio::test]
async fn sgp22_5_10_a_deletion_cancels_an_unsent_registration() {
    let spare = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let root_addr = spare.local_addr().unwrap();
    drop(spare);
    let alt = Lab::start_with(|c| {
        c.site = SmdsSite::Alternative;
        c.root = Some(RootSmds {
            url: format!("https://smds.rsp-lab.test:{}", root_addr.port()),
            server_roots: Vec::new(),
            resolve: Some(root_addr),
        });
        // The first retry comes long after the test.
        c.forward.initial_backoff = Duration::from_secs(60);
    })
    .await;
    let dp = alt.smdp();
    assert!(executed(&dp.register_with(EID, SMDP, "GONE", true).await));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(executed(&dp.delete(EID, "GONE").await));
    assert_eq!(alt.smds.forwards_pending().await.unwrap(), 0);
    alt.smds.shutdown().await;
}
