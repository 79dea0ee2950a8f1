//! Malformed input never panics ([`crate::malformed`]): every registered `RSPDefinitions`
//! decoder is fed truncated, bit-flipped and random octets, and must return `Ok` or `Err`.

use crate::malformed;
use crate::sgp22_samples;

use proto::registry;
use proto::sgp22::TYPES;

/// Runs every decoder of the module, and tag detection, over `data`.
fn decode_with_every_type(data: &[u8]) {
    for entry in TYPES {
        let _ = (entry.decode)(data);
    }
    let _ = registry::detect(data);
}

/// The module's own tags, behind which random octets are put.
const TAGS: &[&[u8]] = &[
    &[0xBF, 0x36],
    &[0xBF, 0x37],
    &[0xBF, 0x38],
    &[0xBF, 0x22],
    &[0xA2],
    &[0xE3],
    &[0x30],
];

#[test]
fn sgp22_every_decoder_survives_every_truncation_of_every_sample() {
    malformed::truncations(&sgp22_samples::samples(), decode_with_every_type);
}

#[test]
fn sgp22_decoders_survive_bit_flips() {
    malformed::bit_flips(&sgp22_samples::samples(), decode_with_every_type);
}

#[test]
fn sgp22_decoders_survive_spliced_lengths() {
    malformed::spliced_lengths(&sgp22_samples::samples(), decode_with_every_type);
}

#[test]
fn sgp22_decoders_survive_random_octets() {
    malformed::random_octets(TAGS, decode_with_every_type);
}
