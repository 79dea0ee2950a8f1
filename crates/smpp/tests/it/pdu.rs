//! Known-answer and refusal tests of the PDU codec (SMPP 3.4 sections 3 to 5).

use smpp::pdu::*;

use crate::support::hex;

fn ota_submit() -> ShortMessage {
    ShortMessage {
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: "4912345".into(),
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: "4915550001".into(),
        esm_class: ShortMessage::ESM_CLASS_UDHI,
        protocol_id: 0x7F,
        registered_delivery: 1,
        data_coding: 0xF6,
        short_message: hex("027000 0005 0000000000"),
        ..ShortMessage::default()
    }
}

#[test]
fn enquire_link_is_a_bare_header() {
    let pdu = Pdu::request(7, Body::EnquireLink);
    let octets = pdu.encode().expect("encodes");
    assert_eq!(octets, hex("00000010 00000015 00000000 00000007"));
    assert_eq!(Pdu::decode(&octets), Ok(pdu));
}

#[test]
fn bind_transceiver_lays_out_section_4_1_5() {
    let bind = Bind {
        system_id: "smsr".into(),
        password: "pw".into(),
        system_type: "OTA".into(),
        interface_version: INTERFACE_VERSION,
        addr_ton: 1,
        addr_npi: 1,
        address_range: "4912345".into(),
    };
    let octets = Pdu::request(1, Body::BindTransceiver(bind.clone()))
        .encode()
        .expect("encodes");
    let expected = hex(
        "00000027 00000009 00000000 00000001 736d737200 707700 4f544100 34 01 01 3439313233343500",
    );
    assert_eq!(octets, expected);
    assert_eq!(
        Pdu::decode(&octets).map(|p| p.body),
        Ok(Body::BindTransceiver(bind))
    );
}

