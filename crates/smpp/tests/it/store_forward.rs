//! Store and forward: a message for an address nobody is bound for waits, within its
//! validity period (SMPP 3.4 7.1.1) and the per-address bound, for a receiver to bind.

use smpp::pdu::{Body, CommandStatus, Pdu};

use crate::support::{
    DEVICE, Raw, SMSR, bind_body, device, lab_config, next, ota_sms, refusal_of, smsr, start, text,
};

#[tokio::test]
async fn messages_wait_for_the_receiver_to_bind() {
    let smsc = start(lab_config()).await;
    let sm_sr = smsr(&smsc).await;
    for i in 0..3u8 {
        sm_sr.submit(ota_sms(&[i])).await.expect("stored");
    }
    let mut device = device(&smsc).await;
    for i in 0..3u8 {
        assert_eq!(
            next(&mut device).await.accept().short_message,
            ota_sms(&[i]).short_message,
            "in order"
        );
    }
    smsc.stop().await;
}

#[tokio::test]
async fn a_full_address_queue_is_esme_rmsgqful() {
    let mut config = lab_config();
    config.limits.per_address = 2;
    let smsc = start(config).await;
    let sm_sr = smsr(&smsc).await;
    sm_sr.submit(ota_sms(&[1])).await.expect("stored");
    sm_sr.submit(ota_sms(&[2])).await.expect("stored");
    let third = sm_sr.submit(ota_sms(&[3])).await;
    assert_eq!(refusal_of(&third), Some(CommandStatus::ESME_RMSGQFUL));
    sm_sr
        .submit(text(SMSR, "4915550002", "elsewhere"))
        .await
        .expect("another address has room");
    smsc.stop().await;
}

#[tokio::test]
async fn an_expired_message_is_not_delivered_and_its_receipt_says_expired() {
    let smsc = start(lab_config()).await;
    let mut sm_sr = smsr(&smsc).await;
    let mut stale = ota_sms(&[0xEE]);
    stale.validity_period = "000101000000000+".into();
    stale.registered_delivery = 1;
    let id = sm_sr.submit(stale).await.expect("accepted");
    sm_sr.submit(ota_sms(&[0x01])).await.expect("accepted");
    let mut device = device(&smsc).await;
    assert_eq!(
        next(&mut device).await.accept().short_message,
        ota_sms(&[0x01]).short_message
    );
    let receipt = next(&mut sm_sr).await.accept();
    let text = String::from_utf8_lossy(&receipt.short_message).into_owned();
    assert!(
        text.starts_with(&format!("id:{id} sub:001 dlvrd:000 ")),
        "{text}"
    );
    assert!(text.contains(" stat:EXPIRED "), "{text}");
    smsc.stop().await;
}

#[tokio::test]
async fn a_malformed_validity_period_is_esme_rinvexpiry() {
    let smsc = start(lab_config()).await;
    let sm_sr = smsr(&smsc).await;
    let mut bad = ota_sms(&[1]);
    bad.validity_period = "000001000000000X".into();
    let refusal = sm_sr.submit(bad).await;
    assert_eq!(refusal_of(&refusal), Some(CommandStatus::ESME_RINVEXPIRY));
    smsc.stop().await;
}

#[tokio::test]
async fn a_delivery_left_unanswered_is_stored_again() {
    let smsc = start(lab_config()).await;
    let sm_sr = smsr(&smsc).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    let bind = bind_body("device", "devpw", DEVICE);
    raw.bind(Body::BindReceiver(bind)).await;
    sm_sr.submit(ota_sms(&[0x77])).await.expect("accepted");
    let Pdu {
        body: Body::DeliverSm(first),
        ..
    } = raw.read().await
    else {
        panic!("no deliver_sm")
    };
    assert_eq!(first.short_message, ota_sms(&[0x77]).short_message);
    drop(raw);
    let mut device = device(&smsc).await;
    assert_eq!(
        next(&mut device).await.accept().short_message,
        ota_sms(&[0x77]).short_message
    );
    smsc.stop().await;
}
