//! ES5 over SMS (SGP.02 2.4.3; ETSI TS 102 225, 3GPP TS 31.111 7.1.1, TS 31.115): secured
//! command SMS built with `ota` through ENVELOPE, PoRs back in SEND SHORT MESSAGE,
//! Default Notifications as MO packets, roll-back and fall-back.

use euicc_sim::apdu::StatusWord;
use euicc_sim::state::m2m::{M2mNotificationKind, Pol1};
use ota::PorStatus;
use ota::sms::Address;

use crate::m2m_common::ota_sm_sr::{
    OtaSmSr, SM_SR_NUMBER, device_card, fetch, last_sw, location_status, submitted,
    terminal_response,
};
use crate::m2m_common::{BOOTSTRAP, OPERATIONAL, fleet_euicc, isdp, m2m_euicc, preload};

/// STORE DATA `3A03 { 4F 10 <ISD-P n> }`.
fn enable_apdu(n: u8) -> Vec<u8> {
    let mut apdu = vec![0x80, 0xE2, 0x88, 0x00, 0x15, 0x3A, 0x03, 0x12, 0x4F, 0x10];
    apdu.extend(isdp(n));
    apdu
}

const GET_DATA: [u8; 5] = [0x80, 0xCA, 0xFF, 0x21, 0x00];

fn enabled(card: &euicc_sim::apdu::Card<euicc_sim::Euicc>) -> Option<String> {
    let state = card.processor().state();
    state.enabled_profile().map(|p| p.iccid.clone())
}

#[test]
fn ts102_225_enable_profile_by_sms_with_por_in_send_short_message() {
    let mut card = device_card(fleet_euicc());
    let mut sr = OtaSmSr::for_card(card.processor());
    let answers = sr.send(&mut card, &[enable_apdu(1)]);
    assert_eq!(answers.len(), 1);
    assert!(answers[0].data.is_empty());
    let command = fetch(&mut card, answers[0].sw);
    let submit = submitted(&command);
    // SPI2 39: the PoR goes to the originator as an SMS-SUBMIT
    assert_eq!(
        submit.destination,
        Address::international(SM_SR_NUMBER).unwrap()
    );
    assert_eq!((submit.pid, submit.dcs), (0x7F, 0xF6));
    let por = sr.open_por(&submit.user_data, 1);
    assert!(por.authenticated);
    assert_eq!(por.status, PorStatus::Ok);
    assert_eq!(last_sw(&por.data), [0x90, 0x00]);
    // the REFRESH for the new profile follows the PoR
    let r = terminal_response(&mut card, &command, 0x00);
    let refresh = fetch(&mut card, r.sw);
    assert_eq!(&refresh[2..7], [0x81, 0x03, refresh[4], 0x01, 0x09]);
    assert_eq!(enabled(&card).as_deref(), Some(OPERATIONAL));
    let m2m = card.processor().state().m2m.clone().unwrap();
    assert_eq!(m2m.isd_r.scp80[0].counter, 1, "counter stored");
}

#[test]
fn ts102_225_replayed_counter_gets_por_status_02() {
    let mut card = device_card(fleet_euicc());
    let mut sr = OtaSmSr::for_card(card.processor());
    let first = sr.send(&mut card, &[GET_DATA.to_vec()]);
    let command = fetch(&mut card, first[0].sw);
    terminal_response(&mut card, &command, 0x00);
    // the same counter again, now with an enable
    let replay = sr.command_uds(&[enable_apdu(1)], 1);
    let r = card.process(&OtaSmSr::envelope(replay[0].clone()));
    let command = fetch(&mut card, r.sw);
    let submit = submitted(&command);
    let por = sr.open_por(&submit.user_data, 1);
    assert_eq!(por.status, PorStatus::CounterLow);
    assert!(por.data.is_empty());
    assert_eq!(enabled(&card).as_deref(), Some(BOOTSTRAP), "nothing ran");
}

