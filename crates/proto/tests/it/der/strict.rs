//! Strict DER (ITU-T X.690 clauses 10 and 11) through whole messages: every refusal is
//! `NotDer` with the rule and the absolute offset of the offending octets, and the value
//! that DER allows in the same place decodes and re-encodes to the same octets.

use proto::der::{Asn1, DecodeError, DecodeErrorKind, DerRule, Leniency, SetOf};
use proto::sgp22::{GetEuiccChallengeResponse, ProfileInfoListRequest};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).expect("hex")
}

fn refusal(err: DecodeError) -> (usize, DerRule) {
    match err.kind {
        DecodeErrorKind::NotDer(rule) => (err.offset, rule),
        other => panic!("expected a DER refusal, got {other:?} at {}", err.offset),
    }
}

/// `Versioned ::= SEQUENCE { version [0] INTEGER DEFAULT 2, flag [1] BOOLEAN DEFAULT FALSE,
/// name [2] UTF8String }`
#[derive(Asn1, Debug, PartialEq, Clone)]
struct Versioned {
    #[asn1(tag = 0, default = "2")]
    version: u16,
    #[asn1(tag = 1, default = "false")]
    flag: bool,
    #[asn1(tag = 2)]
    name: String,
}

#[test]
fn x690_11_5_default_values_are_left_out_and_refused_when_encoded() {
    let v = Versioned {
        version: 2,
        flag: false,
        name: "a".into(),
    };
    assert_eq!(hex::encode(v.to_der()), "3003820161");
    assert_eq!(Versioned::from_der(&h("3003820161")), Ok(v));

    // version 2 spelled out: refused at the [0] TLV.
    let err = Versioned::from_der(&h("3006 800102 820161")).unwrap_err();
    assert_eq!(refusal(err), (2, DerRule::DefaultValueEncoded("version")));
    // flag FALSE spelled out, after a non-default version.
    let err = Versioned::from_der(&h("3009 800103 810100 820161")).unwrap_err();
    assert_eq!(refusal(err), (5, DerRule::DefaultValueEncoded("flag")));

    // Values other than the default are encoded and taken.
    let other = h("3009 800103 8101ff 820161");
    let v = Versioned::from_der(&other).unwrap();
    assert_eq!((v.version, v.flag), (3, true));
    assert_eq!(v.to_der(), other);
}

/// `Outer ::= SEQUENCE { inner [0] Versioned }`: the leniency reaches nested values.
#[derive(Asn1, Debug, PartialEq, Clone)]
struct Outer {
    #[asn1(tag = 0)]
    inner: Versioned,
}

#[test]
fn x690_8_1_encoded_defaults_taken_only_when_asked_and_nothing_else() {
    // version 2 spelled out, one level down: the same value as with it left out (X.690
    // 8.1), refused by the strict decode, taken by the lenient one, re-encoded as DER.
    let spelled = h("3008 a006 800102 820161");
    let err = Outer::from_der(&spelled).unwrap_err();
    assert_eq!(refusal(err), (4, DerRule::DefaultValueEncoded("version")));
    let outer = Outer::from_der_with(&spelled, Leniency::ENCODED_DEFAULTS).unwrap();
    assert_eq!(outer.inner.version, 2);
    assert_eq!(hex::encode(outer.to_der()), "3005a003820161");
    // the other DER rules still hold: BOOLEAN TRUE as 01 and a long-form short length
    let err = Outer::from_der_with(
        &h("300b a009 800102 810101 820161"),
        Leniency::ENCODED_DEFAULTS,
    )
    .unwrap_err();
    assert_eq!(refusal(err), (7, DerRule::BooleanNotFf));
    let err = Versioned::from_der_with(&h("3081 06 800102 820161"), Leniency::ENCODED_DEFAULTS)
        .unwrap_err();
    assert_eq!(refusal(err), (1, DerRule::LongFormForShortLength));
    // strict is the default
    assert_eq!(Leniency::default(), Leniency::DER);
}

