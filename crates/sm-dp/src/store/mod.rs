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

use infra::db::{self, DbError, EmbeddedMigration, Pool};
use ring::rand::{SecureRandom, SystemRandom};

pub use history::HistoryEntry;
pub use notifications::NotificationRecord;
pub use orders::{Order, OrderStatus};
pub use outbox::OutboxEntry;
pub use profiles::{Profile, ProfileType};
pub use sessions::{Session, SessionStep};

/// A database transaction.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The migrations of the SM-DP+ schema, in version order.
pub const MIGRATIONS: &[EmbeddedMigration] = &[EmbeddedMigration {
    version: 1,
    description: "initial",
    sql: include_str!("../../migrations/0001_initial.sql"),
}];

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("the system random generator failed")]
    Random,
    #[error("stored value {what} is corrupt: {detail}")]
    Corrupt { what: &'static str, detail: String },
}

impl StoreError {
    pub(crate) fn corrupt(what: &'static str, detail: impl ToString) -> StoreError {
        StoreError::Corrupt {
            what,
            detail: detail.to_string(),
        }
    }
}

/// The SM-DP+ database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
}

impl Store {
    /// Connects to `url` (`sqlite://...` or `postgres://...`) and applies the migrations.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let pool = db::connect(url, 16).await?;
        db::migrate(&pool, MIGRATIONS).await?;
        Ok(Store { pool })
    }

    /// The connection pool, for queries of one's own (tests, reports).
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(self.pool.begin().await?)
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await
    }
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

/// `N` random octets from the system generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut out = [0u8; N];
    SystemRandom::new()
        .fill(&mut out)
        .map_err(|_| StoreError::Random)?;
    Ok(out)
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
