//! The IPA's integration tests, filed by specification section.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them. The eUICC support (a lab PKI, a test SM-DP+, an IoT eUICC with its
//! eIM) is the card crate's own, included from there rather than copied.

#[path = "../../../euicc-sim/tests/it/common/mod.rs"]
#[allow(dead_code)]
mod common;
mod fake_eim;
#[path = "../../../euicc-sim/tests/it/iot_common/mod.rs"]
#[allow(dead_code)]
mod iot_common;

mod sgp32;
