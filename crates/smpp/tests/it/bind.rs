//! Binding (SMPP 3.4 4.1) and what the session state allows (2.3): each refusal with its
//! 5.1.3 status.

use smpp::esme::{BindMode, Esme, EsmeError};
use smpp::pdu::{Body, CommandId, CommandStatus, Pdu, ShortMessage};

use crate::support::{
    DEVICE, Raw, SMSR, bind_body, esme_config, lab_config, ota_sms, refusal_of, start, text,
};

async fn refused(system_id: &str, password: &str, range: &str) -> Option<CommandStatus> {
    let smsc = start(lab_config()).await;
    let outcome =
        Esme::bind_transceiver(smsc.local_addr(), &esme_config(system_id, password, range)).await;
    smsc.stop().await;
    match outcome {
        Err(EsmeError::Refused { command, status }) => {
            assert_eq!(command, CommandId::BIND_TRANSCEIVER);
            Some(status)
        }
        _ => None,
    }
}

#[tokio::test]
async fn wrong_password_is_esme_rinvpaswd() {
    assert_eq!(
        refused("smsr", "nope", SMSR).await,
        Some(CommandStatus::ESME_RINVPASWD)
    );
}

#[tokio::test]
async fn unknown_system_id_is_esme_rinvsysid() {
    assert_eq!(
        refused("stranger", "smsrpw", SMSR).await,
        Some(CommandStatus::ESME_RINVSYSID)
    );
}

#[tokio::test]
async fn a_range_outside_the_account_is_esme_rbindfail() {
    assert_eq!(
        refused("device", "devpw", "4915550002").await,
        Some(CommandStatus::ESME_RBINDFAIL)
    );
    assert_eq!(
        refused("smsr", "smsrpw", "49(1|2)").await,
        Some(CommandStatus::ESME_RBINDFAIL)
    );
}

#[tokio::test]
async fn a_second_bind_is_esme_ralybnd() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    raw.bind(Body::BindTransceiver(bind_body("smsr", "smsrpw", SMSR)))
        .await;
    raw.send(&Pdu::request(
        2,
        Body::BindTransmitter(bind_body("smsr", "smsrpw", SMSR)),
    ))
    .await;
    let resp = raw.read().await;
    assert_eq!(resp.command_status, CommandStatus::ESME_RALYBND);
    assert_eq!(resp.body.command_id(), CommandId::BIND_TRANSMITTER_RESP);
    assert_eq!(resp.sequence_number, 2);
    drop(raw);
    smsc.stop().await;
}

#[tokio::test]
async fn bind_response_names_the_smsc_and_version() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    raw.send(&Pdu::request(
        1,
        Body::BindReceiver(bind_body("smsr", "smsrpw", SMSR)),
    ))
    .await;
    let resp = raw.read().await;
    let Body::BindReceiverResp(body) = resp.body else {
        panic!("not a bind_receiver_resp: {resp:?}")
    };
    assert_eq!(body.system_id, "rsp-lab");
    assert_eq!(body.tlvs, vec![smpp::pdu::Tlv::new(0x0210, vec![0x34])]);
    drop(raw);
    smsc.stop().await;
}

#[tokio::test]
async fn submit_before_bind_is_esme_rinvbndsts() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    raw.send(&Pdu::request(9, Body::SubmitSm(ota_sms(&[1]))))
        .await;
    let resp = raw.read().await;
    assert_eq!(
        resp,
        Pdu::response(
            9,
            CommandStatus::ESME_RINVBNDSTS,
            Body::SubmitSmResp(Default::default())
        )
    );
    raw.send(&Pdu::request(10, Body::EnquireLink)).await;
    assert_eq!(raw.read().await.body, Body::EnquireLinkResp);
    smsc.stop().await;
}

#[tokio::test]
async fn a_receiver_may_not_submit() {
    let smsc = start(lab_config()).await;
    let mut raw = Raw::connect(smsc.local_addr()).await;
    raw.bind(Body::BindReceiver(bind_body("smsr", "smsrpw", SMSR)))
        .await;
    raw.send(&Pdu::request(2, Body::SubmitSm(ota_sms(&[1]))))
        .await;
    assert_eq!(
        raw.read().await.command_status,
        CommandStatus::ESME_RINVBNDSTS
    );
    drop(raw);
    smsc.stop().await;
}

#[tokio::test]
async fn an_account_sends_only_from_its_addresses() {
    let smsc = start(lab_config()).await;
    let device = Esme::bind_transceiver(smsc.local_addr(), &esme_config("device", "devpw", DEVICE))
        .await
        .expect("bound");
    let spoofed: ShortMessage = text("4915550002", SMSR, "spoofed");
    let refusal = device.submit(spoofed).await;
    assert_eq!(refusal_of(&refusal), Some(CommandStatus::ESME_RINVSRCADR));
    smsc.stop().await;
}

#[tokio::test]
async fn an_empty_destination_is_esme_rinvdstadr() {
    let smsc = start(lab_config()).await;
    let sm_sr = Esme::bind_transceiver(smsc.local_addr(), &esme_config("smsr", "smsrpw", SMSR))
        .await
        .expect("bound");
    let refusal = sm_sr.submit(text(SMSR, "", "nowhere")).await;
    assert_eq!(refusal_of(&refusal), Some(CommandStatus::ESME_RINVDSTADR));
    smsc.stop().await;
}

#[tokio::test]
async fn transmitters_do_not_receive_and_receivers_do_not_submit() {
    let smsc = start(lab_config()).await;
    let sender = crate::support::smsr(&smsc).await;
    let config = esme_config("device", "devpw", DEVICE);
    let transmitter = Esme::bind(smsc.local_addr(), &config, BindMode::Transmitter)
        .await
        .expect("bound");
    sender
        .submit(ota_sms(&[0x31]))
        .await
        .expect("stored: no receiver yet");
    let mut receiver = Esme::bind(smsc.local_addr(), &config, BindMode::Receiver)
        .await
        .expect("bound");
    let got = crate::support::next(&mut receiver).await.accept();
    assert_eq!(got.short_message, ota_sms(&[0x31]).short_message);
    let refusal = receiver.submit(text(DEVICE, SMSR, "from a receiver")).await;
    assert_eq!(refusal_of(&refusal), Some(CommandStatus::ESME_RINVBNDSTS));
    transmitter
        .submit(text(DEVICE, SMSR, "from a transmitter"))
        .await
        .expect("accepted");
    smsc.stop().await;
}
