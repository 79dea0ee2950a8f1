//! Persistent state of the SM-DS (ARCHITECTURE.md "Storage rules"): Event Records and ES11
//! sessions in SQLite or PostgreSQL through [`storage::Db`], the schema in `migrations/`.
//! Every function is synchronous and takes the [`Tx`] of one transaction; handlers run their
//! cryptography outside any transaction and write once.

pub(crate) mod events;
pub(crate) mod outbox;
pub(crate) mod retention;
pub(crate) mod sessions;

pub(crate) use storage::{Db, StoreError, Tx, now_ms, random_bytes};

/// The migrations of the SM-DS schema, in version order.
pub(crate) const MIGRATIONS: &[storage::Migration] = &[
    storage::Migration {
        version: 1,
        description: "initial",
        sql: include_str!("../../migrations/0001_initial.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 2,
        description: "ES15 outbox",
        sql: include_str!("../../migrations/0002_forward_outbox.sql"),
        postgres: None,
    },
];

/// A duration in milliseconds, saturating.
pub(crate) fn duration_ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}
