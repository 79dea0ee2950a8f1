//! SGP.02 4.1.1.11 HandleNotificationConfirmation and the Default Notification (3.15):
//! the queue, its encoding, POL1 "delete when disabled" applied at confirmation.

use euicc_sim::apdu::StatusWord;
use euicc_sim::state::m2m::{M2mNotificationKind, Pol1};

use crate::m2m_common::{BOOTSTRAP, OPERATIONAL, SmSr, isdp, m2m_euicc, preload};

fn confirm(sr: &mut SmSr, seq: u16) -> (Vec<u8>, StatusWord) {
    let mut value = vec![0x4E, 0x02];
    value.extend(seq.to_be_bytes());
    let r = sr.store_dgi(0x3A08, &value);
    (r.data, r.sw)
}

#[test]
fn sgp02_3_15_notification_is_queued_encoded_and_confirmed() {
    let mut e = m2m_euicc();
    preload(&mut e, BOOTSTRAP, true, true, Pol1::default());
    preload(&mut e, OPERATIONAL, false, false, Pol1::default());
    let mut sr = SmSr::new(e);
    assert_eq!(sr.store_aid(0x3A03, &isdp(1)).sw, StatusWord::OK);
    let n = sr.euicc().m2m_notifications().to_vec();
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].kind, M2mNotificationKind::ProfileChangeSucceeded);
    let encoded = sr.euicc().next_default_notification().expect("one waiting");
    let mut expected = vec![0xE1, 0x2B, 0x4C, 0x10];
    expected.extend(hex::decode(sr.euicc().eid()).unwrap());
    expected.extend([0x4D, 0x01, 0x02, 0x4E, 0x02, 0x00, 0x01, 0x2F, 0x10]);
    expected.extend(isdp(1));
    assert_eq!(encoded, expected);
    // an unknown sequence number, then the right one
    assert_eq!(confirm(&mut sr, 7).1, StatusWord(0x6A88));
    assert_eq!(confirm(&mut sr, 1), (vec![0x80, 0x00], StatusWord::OK));
    assert!(sr.euicc().m2m_notifications().is_empty());
    assert!(sr.euicc().next_default_notification().is_none());
    assert_eq!(
        sr.euicc().state().m2m.as_ref().unwrap().pending_switch,
        None
    );
    assert_eq!(confirm(&mut sr, 1).1, StatusWord(0x6A88), "confirmed twice");
    assert_eq!(
        sr.store_dgi(0x3A08, &[0x4E, 0x01, 0x01]).sw,
        StatusWord(0x6A80)
    );
}

#[test]
fn sgp02_3_4_pol1_delete_when_disabled_applies_at_confirmation() {
    let mut e = m2m_euicc();
    preload(&mut e, BOOTSTRAP, false, true, Pol1::default());
    let doomed = Pol1 {
        delete_when_disabled: true,
        ..Pol1::default()
    };
    preload(&mut e, OPERATIONAL, true, false, doomed);
    let mut sr = SmSr::new(e);
    assert_eq!(sr.store_aid(0x3A04, &isdp(1)).sw, StatusWord::OK);
    // still there until the SM-SR confirms the notification
    assert!(sr.euicc().state().profile_by_iccid(OPERATIONAL).is_some());
    let (data, sw) = confirm(&mut sr, 1);
    assert_eq!(sw, StatusWord::OK);
    let mut expected = vec![0x80, 0x12, 0x4F, 0x10];
    expected.extend(isdp(1));
    assert_eq!(data, expected);
    assert!(sr.euicc().state().profile_by_iccid(OPERATIONAL).is_none());
    assert_eq!(sr.get_status(&isdp(1)).sw, StatusWord(0x6A88));
}
