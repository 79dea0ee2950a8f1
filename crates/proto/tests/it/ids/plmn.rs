use proptest::prelude::*;
use proto::ids::{MncLength, Plmn, PlmnError};

#[test]
fn ts24008_10_5_1_3_three_digit_mnc() {
    let plmn = Plmn::parse("310-260").unwrap();
    assert_eq!(plmn.to_bytes(), [0x13, 0x00, 0x62]);
    assert_eq!(plmn.mnc_length(), MncLength::Three);
    assert_eq!(Plmn::from_bytes(&[0x13, 0x00, 0x62]), Ok(plmn.clone()));
    assert_eq!(Plmn::parse("310260"), Ok(plmn.clone()));
    assert_eq!(plmn.to_compact_string(), "310260");
}

#[test]
fn ts24008_10_5_1_3_two_digit_mnc_has_f_in_mnc_digit_3() {
    let plmn = Plmn::parse("262-01").unwrap();
    assert_eq!(plmn.to_bytes(), [0x62, 0xF2, 0x10]);
    assert_eq!(Plmn::from_bytes(&[0x62, 0xF2, 0x10]), Ok(plmn.clone()));
    assert_eq!(Plmn::parse("26201"), Ok(plmn.clone()));
    assert_eq!(plmn.to_string(), "262-01");
    assert_eq!((plmn.mcc(), plmn.mnc()), ("262", "01"));
}

#[test]
fn ts24008_10_5_1_3_bad_input_is_refused() {
    assert_eq!(
        Plmn::from_bytes(&[0x62, 0xF2]),
        Err(PlmnError::OctetLength { found: 2 })
    );
    assert_eq!(
        Plmn::from_bytes(&[0x6A, 0xF2, 0x10]),
        Err(PlmnError::NotBcd { octet: 0 })
    );
    assert_eq!(
        Plmn::from_bytes(&[0x62, 0xF2, 0xF0]),
        Err(PlmnError::NotBcd { octet: 2 })
    );
    assert_eq!(Plmn::parse("31-260"), Err(PlmnError::Mcc("31".into())));
    assert_eq!(Plmn::parse("310-2"), Err(PlmnError::Mnc("2".into())));
    assert_eq!(Plmn::parse("3102"), Err(PlmnError::Text("3102".into())));
}

proptest! {
    #[test]
    fn ts24008_10_5_1_3_every_plmn_round_trips(mcc in "[0-9]{3}", mnc in "[0-9]{2,3}") {
        let plmn = Plmn::new(&mcc, &mnc).unwrap();
        prop_assert_eq!(Plmn::from_bytes(&plmn.to_bytes()), Ok(plmn.clone()));
        prop_assert_eq!(Plmn::parse(&plmn.to_string()), Ok(plmn.clone()));
        prop_assert_eq!(Plmn::parse(&plmn.to_compact_string()), Ok(plmn));
    }

    #[test]
    fn ts24008_10_5_1_3_garbage_never_panics(s in ".{0,10}", bytes in proptest::collection::vec(any::<u8>(), 0..5)) {
        let _ = Plmn::parse(&s);
        let _ = Plmn::from_bytes(&bytes);
    }
}
