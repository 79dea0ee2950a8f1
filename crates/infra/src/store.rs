//! What the SM-DP+ and the eIM stores share: a pool with the role's migrations applied,
//! transactions, the error of a storage operation, and random identifiers. Each role keeps
//! its schema (`migrations/`) and its queries; this is only the frame around them.

use ring::rand::{SecureRandom, SystemRandom};

use crate::db::{self, DbError, EmbeddedMigration, Pool};

/// A database transaction.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

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
    /// A stored value that does not parse as what was written.
    pub fn corrupt(what: &'static str, detail: impl ToString) -> StoreError {
        StoreError::Corrupt {
            what,
            detail: detail.to_string(),
        }
    }
}

/// A role's database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
}

impl Store {
    /// Connects to `url` (`sqlite://...` or `postgres://...`) and applies `migrations`.
    pub async fn open(url: &str, migrations: &[EmbeddedMigration]) -> Result<Store, StoreError> {
        let pool = db::connect(url, 16).await?;
        db::migrate(&pool, migrations).await?;
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
