//! SGP.02 4.1.1.2 EnableProfile, 4.1.1.3 DisableProfile, 4.1.1.5 SetFallBackAttribute:
//! life cycles after, POL1 refusals, the fall-back profile taking over, REFRESH.

use euicc_sim::apdu::StatusWord;
use euicc_sim::state::ProfileStatus;
use euicc_sim::state::m2m::Pol1;

use crate::m2m_common::{
    BOOTSTRAP, DISABLED, ENABLED, OPERATIONAL, SmSr, THIRD, fleet_euicc, isdp, m2m_euicc, preload,
};

fn enabled_iccid(sr: &SmSr) -> Option<String> {
    sr.euicc()
        .state()
        .enabled_profile()
        .map(|p| p.iccid.clone())
}

#[test]
fn sgp02_4_1_1_2_enable_switches_profiles_and_refreshes_the_terminal() {
    let mut sr = SmSr::new(fleet_euicc());
    // the terminal announces REFRESH and runs the USIM of the bootstrap profile
    let r = sr
        .card
        .process(&[0x80, 0x10, 0x00, 0x00, 0x03, 0xFF, 0xFF, 0xFF]);
    assert_eq!(r.sw, StatusWord::OK);
    let r = sr.card.process(&[0x00, 0xA4, 0x00, 0x04, 0x02, 0x3F, 0x00]);
    assert_eq!(r.sw.0 >> 8, 0x61, "MF selected");
    let r = sr.store_aid(0x3A03, &isdp(1));
    assert_eq!(r.sw.0 >> 8, 0x91, "REFRESH pending: {:04X}", r.sw.0);
    assert!(r.data.is_empty());
    let fetch = sr.card.process(&[0x80, 0x12, 0x00, 0x00, 0x0B]);
    assert_eq!(&fetch.data[..7], [0xD0, 0x09, 0x81, 0x03, 0x01, 0x01, 0x09]);
    assert_eq!(sr.status_of(&isdp(1)), (ENABLED, 0x00));
    assert_eq!(sr.status_of(&isdp(0)), (DISABLED, 0x01));
    assert_eq!(enabled_iccid(&sr).as_deref(), Some(OPERATIONAL));
    // the switch is remembered for a roll-back until its notification is confirmed
    let m2m = sr.euicc().state().m2m.clone().unwrap();
    let switch = m2m.pending_switch.expect("pending switch");
    assert_eq!((switch.previous, switch.enabled), (isdp(0), isdp(1)));
    assert_eq!(m2m.notifications.len(), 1);
}

#[test]
fn sgp02_4_1_1_2_enable_refusals_leave_the_state_alone() {
    let mut e = m2m_euicc();
    let locked = Pol1 {
        disable_not_allowed: true,
        ..Pol1::default()
    };
    preload(&mut e, BOOTSTRAP, true, true, locked);
    preload(&mut e, OPERATIONAL, false, false, Pol1::default());
    let mut sr = SmSr::new(e);
    let before = sr.euicc().state().clone();
    assert_eq!(
        sr.store_aid(0x3A03, &isdp(1)).sw,
        StatusWord(0x69E1),
        "POL1"
    );
    assert_eq!(
        sr.store_aid(0x3A03, &isdp(0)).sw,
        StatusWord(0x6985),
        "enabled"
    );
    assert_eq!(
        sr.store_aid(0x3A03, &isdp(9)).sw,
        StatusWord(0x6A88),
        "unknown"
    );
    assert_eq!(
        sr.store_dgi(0x3A03, &[0x4F]).sw,
        StatusWord(0x6A80),
        "truncated"
    );
    assert_eq!(
        sr.store_dgi(0x3A09, &[0x4F, 0x00]).sw,
        StatusWord(0x6A88),
        "DGI"
    );
    // ES10 STORE DATA (BER-TLV format) is not the M2M ISD-R's
    assert_eq!(
        sr.send(0xE2, 0x91, 0x00, &[0xBF, 0x3E, 0x00]).sw,
        StatusWord(0x6A86)
    );
    assert_eq!(sr.euicc().state(), &before);
}

#[test]
fn sgp02_4_1_1_3_disable_enables_the_fallback_profile() {
    let mut sr = SmSr::new(fleet_euicc());
    assert_eq!(sr.store_aid(0x3A03, &isdp(1)).sw, StatusWord::OK);
    assert_eq!(sr.store_aid(0x3A04, &isdp(1)).sw, StatusWord::OK);
    assert_eq!(sr.status_of(&isdp(0)), (ENABLED, 0x01));
    assert_eq!(sr.status_of(&isdp(1)), (DISABLED, 0x00));
    assert_eq!(enabled_iccid(&sr).as_deref(), Some(BOOTSTRAP));
    // the fall-back profile itself, and a disabled one, cannot be disabled
    assert_eq!(sr.store_aid(0x3A04, &isdp(0)).sw, StatusWord(0x6985));
    assert_eq!(sr.store_aid(0x3A04, &isdp(1)).sw, StatusWord(0x6985));
    assert_eq!(sr.store_aid(0x3A04, &isdp(7)).sw, StatusWord(0x6A88));
}

#[test]
fn sgp02_4_1_1_3_disable_refused_by_pol1() {
    let mut e = m2m_euicc();
    preload(&mut e, BOOTSTRAP, false, true, Pol1::default());
    let locked = Pol1 {
        disable_not_allowed: true,
        ..Pol1::default()
    };
    preload(&mut e, OPERATIONAL, true, false, locked);
    let mut sr = SmSr::new(e);
    assert_eq!(sr.store_aid(0x3A04, &isdp(1)).sw, StatusWord(0x69E1));
    assert_eq!(sr.status_of(&isdp(1)), (ENABLED, 0x00));
}

#[test]
fn sgp02_4_1_1_5_fallback_attribute_moves_to_one_profile() {
    let mut e = fleet_euicc();
    preload(&mut e, THIRD, false, false, Pol1::default());
    let mut sr = SmSr::new(e);
    assert_eq!(sr.store_aid(0x3A05, &isdp(2)).sw, StatusWord::OK);
    assert_eq!(sr.status_of(&isdp(2)), (DISABLED, 0x01));
    assert_eq!(sr.status_of(&isdp(0)), (ENABLED, 0x00));
    let state = sr.euicc().state();
    assert_eq!(
        state.fallback_profile().map(|p| p.iccid.as_str()),
        Some(THIRD)
    );
    // disabling the bootstrap profile now enables the new fall-back profile
    assert_eq!(sr.store_aid(0x3A04, &isdp(0)).sw, StatusWord::OK);
    assert_eq!(enabled_iccid(&sr).as_deref(), Some(THIRD));
    assert_eq!(sr.store_aid(0x3A05, &isdp(9)).sw, StatusWord(0x6A88));
    let statuses: Vec<ProfileStatus> = sr
        .euicc()
        .state()
        .profiles
        .iter()
        .map(|p| p.state)
        .collect();
    assert_eq!(
        statuses,
        [
            ProfileStatus::Disabled,
            ProfileStatus::Disabled,
            ProfileStatus::Enabled
        ]
    );
}
