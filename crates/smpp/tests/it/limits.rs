//! Window and store limits: a session's undelivered messages (ESME_RTHROTTLED) and the
//! SMSC's (ESME_RMSGQFUL), SMPP 3.4 5.1.3.

use smpp::pdu::CommandStatus;

use crate::support::{SMSR, device, lab_config, next, ota_sms, refusal_of, smsr, start, text};

#[tokio::test]
async fn a_session_past_its_window_is_throttled_until_deliveries_free_it() {
    let mut config = lab_config();
    config.limits.session_window = 2;
    let smsc = start(config).await;
    let sm_sr = smsr(&smsc).await;
    sm_sr.submit(ota_sms(&[1])).await.expect("in the window");
    sm_sr.submit(ota_sms(&[2])).await.expect("in the window");
    assert_eq!(
        refusal_of(&sm_sr.submit(ota_sms(&[3])).await),
        Some(CommandStatus::ESME_RTHROTTLED)
    );

    let other = smsr(&smsc).await;
    other
        .submit(ota_sms(&[4]))
        .await
        .expect("another session has its own window");

    let mut device = device(&smsc).await;
    for _ in 0..3 {
        next(&mut device).await.accept();
    }
    // The SMSC answers in order: once enquire_link is answered, so are the deliver_sm_resps.
    device.enquire_link().await.expect("answered");
    sm_sr
        .submit(ota_sms(&[5]))
        .await
        .expect("the window has room again");
    smsc.stop().await;
}

#[tokio::test]
async fn the_smsc_past_its_total_is_esme_rmsgqful() {
    let mut config = lab_config();
    config.limits.total = 3;
    let smsc = start(config).await;
    let sm_sr = smsr(&smsc).await;
    for to in ["4915550011", "4915550012", "4915550013"] {
        sm_sr.submit(text(SMSR, to, "x")).await.expect("room");
    }
    let outcome = sm_sr.submit(text(SMSR, "4915550014", "x")).await;
    assert_eq!(refusal_of(&outcome), Some(CommandStatus::ESME_RMSGQFUL));
    smsc.stop().await;
}

#[tokio::test]
async fn connections_past_the_session_limit_are_closed() {
    let mut config = lab_config();
    config.limits.sessions = 1;
    let smsc = start(config).await;
    let sm_sr = smsr(&smsc).await;
    let mut extra = crate::support::Raw::connect(smsc.local_addr()).await;
    assert!(extra.closed().await);
    sm_sr
        .enquire_link()
        .await
        .expect("the first session is served");
    drop(sm_sr);
    smsc.stop().await;
}
