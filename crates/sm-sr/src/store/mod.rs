//! Persistent state of the eIM (DESIGN.md "Storage"): devices with their counter,
//! association token, certificates, profiles, location history and events; the package
//! queue; operations; notifications being forwarded; relayed download sessions. One SQL code
//! path over SQLite or PostgreSQL (`infra::db`); the schema is `migrations/` of this crate.
//!
//! State that must not be lost is committed before the answer that depends on it: a package
//! gets its counterValue and signature in the transaction that marks it sent, and the answer
//! carrying it is built after the commit.

pub mod devices;
pub mod events;
pub mod notifications;
pub mod operations;
pub mod packages;
pub mod relay;

use infra::db::{self, DbError, EmbeddedMigration, Pool};
use ring::rand::{SecureRandom, SystemRandom};

pub use devices::{Device, DeviceProfile};
pub use events::{Event, Location};
pub use notifications::NotificationRecord;
pub use operations::{Operation, OperationState};
pub use packages::{Package, PackageKind, PackageState};
pub use relay::RelaySession;

/// A database transaction.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The migrations of the eIM schema, in version order.
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

/// The eIM database.
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

/// `N` random octets from the system generator.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut out = [0u8; N];
    SystemRandom::new()
        .fill(&mut out)
        .map_err(|_| StoreError::Random)?;
    Ok(out)
}

/// A fresh identifier for rows without a natural key (hex of 16 random octets).
pub fn new_id() -> Result<String, StoreError> {
    Ok(hex::encode(random_bytes::<16>()?))
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

pub(crate) fn parse_json(what: &'static str, s: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(s).map_err(|e| StoreError::corrupt(what, e))
}
