use proptest::prelude::*;
use proto::ids::{ActivationCode, ActivationCodeError, MatchingId, MatchingIdError, SmdpAddress};

#[test]
fn sgp22_4_1_minimal_code_with_and_without_lpa_prefix() {
    for text in [
        "LPA:1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815",
        "1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815",
    ] {
        let ac = ActivationCode::parse(text).unwrap();
        assert_eq!(ac.smdp_address.as_str(), "SMDP.EXAMPLE.COM");
        assert_eq!(
            ac.matching_id.as_ref().map(MatchingId::as_str),
            Some("04386-AGYFT-A74Y8-3F815")
        );
        assert_eq!(ac.smdp_oid, None);
        assert!(!ac.confirmation_code_required);
        assert_eq!(
            ac.to_string(),
            "LPA:1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815"
        );
        assert_eq!(
            ac.to_code_string(),
            "1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815"
        );
    }
}

#[test]
fn sgp22_4_1_oid_and_confirmation_code_required_flag() {
    let ac =
        ActivationCode::parse("1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746$1")
            .unwrap();
    assert_eq!(ac.smdp_oid.as_deref(), Some("1.3.6.1.4.1.31746"));
    assert!(ac.confirmation_code_required);
    assert_eq!(
        ac.to_code_string(),
        "1$SMDP.EXAMPLE.COM$04386-AGYFT-A74Y8-3F815$1.3.6.1.4.1.31746$1"
    );
}

#[test]
fn sgp22_4_1_empty_fields_in_the_middle() {
    // Flag without OID: the OID field stays, empty.
    let ac = ActivationCode::parse("LPA:1$smdp.example.com$TOKEN$$1").unwrap();
    assert_eq!(ac.smdp_oid, None);
    assert!(ac.confirmation_code_required);
    assert_eq!(ac.to_string(), "LPA:1$smdp.example.com$TOKEN$$1");
    // Empty matching ID (default SM-DP+ / SM-DS use case) with an OID.
    let ac = ActivationCode::parse("1$SMDP.EXAMPLE.COM$$1.3.6.1.4.1.31746").unwrap();
    assert_eq!(ac.matching_id, None);
    assert_eq!(ac.to_code_string(), "1$SMDP.EXAMPLE.COM$$1.3.6.1.4.1.31746");
}

#[test]
fn sgp22_4_1_address_may_carry_a_port() {
    let ac = ActivationCode::parse("LPA:1$smdp.example.com:8443$ABC").unwrap();
    assert_eq!(ac.smdp_address.port(), Some(8443));
    assert_eq!(ac.to_string(), "LPA:1$smdp.example.com:8443$ABC");
}

#[test]
fn sgp22_4_1_fields_after_the_fifth_survive_a_round_trip() {
    let ac = ActivationCode::parse("1$a.example$T$$$future").unwrap();
    assert_eq!(ac.extra_fields, vec!["future".to_owned()]);
    assert_eq!(ac.to_code_string(), "1$a.example$T$$$future");
}

#[test]
fn sgp22_4_1_malformed_codes_are_refused_with_the_reason() {
    use ActivationCodeError as E;
    assert_eq!(ActivationCode::parse(""), Err(E::Format(String::new())));
    assert_eq!(
        ActivationCode::parse("2$a.example$T"),
        Err(E::Format("2".into()))
    );
    assert_eq!(
        ActivationCode::parse("LPA:1$a.example"),
        Err(E::MissingField)
    );
    assert_eq!(ActivationCode::parse("1$"), Err(E::MissingField));
    assert!(matches!(
        ActivationCode::parse("1$$T"),
        Err(E::SmdpAddress(_))
    ));
    assert_eq!(
        ActivationCode::parse("1$a.example$T\u{7}"),
        Err(E::MatchingId(MatchingIdError::Character {
            position: 1,
            found: '\u{7}'
        }))
    );
    assert_eq!(
        ActivationCode::parse("1$a.example$T$x.y"),
        Err(E::Oid("x.y".into()))
    );
    assert_eq!(
        ActivationCode::parse("1$a.example$T$1.2$0"),
        Err(E::CcFlag("0".into()))
    );
}

fn matching_id() -> impl Strategy<Value = Option<MatchingId>> {
    proptest::option::of("[0-9A-Za-z-]{1,40}".prop_map(|s| MatchingId::parse(&s).unwrap()))
}

proptest! {
    #[test]
    fn sgp22_4_1_every_code_round_trips(
        host in "[a-z0-9]{1,10}(\\.[a-z0-9]{1,10}){0,3}",
        port in proptest::option::of(1u16..),
        mid in matching_id(),
        oid in proptest::option::of("[0-2](\\.[0-9]{1,5}){1,6}"),
        cc in any::<bool>(),
    ) {
        let addr = match port {
            Some(p) => format!("{host}:{p}"),
            None => host,
        };
        let mut ac = ActivationCode::new(SmdpAddress::parse(&addr).unwrap(), mid);
        ac.smdp_oid = oid;
        ac.confirmation_code_required = cc;
        prop_assert_eq!(ActivationCode::parse(&ac.to_string()), Ok(ac.clone()));
        prop_assert_eq!(ActivationCode::parse(&ac.to_code_string()), Ok(ac));
    }

    #[test]
    fn sgp22_4_1_garbage_never_panics(s in ".{0,80}", tail in "[$0-9A-Za-z.:-]{0,40}") {
        let _ = ActivationCode::parse(&s);
        let _ = ActivationCode::parse(&format!("LPA:1${tail}"));
    }
}
