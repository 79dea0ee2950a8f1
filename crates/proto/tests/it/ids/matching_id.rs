use proptest::prelude::*;
use proto::ids::{ActivationCode, MatchingId, MatchingIdError};

#[test]
fn sgp22_4_1_matching_ids_of_osmo_smdpp_and_operators_are_taken() {
    // osmo-smdpp's profile file names (lower case, '_', '.'), TS.48 names, an operator's
    for m in [
        "TS48v2_SAIP2.1_BERTLV",
        "TS48v5_SAIP2.3_BERTLV_SUCI",
        "TS48V2-SAIP2-1-BERTLV-UNIQUE",
        "04386-AGYFT-A74Y8-3F815",
        "a b:c/d+e%f*g",
        "Müller-Ω",
    ] {
        assert_eq!(
            MatchingId::parse(m).map(|id| id.to_string()),
            Ok(m.to_string())
        );
        let ac = ActivationCode::parse(&format!("LPA:1$smdp.example${m}")).unwrap();
        assert_eq!(ac.matching_id.as_ref().map(MatchingId::as_str), Some(m));
        assert_eq!(ac.to_string(), format!("LPA:1$smdp.example${m}"));
    }
}

#[test]
fn sgp22_4_1_delimiter_and_control_characters_are_refused() {
    assert_eq!(
        MatchingId::parse("AB$CD"),
        Err(MatchingIdError::Character {
            position: 2,
            found: '$'
        })
    );
    for c in ['\0', '\n', '\t', '\u{7f}', '\u{85}'] {
        let m = format!("AB{c}");
        assert_eq!(
            MatchingId::parse(&m),
            Err(MatchingIdError::Character {
                position: 2,
                found: c
            })
        );
    }
    assert_eq!(MatchingId::parse(""), Err(MatchingIdError::Empty));
    assert!(
        MatchingId::parse(&"ü".repeat(255)).is_ok(),
        "255 characters"
    );
    assert_eq!(
        MatchingId::parse(&"ü".repeat(256)),
        Err(MatchingIdError::TooLong { found: 256 })
    );
}

proptest! {
    #[test]
    fn matching_id_parse_never_panics_and_keeps_what_it_takes(s in "\\PC{0,300}") {
        if let Ok(m) = MatchingId::parse(&s) {
            prop_assert_eq!(m.as_str(), s.as_str());
            prop_assert!(!s.contains('$'));
        }
    }
}
