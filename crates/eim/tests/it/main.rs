//! The eIM's integration tests, on loopback with real TLS; the conformance tests are filed by SGP.32 section.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod dashboard;
mod esipa_coap;
mod fleet_snapshot;
mod policy_residency;
mod scale_out;
mod sgp32;
