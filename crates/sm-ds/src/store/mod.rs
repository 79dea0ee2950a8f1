//! Persistent state of the SM-DS (ARCHITECTURE.md "Storage rules"): Event Records and ES11
//! sessions in SQLite or PostgreSQL through [`storage::Db`], the schema in `migrations/`.
//! Every function is synchronous and takes the [`Tx`] of one transaction; handlers run their
//! cryptography outside any transaction and write once.

pub(crate) mod events;
pub(crate) mod outbox;
pub(crate) mod retention;
pub(crate) mod sessions;

pub(crate) use storage::{Db, StoreError, Tx, duration_ms, now_ms, random_bytes};

/// The migrations of the SM-DS schema, in version order.
pub(crate) const MIGRATIONS: &[storage::Migration] = &[
    storage::Migration::new(
        1,
        "initial",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    storage::Migration::new(
        2,
        "ES15 outbox",
        include_str!("../../migrations/0002_forward_outbox.sql"),
    ),
];
