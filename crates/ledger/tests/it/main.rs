//! The roaming ledger's integration tests: RFC 9162 proofs, settlement, tampering found by `verify`.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod common;

mod rfc9162_merkle;
mod settlement;
mod tamper;
