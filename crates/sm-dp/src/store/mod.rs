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
pub(crate) mod sgp02;

pub(crate) use storage::{Db, StoreError, Tx, duration_ms, new_id, now_ms, random_bytes};

pub use history::HistoryEntry;
pub use notifications::NotificationRecord;
pub use orders::{Order, OrderStatus};
pub use outbox::OutboxEntry;
pub use profiles::{Profile, ProfileType};
pub(crate) use sessions::Session;
pub use sessions::SessionStep;
pub use sgp02::{Sgp02Download, Sgp02State};

/// The migrations of the SM-DP+ schema, in version order.
pub(crate) const MIGRATIONS: &[storage::Migration] = &[
    storage::Migration::new(
        1,
        "initial",
        include_str!("../../migrations/0001_initial.sql"),
    ),
    storage::Migration::new(
        2,
        "binary columns",
        include_str!("../../migrations/0002_binary_columns.sql"),
    )
    .or_on_postgres(include_str!(
        "../../migrations/0002_binary_columns.postgres.sql"
    )),
    storage::Migration::new(
        3,
        "stock in ICCID order",
        include_str!("../../migrations/0003_stock_order.sql"),
    ),
    storage::Migration::new(
        4,
        "packages apart",
        include_str!("../../migrations/0004_packages_apart.sql"),
    ),
    storage::Migration::new(
        5,
        "order terms",
        include_str!("../../migrations/0005_order_terms.sql"),
    ),
    storage::Migration::new(
        6,
        "profile policy rules",
        include_str!("../../migrations/0006_profile_policy_rules.sql"),
    ),
    storage::Migration::new(
        7,
        "profile icons",
        include_str!("../../migrations/0007_profile_icons.sql"),
    ),
    storage::Migration::new(
        8,
        "SM-DS events of orders, outbox entry kinds",
        include_str!("../../migrations/0008_smds_events.sql"),
    ),
    storage::Migration::new(
        9,
        "SGP.02 downloads",
        include_str!("../../migrations/0009_sgp02_downloads.sql"),
    ),
];

/// The SM-DP+ database.
pub(crate) type Store = Db;
