//! The storage layer's integration tests, on SQLite and (with `RSP_TEST_POSTGRES_URL`) PostgreSQL.
//!
//! One test binary for the crate: a module per subject, the support code as ordinary
//! modules beside them.

mod common;

mod durability;
mod group_commit;
mod inline_read;
mod migrations;
mod test_databases;
mod transactions;
