//! Round trips of arbitrary text: whatever a peer puts in a string part or an attribute
//! comes back the same, except characters XML 1.0 cannot carry (2.2 `Char`), which are
//! written as U+FFFD.

use proptest::prelude::*;
use soap::bodies::BaseResponse;
use soap::eis::KeyComponent;
use soap::envelope::{Addressing, Envelope};
use soap::es4;
use soap::message::Value;
use soap::status::{ResponseHeader, codes};
use soap::xml::{Limits, parse, write_document};

fn xml_representable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t'
            | '\n'
            | '\r'
            | '\u{20}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}'
            | '\u{10000}'.. => c,
            _ => '\u{FFFD}',
        })
        .collect()
}

/// Arbitrary text, and text dense in what XML treats specially.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\t\\n\\r\\x00-\\x1f <>&\"'a\u{FFFE}\u{FFFF}\u{10000}]{0,16}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn status_message_text_round_trips(message in text()) {
        let response = BaseResponse::new(ResponseHeader::failed(codes::EID_UNKNOWN, message.clone()));
        let env = es4::GET_EIS.response(&Addressing::default(), "urn:uuid:p", &response);
        let wire = env.encode();
        let back = Envelope::decode(wire.as_bytes()).expect("own envelope");
        let read: BaseResponse = es4::GET_EIS.decode_response(&back).expect("own response");
        let data = read.header.function_execution_status.status_code_data.expect("code data");
        prop_assert_eq!(data.message, Some(xml_representable(&message)));
    }

    #[test]
    fn attribute_text_round_trips(value in text()) {
        let component = KeyComponent { component_type: "88".into(), value: value.clone() };
        let doc = write_document(&component.write("components"), &[]);
        let el = parse(doc.as_bytes(), &Limits::default()).expect("own document");
        let read = KeyComponent::read(&el).expect("own component");
        prop_assert_eq!(read.value, xml_representable(&value));
    }
}
