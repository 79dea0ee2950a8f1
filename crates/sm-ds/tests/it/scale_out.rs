//! Several SM-DS instances over one PostgreSQL database: state lives only there, so an event
//! registered at one is found through another, and an ES11 session opened at one is
//! finished — once — at another.

use proto::sgp22::{
    AuthenticateClientErrorEs11 as E, AuthenticateClientResponseEs11 as R,
    InitiateAuthenticationResponse,
};

use crate::support::device::{Device, authenticate, initiate};
use crate::support::{EID, Lab, SMDP, executed};

#[cfg_attr(no_postgres, ignore = "needs RSP_TEST_POSTGRES_URL")]
#[tokio::test]
async fn two_instances_share_events_and_answer_a_session_once() {
    if std::env::var(storage::testing::POSTGRES_ENV).is_err() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = storage::testing::database_url(dir.path(), "smds_scale").await;
    let a = Lab::start_with(|c| c.server.database_url = Some(url.clone())).await;
    let b = Lab::start_with(|c| c.server.database_url = Some(url.clone())).await;
    assert!(executed(&a.smdp().register(EID, SMDP, "EV").await));

    let mut device = Device::new();
    let InitiateAuthenticationResponse::InitiateAuthenticationOk(ok) =
        initiate(&a.lpa(), &mut device, "smds.rsp-lab.test").await
    else {
        panic!("refused");
    };
    let asr = device.authenticate_server(&ok);
    let R::AuthenticateClientOk(found) =
        authenticate(&b.lpa(), &ok.transaction_id, asr.clone()).await
    else {
        panic!("refused at the second instance");
    };
    assert_eq!(found.event_entries.len(), 1);
    assert_eq!(
        authenticate(&a.lpa(), &ok.transaction_id, asr).await,
        R::AuthenticateClientError(E::InvalidTransactionId)
    );
    assert!(executed(&b.smdp().delete(EID, "EV").await));
    assert_eq!(a.smds.event_count().await.unwrap(), 0);
    a.smds.shutdown().await;
    b.smds.shutdown().await;
}
