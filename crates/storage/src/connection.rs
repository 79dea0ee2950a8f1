//! One database connection as the database threads drive it: statements, transaction
//! control, and whether it is still fit for use after an error.

use crate::error::StoreError;
use crate::row::Row;
use crate::value::Param;

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (`sqlite:`).
    Sqlite,
    /// A PostgreSQL server (`postgres:`, `postgresql:`).
    Postgres,
}

impl Backend {
    /// The backend of `url` (`sqlite:` or `postgres:`/`postgresql:`).
    pub fn of(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Url(crate::url_for_display(url)))
        }
    }
}

/// What a transaction may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Reads only, from one consistent snapshot.
    Read,
    /// Reads and writes; SQLite takes the write lock at BEGIN so that a transaction that
    /// reads first never fails to upgrade its lock.
    Write,
}

impl Access {
    /// `read` or `write` (a metrics label).
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }
}

/// A connection of either backend.
pub(crate) trait Connection: Send {
    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError>;
    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError>;
    /// Runs a script of several statements without parameters (migrations).
    fn batch(&mut self, sql: &str) -> Result<(), StoreError>;
    fn begin(&mut self, access: Access) -> Result<(), StoreError>;
    fn commit(&mut self) -> Result<(), StoreError>;
    /// Rolls back whatever is open; false when the connection could not be brought back to
    /// a clean state and must be replaced.
    fn rollback(&mut self) -> bool;
    /// Whether the connection can serve another transaction.
    fn usable(&self) -> bool;
    /// Refuses (`on`) or allows again every statement that writes: a read transaction run
    /// on the SQLite writer (a database without reader threads) inside a group commit stays
    /// read-only. PostgreSQL's reads have connections of their own: nothing to do.
    fn refuse_writes(&mut self, _on: bool) {}
}
