//! The lab PKI's integration tests: generation in the SGP.26 layout, both curve sets, the SM-DS and SM-SR credentials, SGP.26's own test certificates.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod curve_sets;
mod generate;
mod sgp26_reference;
mod smds;
mod smsr;
