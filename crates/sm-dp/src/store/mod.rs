//! Persistent state of the SM-DP+ (DESIGN.md "Storage"): profile types and profiles with
//! their history, download orders, ES9+ sessions, received notifications and the outbox of
//! operator notifications. One SQL code path over SQLite or PostgreSQL (`infra::db`);
//! the schema is `migrations/` of this crate, embedded at build time.
//!
//! Every function that changes state takes a transaction; the ES9+ and ES2+ handlers commit
//! before they answer, so an answer never announces a state that a crash could lose.

pub mod history;
pub mod notifications;
pub mod orders;
pub mod outbox;
pub mod profiles;
pub mod sessions;

use std::time::{SystemTime, UNIX_EPOCH};

use infra::db::EmbeddedMigration;
pub use infra::store::{StoreError, Tx, random_bytes};

pub use history::HistoryEntry;
pub use notifications::NotificationRecord;
pub use orders::{Order, OrderStatus};
pub use outbox::OutboxEntry;
pub use profiles::{Profile, ProfileType};
pub use sessions::{Session, SessionStep};

/// The migrations of the SM-DP+ schema, in version order.
pub const MIGRATIONS: &[EmbeddedMigration] = &[EmbeddedMigration {
    version: 1,
    description: "initial",
    sql: include_str!("../../migrations/0001_initial.sql"),
}];

/// The SM-DP+ database.
pub type Store = infra::store::Store;

/// Connects to `url` (`sqlite://...` or `postgres://...`) and applies the SM-DP+ migrations.
pub async fn open(url: &str) -> Result<Store, StoreError> {
    Store::open(url, MIGRATIONS).await
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A duration in milliseconds, saturating.
pub fn duration_ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

/// A fresh identifier for rows without a natural key (hex of 16 random octets).
pub(crate) fn new_id() -> Result<String, StoreError> {
    Ok(hex::encode(random_bytes::<16>()?))
}

pub(crate) fn flag(b: bool) -> i64 {
    i64::from(b)
}

pub(crate) fn decode_hex(what: &'static str, s: &str) -> Result<Vec<u8>, StoreError> {
    hex::decode(s).map_err(|e| StoreError::corrupt(what, e))
}

pub(crate) fn decode_hex_opt(
    what: &'static str,
    s: Option<String>,
) -> Result<Option<Vec<u8>>, StoreError> {
    s.map(|s| decode_hex(what, &s)).transpose()
}