#[test]
fn ts102_225_wrong_kid_gets_por_status_01() {
    let mut card = device_card(fleet_euicc());
    let mut forger = OtaSmSr::for_card(card.processor());
    let bad = ota::SecretKey::new(ota::Algorithm::Aes, &[0x5A; 16]).unwrap();
    forger.keys = ota::KeySet::new(1, forger.keys.kic().clone(), bad).unwrap();
    let r = forger.send(&mut card, &[enable_apdu(1)]);
    let command = fetch(&mut card, r[0].sw);
    let submit = submitted(&command);
    let por = forger.open_por(&submit.user_data, 1);
    assert_eq!(por.status, PorStatus::IntegrityFailed);
    assert!(!por.authenticated);
    assert_eq!(enabled(&card).as_deref(), Some(BOOTSTRAP));
    let m2m = card.processor().state().m2m.clone().unwrap();
    assert_eq!(m2m.isd_r.scp80[0].counter, 0, "counter untouched");
}

#[test]
fn ts31_115_concatenated_command_and_por() {
    let mut card = device_card(fleet_euicc());
    let mut sr = OtaSmSr::for_card(card.processor());
    let apdus = vec![GET_DATA.to_vec(); 24];
    let answers = sr.send(&mut card, &apdus);
    assert!(answers.len() > 1, "several short messages");
    for a in &answers[..answers.len() - 1] {
        assert_eq!(a.sw, StatusWord::OK, "segment kept");
    }
    // the PoR comes back in several SMS-SUBMITs: reassemble them as the SM-SR does
    let mut reassembler = ota::sms::Reassembler::new(Default::default());
    let mut sw = answers[answers.len() - 1].sw;
    let mut whole = None;
    while sw.0 >> 8 == 0x91 {
        let command = fetch(&mut card, sw);
        let submit = submitted(&command);
        if let Some(message) = reassembler.push("card", &submit.user_data).unwrap() {
            whole = Some(message.data);
        }
        sw = terminal_response(&mut card, &command, 0x00).sw;
    }
    let mut ud = vec![0x02, 0x71, 0x00];
    ud.extend(whole.expect("whole PoR"));
    let por = sr.open_por(&ud, 1);
    assert_eq!(por.status, PorStatus::Ok);
    let script = ota::script::ResponseScript::parse(&por.data).unwrap();
    assert_eq!(script.r_apdus().count(), 24);
}

#[test]
fn sgp02_3_15_notification_is_an_mo_packet_to_the_sm_sr() {
    let mut card = device_card(fleet_euicc());
    let sr = OtaSmSr::for_card(card.processor());
    // first service of the card's life: the eUICC declaration
    let r = location_status(&mut card, 0x00);
    let command = fetch(&mut card, r.sw);
    let submit = submitted(&command);
    assert_eq!(
        submit.destination,
        Address::international(SM_SR_NUMBER).unwrap()
    );
    let notification = sr.open_mo(&submit.user_data);
    assert_eq!(&notification[..1], [0xE1]);
    assert!(
        notification.windows(3).any(|w| w == [0x4D, 0x01, 0x01]),
        "type 01"
    );
    assert_eq!(
        terminal_response(&mut card, &command, 0x00).sw,
        StatusWord::OK
    );
    // delivered: not again in this session; again after a new TERMINAL PROFILE
    let r = card.process(&[0x80, 0xF2, 0x00, 0x0C, 0x00]);
    assert_eq!(r.sw, StatusWord::OK);
    assert_eq!(card.processor().m2m_notifications().len(), 1, "unconfirmed");
}