#[test]
fn submit_sm_lays_out_section_4_4_1() {
    let octets = Pdu::request(2, Body::SubmitSm(ota_submit()))
        .encode()
        .expect("encodes");
    let expected = hex("0000003C 00000004 00000000 00000002
         00 01 01 3439313233343500 01 01 3439313535353030303100
         40 7f 00 00 00 01 00 f6 00 0a 0270000005 0000000000");
    assert_eq!(octets, expected);
    assert_eq!(
        Pdu::decode(&octets).map(|p| p.body),
        Ok(Body::SubmitSm(ota_submit()))
    );
}

#[test]
fn optional_parameters_survive_unknown_tags_included() {
    let mut sm = ota_submit();
    sm.short_message.clear();
    sm.tlvs = vec![
        Tlv::new(Tlv::MESSAGE_PAYLOAD, vec![0xAB; 600]),
        Tlv::new(0x1401, b"vendor".to_vec()),
        Tlv::new(Tlv::USER_MESSAGE_REFERENCE, vec![0x00, 0x2A]),
    ];
    let octets = Pdu::request(3, Body::DeliverSm(sm.clone()))
        .encode()
        .expect("encodes");
    let Ok(Pdu {
        body: Body::DeliverSm(back),
        ..
    }) = Pdu::decode(&octets)
    else {
        panic!("deliver_sm did not decode");
    };
    assert_eq!(back, sm);
    assert_eq!(back.user_data(), &[0xAB; 600][..]);
}

#[test]
fn error_responses_carry_no_body() {
    let resp = Pdu::response(
        9,
        CommandStatus::ESME_RTHROTTLED,
        Body::SubmitSmResp(MessageIdResp::default()),
    );
    let octets = resp.encode().expect("encodes");
    assert_eq!(octets, hex("00000010 80000004 00000058 00000009"));
    assert_eq!(Pdu::decode(&octets), Ok(resp));
    let bind = Pdu::response(
        1,
        CommandStatus::ESME_RINVPASWD,
        Body::BindTransceiverResp(BindResp::default()),
    );
    assert_eq!(bind.encode().map(|o| o.len()), Ok(HEADER_LEN));
}

#[test]
fn deliver_sm_resp_carries_a_null_message_id() {
    let octets = Pdu::response(
        4,
        CommandStatus::ESME_ROK,
        Body::DeliverSmResp(MessageIdResp::default()),
    )
    .encode()
    .expect("encodes");
    assert_eq!(octets, hex("00000011 80000005 00000000 00000004 00"));
}

#[test]
fn refusals_name_the_section_5_1_3_status() {
    let mut submit = Pdu::request(2, Body::SubmitSm(ota_submit()))
        .encode()
        .expect("encodes");
    let sm_length_at = submit.len() - 11;
    assert_eq!(submit[sm_length_at], 10);
    submit[sm_length_at] = 0xFF;
    assert_eq!(
        Pdu::decode(&submit).map_err(|e| e.status()),
        Err(CommandStatus::ESME_RINVMSGLEN)
    );

    let unknown = hex("00000010 00000099 00000000 00000001");
    assert_eq!(
        Pdu::decode(&unknown).map_err(|e| e.status()),
        Err(CommandStatus::ESME_RINVCMDID)
    );

    let long_source = hex(
        "0000002B 00000004 00000000 00000001 00 01 01 3131313131313131313131313131313131313131313131 00",
    );
    assert_eq!(
        Pdu::decode(&long_source).map_err(|e| e.status()),
        Err(CommandStatus::ESME_RINVSRCADR)
    );

    let mut bad_tlv = Pdu::request(2, Body::SubmitSm(ota_submit()))
        .encode()
        .expect("encodes");
    bad_tlv.extend_from_slice(&hex("0424 0010 00"));
    bad_tlv[3] = u8::try_from(bad_tlv.len()).unwrap_or(0);
    assert_eq!(
        Pdu::decode(&bad_tlv).map_err(|e| e.status()),
        Err(CommandStatus::ESME_RINVOPTPARSTREAM)
    );

    let unbind_with_body = hex("00000011 00000006 00000000 00000001 00");
    assert_eq!(
        Pdu::decode(&unbind_with_body).map_err(|e| e.status()),
        Err(CommandStatus::ESME_RINVCMDLEN)
    );
}

#[test]
fn short_or_mismatched_lengths_are_esme_rinvcmdlen() {
    assert_eq!(
        Pdu::decode(&hex("0000000c 00000015")),
        Err(DecodeError::CommandLength(8))
    );
    assert_eq!(
        Pdu::decode(&hex("00000020 00000015 00000000 00000001")),
        Err(DecodeError::CommandLength(0x20))
    );
    let encoded = Pdu::request(2, Body::SubmitSm(ota_submit()))
        .encode()
        .expect("encodes");
    for cut in HEADER_LEN..encoded.len() {
        let mut truncated = encoded[..cut].to_vec();
        truncated[..4].copy_from_slice(&u32::try_from(cut).unwrap_or(0).to_be_bytes());
        let refused = Pdu::decode(&truncated).map_err(|e| e.status());
        assert_eq!(refused, Err(CommandStatus::ESME_RINVCMDLEN), "cut at {cut}");
    }
}

#[test]
fn encoding_refuses_fields_past_their_maxima() {
    let mut sm = ota_submit();
    sm.destination_addr = "1".repeat(21);
    assert!(matches!(
        Pdu::request(1, Body::SubmitSm(sm)).encode(),
        Err(EncodeError::FieldTooLong {
            field: "destination_addr",
            len: 21,
            max: 21
        })
    ));
    let mut sm = ota_submit();
    sm.short_message = vec![0; 255];
    assert_eq!(
        Pdu::request(1, Body::SubmitSm(sm)).encode(),
        Err(EncodeError::ShortMessageTooLong(255))
    );
}

#[test]
fn arbitrary_octets_never_panic() {
    let mut state: u32 = 0x1234_5678;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let ids = [1u32, 2, 4, 5, 6, 9, 0x0B, 0x15, 0x8000_0004, 0x8000_0009];
    for round in 0..5000 {
        let len = (next() % 80) as usize;
        let mut octets: Vec<u8> = (0..len + HEADER_LEN)
            .map(|_| (next() & 0xFF) as u8)
            .collect();
        let total = u32::try_from(octets.len()).unwrap_or(0);
        octets[..4].copy_from_slice(&total.to_be_bytes());
        octets[4..8].copy_from_slice(&ids[round % ids.len()].to_be_bytes());
        let _ = Pdu::decode(&octets);
    }
}
