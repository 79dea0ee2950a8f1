use proptest::prelude::*;
use proto::ids::{SmdpAddress, SmdpAddressError};

#[test]
fn sgp22_4_1_address_is_an_fqdn_with_optional_port() {
    let a = SmdpAddress::parse("testsmdpplus1.example.com").unwrap();
    assert_eq!((a.host(), a.port()), ("testsmdpplus1.example.com", None));
    let b = SmdpAddress::parse("smdp.example.net:8443").unwrap();
    assert_eq!((b.host(), b.port()), ("smdp.example.net", Some(8443)));
    assert_eq!(b.to_string(), "smdp.example.net:8443");
    assert!(SmdpAddress::parse("127.0.0.1:4430").is_ok());
}

#[test]
fn sgp22_5_6_1_address_comparison_is_case_insensitive() {
    let a = SmdpAddress::parse("TestSMDPplus1.example.com").unwrap();
    assert!(a.matches("testsmdpplus1.EXAMPLE.com"));
    assert!(!a.matches("testsmdpplus2.example.com"));
}

#[test]
fn sgp22_4_1_bad_addresses_are_refused() {
    assert_eq!(SmdpAddress::parse(""), Err(SmdpAddressError::Empty));
    assert_eq!(SmdpAddress::parse("a..b"), Err(SmdpAddressError::Label));
    assert_eq!(SmdpAddress::parse(".a"), Err(SmdpAddressError::Label));
    assert_eq!(SmdpAddress::parse("-a.b"), Err(SmdpAddressError::Hyphen));
    assert_eq!(
        SmdpAddress::parse("a$b"),
        Err(SmdpAddressError::Character {
            position: 1,
            found: '$'
        })
    );
    assert_eq!(
        SmdpAddress::parse("a.b:0"),
        Err(SmdpAddressError::Port("0".into()))
    );
    assert_eq!(
        SmdpAddress::parse("a.b:70000"),
        Err(SmdpAddressError::Port("70000".into()))
    );
    assert_eq!(
        SmdpAddress::parse("a.b:+1"),
        Err(SmdpAddressError::Port("+1".into()))
    );
    assert_eq!(SmdpAddress::parse(":443"), Err(SmdpAddressError::Empty));
}

proptest! {
    #[test]
    fn sgp22_4_1_garbage_never_panics(s in ".{0,80}") {
        if let Ok(a) = SmdpAddress::parse(&s) {
            prop_assert_eq!(SmdpAddress::parse(a.as_str()), Ok(a.clone()));
        }
    }
}
