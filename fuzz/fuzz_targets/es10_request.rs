//! The ISD-R: a run of ES10a/b/c requests (SGP.22 5.7, SGP.32 5.9) straight to
//! `Euicc::try_process_es10`, as the APDU layer hands them over. The first octet's low bit
//! picks a consumer or an IoT eUICC; the rest is requests, each a 2-byte length and its
//! octets.
//!
//! Invariants: a response is nothing or one message of the registry in DER (it decodes and
//! re-encodes to itself); a refusal is a status word; after any run the eUICC still answers
//! GetEUICCChallenge.
#![no_main]

use euicc_sim::Es10Processor;
use libfuzzer_sys::fuzz_target;
use proto::registry;
use rsp_fuzz::{bounded, frames, is_sw1, with_euicc};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, requests)) = data.split_first() else {
        return;
    };
    with_euicc(mode & 1 == 1, |card| {
        bounded(data.len(), 4 << 20, 512, || {
            for request in frames(requests) {
                match card.try_process_es10(request) {
                    Ok(response) if response.is_empty() => {}
                    Ok(response) => {
                        let (entry, decoded) = registry::detect(&response).unwrap_or_else(|e| {
                            panic!(
                                "response {} is no known message: {e}",
                                hex::encode(&response)
                            )
                        });
                        assert_eq!(decoded.reencoded, response, "{} is not DER", entry.name);
                    }
                    Err(e) => {
                        let sw = e.status_word();
                        assert!(is_sw1((sw >> 8) as u8), "status word {sw:04X}");
                    }
                }
            }
            let challenge = card
                .try_process_es10(&[0xBF, 0x2E, 0x00])
                .expect("GetEUICCChallenge after the run");
            assert!(challenge.starts_with(&[0xBF, 0x2E]));
        })
    });
});
