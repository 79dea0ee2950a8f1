//! Refusals of hostile or broken documents: each a typed error, none a panic or a hang.

use proptest::prelude::*;
use soap::envelope::{Envelope, EnvelopeError};
use soap::es4::Es4Request;
use soap::ns;
use soap::xml::{Limits, XmlError, parse};

fn xml_err(bytes: &[u8]) -> XmlError {
    match Envelope::decode(bytes) {
        Err(EnvelopeError::Xml(e)) => e,
        other => panic!("expected an XML refusal, got {other:?}"),
    }
}

#[test]
fn doctype_is_refused_before_any_entity_is_expanded() {
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">\
                  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><l>&b;</l>";
    assert!(matches!(
        xml_err(laughs.as_bytes()),
        XmlError::DoctypeRefused
    ));
    let external = "<!DOCTYPE x SYSTEM \"file:///etc/passwd\"><x/>";
    assert!(matches!(
        xml_err(external.as_bytes()),
        XmlError::DoctypeRefused
    ));
}

#[test]
fn undeclared_entity_is_refused_and_predefined_ones_resolve() {
    let e = xml_err(b"<x>&ext;</x>");
    assert!(matches!(e, XmlError::EntityRefused(ref n) if n == "ext"));
    let el = parse(b"<x>&lt;&#65;&#x42;&amp;</x>", &Limits::default()).expect("predefined");
    assert_eq!(el.text, "<AB&");
}

#[test]
fn oversized_document_is_refused_by_length() {
    let limits = Limits::default();
    let big = vec![b' '; limits.max_bytes + 1];
    assert!(matches!(
        xml_err(&big),
        XmlError::TooLarge { size, limit } if size == limits.max_bytes + 1 && limit == limits.max_bytes
    ));
}

#[test]
fn deep_nesting_is_refused() {
    let depth = Limits::default().max_depth + 1;
    let doc = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    assert!(matches!(
        xml_err(doc.as_bytes()),
        XmlError::TooDeep { limit: 32 }
    ));
    let ok = format!("{}{}", "<a>".repeat(depth - 1), "</a>".repeat(depth - 1));
    parse(ok.as_bytes(), &Limits::default()).expect("at the limit");
}

#[test]
fn too_many_elements_and_attributes_are_refused() {
    let limits = Limits {
        max_elements: 10,
        max_attributes: 2,
        ..Limits::default()
    };
    let many = format!("<r>{}</r>", "<e/>".repeat(10));
    let err = parse(many.as_bytes(), &limits).expect_err("11 elements");
    assert!(matches!(err, XmlError::TooManyElements { limit: 10 }));
    let attrs = parse(b"<r a=\"1\" b=\"2\" c=\"3\"/>", &limits).expect_err("3 attributes");
    assert!(matches!(attrs, XmlError::TooManyAttributes { limit: 2 }));
}

#[test]
fn truncated_document_is_refused() {
    let full = format!(
        "<S:Envelope xmlns:S=\"{}\"><S:Body><g:GetEIS xmlns:g=\"{}\"/></S:Body></S:Envelope>",
        ns::SOAP11_ENVELOPE,
        ns::GSMA
    );
    Envelope::decode(full.as_bytes()).expect("complete");
    for cut in [10, full.len() / 2, full.len() - 1] {
        let err = Envelope::decode(&full.as_bytes()[..cut]).expect_err("truncated");
        assert!(
            matches!(err, EnvelopeError::Xml(_)),
            "cut at {cut}: {err:?}"
        );
    }
    assert!(matches!(xml_err(b""), XmlError::Truncated));
    assert!(matches!(xml_err(b"<a><b></b>"), XmlError::Truncated));
}

#[test]
fn mismatched_end_tag_is_malformed() {
    assert!(matches!(xml_err(b"<a></b>"), XmlError::Malformed(_)));
}

#[test]
fn content_outside_the_root_is_refused() {
    assert!(matches!(xml_err(b"<a/><b/>"), XmlError::OutsideRoot));
    assert!(matches!(xml_err(b"text<a/>"), XmlError::OutsideRoot));
    parse(b"\n <a/> \n<!-- c -->", &Limits::default()).expect("white space and comments");
}

#[test]
fn non_utf8_and_other_encodings_are_refused() {
    assert!(matches!(xml_err(b"<a>\xff</a>"), XmlError::NotUtf8));
    let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>";
    assert!(matches!(xml_err(latin), XmlError::UnsupportedEncoding(ref e) if e == "ISO-8859-1"));
}

#[test]
fn unbound_prefix_is_refused() {
    assert!(matches!(xml_err(b"<p:a/>"), XmlError::UnboundPrefix(ref p) if p == "p"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(env) = Envelope::decode(&bytes) {
            let _ = Es4Request::decode(&env);
        }
    }

    #[test]
    fn decode_never_panics_on_mangled_requests(cut in 0usize..2000, byte in any::<u8>(), at in 0usize..2000) {
        let wire = crate::es4::every_request()[0].clone().encode(
            crate::support::request_addressing(),
        ).encode().into_bytes();
        let mut bytes = wire.clone();
        if !bytes.is_empty() {
            let i = at % bytes.len();
            bytes[i] = byte;
        }
        bytes.truncate(cut.min(bytes.len()));
        if let Ok(env) = Envelope::decode(&bytes) {
            let _ = Es4Request::decode(&env);
        }
    }
}
