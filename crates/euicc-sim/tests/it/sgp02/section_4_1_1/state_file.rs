//! The M2M state survives the state file being closed and opened again.

use euicc_sim::apdu::StatusWord;
use euicc_sim::state::m2m::Pol1;
use euicc_sim::{Euicc, EuiccOptions};

use crate::common::credentials;
use crate::m2m_common::{BOOTSTRAP, ENABLED, OPERATIONAL, SmSr, isdp, preload, setup};

#[test]
fn sgp02_m2m_state_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m2m.json");
    let mut e = Euicc::create_m2m(&path, credentials(), EuiccOptions::default(), setup()).unwrap();
    preload(&mut e, BOOTSTRAP, true, true, Pol1::default());
    preload(&mut e, OPERATIONAL, false, false, Pol1::default());
    let mut sr = SmSr::new(e);
    assert_eq!(sr.store_aid(0x3A03, &isdp(1)).sw, StatusWord::OK);
    let before = sr.euicc().state().clone();
    drop(sr);
    let reopened = Euicc::open(&path).unwrap();
    assert_eq!(reopened.state(), &before);
    assert!(reopened.is_m2m() && reopened.state().options.m2m);
    let mut sr = SmSr::new(reopened);
    assert_eq!(sr.status_of(&isdp(1)), (ENABLED, 0x00));
    assert_eq!(sr.euicc().m2m_notifications().len(), 1);
}

#[test]
fn sgp02_m2m_and_iot_are_exclusive() {
    let iot = EuiccOptions {
        iot: true,
        ..EuiccOptions::default()
    };
    assert!(Euicc::in_memory_m2m(credentials(), iot, setup()).is_err());
    let m2m_flag = EuiccOptions {
        m2m: true,
        ..EuiccOptions::default()
    };
    assert!(Euicc::in_memory(credentials(), m2m_flag).is_err());
}
