//! Persistent state of the SM-SR (ARCHITECTURE.md "Storage rules"): EISs with the ISD-R's
//! keys, profiles, operations with their ES5 commands, Default Notifications received and
//! the notifications owed to operators, in SQLite or PostgreSQL through [`storage::Db`]
//! (schema in `migrations/`). Every function is synchronous and takes the [`Tx`] of one
//! transaction.

pub(crate) mod changes;
pub(crate) mod eis;
pub(crate) mod keys;
pub(crate) mod notifications;
pub(crate) mod operations;
#[cfg(test)]
mod plans;
pub(crate) mod replies;
pub(crate) mod retention;

pub(crate) use storage::{Db, StoreError, Tx, duration_ms, now_ms};

/// The migrations of the SM-SR schema, in version order.
pub(crate) const MIGRATIONS: &[storage::Migration] = &[
    storage::Migration::new(
        1,
        "initial",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    storage::Migration::new(
        2,
        "replies",
        include_str!("../../migrations/0002_replies.sql"),
    ),
    storage::Migration::new(
        3,
        "mno_delivery",
        include_str!("../../migrations/0003_mno_delivery.sql"),
    ),
    storage::Migration::new(
        4,
        "smsr_change",
        include_str!("../../migrations/0004_smsr_change.sql"),
    ),
    storage::Migration::new(
        5,
        "smdp_notifications",
        include_str!("../../migrations/0005_smdp_notifications.sql"),
    ),
    storage::Migration::new(
        6,
        "command_queue",
        include_str!("../../migrations/0006_command_queue.sql"),
    ),
];

/// A new row identifier: 16 random octets as hex.
pub(crate) fn new_id() -> Result<String, StoreError> {
    Ok(hex::encode(storage::random_bytes::<16>()?))
}
