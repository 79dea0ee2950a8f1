//! SGP.02 4.1.1.4 DeleteProfile: GP DELETE of an ISD-P, and its refusals.

use euicc_sim::apdu::StatusWord;
use euicc_sim::state::m2m::Pol1;

use crate::m2m_common::{
    BOOTSTRAP, OPERATIONAL, SmSr, THIRD, fleet_euicc, isdp, m2m_euicc, preload,
};

fn delete(sr: &mut SmSr, p2: u8, aid: &[u8]) -> (Vec<u8>, StatusWord) {
    let mut data = vec![0x4F, aid.len() as u8];
    data.extend(aid);
    let r = sr.send(0xE4, 0x00, p2, &data);
    (r.data, r.sw)
}

#[test]
fn sgp02_4_1_1_4_delete_removes_the_isdp_and_its_profile() {
    let mut sr = SmSr::new(fleet_euicc());
    assert_eq!(
        delete(&mut sr, 0x00, &isdp(1)),
        (vec![0x00], StatusWord::OK)
    );
    assert_eq!(sr.get_status(&isdp(1)).sw, StatusWord(0x6A88));
    let state = sr.euicc().state();
    assert!(state.profile_by_iccid(OPERATIONAL).is_none());
    assert!(state.profile_by_iccid(BOOTSTRAP).is_some());
    assert_eq!(delete(&mut sr, 0x80, &isdp(1)).1, StatusWord(0x6A88));
}

#[test]
fn sgp02_4_1_1_4_enabled_fallback_and_pol1_profiles_are_kept() {
    let mut e = m2m_euicc();
    preload(&mut e, BOOTSTRAP, false, true, Pol1::default());
    preload(&mut e, OPERATIONAL, true, false, Pol1::default());
    let kept = Pol1 {
        delete_not_allowed: true,
        ..Pol1::default()
    };
    preload(&mut e, THIRD, false, false, kept);
    let mut sr = SmSr::new(e);
    assert_eq!(
        delete(&mut sr, 0x00, &isdp(1)).1,
        StatusWord(0x6985),
        "enabled"
    );
    assert_eq!(
        delete(&mut sr, 0x00, &isdp(0)).1,
        StatusWord(0x6985),
        "fall-back"
    );
    assert_eq!(
        delete(&mut sr, 0x00, &isdp(2)).1,
        StatusWord(0x69E1),
        "POL1"
    );
    assert_eq!(
        delete(&mut sr, 0x40, &isdp(2)).1,
        StatusWord(0x6A86),
        "P2 40"
    );
    let r = sr.send(0xE4, 0x00, 0x00, &[0x4F, 0x10, 0xA0]);
    assert_eq!(r.sw, StatusWord(0x6A80), "truncated");
    assert_eq!(sr.euicc().state().profiles.len(), 3);
}
