//! The SM-DP+'s integration tests, on loopback with real TLS; the conformance tests are filed by SGP.22 section.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod support;

mod configuration;
mod database_outage;
mod inventory;
mod order_list;
mod retention;
mod scale_out;
mod sgp02;
mod sgp22;
mod storage_faults;
