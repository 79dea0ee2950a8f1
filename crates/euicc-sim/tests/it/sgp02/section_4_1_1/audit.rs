//! SGP.02 4.1.1.6 eUICCCapabilityAudit (GET STATUS, GET DATA `FF21`), 4.1.1.10
//! UpdateSMSRAddressingParameters, and the processor reached from a remote script.

use euicc_sim::apdu::{Card, ISD_R_AID, StatusWord};

use crate::common::euicc;
use crate::m2m_common::{SmSr, fleet_euicc, isdp};

#[test]
fn sgp02_4_1_1_6_get_status_lists_every_isdp() {
    let mut sr = SmSr::new(fleet_euicc());
    let r = sr.get_status(&[]);
    assert_eq!(r.sw, StatusWord::OK);
    let entry = |aid: &[u8], lc: u8, fb: u8| {
        let mut e = vec![0xE3, 0x1F, 0x4F, 0x10];
        e.extend(aid);
        e.extend([0x9F, 0x70, 0x01, lc, 0x53, 0x01, fb, 0x8F, 0x04]);
        e
    };
    let first = entry(&isdp(0), 0x3F, 0x01);
    let second = entry(&isdp(1), 0x1F, 0x00);
    assert_eq!(r.data.len(), 2 * 0x21);
    assert_eq!(&r.data[..first.len()], first.as_slice());
    assert_eq!(&r.data[0x21..0x21 + second.len()], second.as_slice());
    // other P1, the "next occurrence" P2, and no search criterion
    assert_eq!(
        sr.send(0xF2, 0x80, 0x02, &[0x4F, 0x00]).sw,
        StatusWord(0x6A86)
    );
    assert_eq!(
        sr.send(0xF2, 0x40, 0x03, &[0x4F, 0x00]).sw,
        StatusWord(0x6A88)
    );
    assert_eq!(
        sr.send(0xF2, 0x40, 0x02, &[0x5C, 0x00]).sw,
        StatusWord(0x6A80)
    );
}

#[test]
fn sgp02_4_1_1_6_get_data_ff21_gives_the_card_resources() {
    let mut sr = SmSr::new(fleet_euicc());
    let r = sr.send(0xCA, 0xFF, 0x21, &[]);
    assert_eq!(r.sw, StatusWord::OK);
    // FF21 0F { 81 01 02 | 82 04 free | 83 04 free volatile }
    assert_eq!(&r.data[..7], [0xFF, 0x21, 0x0F, 0x81, 0x01, 0x02, 0x82]);
    let free = u32::from_be_bytes(r.data[8..12].try_into().unwrap());
    let used: u64 = sr.euicc().state().profiles.iter().map(|p| p.size).sum();
    assert_eq!(u64::from(free), (1 << 20) - used);
    assert_eq!(sr.send(0xCA, 0x00, 0x66, &[]).sw, StatusWord(0x6A88));
}

#[test]
fn sgp02_4_1_1_10_smsr_address_is_kept_and_exported() {
    let mut sr = SmSr::new(fleet_euicc());
    // 06 L | 91 (international, ISDN) | 447700900123 in BCD
    let r = sr.store_dgi(
        0x3A06,
        &[0x06, 0x07, 0x91, 0x44, 0x77, 0x00, 0x09, 0x10, 0x32],
    );
    assert_eq!(r.sw, StatusWord::OK);
    let eis = sr.euicc().m2m_eis().expect("M2M");
    assert_eq!(eis.isd_r.smsr_address.as_deref(), Some("447700900123"));
    assert_eq!(
        sr.store_dgi(0x3A06, &[0x06, 0x01, 0x91]).sw,
        StatusWord(0x6A80)
    );
    assert_eq!(
        sr.store_dgi(0x3A06, &[0x85, 0x02, 0x91, 0x44]).sw,
        StatusWord(0x6A80)
    );
}

#[test]
fn ts102_226_remote_script_apdus_reach_the_same_processor() {
    let mut e = fleet_euicc();
    let r = e.process_isdr_apdu(&[0x80, 0xF2, 0x40, 0x02, 0x02, 0x4F, 0x00]);
    assert_eq!(r.len(), 2 * 0x21 + 2);
    assert_eq!(&r[r.len() - 2..], [0x90, 0x00]);
    let mut enable = vec![0x80, 0xE2, 0x88, 0x00, 0x15, 0x3A, 0x03, 0x12, 0x4F, 0x10];
    enable.extend(isdp(1));
    assert_eq!(e.process_isdr_apdu(&enable), [0x90, 0x00]);
    assert_eq!(e.m2m_notifications().len(), 1);
    assert_eq!(e.process_isdr_apdu(&[0x00, 0xF2, 0x40, 0x02]), [0x6E, 0x00]);
    assert_eq!(e.process_isdr_apdu(&[0x80, 0xF2, 0x40]), [0x67, 0x00]);
    assert_eq!(e.process_isdr_apdu(&[0x80, 0xB0, 0x00, 0x00]), [0x6D, 0x00]);
}

#[test]
fn sgp22_cards_do_not_take_es5_commands() {
    let mut card = Card::new(euicc());
    let mut select = vec![0x00, 0xA4, 0x04, 0x00, 0x10];
    select.extend(ISD_R_AID);
    assert_eq!(card.process(&select).sw, StatusWord(0x611A));
    let r = card.process(&[0x80, 0xE6, 0x0C, 0x00, 0x01, 0x00]);
    assert_eq!(r.sw, StatusWord(0x6D00));
    let r = card.process(&[0x80, 0xE2, 0x88, 0x00, 0x03, 0x3A, 0x08, 0x00]);
    assert_eq!(r.sw, StatusWord(0x6A86), "ES10 STORE DATA rules");
}

#[test]
fn ts102_221_status_stays_the_uiccs_with_the_isdr_selected() {
    let mut sr = SmSr::new(fleet_euicc());
    let r = sr.card.process(&[0x81, 0xF2, 0x00, 0x0C, 0x00]);
    assert_eq!(r.sw, StatusWord::OK, "STATUS, no data");
}