#[test]
fn x690_10_1_nested_non_minimal_length_reports_its_absolute_offset() {
    let challenge = "00112233445566778899aabbccddeeff";
    let good = h(&format!("bf2e12 8010 {challenge}"));
    assert!(GetEuiccChallengeResponse::from_der(&good).is_ok());
    // [0] with the length 16 in the long form: 80 81 10.
    let bad = h(&format!("bf2e13 808110 {challenge}"));
    let err = GetEuiccChallengeResponse::from_der(&bad).unwrap_err();
    assert_eq!(refusal(err), (4, DerRule::LongFormForShortLength));
    // The outer length with a leading zero octet: 82 00 12.
    let bad = h(&format!("bf2e820012 8010 {challenge}"));
    let err = GetEuiccChallengeResponse::from_der(&bad).unwrap_err();
    assert_eq!(refusal(err), (2, DerRule::LengthLeadingZero));
    // Indefinite outer length with end-of-contents.
    let bad = h(&format!("bf2e80 8010 {challenge} 0000"));
    let err = GetEuiccChallengeResponse::from_der(&bad).unwrap_err();
    assert_eq!(refusal(err), (2, DerRule::IndefiniteLength));
}

#[test]
fn x690_8_1_2_non_minimal_tags_in_a_message() {
    // ProfileInfoListRequest ([45]) with an empty body: BF2D00. The same tag with a
    // leading zero group: BF 80 2D.
    assert!(ProfileInfoListRequest::from_der(&h("bf2d00")).is_ok());
    let err = ProfileInfoListRequest::from_der(&h("bf802d00")).unwrap_err();
    assert_eq!(refusal(err), (0, DerRule::TagNumberLeadingZero));
    // GetEuiccChallengeResponse's [0] written as 9F 00.
    let challenge = "00112233445566778899aabbccddeeff";
    let bad = h(&format!("bf2e13 9f0010 {challenge}"));
    let err = GetEuiccChallengeResponse::from_der(&bad).unwrap_err();
    assert_eq!(refusal(err), (3, DerRule::TagNumberNotInShortForm));
}

#[test]
fn x690_11_6_set_of_order_inside_a_sequence() {
    #[derive(Asn1, Debug, PartialEq, Clone)]
    struct Holder {
        #[asn1(tag = 0)]
        ids: SetOf<Vec<u8>>,
    }
    let sorted = Holder {
        ids: SetOf(vec![vec![2], vec![1, 0], vec![1]]),
    };
    // Sorted by encoding: 04 01 01 < 04 01 02 < 04 02 01 00.
    let der = sorted.to_der();
    assert_eq!(
        hex::encode(&der),
        "300ca00a040101040102040201 00".replace(' ', "")
    );
    let back = Holder::from_der(&der).unwrap();
    assert_eq!(back.to_der(), der);
    let err = Holder::from_der(&h("300c a00a 040102 040101 04020100")).unwrap_err();
    assert_eq!(refusal(err), (7, DerRule::SetOfNotSorted));
}

#[test]
fn x690_11_1_and_8_3_2_inside_a_message() {
    // Versioned's flag TRUE as 01.
    let err = Versioned::from_der(&h("3009 800103 810101 820161")).unwrap_err();
    assert_eq!(refusal(err), (5, DerRule::BooleanNotFf));
    // version 3 as 00 03.
    let err = Versioned::from_der(&h("300a 80020003 8101ff 820161")).unwrap_err();
    assert_eq!(refusal(err), (2, DerRule::IntegerNotMinimal));
}

#[test]
fn der_rules_name_their_x690_clause() {
    for (rule, clause) in [
        (DerRule::TagNumberNotInShortForm, "8.1.2.2"),
        (DerRule::TagNumberLeadingZero, "8.1.2.4.2"),
        (DerRule::IndefiniteLength, "10.1"),
        (DerRule::LongFormForShortLength, "10.1"),
        (DerRule::LengthLeadingZero, "10.1"),
        (DerRule::ConstructedString, "10.2"),
        (DerRule::BooleanNotFf, "11.1"),
        (DerRule::IntegerNotMinimal, "8.3.2"),
        (DerRule::BitStringPaddingNotZero, "11.2.1"),
        (DerRule::DefaultValueEncoded("x"), "11.5"),
        (DerRule::SetOfNotSorted, "11.6"),
    ] {
        assert_eq!(rule.clause(), clause);
        assert!(rule.to_string().ends_with(&format!("(X.690 {clause})")));
    }
}
