use proptest::prelude::*;
use proto::ids::{Iccid, IccidError};

/// The ICCID of the GSMA TS.48 v1 test profile A.
const TS48_ICCID: &str = "8949449999999990023";

#[test]
fn e118_luhn_check_digit_accepts_the_ts48_iccid() {
    let iccid = Iccid::parse(TS48_ICCID).expect("valid");
    assert!(iccid.has_valid_luhn());
    assert_eq!(Iccid::luhn_digit(&TS48_ICCID[..18]), Ok(3));
    assert_eq!(Iccid::from_payload(&TS48_ICCID[..18]), Ok(iccid));
}

#[test]
fn e118_wrong_luhn_digit_is_refused_strictly_and_kept_leniently() {
    assert_eq!(
        Iccid::parse("8949449999999990024"),
        Err(IccidError::Luhn {
            expected: 3,
            found: 4
        })
    );
    let lenient = Iccid::parse_lenient("8949449999999990024").unwrap();
    assert!(!lenient.has_valid_luhn());
}

#[test]
fn ts102221_13_2_ef_iccid_is_swapped_bcd_with_f_padding() {
    let iccid = Iccid::parse(TS48_ICCID).unwrap();
    assert_eq!(
        iccid.to_swapped_bcd(),
        [0x98, 0x94, 0x44, 0x99, 0x99, 0x99, 0x99, 0x09, 0x20, 0xF3]
    );
    assert_eq!(
        Iccid::from_swapped_bcd(&[0x98, 0x94, 0x44, 0x99, 0x99, 0x99, 0x99, 0x09, 0x20, 0xF3]),
        Ok(iccid)
    );
}

#[test]
fn tca_pe_header_iccid_is_plain_bcd() {
    let iccid = Iccid::parse(TS48_ICCID).unwrap();
    assert_eq!(hex::encode(iccid.to_plain_bcd()), "8949449999999990023f");
    assert_eq!(
        Iccid::from_plain_bcd(&hex::decode("8949449999999990023f").unwrap()),
        Ok(iccid)
    );
}

#[test]
#[cfg_attr(no_reference, ignore = "needs ../shared/reference")]
fn tca_pe_header_iccid_of_every_ts48_profile_decodes() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/ts48");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("notice: {} not found, skipping", dir.display());
        return;
    };
    let mut seen = 0;
    for entry in entries.flatten() {
        let Ok(der) = std::fs::read(entry.path()) else {
            continue;
        };
        // PE-Header iccid: [3] OCTET STRING (SIZE (10)) near the start of the package.
        let Some(pos) = der.windows(2).take(80).position(|w| w == [0x83, 0x0A]) else {
            continue;
        };
        let iccid = Iccid::from_plain_bcd(&der[pos + 2..pos + 12]).expect("ICCID decodes");
        assert!(
            iccid.has_valid_luhn(),
            "{iccid} in {}",
            entry.path().display()
        );
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn sgp22_6_6_iccid_json_accepts_19_and_20_digits_and_f_padding() {
    let iccid: Iccid = serde_json::from_str("\"8949449999999990023F\"").unwrap();
    assert_eq!(iccid.as_str(), TS48_ICCID);
    assert_eq!(
        serde_json::to_string(&iccid).unwrap(),
        format!("\"{TS48_ICCID}\"")
    );
    assert_eq!(iccid.to_padded_string(), "8949449999999990023F");
    let twenty: Iccid = serde_json::from_str("\"89049032000000000015\"").unwrap();
    assert_eq!(twenty.as_str().len(), 20);
    assert!(serde_json::from_str::<Iccid>("\"894944\"").is_err());
    assert!(serde_json::from_str::<Iccid>("\"8949449999999990023FF\"").is_err());
}

#[test]
fn e118_form_errors_name_the_problem() {
    assert_eq!(
        Iccid::parse("89494499999"),
        Err(IccidError::Length { found: 11 })
    );
    assert_eq!(
        Iccid::parse("89494499999999900X3"),
        Err(IccidError::NotDecimal { position: 17 })
    );
    assert_eq!(
        Iccid::from_swapped_bcd(&[0x98; 9]),
        Err(IccidError::OctetLength { found: 9 })
    );
    assert_eq!(
        Iccid::from_swapped_bcd(&[0x98, 0x94, 0x44, 0x99, 0x99, 0x99, 0x99, 0x09, 0xF0, 0xF3]),
        Err(IccidError::NotBcd { nibble: 18 })
    );
}

proptest! {
    #[test]
    fn e118_every_payload_round_trips(payload in "[0-9]{17,19}") {
        let iccid = Iccid::from_payload(&payload).unwrap();
        prop_assert!(iccid.has_valid_luhn());
        prop_assert_eq!(Iccid::from_swapped_bcd(&iccid.to_swapped_bcd()), Ok(iccid.clone()));
        prop_assert_eq!(Iccid::from_plain_bcd(&iccid.to_plain_bcd()), Ok(iccid.clone()));
        prop_assert_eq!(Iccid::parse(&iccid.to_padded_string()), Ok(iccid));
    }

    #[test]
    fn e118_garbage_never_panics(s in ".{0,30}", bytes in proptest::collection::vec(any::<u8>(), 0..14)) {
        let _ = Iccid::parse(&s);
        let _ = Iccid::luhn_digit(&s);
        let _ = Iccid::from_swapped_bcd(&bytes);
        let _ = Iccid::from_plain_bcd(&bytes);
    }
}
