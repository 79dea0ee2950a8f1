use proptest::prelude::*;
use proto::ids::{Imsi, ImsiError, MncLength, mcc_has_three_digit_mnc};

#[test]
fn ts31102_4_2_2_ef_imsi_odd_digit_count_has_parity_9() {
    let imsi = Imsi::parse("001010123456789").unwrap();
    assert_eq!(
        imsi.to_ef_imsi(),
        [0x08, 0x09, 0x10, 0x10, 0x10, 0x32, 0x54, 0x76, 0x98]
    );
    assert_eq!(Imsi::from_ef_imsi(&imsi.to_ef_imsi()), Ok(imsi));
}

#[test]
fn ts31102_4_2_2_ef_imsi_even_digit_count_has_parity_1_and_f_padding() {
    let imsi = Imsi::parse("26201123456789").unwrap();
    let ef = imsi.to_ef_imsi();
    assert_eq!(ef, [0x08, 0x21, 0x26, 0x10, 0x21, 0x43, 0x65, 0x87, 0xF9]);
    assert_eq!(Imsi::from_ef_imsi(&ef), Ok(imsi));
    let short = Imsi::parse("310260").unwrap();
    assert_eq!(
        short.to_ef_imsi(),
        [0x04, 0x31, 0x01, 0x62, 0xF0, 0xFF, 0xFF, 0xFF, 0xFF]
    );
    assert_eq!(Imsi::from_ef_imsi(&short.to_ef_imsi()), Ok(short));
}

#[test]
fn ts31102_4_2_2_bad_ef_imsi_is_refused() {
    assert_eq!(Imsi::from_ef_imsi(&[]), Err(ImsiError::EfLength(0)));
    assert_eq!(Imsi::from_ef_imsi(&[0x09; 9]), Err(ImsiError::EfLength(9)));
    assert_eq!(
        Imsi::from_ef_imsi(&[0x08, 0x09, 0x10]),
        Err(ImsiError::EfLength(8))
    );
    assert_eq!(
        Imsi::from_ef_imsi(&[0x08, 0x05, 0x10, 0x10, 0x10, 0x32, 0x54, 0x76, 0x98]),
        Err(ImsiError::EfParity(5))
    );
    // Parity says odd, digits are even.
    assert_eq!(
        Imsi::from_ef_imsi(&[0x08, 0x29, 0x26, 0x10, 0x21, 0x43, 0x65, 0x87, 0xF9]),
        Err(ImsiError::EfParity(9))
    );
}

#[test]
fn ts23003_2_2_mnc_length_is_a_parameter() {
    let imsi = Imsi::parse("310260123456789").unwrap();
    assert_eq!(imsi.mcc(), "310");
    assert_eq!(imsi.plmn(MncLength::Three).unwrap().to_string(), "310-260");
    assert_eq!(imsi.plmn(MncLength::Two).unwrap().to_string(), "310-26");
    assert_eq!(imsi.msin(MncLength::Three), "123456789");
    assert_eq!(imsi.plmn_by_mcc().unwrap().to_string(), "310-260");
    let de = Imsi::parse("262011234567890").unwrap();
    assert_eq!(de.plmn_by_mcc().unwrap().to_string(), "262-01");
    assert!(mcc_has_three_digit_mnc("302"));
    assert!(!mcc_has_three_digit_mnc("405"));
}

#[test]
fn ts23003_2_2_form_errors() {
    assert_eq!(Imsi::parse("31026"), Err(ImsiError::Length { found: 5 }));
    assert_eq!(
        Imsi::parse("3102601234567890"),
        Err(ImsiError::Length { found: 16 })
    );
    assert_eq!(
        Imsi::parse("3102a0"),
        Err(ImsiError::NotDecimal { position: 4 })
    );
}

proptest! {
    #[test]
    fn ts31102_4_2_2_every_imsi_round_trips(s in "[0-9]{6,15}") {
        let imsi = Imsi::parse(&s).unwrap();
        prop_assert_eq!(Imsi::from_ef_imsi(&imsi.to_ef_imsi()), Ok(imsi));
    }

    #[test]
    fn ts31102_4_2_2_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..12), s in ".{0,20}") {
        let _ = Imsi::from_ef_imsi(&bytes);
        if let Ok(imsi) = Imsi::parse(&s) {
            let _ = imsi.plmn(MncLength::Three);
            let _ = imsi.plmn_by_mcc();
        }
    }
}
