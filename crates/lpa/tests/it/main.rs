//! The LPA's integration tests, filed by specification section where they check one.
//!
//! One test binary for the crate. The support code is the card crate's own (a lab PKI, a
//! test SM-DP+, profiles), included from there rather than copied.

#[path = "../../../euicc-sim/tests/it/common/mod.rs"]
#[allow(dead_code)]
mod common;

mod es10_over_apdus;
