//! Malformed input never panics ([`crate::malformed`]): every registered
//! `SGP32Definitions` decoder, and the ESep signature helpers on what decodes, are fed
//! truncated, bit-flipped and random octets, and must return `Ok` or `Err`.

use crate::malformed;
use crate::sgp32_samples;

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

/// The module's own tags, behind which random octets are put.
const TAGS: &[&[u8]] = &[
    &[0xBF, 0x51],
    &[0xBF, 0x52],
    &[0xBF, 0x4F],
    &[0xBF, 0x50],
    &[0xBF, 0x4E],
    &[0xBF, 0x54],
    &[0xBF, 0x22],
    &[0xBF, 0x3D],
    &[0xE3],
    &[0x30],
];

#[test]
fn sgp32_every_decoder_survives_every_truncation_of_every_sample() {
    malformed::truncations(&sgp32_samples::samples(), decode_with_every_type);
}

#[test]
fn sgp32_decoders_survive_bit_flips() {
    malformed::bit_flips(&sgp32_samples::samples(), decode_with_every_type);
}

#[test]
fn sgp32_decoders_survive_spliced_lengths() {
    malformed::spliced_lengths(&sgp32_samples::samples(), decode_with_every_type);
}

#[test]
fn sgp32_decoders_survive_random_octets() {
    malformed::random_octets(TAGS, decode_with_every_type);
}
