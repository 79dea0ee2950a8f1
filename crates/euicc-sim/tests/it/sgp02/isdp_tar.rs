//! SGP.02 2.4.3 and Annex H: a secured packet to an ISD-P's TAR, secured with the ISD-R's
//! key set (the ES3.SendData relay), runs on that ISD-P; a TAR no security domain has is
//! PoR status `09` (ETSI TS 102 225 5.1.2).

use euicc_sim::Euicc;
use euicc_sim::apdu::Card;
use ota::script::{CommandScript, ScriptForm};
use ota::sms::{PacketKind, Reference, split};
use ota::{CommandHeader, Counter, PorStatus, Spi};

use crate::m2m_common::ota_sm_sr::{OtaSmSr, device_card, fetch, submitted};
use crate::m2m_common::{fleet_euicc, isdp};

/// GET STATUS of the addressed security domain itself (GPCS 11.4, P1 `80`).
const GET_OWN_STATUS: [u8; 5] = [0x80, 0xF2, 0x80, 0x02, 0x00];

/// Sends `apdus` to `tar` in one packet with the ISD-R's keys; the PoR.
fn to_tar(card: &mut Card<Euicc>, sr: &OtaSmSr, tar: [u8; 3], apdus: &[&[u8]]) -> ota::OpenedPor {
    let header = CommandHeader::for_keys(Spi::SGP02_ES5, &sr.keys, tar);
    let script = CommandScript::of_apdus(ScriptForm::Definite, apdus.iter().map(|a| a.to_vec()))
        .encode()
        .unwrap();
    let counter = Counter::new(sr.counter + 1).unwrap();
    let packet = ota::secure(&header, counter, &sr.keys, &script).unwrap();
    let ud = split(PacketKind::Command, &packet, Reference::Bits8(7), 8).unwrap();
    let r = card.process(&OtaSmSr::envelope(ud[0].clone()));
    let submit = submitted(&fetch(card, r.sw));
    ota::open_por(&submit.user_data, &header, counter, &sr.keys).expect("PoR opens")
}

#[test]
fn sgp02_annex_h_a_packet_to_an_isd_p_tar_runs_on_that_isd_p() {
    let mut card = device_card(fleet_euicc());
    let sr = OtaSmSr::for_card(card.processor());
    let por = to_tar(&mut card, &sr, [0x00, 0x00, 0x10], &[&GET_OWN_STATUS]);
    assert_eq!(por.status, PorStatus::Ok);
    // AB { 80 01 01, 23 { E3 { 4F ISD-P 0, 9F70 3F (enabled) } 90 00 } }
    let mut want = hex::decode("AB1F800101231AE3164F10").unwrap();
    want.extend(isdp(0));
    want.extend([0x9F, 0x70, 0x01, 0x3F, 0x90, 0x00]);
    assert_eq!(hex::encode_upper(&por.data), hex::encode_upper(&want));
}

#[test]
fn sgp02_annex_h_isd_p_commands_it_does_not_take_are_6d00() {
    let mut card = device_card(fleet_euicc());
    let sr = OtaSmSr::for_card(card.processor());
    // INSTALL is the ISD-R's (CreateISDP), not an ISD-P's
    let install = [0x80, 0xE6, 0x0C, 0x00, 0x00];
    let por = to_tar(&mut card, &sr, [0x00, 0x00, 0x11], &[&install]);
    assert_eq!(por.status, PorStatus::Ok);
    assert_eq!(hex::encode_upper(&por.data), "AB0780010123026D00");
}

#[test]
fn ts102_225_a_tar_no_security_domain_has_is_por_09() {
    let mut card = device_card(fleet_euicc());
    let sr = OtaSmSr::for_card(card.processor());
    let por = to_tar(&mut card, &sr, [0x00, 0x00, 0x42], &[&GET_OWN_STATUS]);
    assert_eq!(por.status, PorStatus::TarUnknown);
}
