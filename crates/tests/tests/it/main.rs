//! End-to-end tests across the roles on loopback with real TLS, filed by specification section where they check one.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod eim_held_orders;
mod eim_localization;
mod fault_kinds;
mod iot_esipa_coap;
mod iot_ipa_direct_download;
mod iot_ipa_recovery;
mod iot_localization;
mod lab_ledger;
mod lab_localization;
mod metrics;
mod sgp02;
mod sgp22;
mod sgp32;
