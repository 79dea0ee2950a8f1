//! ES5 over HTTPS from the card's side (SGP.02 2.4.4; GP Amendment B 3.8; ETSI TS 102 223
//! BIP): a push SMS to a card whose terminal offers BIP makes the ISD-R issue SET UP EVENT
//! LIST, OPEN CHANNEL with the trigger's TLVs and SEND DATA with its TLS ClientHello; what
//! comes back that is no TLS, and a dropped link, end the session with CLOSE CHANNEL.
//! (The whole session against the SM-SR: sm-sr's `scp81_device` tests.)

use euicc_sim::Es10Processor;
use euicc_sim::Euicc;
use euicc_sim::apdu::{Card, ResponseApdu, StatusWord};
use ota::PorStatus;

use crate::m2m_common::fleet_euicc;
use crate::m2m_common::ota_sm_sr::{OtaSmSr, fetch, submitted};

/// A BIP terminal's profile (TS 102 223 5.2; bytes 5, 6, 12, 13, 17 as `m2m-device`).
const BIP_PROFILE: [u8; 17] = [
    0x03, 0x01, 0x80, 0x02, 0x11, 0x0C, 0, 0, 0, 0, 0, 0x1F, 0x22, 0, 0, 0, 0x01,
];

/// `81 { 83 { 84 { 35 01 03, 39 02 0500, 3C 03 02 20FB, 3E 05 21 7F000001 },
/// 89 { 8C 02 "/a" } } }`: 127.0.0.1:8443, admin URI `/a`.
const TRIGGER: [u8; 31] = [
    0x81, 0x1D, 0x83, 0x1B, 0x84, 0x13, 0x35, 0x01, 0x03, 0x39, 0x02, 0x05, 0x00, 0x3C, 0x03, 0x02,
    0x20, 0xFB, 0x3E, 0x05, 0x21, 0x7F, 0x00, 0x00, 0x01, 0x89, 0x04, 0x8C, 0x02, b'/', b'a',
];

fn bip_card() -> (Card<Euicc>, OtaSmSr) {
    let mut card = Card::new(fleet_euicc());
    let mut tp = vec![0x80, 0x10, 0x00, 0x00, BIP_PROFILE.len() as u8];
    tp.extend(BIP_PROFILE);
    assert_eq!(card.process(&tp).sw, StatusWord::OK);
    let sr = OtaSmSr::for_card(card.processor());
    (card, sr)
}

/// The body of a proactive command (after `D0 L`).
fn body(command: &[u8]) -> &[u8] {
    match command {
        [0xD0, 0x81, _, rest @ ..] | [0xD0, _, rest @ ..] => rest,
        _ => panic!("not a proactive command: {command:02X?}"),
    }
}

/// Type of command (TS 102 223 9.4) of a fetched command.
fn kind(command: &[u8]) -> u8 {
    body(command)[3]
}

/// TERMINAL RESPONSE to `command` with `result` and the data objects `objects`.
fn respond(card: &mut Card<Euicc>, command: &[u8], result: u8, objects: &[u8]) -> ResponseApdu {
    let details = &body(command)[2..5];
    let mut data = vec![0x81, 0x03, details[0], details[1], details[2]];
    data.extend([0x82, 0x02, 0x82, 0x81, 0x83, 0x01, result]);
    data.extend(objects);
    let mut apdu = vec![0x80, 0x14, 0x00, 0x00, data.len() as u8];
    apdu.extend(data);
    card.process(&apdu)
}

/// The push, its PoR, SET UP EVENT LIST, OPEN CHANNEL (answered: channel 1 open); the
/// status word after it, announcing the first SEND DATA.
fn open_session(card: &mut Card<Euicc>, sr: &OtaSmSr) -> StatusWord {
    let ud = sr.secured_uds(&TRIGGER, 1);
    let r = card.process(&OtaSmSr::envelope(ud[0].clone()));
    let por_command = fetch(card, r.sw);
    let por = sr.open_por(&submitted(&por_command).user_data, 1);
    assert_eq!((por.status, por.data.len()), (PorStatus::Ok, 0));
    let r = respond(card, &por_command, 0x00, &[]);
    let events = fetch(card, r.sw);
    assert_eq!(kind(&events), 0x05, "SET UP EVENT LIST");
    assert_eq!(
        &body(&events)[5..],
        [0x82, 0x02, 0x81, 0x82, 0x99, 0x02, 0x09, 0x0A]
    );
    let r = respond(card, &events, 0x00, &[]);
    let open = fetch(card, r.sw);
    assert_eq!(
        (kind(&open), body(&open)[4]),
        (0x40, 0x01),
        "OPEN CHANNEL, immediate"
    );
    assert_eq!(&body(&open)[5..9], [0x82, 0x02, 0x81, 0x82]);
    assert_eq!(&body(&open)[9..], &TRIGGER[6..25], "the trigger's 84 TLVs");
    respond(card, &open, 0x00, &[0x38, 0x02, 0x81, 0x00]).sw
}

#[test]
fn sgp02_2_4_4_a_push_opens_the_channel_and_sends_the_client_hello() {
    let (mut card, sr) = bip_card();
    let sw = open_session(&mut card, &sr);
    let send = fetch(&mut card, sw);
    assert_eq!(kind(&send), 0x43, "SEND DATA");
    assert_eq!(&body(&send)[5..9], [0x82, 0x02, 0x81, 0x21], "to channel 1");
    let data = match &body(&send)[9..] {
        [0xB6, 0x81, _, d @ ..] | [0xB6, _, d @ ..] => d,
        other => panic!("no channel data: {other:02X?}"),
    };
    // a TLS handshake record (RFC 5246 6.2.1) carrying a ClientHello (7.4.1.2)
    assert_eq!((data[0], data[5]), (0x16, 0x01));
    assert!(card.processor().holds_refresh(), "a session runs");
}

