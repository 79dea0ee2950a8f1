//! The software eUICC's integration tests, filed by specification section where they check one.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod apdu_common;
mod common;
mod iot_common;
mod m2m_common;

mod apdu_card;
mod apdu_fuzz;
mod robustness;
mod sgp02;
mod sgp22;
mod sgp32;
mod state_file;
mod transport;
mod uicc;
