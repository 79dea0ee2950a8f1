//! Malformed input never panics: random bytes and random command sequences into `transmit`.

use crate::apdu_common as common;

use common::*;
use euicc_sim::apdu::Card;
use proptest::prelude::*;

/// An APDU with a header the card knows often enough to reach the command handlers.
fn plausible_apdu() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(vec![
            0x00u8, 0x01, 0x02, 0x03, 0x80, 0x81, 0x82, 0x83, 0xC0, 0x40,
        ]),
        prop::sample::select(vec![0xA4u8, 0x70, 0xC0, 0xE2, 0x00]),
        prop::sample::select(vec![0x00u8, 0x04, 0x11, 0x80, 0x91, 0xFF]),
        prop::sample::select(vec![0x00u8, 0x01, 0x02, 0x03, 0x0C, 0xFF]),
        prop::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(|(cla, ins, p1, p2, mut body)| {
            if ins == 0xA4 && body.len() > 17 && p1 == 0x04 {
                // sometimes a well-formed SELECT ISD-R
                body = [vec![0x10], euicc_sim::apdu::ISD_R_AID.to_vec()].concat();
            } else if !body.is_empty() && body.len() <= 256 && p2 != 0xFF {
                // mostly consistent Lc
                body[0] = (body.len() - 1) as u8;
            }
            [vec![cla, ins, p1, p2], body].concat()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic_and_always_end_in_a_status_word(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut card = Card::new(TestProcessor::default());
        let r = card.transmit(&bytes);
        prop_assert!(r.len() >= 2);
    }

    #[test]
    fn random_command_sequences_never_panic(apdus in prop::collection::vec(plausible_apdu(), 1..40)) {
        let mut card = Card::new(TestProcessor::default());
        for apdu in &apdus {
            let r = card.transmit(apdu);
            prop_assert!(r.len() >= 2);
            // response data never exceeds what a short Le can ask for
            prop_assert!(r.len() <= 258);
            prop_assert!(card.open_channels().contains(&0));
        }
    }
}
