//! Routing between ESMEs (SMPP 3.4 2.2): submit_sm from one arrives as deliver_sm at the
//! ESME bound for its destination_addr, user data and coding untouched.

use smpp::pdu::{ShortMessage, Tlv};

use crate::support::{DEVICE, SMSR, bind, device, lab_config, next, ota_sms, smsr, start, text};

#[tokio::test]
async fn mt_binary_sms_arrives_byte_identical() {
    let smsc = start(lab_config()).await;
    let sm_sr = smsr(&smsc).await;
    let mut device = device(&smsc).await;
    let payload: Vec<u8> = (0..=250u8).collect();
    let sent = ota_sms(&payload[..240]);
    let message_id = sm_sr.submit(sent.clone()).await.expect("accepted");
    assert_eq!(message_id.len(), 16);

    let got = next(&mut device).await.accept();
    assert_eq!(got.short_message, sent.short_message);
    assert_eq!(
        (got.esm_class, got.protocol_id, got.data_coding),
        (0x40, 0x7F, 0xF6)
    );
    assert_eq!(
        (got.source_addr.as_str(), got.destination_addr.as_str()),
        (SMSR, DEVICE)
    );
    assert_eq!((got.source_addr_ton, got.dest_addr_npi), (1, 1));
    smsc.stop().await;
}

#[tokio::test]
async fn mo_sms_from_the_device_reaches_the_sm_sr() {
    let smsc = start(lab_config()).await;
    let mut sm_sr = smsr(&smsc).await;
    let device = device(&smsc).await;
    let mut por = ota_sms(&[0x00, 0x0E, 0x0A, 0xB0, 0x00, 0x01]);
    por.short_message[1] = 0x71;
    por.source_addr = DEVICE.into();
    por.destination_addr = SMSR.into();
    device.submit(por.clone()).await.expect("accepted");
    let got = next(&mut sm_sr).await.accept();
    assert_eq!(got.short_message, por.short_message);
    assert_eq!(got.source_addr, DEVICE);
    smsc.stop().await;
}

#[tokio::test]
async fn message_payload_and_unknown_parameters_pass_through() {
    let smsc = start(lab_config()).await;
    let sm_sr = smsr(&smsc).await;
    let mut device = device(&smsc).await;
    let mut sent = ota_sms(&[]);
    sent.short_message.clear();
    let long: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    sent.tlvs = vec![
        Tlv::new(Tlv::MESSAGE_PAYLOAD, long.clone()),
        Tlv::new(0x1501, b"x".to_vec()),
    ];
    sm_sr.submit(sent.clone()).await.expect("accepted");
    let got = next(&mut device).await.accept();
    assert_eq!(got.user_data(), &long[..]);
    assert_eq!(got.tlvs, sent.tlvs);
    smsc.stop().await;
}

#[tokio::test]
async fn the_most_specific_range_wins() {
    let smsc = start(lab_config()).await;
    let sender = smsr(&smsc).await;
    let mut wide = bind(&smsc, "smsr", "smsrpw", "4915*").await;
    let mut exact = device(&smsc).await;
    sender
        .submit(text(SMSR, DEVICE, "to the device"))
        .await
        .expect("accepted");
    sender
        .submit(text(SMSR, "4915559999", "to the prefix"))
        .await
        .expect("accepted");
    assert_eq!(
        next(&mut exact).await.accept().short_message,
        b"to the device"
    );
    assert_eq!(
        next(&mut wide).await.accept().short_message,
        b"to the prefix"
    );
    smsc.stop().await;
}

#[tokio::test]
async fn every_message_gets_its_own_id() {
    let smsc = start(lab_config()).await;
    let sm_sr = smsr(&smsc).await;
    let mut device = device(&smsc).await;
    let mut ids = Vec::new();
    for i in 0..5u8 {
        ids.push(sm_sr.submit(ota_sms(&[i])).await.expect("accepted"));
        assert_eq!(
            next(&mut device).await.accept().short_message,
            ota_sms(&[i]).short_message
        );
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5);
    let other: ShortMessage = text(DEVICE, SMSR, "");
    assert!(other.user_data().is_empty());
    smsc.stop().await;
}