#[test]
fn sgp02_3_2_2_failed_notifications_roll_the_switch_back() {
    let mut card = device_card(fleet_euicc());
    let mut sr = OtaSmSr::for_card(card.processor());
    let r = location_status(&mut card, 0x00);
    let command = fetch(&mut card, r.sw);
    terminal_response(&mut card, &command, 0x00);
    let r = sr.send(&mut card, &[enable_apdu(1)]);
    let command = fetch(&mut card, r[0].sw);
    let r = terminal_response(&mut card, &command, 0x00);
    let refresh = fetch(&mut card, r.sw);
    let r = terminal_response(&mut card, &refresh, 0x00);
    assert_eq!(
        r.sw,
        StatusWord::OK,
        "nothing sent before service on the new profile"
    );
    assert_eq!(enabled(&card).as_deref(), Some(OPERATIONAL));
    let mut sw = location_status(&mut card, 0x00).sw;
    // the profile-change notification cannot leave: network unable (21), three times
    for attempt in 1..=3 {
        let command = fetch(&mut card, sw);
        let submit = submitted(&command);
        let n = sr.open_mo(&submit.user_data);
        assert!(
            n.windows(3).any(|w| w == [0x4D, 0x01, 0x02]),
            "attempt {attempt}"
        );
        sw = terminal_response(&mut card, &command, 0x21).sw;
    }
    assert_eq!(enabled(&card).as_deref(), Some(BOOTSTRAP), "rolled back");
    let kinds: Vec<M2mNotificationKind> = card
        .processor()
        .m2m_notifications()
        .iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            M2mNotificationKind::EuiccDeclaration,
            M2mNotificationKind::ProfileChangeFailedRollback
        ]
    );
}

#[test]
fn sgp02_3_16_no_service_runs_the_fallback_mechanism_past_pol1() {
    let mut e = m2m_euicc();
    preload(&mut e, BOOTSTRAP, false, true, Pol1::default());
    let locked = Pol1 {
        disable_not_allowed: true,
        ..Pol1::default()
    };
    preload(&mut e, OPERATIONAL, true, false, locked);
    let mut card = device_card(e);
    let r = location_status(&mut card, 0x02);
    let refresh = fetch(&mut card, r.sw);
    assert_eq!(refresh[5..7], [0x01, 0x09], "REFRESH, profile state change");
    assert_eq!(
        terminal_response(&mut card, &refresh, 0x00).sw,
        StatusWord::OK
    );
    assert_eq!(enabled(&card).as_deref(), Some(BOOTSTRAP));
    let n = card.processor().m2m_notifications();
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].kind, M2mNotificationKind::ProfileChangeAfterFallback);
    assert_eq!(n[0].isdp_aid.as_deref(), Some(isdp(0).as_slice()));
    // service back: the notification leaves
    let r = location_status(&mut card, 0x00);
    assert_eq!(r.sw.0 >> 8, 0x91);
}

#[test]
fn sgp02_3_2_2_no_service_after_a_switch_rolls_back() {
    let mut e = fleet_euicc();
    assert_eq!(e.process_isdr_apdu(&enable_apdu(1)), [0x90, 0x00]);
    let mut card = device_card(e);
    let r = location_status(&mut card, 0x02);
    assert_eq!(r.sw.0 >> 8, 0x91, "REFRESH for the profile enabled again");
    assert_eq!(enabled(&card).as_deref(), Some(BOOTSTRAP));
    let kinds: Vec<M2mNotificationKind> = card
        .processor()
        .m2m_notifications()
        .iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(kinds, [M2mNotificationKind::ProfileChangeFailedRollback]);
}

#[test]
fn ts31_111_envelope_that_is_no_usim_download_is_refused() {
    let mut card = device_card(fleet_euicc());
    let r = card.process(&[0x80, 0xC2, 0x00, 0x00, 0x04, 0xD1, 0x02, 0x82, 0x00]);
    assert_eq!(r.sw, StatusWord(0x6A80));
    // a plain GSM-7 SMS-DELIVER (TP-PID 00) is not for the card
    let mut sr = OtaSmSr::for_card(card.processor());
    sr.counter = 0;
    let mut apdu = OtaSmSr::envelope(vec![0x00]);
    // TP-PID follows the first octet and the 12-digit originator (1 + 1 + 1 + 6)
    apdu[5 + 2 + 4 + 2 + 9] = 0x00;
    assert_eq!(card.process(&apdu).sw, StatusWord(0x6A80));
}
