//! PDUs a well-behaved ESME never sends: generic_nack (SMPP 3.4 4.3) for a header it cannot
//! trust, the command's response with the field's 5.1.3 status for a bad body; the SMSC
//! keeps serving other sessions.

use smpp::pdu::{Body, CommandStatus, Pdu};

use crate::support::{Raw, device, hex, lab_config, next, ota_sms, smsr, start};

#[tokio::test]
async fn a_command_length_below_the_header_gets_generic_nack_and_close() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    raw.write(&hex("00000008 00000015 00000000 00000005")).await;
    assert_eq!(
        raw.read().await,
        Pdu::response(5, CommandStatus::ESME_RINVCMDLEN, Body::GenericNack)
    );
    assert!(raw.closed().await);
    still_routes(&smsc).await;
    smsc.stop().await;
}

#[tokio::test]
async fn a_command_length_too_large_gets_generic_nack_and_close() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    raw.write(&hex("7FFFFFFF 00000004 00000000 00000006")).await;
    assert_eq!(
        raw.read().await,
        Pdu::response(6, CommandStatus::ESME_RINVCMDLEN, Body::GenericNack)
    );
    assert!(raw.closed().await);
    still_routes(&smsc).await;
    smsc.stop().await;
}

#[tokio::test]
async fn an_unknown_command_id_gets_generic_nack_and_the_session_goes_on() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    raw.write(&hex("00000014 00000077 00000000 00000007 DEADBEEF"))
        .await;
    assert_eq!(
        raw.read().await,
        Pdu::response(7, CommandStatus::ESME_RINVCMDID, Body::GenericNack)
    );
    raw.send(&Pdu::request(8, Body::EnquireLink)).await;
    assert_eq!(
        raw.read().await,
        Pdu::response(8, CommandStatus::ESME_ROK, Body::EnquireLinkResp)
    );
    smsc.stop().await;
}

#[tokio::test]
async fn a_bind_with_an_overlong_system_id_is_esme_rinvsysid() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    let mut body = b"a-system-id-too-long".to_vec();
    body.extend_from_slice(&hex("00 00 00 34 00 00 00"));
    let mut octets = (16 + body.len() as u32).to_be_bytes().to_vec();
    octets.extend_from_slice(&hex("00000009 00000000 00000002"));
    octets.extend_from_slice(&body);
    raw.write(&octets).await;
    let resp = raw.read().await;
    assert_eq!(resp.command_status, CommandStatus::ESME_RINVSYSID);
    assert_eq!(resp.body, Body::BindTransceiverResp(Default::default()));
    smsc.stop().await;
}

#[tokio::test]
async fn a_truncated_bind_is_esme_rinvcmdlen() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    raw.write(&hex("00000016 00000009 00000000 00000003 736d737200 00"))
        .await;
    let resp = raw.read().await;
    assert_eq!(
        (resp.sequence_number, resp.command_status),
        (3, CommandStatus::ESME_RINVCMDLEN)
    );
    smsc.stop().await;
}

#[tokio::test]
async fn a_submit_with_sm_length_past_254_is_esme_rinvmsglen() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    let mut octets = Pdu::request(4, Body::SubmitSm(ota_sms(&[])))
        .encode()
        .expect("encodes");
    let sm_length = octets.len() - 4;
    assert_eq!(octets[sm_length], 3);
    octets[sm_length] = 0xFF;
    raw.write(&octets).await;
    let resp = raw.read().await;
    assert_eq!(
        (resp.sequence_number, resp.command_status),
        (4, CommandStatus::ESME_RINVMSGLEN)
    );
    smsc.stop().await;
}

#[tokio::test]
async fn a_peer_that_vanishes_mid_pdu_harms_no_one() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    raw.write(&hex("00000100 00000004 00000000 00000001 0001"))
        .await;
    drop(raw);
    still_routes(&smsc).await;
    smsc.stop().await;
}

/// The SMSC still binds and routes for a well-behaved pair.
async fn still_routes(smsc: &smpp::Smsc) {
    let sm_sr = smsr(smsc).await;
    let mut device = device(smsc).await;
    sm_sr.submit(ota_sms(&[0x42])).await.expect("accepted");
    assert_eq!(
        next(&mut device).await.accept().short_message,
        ota_sms(&[0x42]).short_message
    );
}
