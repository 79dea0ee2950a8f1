//! Persistent state of the SM-DP+ (ARCHITECTURE.md "Storage rules"): profile types and profiles with
//! their history, download orders, ES9+ sessions, received notifications and the outbox of
//! operator notifications, in SQLite or PostgreSQL through [`storage::Db`]. The schema is
//! `migrations/` of this crate, embedded at build time.
//!
//! Every function here is synchronous and takes the [`Tx`] of a transaction that
//! [`storage::Db::write`] or [`storage::Db::read`] runs on a database thread; the ES9+ and
//! ES2+ handlers read what they need, do their cryptography outside any transaction, then
//! write in one short transaction that re-checks what it depends on and commits before they
//! answer, so an answer never announces a state that a crash could lose.

pub(crate) mod history;
pub(crate) mod notifications;
pub(crate) mod orders;
pub(crate) mod outbox;
pub(crate) mod profiles;
pub(crate) mod retention;
pub(crate) mod sessions;

pub(crate) use storage::{Db, StoreError, Tx, now_ms, random_bytes};

pub use history::HistoryEntry;
pub use notifications::NotificationRecord;
pub use orders::{Order, OrderStatus};
pub use outbox::OutboxEntry;
pub use profiles::{Profile, ProfileType};
pub(crate) use sessions::Session;
pub use sessions::SessionStep;

/// The migrations of the SM-DP+ schema, in version order.
pub(crate) const MIGRATIONS: &[storage::Migration] = &[
    storage::Migration {
        version: 1,
        description: "initial",
        sql: include_str!("../../migrations/0001_initial.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 2,
        description: "binary columns",
        sql: include_str!("../../migrations/0002_binary_columns.sql"),
        postgres: Some(include_str!(
            "../../migrations/0002_binary_columns.postgres.sql"
        )),
    },
    storage::Migration {
        version: 3,
        description: "stock in ICCID order",
        sql: include_str!("../../migrations/0003_stock_order.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 4,
        description: "packages apart",
        sql: include_str!("../../migrations/0004_packages_apart.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 5,
        description: "order terms",
        sql: include_str!("../../migrations/0005_order_terms.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 6,
        description: "profile policy rules",
        sql: include_str!("../../migrations/0006_profile_policy_rules.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 7,
        description: "profile icons",
        sql: include_str!("../../migrations/0007_profile_icons.sql"),
        postgres: None,
    },
    storage::Migration {
        version: 8,
        description: "SM-DS events of orders, outbox entry kinds",
        sql: include_str!("../../migrations/0008_smds_events.sql"),
        postgres: None,
    },
];

/// The SM-DP+ database.
pub(crate) type Store = Db;

/// A duration in milliseconds, saturating.
pub(crate) fn duration_ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

/// A fresh identifier for rows without a natural key (hex of 16 random octets).
pub(crate) fn new_id() -> Result<String, StoreError> {
    Ok(hex::encode(random_bytes::<16>()?))
}
