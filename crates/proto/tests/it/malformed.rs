//! Malformed input never panics (ARCHITECTURE.md, "The roles and the wire between them":
//! every refusal is an error, never a crash): what the robustness tests of each ASN.1
//! module (`sgp22::robustness`, `sgp32::robustness`) feed every decoder of the module —
//! each sample truncated at every length, with bits flipped, with an octet that makes a
//! length indefinite, long or huge, and random octets behind the module's own tags. The
//! decoders must return `Ok` or `Err`.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// What is run over each input: every decoder of a module and whatever else reads it.
pub(crate) type Decode = fn(&[u8]);

/// 512 cases a property, no regression files (a failure prints its shrunk input).
fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 512,
        failure_persistence: None,
        ..Config::default()
    })
}

fn one_of(samples: &[(&'static str, Vec<u8>)]) -> impl Strategy<Value = Vec<u8>> + use<> {
    let ders: Vec<Vec<u8>> = samples.iter().map(|(_, der)| der.clone()).collect();
    (0..ders.len()).prop_map(move |i| ders[i].clone())
}

/// Every sample cut at every length.
pub(crate) fn truncations(samples: &[(&'static str, Vec<u8>)], decode: Decode) {
    for (_, der) in samples {
        for end in 0..der.len() {
            decode(&der[..end]);
        }
    }
}

/// A sample with one to three bits flipped.
pub(crate) fn bit_flips(samples: &[(&'static str, Vec<u8>)], decode: Decode) {
    let flips = prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..4);
    runner()
        .run(&(one_of(samples), flips), |(mut data, flips)| {
            for (at, bit) in flips {
                let i = at.index(data.len());
                data[i] ^= 1 << bit;
            }
            decode(&data);
            Ok(())
        })
        .unwrap();
}

/// A sample with one octet overwritten by a value that makes a length indefinite, long or
/// huge.
pub(crate) fn spliced_lengths(samples: &[(&'static str, Vec<u8>)], decode: Decode) {
    let byte = prop_oneof![
        Just(0x00u8),
        Just(0x7F),
        Just(0x80),
        Just(0x81),
        Just(0x84),
        Just(0xFF),
        any::<u8>()
    ];
    runner()
        .run(
            &(one_of(samples), any::<prop::sample::Index>(), byte),
            |(mut data, at, byte)| {
                let i = at.index(data.len());
                data[i] = byte;
                decode(&data);
                Ok(())
            },
        )
        .unwrap();
}

/// Random contents behind one of `tags` (or up to two random octets), and alone.
pub(crate) fn random_octets(tags: &[&[u8]], decode: Decode) {
    let tags: Vec<Vec<u8>> = tags.iter().map(|t| t.to_vec()).collect();
    let tag = prop_oneof![
        (0..tags.len()).prop_map(move |i| tags[i].clone()),
        prop::collection::vec(any::<u8>(), 0..3),
    ];
    let body = prop::collection::vec(any::<u8>(), 0..300);
    runner()
        .run(&(tag, body), |(mut data, body)| {
            proto::der::encode_length(body.len(), &mut data);
            data.extend_from_slice(&body);
            decode(&data);
            decode(&body);
            Ok(())
        })
        .unwrap();
}
