//! The crate's integration tests, one binary, filed by what they check.

mod key_establishment;
mod pysim_vectors;
mod round_trip;
mod scp03t;
mod support;
