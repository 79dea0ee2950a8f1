//! SGP.02 4.1.1.1 CreateISDP: INSTALL [for install and make selectable] to the ISD-R.

use euicc_sim::apdu::StatusWord;
use euicc_sim::m2m::aid::{ISDP_LOAD_FILE_AID, ISDP_MODULE_AID, aid_with_tar};

use crate::m2m_common::{SELECTABLE, SmSr, fleet_euicc, isdp, m2m_euicc};

/// The INSTALL data of SGP.02 4.1.1.1 with an optional non-volatile quota (`EF { C8 }`).
fn install_data(aid: &[u8], quota: Option<u32>) -> Vec<u8> {
    let mut params = vec![0xC9, 0x04, 0x81, 0x02, 0x03, 0x70];
    if let Some(q) = quota {
        params.extend([0xEF, 0x06, 0xC8, 0x04]);
        params.extend(q.to_be_bytes());
    }
    let mut d = vec![0x10];
    d.extend(ISDP_LOAD_FILE_AID);
    d.push(0x10);
    d.extend(ISDP_MODULE_AID);
    d.push(aid.len() as u8);
    d.extend(aid);
    d.extend([0x03, 0x80, 0xC0, 0x00]);
    d.push(params.len() as u8);
    d.extend(params);
    d.push(0x00);
    d
}

#[test]
fn sgp02_4_1_1_1_create_isdp_makes_a_selectable_isdp() {
    let mut sr = SmSr::new(m2m_euicc());
    let aid = aid_with_tar([0x00, 0x00, 0x20]);
    let r = sr.send(0xE6, 0x0C, 0x00, &install_data(&aid, Some(4096)));
    assert_eq!((r.data.as_slice(), r.sw), (&[0x00][..], StatusWord::OK));
    assert_eq!(sr.status_of(&aid), (SELECTABLE, 0x00));
    let granted = sr.get_status(&aid).data;
    assert!(
        granted.ends_with(&[0x8F, 0x04, 0x00, 0x00, 0x10, 0x00]),
        "quota {granted:02X?}"
    );
    let isdps = &sr.euicc().state().m2m.as_ref().unwrap().isdps;
    assert_eq!(isdps.len(), 1);
    assert_eq!(isdps[0].iccid, None);
}

#[test]
fn sgp02_4_1_1_1_create_isdp_refusals() {
    let mut sr = SmSr::new(fleet_euicc());
    let fresh = aid_with_tar([0x00, 0x00, 0x30]);
    // the AID of a pre-loaded ISD-P exists already
    let r = sr.send(0xE6, 0x0C, 0x00, &install_data(&isdp(0), None));
    assert_eq!(r.sw, StatusWord(0x6A80));
    // TAR 000001 is the ISD-R's, not in the ISD-P range
    let r = sr.send(
        0xE6,
        0x0C,
        0x00,
        &install_data(&aid_with_tar([0, 0, 1]), None),
    );
    assert_eq!(r.sw, StatusWord(0x6A80));
    // another executable load file
    let mut other_elf = install_data(&fresh, None);
    other_elf[16] = 0x0F;
    assert_eq!(sr.send(0xE6, 0x0C, 0x00, &other_elf).sw, StatusWord(0x6A88));
    // INSTALL [for install] alone
    let r = sr.send(0xE6, 0x04, 0x00, &install_data(&fresh, None));
    assert_eq!(r.sw, StatusWord(0x6A86));
    // a quota beyond the card's memory (1 MiB by default)
    let r = sr.send(0xE6, 0x0C, 0x00, &install_data(&fresh, Some(2 << 20)));
    assert_eq!(r.sw, StatusWord(0x6A84));
    // truncated LV fields
    let whole = install_data(&fresh, None);
    for cut in [1, 17, 40, whole.len() - 1] {
        let r = sr.send(0xE6, 0x0C, 0x00, &whole[..cut]);
        assert_eq!(r.sw, StatusWord(0x6A80), "cut at {cut}");
    }
    // nothing was created by the refusals
    assert_eq!(sr.euicc().state().m2m.as_ref().unwrap().isdps.len(), 2);
    assert_eq!(sr.get_status(&fresh).sw, StatusWord(0x6A88));
}
