use proptest::prelude::*;
use proto::ids::{Eid, EidError};

/// The EID of the SGP.26 test eUICC certificate.
const SGP26_EID: &str = "89049032123451234512345678901235";

#[test]
fn sgp29_check_digits_mod97_10_accept_the_sgp26_test_eid() {
    let eid = Eid::parse(SGP26_EID).expect("SGP.26 EID is valid");
    assert!(eid.has_valid_check_digits());
    assert_eq!(eid.check_digits(), 35);
    assert_eq!(eid.to_string(), SGP26_EID);
}

#[test]
fn sgp29_check_digits_mod97_10_computed_for_a_30_digit_prefix() {
    assert_eq!(Eid::compute_check_digits(&SGP26_EID[..30]), Ok(35));
    let eid = Eid::from_prefix(&SGP26_EID[..30]).expect("prefix");
    assert_eq!(eid.as_str(), SGP26_EID);
    // The SGP.23 test EID.
    assert!(Eid::parse("89001012012341234012345678901224").is_ok());
}

#[test]
fn sgp29_wrong_check_digits_are_refused_with_the_expected_value() {
    let err = Eid::parse("89049032123451234512345678901234").unwrap_err();
    assert_eq!(
        err,
        EidError::CheckDigits {
            expected: 35,
            found: 34
        }
    );
    // Lenient parsing keeps the value so the receiver can answer "EID - Invalid".
    let eid = Eid::parse_lenient("89049032123451234512345678901234").expect("form is fine");
    assert!(!eid.has_valid_check_digits());
}

#[test]
fn sgp29_form_errors_name_the_problem() {
    assert_eq!(
        Eid::parse("8904903212345123451234567890123"),
        Err(EidError::Length {
            expected: 32,
            found: 31
        })
    );
    assert_eq!(
        Eid::parse("8904903212345123451234567890123A"),
        Err(EidError::NotDecimal { position: 31 })
    );
    assert_eq!(
        Eid::from_bcd(&[0x89; 15]),
        Err(EidError::OctetLength { found: 15 })
    );
    let mut bcd = Eid::parse(SGP26_EID).unwrap().to_bcd();
    bcd[3] = 0x3A;
    assert_eq!(Eid::from_bcd(&bcd), Err(EidError::NotBcd { octet: 3 }));
}

#[test]
fn sgp22_5_7_20_eid_wire_form_is_plain_bcd() {
    let eid = Eid::parse(SGP26_EID).unwrap();
    let bcd = eid.to_bcd();
    assert_eq!(hex::encode(bcd), SGP26_EID);
    assert_eq!(Eid::from_bcd(&bcd), Ok(eid));
}

#[test]
fn sgp22_6_6_eid_json_is_the_digit_string() {
    let eid = Eid::parse(SGP26_EID).unwrap();
    let json = serde_json::to_string(&eid).unwrap();
    assert_eq!(json, format!("\"{SGP26_EID}\""));
    assert_eq!(serde_json::from_str::<Eid>(&json).unwrap(), eid);
    assert!(serde_json::from_str::<Eid>("\"1234\"").is_err());
    assert!(serde_json::from_str::<Eid>("12").is_err());
}

proptest! {
    #[test]
    fn sgp29_every_prefix_gives_a_valid_eid_that_round_trips(prefix in "[0-9]{30}") {
        let eid = Eid::from_prefix(&prefix).unwrap();
        prop_assert!(eid.has_valid_check_digits());
        prop_assert_eq!(Eid::parse(eid.as_str()), Ok(eid.clone()));
        prop_assert_eq!(Eid::from_bcd(&eid.to_bcd()), Ok(eid));
    }

    #[test]
    fn sgp29_garbage_never_panics(s in ".{0,40}", bytes in proptest::collection::vec(any::<u8>(), 0..20)) {
        let _ = Eid::parse(&s);
        let _ = Eid::parse_lenient(&s);
        let _ = Eid::compute_check_digits(&s);
        let _ = Eid::from_bcd(&bytes);
    }
}
