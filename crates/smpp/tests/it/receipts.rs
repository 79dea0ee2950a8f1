//! SMSC delivery receipts (SMPP 3.4 2.11, 5.2.17 and Appendix B).

use smpp::pdu::{CommandStatus, ShortMessage, Tlv};

use crate::support::{DEVICE, SMSR, device, lab_config, next, ota_sms, smsr, start};

fn receipted_id(receipt: &ShortMessage) -> Option<Vec<u8>> {
    receipt
        .tlvs
        .iter()
        .find(|t| t.tag == Tlv::RECEIPTED_MESSAGE_ID)
        .map(|t| t.value.clone())
}

#[tokio::test]
async fn a_delivered_message_gets_a_delivrd_receipt() {
    let smsc = start(lab_config()).await;
    let mut sm_sr = smsr(&smsc).await;
    let mut device = device(&smsc).await;
    let mut sent = ota_sms(&[0x10]);
    sent.registered_delivery = 0x01;
    let id = sm_sr.submit(sent).await.expect("accepted");
    let delivered = next(&mut device).await.accept();
    assert_eq!(
        delivered.registered_delivery, 0,
        "the recipient is asked no acknowledgement"
    );

    let receipt = next(&mut sm_sr).await.accept();
    assert_eq!(receipt.esm_class, ShortMessage::ESM_CLASS_DELIVERY_RECEIPT);
    assert_eq!(
        (
            receipt.source_addr.as_str(),
            receipt.destination_addr.as_str()
        ),
        (DEVICE, SMSR)
    );
    let text = String::from_utf8_lossy(&receipt.short_message).into_owned();
    assert!(
        text.starts_with(&format!("id:{id} sub:001 dlvrd:001 submit date:")),
        "{text}"
    );
    assert!(text.contains(" stat:DELIVRD err:000 Text:"), "{text}");
    let mut expected_id = id.into_bytes();
    expected_id.push(0);
    assert_eq!(receipted_id(&receipt), Some(expected_id));
    assert!(
        receipt
            .tlvs
            .contains(&Tlv::new(Tlv::MESSAGE_STATE, vec![2]))
    );
    smsc.stop().await;
}

#[tokio::test]
async fn a_refused_delivery_gets_an_undeliv_receipt_with_the_status() {
    let smsc = start(lab_config()).await;
    let mut sm_sr = smsr(&smsc).await;
    let mut device = device(&smsc).await;
    let mut sent = ota_sms(&[0x11]);
    sent.registered_delivery = 0x02;
    sm_sr.submit(sent).await.expect("accepted");
    next(&mut device)
        .await
        .respond(CommandStatus::ESME_RX_P_APPN);
    let receipt = next(&mut sm_sr).await.accept();
    let text = String::from_utf8_lossy(&receipt.short_message).into_owned();
    assert!(text.contains(" dlvrd:000 "), "{text}");
    assert!(text.contains(" stat:UNDELIV err:101 "), "{text}");
    assert!(
        receipt
            .tlvs
            .contains(&Tlv::new(Tlv::MESSAGE_STATE, vec![5]))
    );
    smsc.stop().await;
}

#[tokio::test]
async fn failure_only_receipts_stay_silent_on_success() {
    let smsc = start(lab_config()).await;
    let mut sm_sr = smsr(&smsc).await;
    let mut device = device(&smsc).await;
    let mut quiet = ota_sms(&[0x12]);
    quiet.registered_delivery = 0x02;
    sm_sr.submit(quiet).await.expect("accepted");
    next(&mut device).await.accept();
    let mut loud = ota_sms(&[0x13]);
    loud.registered_delivery = 0x01;
    let loud_id = sm_sr.submit(loud).await.expect("accepted");
    next(&mut device).await.accept();
    let receipt = next(&mut sm_sr).await.accept();
    let text = String::from_utf8_lossy(&receipt.short_message).into_owned();
    assert!(
        text.starts_with(&format!("id:{loud_id} ")),
        "the first receipt is the second message's: {text}"
    );
    smsc.stop().await;
}

#[tokio::test]
async fn a_temporary_refusal_is_offered_again_after_the_next_acceptance() {
    let smsc = start(lab_config()).await;
    let mut sm_sr = smsr(&smsc).await;
    let mut device = device(&smsc).await;
    let mut first = ota_sms(&[0x21]);
    first.registered_delivery = 0x01;
    let first_id = sm_sr.submit(first.clone()).await.expect("accepted");
    next(&mut device)
        .await
        .respond(CommandStatus::ESME_RX_T_APPN);
    sm_sr.submit(ota_sms(&[0x22])).await.expect("accepted");
    assert_eq!(
        next(&mut device).await.accept().short_message,
        ota_sms(&[0x22]).short_message
    );
    assert_eq!(
        next(&mut device).await.accept().short_message,
        first.short_message,
        "offered again"
    );
    let receipt = next(&mut sm_sr).await.accept();
    let text = String::from_utf8_lossy(&receipt.short_message).into_owned();
    assert!(
        text.starts_with(&format!("id:{first_id} ")) && text.contains(" stat:DELIVRD "),
        "{text}"
    );
    smsc.stop().await;
}
