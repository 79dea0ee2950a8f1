//! The protocol core's integration tests: DER, the SGP.22 and SGP.32 messages, the JSON bindings, identifiers, cryptography, profile packages.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod corpus;
mod malformed;
mod sgp22_samples;
mod sgp32_samples;
mod sgp32_v1_0_samples;

mod crypto;
mod der;
mod ids;
mod json;
mod registry_detect;
mod saip;
mod sgp22;
mod sgp32;
