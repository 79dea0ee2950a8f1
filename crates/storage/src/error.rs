//! Why a storage operation failed, classified so that each role can answer with its
//! interface's own error and decide what may be retried.

/// A storage failure.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The URL names no backend this crate has.
    #[error("database URL {0:?} is neither sqlite: nor postgres:")]
    Url(String),
    /// No space left for the write (SQLITE_FULL, the configured size cap, PostgreSQL 53100).
    #[error("the database is full: {0}")]
    Full(String),
    /// The database cannot be reached or opened (I/O error, connection refused or lost
    /// before the commit).
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// Another process held a lock longer than the busy timeout.
    #[error("the database is busy: {0}")]
    Busy(String),
    /// Concurrent transactions conflicted (PostgreSQL serialization failure or deadlock)
    /// and the retries were used up.
    #[error("transactions conflicted: {0}")]
    Conflict(String),
    /// A uniqueness, foreign-key or check constraint refused the write.
    #[error("a constraint refused the write: {0}")]
    Constraint(String),
    /// The connection broke during COMMIT: the transaction may or may not be stored, so
    /// nothing that depends on it may be answered.
    #[error("the outcome of the commit is unknown: {0}")]
    CommitUnknown(String),
    /// A statement of the transaction failed before and the transaction was not committed.
    #[error("the transaction was abandoned after a failed statement: {0}")]
    Abandoned(String),
    /// The database file or its pages do not read as a database.
    #[error("the database is corrupt: {0}")]
    Corrupt(String),
    /// Any other failure the database reports for a statement.
    #[error("database: {0}")]
    Sql(String),
    /// A stored value does not read as what was written.
    #[error("stored value: {0}")]
    Decode(String),
    /// A migration could not be applied.
    #[error("migration {version}: {detail}")]
    Migration {
        /// The migration's version.
        version: i64,
        /// What went wrong.
        detail: String,
    },
    /// The system random generator failed.
    #[error("the system random generator failed")]
    Random,
    /// The database threads have stopped (the store is shutting down).
    #[error("the database threads have stopped")]
    Stopped,
}

impl StoreError {
    /// A stored value `what` that does not parse.
    pub fn corrupt(what: &str, detail: impl std::fmt::Display) -> StoreError {
        StoreError::Decode(format!("{what}: {detail}"))
    }

    /// Whether running the whole transaction again may succeed: it was not committed and
    /// failed for a reason of the moment (conflict with another transaction, a connection
    /// lost before COMMIT).
    pub fn retryable(&self) -> bool {
        matches!(self, StoreError::Conflict(_) | StoreError::Unavailable(_))
    }

    /// Whether the connection that saw this error should be replaced.
    pub(crate) fn breaks_connection(&self) -> bool {
        matches!(
            self,
            StoreError::Unavailable(_) | StoreError::Corrupt(_) | StoreError::CommitUnknown(_)
        )
    }
}
