//! The ESME against a scripted SMSC on a raw socket: what it answers to the SMSC's requests
//! (SMPP 3.4 4.3, 4.6.2, 4.11), and how a request without response ends.

use std::time::Duration;

use smpp::esme::{Esme, EsmeError};
use smpp::pdu::{BindResp, Body, CommandId, CommandStatus, Pdu, ShortMessage};
use tokio::net::TcpListener;

use crate::support::{Raw, SAFETY_NET, esme_config, hex, ota_sms, refusal_of};

/// An ESME bound to a scripted SMSC that accepted its bind_transceiver.
async fn bound_pair(request_timeout: Duration) -> (Esme, Raw) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("listens");
    let addr = listener.local_addr().expect("an address");
    let mut config = esme_config("smsr", "pw", "882350");
    config.request_timeout = request_timeout;
    let binding = tokio::spawn(async move { Esme::bind_transceiver(addr, &config).await });
    let (stream, _) = listener.accept().await.expect("accepts");
    let mut smsc = Raw::from_stream(stream);
    let bind = smsc.read().await;
    let Body::BindTransceiver(body) = &bind.body else {
        panic!("not a bind_transceiver: {bind:?}")
    };
    assert_eq!(
        (body.system_id.as_str(), body.interface_version),
        ("smsr", 0x34)
    );
    let resp = BindResp {
        system_id: "scripted".into(),
        tlvs: Vec::new(),
    };
    smsc.send(&Pdu::response(
        bind.sequence_number,
        CommandStatus::ESME_ROK,
        Body::BindTransceiverResp(resp),
    ))
    .await;
    let esme = binding.await.expect("no panic").expect("bound");
    assert_eq!(esme.smsc_system_id(), "scripted");
    (esme, smsc)
}

#[tokio::test]
async fn the_esme_answers_the_smscs_requests() {
    let (mut esme, mut smsc) = bound_pair(SAFETY_NET).await;
    smsc.send(&Pdu::request(100, Body::EnquireLink)).await;
    assert_eq!(
        smsc.read().await,
        Pdu::response(100, CommandStatus::ESME_ROK, Body::EnquireLinkResp)
    );

    smsc.write(&hex("00000010 00000077 00000000 00000065"))
        .await;
    assert_eq!(
        smsc.read().await,
        Pdu::response(101, CommandStatus::ESME_RINVCMDID, Body::GenericNack)
    );

    let mut bad = Pdu::request(102, Body::DeliverSm(ota_sms(&[])))
        .encode()
        .expect("encodes");
    let sm_length = bad.len() - 4;
    bad[sm_length] = 0xFF;
    smsc.write(&bad).await;
    let refusal = smsc.read().await;
    assert_eq!(
        (refusal.sequence_number, refusal.command_status),
        (102, CommandStatus::ESME_RINVMSGLEN)
    );
    assert_eq!(refusal.body.command_id(), CommandId::DELIVER_SM_RESP);

    smsc.send(&Pdu::request(103, Body::DeliverSm(ota_sms(&[9]))))
        .await;
    let incoming = tokio::time::timeout(SAFETY_NET, esme.recv())
        .await
        .expect("in time")
        .expect("open");
    assert_eq!(
        incoming.message().short_message,
        ota_sms(&[9]).short_message
    );
    incoming.respond(CommandStatus::ESME_RX_P_APPN);
    let answer = smsc.read().await;
    assert_eq!(
        (answer.sequence_number, answer.command_status),
        (103, CommandStatus::ESME_RX_P_APPN)
    );

    smsc.send(&Pdu::request(104, Body::Unbind)).await;
    assert_eq!(
        smsc.read().await,
        Pdu::response(104, CommandStatus::ESME_ROK, Body::UnbindResp)
    );
    let ended = tokio::time::timeout(SAFETY_NET, esme.recv())
        .await
        .expect("in time");
    assert!(ended.is_none(), "the deliveries end with the session");
}

#[tokio::test]
async fn submit_returns_the_message_id_or_the_status() {
    let (esme, mut smsc) = bound_pair(SAFETY_NET).await;
    let submitting = tokio::spawn(async move {
        let first = esme.submit(ota_sms(&[1])).await;
        let second = esme.submit(ota_sms(&[2])).await;
        (first, second)
    });
    let first = smsc.read().await;
    let Body::SubmitSm(sm) = &first.body else {
        panic!("not a submit_sm: {first:?}")
    };
    assert_eq!(sm, &ota_sms(&[1]));
    let id = smpp::pdu::MessageIdResp {
        message_id: "abc123".into(),
    };
    smsc.send(&Pdu::response(
        first.sequence_number,
        CommandStatus::ESME_ROK,
        Body::SubmitSmResp(id),
    ))
    .await;
    let second = smsc.read().await;
    assert_ne!(second.sequence_number, first.sequence_number);
    let throttled = Body::SubmitSmResp(Default::default());
    smsc.send(&Pdu::response(
        second.sequence_number,
        CommandStatus::ESME_RTHROTTLED,
        throttled,
    ))
    .await;
    let (first, second) = submitting.await.expect("no panic");
    assert_eq!(first.ok().as_deref(), Some("abc123"));
    assert_eq!(refusal_of(&second), Some(CommandStatus::ESME_RTHROTTLED));
}

#[tokio::test]
async fn a_request_without_response_fails_with_timeout() {
    let (esme, mut smsc) = bound_pair(Duration::from_millis(200)).await;
    let outcome = esme.submit(ShortMessage::default()).await;
    assert!(
        matches!(outcome, Err(EsmeError::Timeout(CommandId::SUBMIT_SM))),
        "{outcome:?}"
    );
    assert!(matches!(smsc.read().await.body, Body::SubmitSm(_)));
}

#[tokio::test]
async fn dropping_the_esme_unbinds() {
    let (esme, mut smsc) = bound_pair(SAFETY_NET).await;
    drop(esme);
    assert_eq!(smsc.read().await.body, Body::Unbind);
}

#[tokio::test]
async fn a_bind_given_up_before_its_response_closes_the_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("listens");
    let addr = listener.local_addr().expect("an address");
    let config = esme_config("smsr", "pw", "882350");
    let binding = tokio::spawn(async move { Esme::bind_transceiver(addr, &config).await });
    let (stream, _) = listener.accept().await.expect("accepts");
    let mut smsc = Raw::from_stream(stream);
    assert!(matches!(smsc.read().await.body, Body::BindTransceiver(_)));
    // The caller stops waiting (as an SM-SR stopping while it binds does): the SMSC must
    // see the connection end, not a session left open that nobody reads.
    binding.abort();
    assert!(smsc.closed().await);
}
