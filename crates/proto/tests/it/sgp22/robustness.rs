//! Malformed input never panics (DESIGN "Protocol rules"): every registered `RSPDefinitions`
//! decoder is fed truncated, bit-flipped and random octets, and must return `Ok` or `Err`.

use crate::sgp22_samples;

use proptest::prelude::*;
use proto::registry;
use proto::sgp22::TYPES;

/// Runs every decoder of the module, and tag detection, over `data`.
fn decode_with_every_type(data: &[u8]) {
    for entry in TYPES {
        let _ = (entry.decode)(data);
    }
    let _ = registry::detect(data);
}

#[test]
fn sgp22_every_decoder_survives_every_truncation_of_every_sample() {
    for (_, der) in sgp22_samples::samples() {
        for end in 0..der.len() {
            decode_with_every_type(&der[..end]);
        }
    }
}

fn sample_and_input() -> impl Strategy<Value = (usize, Vec<u8>)> {
    let samples = sgp22_samples::samples();
    let count = samples.len();
    (0..count).prop_map(move |i| (i, samples[i].1.clone()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sgp22_decoders_survive_bit_flips(
        (_, der) in sample_and_input(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..4),
    ) {
        let mut data = der;
        for (at, bit) in flips {
            let i = at.index(data.len());
            data[i] ^= 1 << bit;
        }
        decode_with_every_type(&data);
    }

    #[test]
    fn sgp22_decoders_survive_spliced_lengths(
        (_, der) in sample_and_input(),
        at in any::<prop::sample::Index>(),
        byte in prop_oneof![Just(0x00u8), Just(0x7F), Just(0x80), Just(0x81), Just(0x84), Just(0xFF), any::<u8>()],
    ) {
        // Overwrites one octet with values that make lengths indefinite, long or huge.
        let mut data = der;
        let i = at.index(data.len());
        data[i] = byte;
        decode_with_every_type(&data);
    }

    #[test]
    fn sgp22_decoders_survive_random_octets(
        tag in prop_oneof![
            Just(vec![0xBFu8, 0x36]), Just(vec![0xBF, 0x37]), Just(vec![0xBF, 0x38]),
            Just(vec![0xBF, 0x22]), Just(vec![0xA2]), Just(vec![0xE3]), Just(vec![0x30]),
            prop::collection::vec(any::<u8>(), 0..3),
        ],
        body in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut data = tag;
        proto::der::encode_length(body.len(), &mut data);
        data.extend_from_slice(&body);
        decode_with_every_type(&data);
        decode_with_every_type(&body);
    }
}
