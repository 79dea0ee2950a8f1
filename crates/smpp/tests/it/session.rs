//! Session life (SMPP 3.4 2.3, 4.2, 4.11): enquire_link, unbind, and the SMSC stopping.

use smpp::esme::EsmeError;
use smpp::pdu::{Body, CommandStatus, Pdu};

use crate::support::{Raw, SAFETY_NET, SMSR, bind_body, device, lab_config, ota_sms, smsr, start};

#[tokio::test]
async fn enquire_link_is_answered() {
    let smsc = start(lab_config()).await;
    let sm_sr = smsr(&smsc).await;
    sm_sr.enquire_link().await.expect("enquire_link_resp");
    smsc.stop().await;
}

#[tokio::test]
async fn unbind_gets_unbind_resp_and_the_receiver_stops_receiving() {
    let smsc = start(lab_config()).await;
    let sm_sr = smsr(&smsc).await;
    let device = device(&smsc).await;
    device.close().await.expect("unbind_resp");
    sm_sr.submit(ota_sms(&[1])).await.expect("stored for later");
    let mut device = crate::support::device(&smsc).await;
    let got = crate::support::next(&mut device).await.accept();
    assert_eq!(got.short_message, ota_sms(&[1]).short_message);
    smsc.stop().await;
}

#[tokio::test]
async fn raw_unbind_is_answered_and_closes() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    let bind = bind_body("smsr", "smsrpw", SMSR);
    raw.bind(Body::BindTransmitter(bind)).await;
    raw.send(&Pdu::request(2, Body::Unbind)).await;
    assert_eq!(
        raw.read().await,
        Pdu::response(2, CommandStatus::ESME_ROK, Body::UnbindResp)
    );
    assert!(raw.closed().await);
    smsc.stop().await;
}

#[tokio::test]
async fn stopping_the_smsc_unbinds_its_esmes() {
    let smsc = start(lab_config()).await;
    let mut sm_sr = smsr(&smsc).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    let bind = bind_body("device", "devpw", "");
    raw.bind(Body::BindTransceiver(bind)).await;
    let stopping = tokio::spawn(smsc.stop());
    let unbind = raw.read().await;
    assert_eq!(unbind.body, Body::Unbind);
    raw.send(&Pdu::response(
        unbind.sequence_number,
        CommandStatus::ESME_ROK,
        Body::UnbindResp,
    ))
    .await;
    assert!(raw.closed().await);
    let ended = tokio::time::timeout(SAFETY_NET, sm_sr.recv())
        .await
        .expect("in time");
    assert!(ended.is_none(), "the ESME's stream ends");
    assert!(matches!(
        sm_sr.submit(ota_sms(&[1])).await,
        Err(EsmeError::Closed)
    ));
    tokio::time::timeout(SAFETY_NET, stopping)
        .await
        .expect("stops in time")
        .expect("no panic");
}
