//! Support for the fuzz targets in `fuzz_targets/`: the allocation bound every target runs
//! under, input framing, the DER round-trip check, refusal checks shared by the server
//! targets, and a lab eUICC.
//!
//! Each target asserts invariants, not only "no panic": decoders round-trip (a value that
//! decodes re-encodes to the octets received, DER having one encoding per value), refusals
//! are the spec's own answers, and no input makes a decoder allocate more than a bound
//! linear in its length ([`bounded`]).

mod alloc;
mod card;
mod checks;
mod frames;
mod selectors;

pub use alloc::bounded;
pub use card::{assert_card_answers, is_sw1, with_euicc};
pub use checks::{
    assert_asn1_refusal, assert_der_round_trip, assert_json_refusal, assert_members, start_decode,
};
pub use frames::{Frames, frames};
pub use selectors::Selectors;