/// Answers every SEND DATA until CLOSE CHANNEL comes; the status word after it.
fn until_closed(card: &mut Card<Euicc>, mut sw: StatusWord) -> StatusWord {
    for _ in 0..8 {
        let command = fetch(card, sw);
        match kind(&command) {
            0x43 => sw = respond(card, &command, 0x00, &[0x37, 0x01, 0xFF]).sw,
            0x41 => return respond(card, &command, 0x00, &[]).sw,
            other => panic!("unexpected command {other:02X}"),
        }
    }
    panic!("no CLOSE CHANNEL");
}

#[test]
fn ts102_223_7_5_10_bytes_that_are_no_tls_end_the_session() {
    let (mut card, sr) = bip_card();
    let sw = open_session(&mut card, &sr);
    let send = fetch(&mut card, sw);
    assert_eq!(
        respond(&mut card, &send, 0x00, &[0x37, 0x01, 0xFF]).sw,
        StatusWord::OK
    );
    // Data available: 10 octets on channel 1
    let event = [
        0x80, 0xC2, 0x00, 0x00, 0x10, 0xD6, 0x0E, 0x99, 0x01, 0x09, 0x82, 0x02, 0x82, 0x81, 0x38,
        0x02, 0x81, 0x00, 0x37, 0x01, 0x0A,
    ];
    let r = card.process(&event);
    let receive = fetch(&mut card, r.sw);
    assert_eq!(kind(&receive), 0x42, "RECEIVE DATA");
    assert_eq!(&body(&receive)[9..], [0xB7, 0x01, 0x0A]);
    let mut garbage = vec![0x36, 0x0A];
    garbage.extend([0xFF; 10]);
    garbage.extend([0x37, 0x01, 0x00]);
    let sw = respond(&mut card, &receive, 0x00, &garbage).sw;
    assert_eq!(until_closed(&mut card, sw), StatusWord::OK);
    assert!(!card.processor().holds_refresh(), "the session is over");
}

#[test]
fn ts102_223_7_5_11_a_dropped_link_closes_the_channel() {
    let (mut card, sr) = bip_card();
    let sw = open_session(&mut card, &sr);
    let send = fetch(&mut card, sw);
    respond(&mut card, &send, 0x00, &[0x37, 0x01, 0xFF]);
    // Channel status: channel 1, link dropped
    let event = [
        0x80, 0xC2, 0x00, 0x00, 0x0D, 0xD6, 0x0B, 0x99, 0x01, 0x0A, 0x82, 0x02, 0x82, 0x81, 0xB8,
        0x02, 0x01, 0x05,
    ];
    let r = card.process(&event);
    let close = fetch(&mut card, r.sw);
    assert_eq!(kind(&close), 0x41, "CLOSE CHANNEL");
    assert_eq!(respond(&mut card, &close, 0x00, &[]).sw, StatusWord::OK);
    assert!(!card.processor().holds_refresh());
}

#[test]
fn ts102_223_6_4_27_a_refused_open_channel_ends_the_session() {
    let (mut card, sr) = bip_card();
    let ud = sr.secured_uds(&TRIGGER, 1);
    let r = card.process(&OtaSmSr::envelope(ud[0].clone()));
    let por = fetch(&mut card, r.sw);
    let sw = respond(&mut card, &por, 0x00, &[]).sw;
    let events = fetch(&mut card, sw);
    let sw = respond(&mut card, &events, 0x00, &[]).sw;
    let open = fetch(&mut card, sw);
    // 3A: Bearer Independent Protocol error (8.12), the link not established (8.56)
    let r = respond(&mut card, &open, 0x3A, &[0x38, 0x02, 0x01, 0x00]);
    assert_eq!(r.sw, StatusWord::OK, "no further command");
    assert!(!card.processor().holds_refresh());
}

/// The push of `TRIGGER` with security parameters `85 { 00 (no identity) 02 | kvn | key }`;
/// the status word after the PoR's TERMINAL RESPONSE.
fn push_naming_key(card: &mut Card<Euicc>, sr: &OtaSmSr, kvn: u8, key_id: u8) -> StatusWord {
    let mut trigger = TRIGGER.to_vec();
    trigger.splice(25..25, [0x85, 0x04, 0x00, 0x02, kvn, key_id]);
    trigger[1] += 6;
    trigger[3] += 6;
    let ud = sr.secured_uds(&trigger, 1);
    let r = card.process(&OtaSmSr::envelope(ud[0].clone()));
    let por = fetch(card, r.sw);
    respond(card, &por, 0x00, &[]).sw
}

#[test]
fn gp_amd_b_3_8_2_the_trigger_names_the_key_the_session_uses() {
    // the ISD-R's SCP81 key is KVN 40, key 01
    let (mut card, sr) = bip_card();
    let sw = push_naming_key(&mut card, &sr, 0x40, 0x01);
    assert_eq!(kind(&fetch(&mut card, sw)), 0x05, "the session starts");
    let (mut card, sr) = bip_card();
    let sw = push_naming_key(&mut card, &sr, 0x4F, 0x01);
    assert_eq!(
        sw,
        StatusWord::OK,
        "no key 4F/01: no SET UP EVENT LIST, no channel"
    );
    assert!(!card.processor().holds_refresh());
}
