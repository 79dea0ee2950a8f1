//! Retention (issue 11): an unauthenticated flood of InitiateAuthentication leaves the
//! database bounded — a session not authenticated within `unauthenticated_session_ttl` is
//! deleted by the sweep — while an authenticated session of a real download outlives it.

use crate::support;

use std::time::Duration;

use support::{FQDN, Lab};

async fn sessions(lab: &Lab) -> i64 {
    lab.smdp
        .view()
        .row_counts()
        .await
        .unwrap()
        .into_iter()
        .find(|(t, _)| *t == "sessions")
        .map(|(_, n)| n)
        .unwrap()
}

#[tokio::test]
async fn an_unauthenticated_flood_is_swept_and_an_authenticated_session_is_kept() {
    let lab = Lab::start_with(|c| {
        c.policy.unauthenticated_session_ttl = Duration::from_secs(2);
        c.retention.sweep_interval = Duration::from_millis(100);
    })
    .await;
    let flood = 200;
    for _ in 0..flood {
        let r = lab.es9.initiate(&lab.euicc, FQDN).await;
        assert!(support::executed(&r), "{r}");
    }
    assert!(
        sessions(&lab).await > flood / 2,
        "the flood is stored first"
    );
    // A real device authenticates within the window.
    lab.inventory("t", support::OPERATOR, 1, "8949449999999990023")
        .await;
    let (_, mid) = lab.order("t", Some(&lab.euicc.eid), None).await;
    let auth = lab.authenticate(&lab.euicc, Some(&mid)).await;
    assert!(auth.is_ok(), "{auth:?}");
    let mut left = i64::MAX;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        left = sessions(&lab).await;
        if left <= 1 {
            break;
        }
    }
    assert_eq!(
        left, 1,
        "the flood was swept, the authenticated session kept"
    );
    lab.smdp.shutdown().await;
}
