//! Retention: expired ES11 sessions and aged Event Records are swept, so the database stays
//! bounded under a flood of unauthenticated InitiateAuthentication calls.

use std::time::Duration;

use proto::sgp22::{
    AuthenticateClientErrorEs11 as E, AuthenticateClientResponseEs11 as R,
    InitiateAuthenticationResponse,
};

use crate::support::device::{Device, authenticate, initiate};
use crate::support::{EID, Lab, SMDP, executed};

/// A session not finished within `session_ttl` is unknown afterwards, and the sweep
/// deletes it; an event older than `event_ttl` is swept too.
#[tokio::test]
async fn expired_sessions_and_aged_events_are_swept() {
    let lab = Lab::start_with(|c| c.policy.session_ttl = Duration::from_millis(300)).await;
    assert!(executed(&lab.smdp().register(EID, SMDP, "EV").await));
    let lpa = lab.lpa();
    let mut device = Device::new();
    let mut flood = Vec::new();
    for _ in 0..5 {
        let InitiateAuthenticationResponse::InitiateAuthenticationOk(ok) =
            initiate(&lpa, &mut device, "smds.rsp-lab.test").await
        else {
            panic!("refused");
        };
        flood.push(ok);
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let ok = &flood[4];
    let asr = device.authenticate_server(ok);
    assert_eq!(
        authenticate(&lpa, &ok.transaction_id, asr).await,
        R::AuthenticateClientError(E::InvalidTransactionId)
    );
    let swept = lab.smds.sweep(sm_ds::Retention::default()).await.unwrap();
    assert_eq!((swept.sessions, swept.events), (5, 0));
    let swept = lab
        .smds
        .sweep(sm_ds::Retention {
            event_ttl: Duration::ZERO,
        })
        .await
        .unwrap();
    assert_eq!(swept.events, 1);
    assert_eq!(lab.smds.event_count().await.unwrap(), 0);
    lab.smds.shutdown().await;
}
