//! Malformed input never panics (DESIGN "Protocol rules"): every registered
//! `SGP32Definitions` decoder, and the ESep signature helpers on what decodes, are fed
//! truncated, bit-flipped and random octets, and must return `Ok` or `Err`.

use crate::sgp32_samples;

use proptest::prelude::*;
use proto::der::Asn1;
use proto::registry;
use proto::sgp32::{
    EsipaMessageFromEimToIpa, EsipaMessageFromIpaToEim, EuiccPackageRequest, EuiccPackageResult,
    TYPES,
};

/// Runs every decoder of the module, tag detection and the signature inputs over `data`.
fn decode_with_every_type(data: &[u8]) {
    for entry in TYPES {
        let _ = (entry.decode)(data);
    }
    let _ = registry::detect(data);
    if let Ok(request) = EuiccPackageRequest::from_der(data) {
        let _ = request.signed_data(i64::MAX);
    }
    if let Ok(result) = EuiccPackageResult::from_der(data) {
        let _ = result.signed_data(i64::MIN);
    }
    let _ = EsipaMessageFromIpaToEim::from_der(data).map(|m| m.to_der());
    let _ = EsipaMessageFromEimToIpa::from_der(data).map(|m| m.to_json());
}

#[test]
fn sgp32_every_decoder_survives_every_truncation_of_every_sample() {
    for (_, der) in sgp32_samples::samples() {
        for end in 0..der.len() {
            decode_with_every_type(&der[..end]);
        }
    }
}

fn sample_and_input() -> impl Strategy<Value = (usize, Vec<u8>)> {
    let samples = sgp32_samples::samples();
    let count = samples.len();
    (0..count).prop_map(move |i| (i, samples[i].1.clone()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn sgp32_decoders_survive_bit_flips(
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
    fn sgp32_decoders_survive_spliced_lengths(
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
    fn sgp32_decoders_survive_random_octets(
        tag in prop_oneof![
            Just(vec![0xBFu8, 0x51]), Just(vec![0xBF, 0x52]), Just(vec![0xBF, 0x4F]),
            Just(vec![0xBF, 0x50]), Just(vec![0xBF, 0x4E]), Just(vec![0xBF, 0x54]),
            Just(vec![0xBF, 0x22]), Just(vec![0xBF, 0x3D]), Just(vec![0xE3]), Just(vec![0x30]),
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
