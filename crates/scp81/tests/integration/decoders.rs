//! The decoders of wire data on arbitrary input: a value or a typed refusal, never a
//! panic; and what they accept, they write back the same.

use proptest::prelude::*;
use scp81::trigger::AdminSessionTrigger;
use scp81::{Aid, PskIdentity};

proptest! {
    #[test]
    fn a_trigger_decodes_or_is_refused(data in proptest::collection::vec(any::<u8>(), 0..1100)) {
        if let Ok(t) = AdminSessionTrigger::decode(&data) {
            prop_assert_eq!(AdminSessionTrigger::decode(&t.encode()), Ok(t));
        }
    }

    #[test]
    fn a_trigger_shaped_input_decodes_or_is_refused(
        body in proptest::collection::vec(
            prop_oneof![Just(0x83u8), Just(0x84), Just(0x85), Just(0x86), Just(0x89), Just(0x8A), Just(0xA5), any::<u8>()],
            0..200,
        ),
    ) {
        let mut data = vec![0x81, 0x81, body.len() as u8];
        data.extend_from_slice(&body);
        let _ = AdminSessionTrigger::decode(&data);
    }

    #[test]
    fn an_identity_parses_or_is_refused(text in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(id) = PskIdentity::parse(&text) {
            prop_assert_eq!(id.to_text().to_lowercase(), String::from_utf8_lossy(&text).to_lowercase());
        }
    }

    #[test]
    fn identities_round_trip(eid in any::<[u8; 16]>(), kvn in any::<u8>(), key_id in any::<u8>(), aid_len in 5usize..=16) {
        let id = PskIdentity { eid, security_domain: Aid::new(&vec![0xA0; aid_len]).unwrap(), key_id, kvn };
        prop_assert_eq!(PskIdentity::parse(id.to_text().as_bytes()), Ok(id));
    }

    #[test]
    fn admin_references_parse_or_are_refused(text in "\\PC{0,60}") {
        let _ = text.parse::<Aid>();
        let _ = text.parse::<scp81::admin::AdminFrom>();
    }
}
