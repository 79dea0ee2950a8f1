//! The roles' databases (ARCHITECTURE.md "Storage rules"): one SQL code path over an embedded SQLite
//! file by default and PostgreSQL when configured by URL, with versioned migrations
//! embedded in the binary.
//!
//! - [`Db`] ([`pool`]): database threads, each owning a connection; a transaction is a
//!   closure run there from BEGIN to COMMIT ([`Db::write`], [`Db::read`]).
//! - `inline_read`: a short read on the calling thread with a lent connection
//!   ([`Db::read_inline`]), sparing two thread hand-offs.
//! - [`Tx`] ([`tx`]): the statements of a transaction; a failed statement dooms it.
//! - [`StoreError`] ([`error`]): failures classified (full, unavailable, conflict, commit
//!   outcome unknown, ...), so each interface answers with its own error code.
//! - [`Migration`] ([`migrate`]): schema versions with checksums.
//! - [`sql`]: the dialect (`$N` placeholders, `BLOB` columns) and its two spellings.
//!
//! Portability rules the schemas and queries follow: column types `BIGINT`, `TEXT` and
//! `BLOB` only (booleans as 0/1, times as Unix milliseconds), no auto-increment keys,
//! placeholders `$1, $2, ...`, no statement relying on an error to be continued after
//! (use `ON CONFLICT DO NOTHING`), claims as conditional `UPDATE`s.
//!
//! Durability: [`Db::write`] returns only after COMMIT succeeded; a COMMIT that failed is
//! rolled back and the connection checked (replaced when it cannot be brought back to a
//! clean state), so no later transaction can run inside a forgotten one.

#![forbid(unsafe_code)]

pub mod config;
pub mod connection;
pub mod error;
mod group;
mod inline_read;
pub mod migrate;
pub mod pool;
mod postgres;
pub mod row;
pub mod sql;
mod sqlite;
pub mod testing;
pub mod tx;
pub mod value;
mod worker;

use std::path::Path;

pub use config::{StorageConfig, StorageConfigError};
pub use connection::{Access, Backend};
pub use error::StoreError;
pub use group::GroupStats;
pub use migrate::Migration;
pub use pool::{Db, DbOptions};
pub use row::{FromRow, Row};
pub use sqlite::{BUSY_TIMEOUT, Synchronous};
pub use tx::Tx;
pub use value::{FromValue, Param, ToParam, Value};
pub use worker::TransactionObserver;

/// The `sqlite:` URL of a database file, created when missing.
pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// A URL without its password, for logs and errors.
pub fn url_for_display(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{}@{}", &url[..scheme + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// `N` random octets from the system generator (row identifiers, challenges).
pub fn random_bytes<const N: usize>() -> Result<[u8; N], StoreError> {
    use ring::rand::SecureRandom;
    let mut out = [0u8; N];
    ring::rand::SystemRandom::new()
        .fill(&mut out)
        .map_err(|_| StoreError::Random)?;
    Ok(out)
}

/// A fresh identifier for rows without a natural key: 16 random octets in lowercase hex.
pub fn new_id() -> Result<String, StoreError> {
    let octets = random_bytes::<16>()?;
    Ok(octets.iter().map(|o| format!("{o:02x}")).collect())
}

/// A duration in milliseconds as stored in a column, saturating well below `i64::MAX` (so
/// that sums of a time and a duration do not overflow).
pub fn duration_ms(d: std::time::Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
