//! The card face of the eUICC: a run of command APDUs through `Card::transmit` (class byte,
//! instruction, SELECT, MANAGE CHANNEL, STORE DATA chaining, GET RESPONSE, then the ISD-R).
//! The first octet's low bit picks a consumer or an IoT eUICC; the rest is APDUs, each a
//! 2-byte length and its octets.
//!
//! Invariants: every response is data (at most 256 octets: the card takes no extended
//! lengths) and a status word ISO/IEC 7816-4 allows; after any run, a reset card selects
//! the ISD-R and answers GetEUICCChallenge.
#![no_main]

use euicc_sim::apdu::Card;
use libfuzzer_sys::fuzz_target;
use rsp_fuzz::{assert_card_answers, bounded, frames, is_sw1, with_euicc};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, apdus)) = data.split_first() else {
        return;
    };
    with_euicc(mode & 1 == 1, |euicc| {
        let mut card = Card::new(euicc);
        bounded(data.len(), 4 << 20, 512, || {
            for apdu in frames(apdus) {
                let response = card.transmit(apdu);
                assert!(response.len() >= 2, "no status word");
                assert!(
                    response.len() <= 258,
                    "{} octets of response data",
                    response.len() - 2
                );
                let sw1 = response[response.len() - 2];
                assert!(
                    is_sw1(sw1),
                    "status word {:02X?}",
                    &response[response.len() - 2..]
                );
            }
            assert_card_answers(&mut card);
        })
    });
});
