//! The derive against hand-checked encodings (X.680 31 tagging, X.690 DER).

use proto::der::{Asn1, BitString, DecodeErrorKind, Null, Preserved, RawTlv, Tag};

/// `GetEuiccChallengeResponse ::= [46] SEQUENCE { euiccChallenge Octet16 }` (SGP.22 5.7.7).
#[derive(Asn1, Debug, PartialEq, Clone)]
#[asn1(tag = 46, extensible)]
struct GetEuiccChallengeResponse {
    #[asn1(tag = 0)]
    euicc_challenge: [u8; 16],
}

#[derive(Asn1, Debug, PartialEq, Clone)]
#[asn1(tag = "application 26")]
struct Iccid(Vec<u8>);

#[derive(Asn1, Debug, PartialEq, Clone)]
#[asn1(choice)]
enum ProfileIdentifier {
    #[asn1(tag = "application 15")]
    IsdpAid(Vec<u8>),
    Iccid(Iccid),
}

#[derive(Asn1, Debug, PartialEq, Clone)]
#[asn1(tag = 49)]
struct EnableProfileRequest {
    #[asn1(tag = 0)]
    profile_identifier: ProfileIdentifier,
    #[asn1(tag = 1)]
    refresh_flag: bool,
}

#[derive(Asn1, Debug, PartialEq, Clone, Copy)]
#[asn1(integer)]
enum EnableResult {
    Ok = 0,
    IccidOrAidNotFound = 1,
    #[asn1(value = 127, name = "undefinedError")]
    Undefined,
}

#[derive(Asn1, Debug, PartialEq, Clone, Copy)]
#[asn1(integer)]
enum OpenResult {
    #[asn1(value = 0)]
    Ok,
    #[asn1(other)]
    Other(i64),
}

#[derive(Asn1, Debug, PartialEq, Clone)]
#[asn1(choice, tag = 2)]
enum RemoteRequest {
    Challenge(GetEuiccChallengeResponse),
    Enable(EnableProfileRequest),
}

#[derive(Asn1, Debug, PartialEq, Clone)]
#[asn1(automatic)]
struct Auto {
    a: u16,
    b: Option<Vec<u8>>,
    #[asn1(default = "false")]
    c: bool,
    d: RemoteRequest,
    e: Vec<Iccid>,
    f: Null,
    g: BitString,
}

#[derive(Asn1, Debug, PartialEq, Clone)]
struct Signed {
    signed: Preserved<GetEuiccChallengeResponse>,
    #[asn1(tag = "application 55")]
    signature: Vec<u8>,
}

#[derive(Asn1, Debug, PartialEq, Clone)]
#[asn1(choice)]
enum Open {
    #[asn1(tag = 0)]
    Known(u16),
    #[asn1(other)]
    Unknown(RawTlv),
}

fn h(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}

#[test]
fn sgp22_5_7_7_challenge_response_round_trip() {
    let der = h("bf2e12 8010 0102030405060708090a0b0c0d0e0f10");
    let v = GetEuiccChallengeResponse::from_der(&der).unwrap();
    assert_eq!(v.euicc_challenge[15], 0x10);
    assert_eq!(v.to_der(), der);
    assert_eq!(
        v.to_json().to_string(),
        r#"{"euiccChallenge":"0102030405060708090A0B0C0D0E0F10"}"#
    );
}

#[test]
fn extensible_sequence_skips_unknown_trailing_components() {
    let der = h("bf2e17 8010 0102030405060708090a0b0c0d0e0f10 9f7f02aabb");
    let v = GetEuiccChallengeResponse::from_der(&der).unwrap();
    assert_eq!(v.euicc_challenge[0], 1);
    // Not extensible: the same extra component is an error with its offset.
    let err = EnableProfileRequest::from_der(&h("bf3108 a003 5a0100 810100 8200")).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::TrailingData(2));
    assert_eq!(err.offset, 11);
}

#[test]
fn untagged_choice_inside_implicit_tag_is_explicit() {
    let v = EnableProfileRequest {
        profile_identifier: ProfileIdentifier::Iccid(Iccid(h("981000000000000000f0"))),
        refresh_flag: true,
    };
    let der = v.to_der();
    assert_eq!(
        hex::encode(&der),
        "bf311180 0c5a0a981000000000000000f08101ff"
            .replace(' ', "")
            .replace("800c", "a00c")
    );
    assert_eq!(EnableProfileRequest::from_der(&der).unwrap(), v);
}

#[test]
fn integer_named_numbers() {
    assert_eq!(EnableResult::Undefined.to_der(), h("02017f"));
    assert_eq!(
        EnableResult::from_der(&h("020101")).unwrap(),
        EnableResult::IccidOrAidNotFound
    );
    assert!(EnableResult::from_der(&h("020105")).is_err());
    assert_eq!(
        OpenResult::from_der(&h("020105")).unwrap(),
        OpenResult::Other(5)
    );
    assert_eq!(
        EnableResult::Undefined.to_json(),
        serde_json::json!("undefinedError")
    );
}

#[test]
fn tagged_choice_automatic_tags_defaults() {
    let v = Auto {
        a: 5,
        b: None,
        c: false,
        d: RemoteRequest::Challenge(GetEuiccChallengeResponse {
            euicc_challenge: [7; 16],
        }),
        e: vec![Iccid(vec![1]), Iccid(vec![2])],
        f: Null,
        g: BitString::from_bits(&[1]),
    };
    let der = v.to_der();
    // a [0] 80, c omitted (DEFAULT); d: [3] replaces the tagged CHOICE's own [2] (X.680
    // 31.2.7: only an *untagged* CHOICE forces explicit tagging).
    assert_eq!(
        hex::encode(&der),
        concat!(
            "3028",
            "800105",
            "a315",
            "bf2e12",
            "8010",
            "07070707070707070707070707070707",
            "a406",
            "5a0101",
            "5a0102",
            "8500",
            "86020640"
        )
    );
    assert_eq!(Auto::from_der(&der).unwrap(), v);
    let with_c = Auto {
        c: true,
        ..v.clone()
    };
    assert_eq!(Auto::from_der(&with_c.to_der()).unwrap(), with_c);
}

#[test]
fn preserved_keeps_received_octets() {
    let der = h("3018 bf2e12 8010 0102030405060708090a0b0c0d0e0f10 5f3700");
    let s = Signed::from_der(&der).unwrap();
    assert_eq!(s.signed.raw(), &der[2..23]);
    assert_eq!(s.to_der(), der);
}

#[test]
fn open_choice_keeps_unknown_alternatives() {
    assert_eq!(Open::from_der(&h("800101")).unwrap(), Open::Known(1));
    assert_eq!(
        Open::from_der(&h("9f2001ff")).unwrap(),
        Open::Unknown(RawTlv(h("9f2001ff")))
    );
}

#[test]
fn errors_name_component_and_offset() {
    // refreshFlag missing
    let err = EnableProfileRequest::from_der(&h("bf3105 a003 5a0100")).unwrap_err();
    assert_eq!(err.kind, DecodeErrorKind::MissingField("refreshFlag"));
    assert_eq!(err.offset, 8);
    // wrong tag inside the choice
    let err = EnableProfileRequest::from_der(&h("bf3108 a003 5b0100 8101ff")).unwrap_err();
    assert!(
        matches!(err.kind, DecodeErrorKind::UnexpectedTag { found, .. } if found == Tag::application(27, false))
    );
    assert_eq!(
        err.to_string(),
        "at byte offset 5 (in EnableProfileRequest.profileIdentifier): unexpected tag 5B, expected one of 4F, 5A"
    );
}
