//! SOAP 1.1 4 / SOAP 1.2 Part 1 5 envelopes and WS-Addressing 1.0 headers.

use soap::envelope::{
    ANONYMOUS, Addressing, Envelope, EnvelopeError, Fault, FaultCode, InvalidHeader, SoapVersion,
};
use soap::ns;
use soap::xml::Element;

fn body() -> Element {
    let mut el = Element::qualified(ns::GSMA, "GetEIS");
    el.push(Element::with_text(
        "Eid",
        "89049032001001123456789012345678",
    ));
    el
}

fn full_addressing() -> Addressing {
    Addressing {
        to: Some("https://smsr.lab.example/es4".into()),
        from: Some(soap::envelope::EndpointReference::new("urn:rsp-lab:mno:1")),
        reply_to: Some(soap::envelope::EndpointReference::new(
            "https://mno.example/cb",
        )),
        fault_to: Some(soap::envelope::EndpointReference::new(
            "https://mno.example/f",
        )),
        message_id: Some("urn:uuid:1".into()),
        action: Some("http://gsma.com/ES4/ProfileManagent/ES4-GetEISRequest".into()),
        relates_to: Some("urn:uuid:0".into()),
    }
}

#[test]
fn soap11_envelope_round_trips_every_addressing_header() {
    let env = Envelope::new(full_addressing(), body());
    let wire = env.encode();
    assert!(wire.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><S:Envelope"));
    assert!(wire.contains("xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\""));
    assert!(wire.contains("xmlns:wsa=\"http://www.w3.org/2005/08/addressing\""));
    assert!(
        wire.contains(
            "<wsa:ReplyTo><wsa:Address>https://mno.example/cb</wsa:Address></wsa:ReplyTo>"
        )
    );
    assert!(wire.contains("<S:Body><gsma:GetEIS><Eid>89049032001001123456789012345678</Eid>"));
    let back = Envelope::decode(wire.as_bytes()).expect("own envelope");
    assert_eq!(back, env);
}

#[test]
fn soap12_envelope_is_read_as_soap12() {
    let mut env = Envelope::new(full_addressing(), body());
    env.version = SoapVersion::Soap12;
    let wire = env.encode();
    assert!(wire.contains("xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""));
    let back = Envelope::decode(wire.as_bytes()).expect("SOAP 1.2 envelope");
    assert_eq!(back.version, SoapVersion::Soap12);
    assert_eq!(back, env);
}

#[test]
fn envelope_without_header_has_empty_addressing() {
    let wire = format!(
        "<e:Envelope xmlns:e=\"{}\"><e:Body><g:GetEIS xmlns:g=\"{}\"/></e:Body></e:Envelope>",
        ns::SOAP11_ENVELOPE,
        ns::GSMA
    );
    let env = Envelope::decode(wire.as_bytes()).expect("minimal envelope");
    assert_eq!(env.addressing, Addressing::default());
    assert!(env.body.is(ns::GSMA, "GetEIS"));
}

#[test]
fn unknown_envelope_namespace_is_version_mismatch() {
    let wire = "<Envelope xmlns=\"urn:other\"><Body><x/></Body></Envelope>";
    let err = Envelope::decode(wire.as_bytes()).expect_err("foreign envelope");
    assert!(matches!(err, EnvelopeError::VersionMismatch(Some(ref n)) if n == "urn:other"));
    assert_eq!(err.to_fault().code, FaultCode::VersionMismatch);
}

#[test]
fn other_root_is_not_an_envelope() {
    let err = Envelope::decode(b"<GetEIS/>").expect_err("no envelope");
    assert!(matches!(err, EnvelopeError::NotAnEnvelope));
}

#[test]
fn missing_body_and_two_body_entries_are_refused() {
    let s = ns::SOAP11_ENVELOPE;
    let no_body = format!("<S:Envelope xmlns:S=\"{s}\"><S:Header/></S:Envelope>");
    let err = Envelope::decode(no_body.as_bytes()).expect_err("no body");
    assert!(matches!(err, EnvelopeError::MissingBody));
    let two = format!("<S:Envelope xmlns:S=\"{s}\"><S:Body><a/><b/></S:Body></S:Envelope>");
    let err = Envelope::decode(two.as_bytes()).expect_err("two entries");
    assert!(matches!(err, EnvelopeError::BodyEntries(2)));
    let empty = format!("<S:Envelope xmlns:S=\"{s}\"><S:Body> </S:Body></S:Envelope>");
    let err = Envelope::decode(empty.as_bytes()).expect_err("empty body");
    assert!(matches!(err, EnvelopeError::BodyEntries(0)));
}

#[test]
fn unknown_mandatory_header_is_must_understand() {
    let s = ns::SOAP11_ENVELOPE;
    let wire = format!(
        "<S:Envelope xmlns:S=\"{s}\"><S:Header><sec:Security xmlns:sec=\"urn:sec\" \
         S:mustUnderstand=\"1\"/></S:Header><S:Body><a/></S:Body></S:Envelope>"
    );
    let err = Envelope::decode(wire.as_bytes()).expect_err("not understood");
    assert!(matches!(err, EnvelopeError::MustUnderstand(ref n) if n == "Security"));
    assert_eq!(err.to_fault().code, FaultCode::MustUnderstand);
    // The same block without mustUnderstand is ignored.
    let optional = wire.replace(" S:mustUnderstand=\"1\"", "");
    Envelope::decode(optional.as_bytes()).expect("optional header block ignored");
}

#[test]
fn repeated_message_id_is_invalid_cardinality() {
    let s = ns::SOAP11_ENVELOPE;
    let w = ns::WSA;
    let wire = format!(
        "<S:Envelope xmlns:S=\"{s}\" xmlns:wsa=\"{w}\"><S:Header><wsa:MessageID>a</wsa:MessageID>\
         <wsa:MessageID>b</wsa:MessageID></S:Header><S:Body><a/></S:Body></S:Envelope>"
    );
    let err = Envelope::decode(wire.as_bytes()).expect_err("two MessageIDs");
    assert!(matches!(
        err,
        EnvelopeError::InvalidAddressingHeader {
            problem: InvalidHeader::InvalidCardinality,
            ..
        }
    ));
    assert_eq!(
        err.to_fault().subcode.as_deref(),
        Some("InvalidAddressingHeader")
    );
}

#[test]
fn reply_to_without_address_is_refused() {
    let s = ns::SOAP11_ENVELOPE;
    let w = ns::WSA;
    let wire = format!(
        "<S:Envelope xmlns:S=\"{s}\" xmlns:wsa=\"{w}\"><S:Header><wsa:ReplyTo/></S:Header>\
         <S:Body><a/></S:Body></S:Envelope>"
    );
    let err = Envelope::decode(wire.as_bytes()).expect_err("EPR without Address");
    assert!(matches!(
        err,
        EnvelopeError::InvalidAddressingHeader {
            problem: InvalidHeader::MissingAddressInEpr,
            ..
        }
    ));
}

#[test]
fn reply_goes_to_reply_to_and_relates_to_the_request() {
    let request = full_addressing();
    let reply = Addressing::reply(&request, "urn:uuid:2", "urn:action");
    assert_eq!(reply.to.as_deref(), Some("https://mno.example/cb"));
    assert_eq!(reply.relates_to.as_deref(), Some("urn:uuid:1"));
    assert_eq!(reply.action.as_deref(), Some("urn:action"));
    let anonymous = Addressing::reply(&Addressing::default(), "urn:uuid:3", "urn:action");
    assert_eq!(anonymous.to.as_deref(), Some(ANONYMOUS));
}

#[test]
fn faults_round_trip_in_both_versions() {
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let fault = Fault {
            code: FaultCode::Sender,
            subcode: Some("MessageAddressingHeaderRequired".into()),
            reason: "wsa:MessageID is required".into(),
        };
        let env = Envelope::fault_reply(None, version, &fault);
        let wire = env.encode();
        let back = Envelope::decode(wire.as_bytes()).expect("fault envelope");
        assert_eq!(back.fault(), Some(fault), "{wire}");
        assert_eq!(back.action(), Some(soap::envelope::FAULT_ACTION));
    }
}

#[test]
fn soap11_fault_code_is_the_addressing_subcode() {
    let fault = EnvelopeError::MessageAddressingHeaderRequired("Action").to_fault();
    let wire = Envelope::fault_reply(None, SoapVersion::Soap11, &fault).encode();
    assert!(
        wire.contains("<faultcode>wsa:MessageAddressingHeaderRequired</faultcode>"),
        "{wire}"
    );
    let plain = Fault {
        code: FaultCode::Receiver,
        subcode: None,
        reason: "down".into(),
    };
    let wire = Envelope::fault_reply(None, SoapVersion::Soap11, &plain).encode();
    assert!(wire.contains("<faultcode>S:Server</faultcode>"), "{wire}");
    let wire = Envelope::fault_reply(None, SoapVersion::Soap12, &plain).encode();
    assert!(
        wire.contains("<env:Value>env:Receiver</env:Value>"),
        "{wire}"
    );
    assert!(wire.contains("xml:lang=\"en\""), "{wire}");
    assert!(!wire.contains("xmlns:xml"), "{wire}");
}

#[test]
fn text_is_escaped_and_read_back() {
    let mut el = Element::qualified(ns::GSMA, "X");
    el.push(Element::with_text("Message", "a<b & \"c\" > 'd'"));
    let env = Envelope::new(Addressing::default(), el);
    let wire = env.encode();
    assert!(
        wire.contains("a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;"),
        "{wire}"
    );
    assert_eq!(Envelope::decode(wire.as_bytes()).expect("escaped"), env);
}

#[test]
fn soap12_must_understand_true_is_honoured() {
    let s = ns::SOAP12_ENVELOPE;
    let wire = format!(
        "<e:Envelope xmlns:e=\"{s}\"><e:Header><x:Trace xmlns:x=\"urn:x\" \
         e:mustUnderstand=\"true\"/></e:Header><e:Body><a/></e:Body></e:Envelope>"
    );
    let err = Envelope::decode(wire.as_bytes()).expect_err("not understood");
    assert!(matches!(err, EnvelopeError::MustUnderstand(ref n) if n == "Trace"));
    // A mustUnderstand attribute of the other SOAP version is not this envelope's.
    let foreign = wire
        .replace("e:mustUnderstand", "o:mustUnderstand")
        .replace(
            "xmlns:x=\"urn:x\"",
            &format!("xmlns:x=\"urn:x\" xmlns:o=\"{}\"", ns::SOAP11_ENVELOPE),
        );
    Envelope::decode(foreign.as_bytes()).expect("foreign attribute ignored");
}

#[test]
fn unlisted_namespaces_get_generated_prefixes_and_read_back() {
    let mut el = Element::qualified("urn:example:one", "Outer");
    el.push(Element::qualified("urn:example:two", "Inner"));
    let env = Envelope::new(Addressing::default(), el);
    let wire = env.encode();
    assert!(
        wire.contains("<ns1:Outer><ns2:Inner/></ns1:Outer>")
            || wire.contains("<ns2:Outer><ns3:Inner/></ns2:Outer>"),
        "{wire}"
    );
    assert_eq!(
        Envelope::decode(wire.as_bytes()).expect("own envelope"),
        env
    );
}

#[test]
fn pretty_printed_envelope_reads_like_a_compact_one() {
    let compact = Envelope::new(full_addressing(), body());
    let pretty = compact
        .encode()
        .replace("><", ">\n    <")
        .replace("<Eid>\n    ", "<Eid>");
    let back = Envelope::decode(pretty.as_bytes()).expect("pretty envelope");
    assert_eq!(back, compact, "{pretty}");
}
