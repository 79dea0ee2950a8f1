//! The SM-DS's integration tests, on loopback with real TLS and a real database; the
//! conformance tests are filed by SGP.22 section.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod support;

mod configuration;
mod metrics;
mod retention;
mod scale_out;
mod seeding;
mod sgp22;
