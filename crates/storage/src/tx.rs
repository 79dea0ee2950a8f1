//! [`Tx`]: the statements of one transaction, run synchronously on a database thread.
//!
//! A statement that fails marks the transaction: it is rolled back whatever the closure
//! returns (PostgreSQL would turn its COMMIT into a silent rollback anyway), so a store that
//! swallows an error can never have a partial transaction acknowledged.

use crate::connection::{Backend, Connection};
use crate::error::StoreError;
use crate::row::FromRow;
use crate::value::{Param, ToParam};

/// One transaction.
pub struct Tx<'c> {
    conn: &'c mut dyn Connection,
    backend: Backend,
    pub(crate) failure: Option<StoreError>,
}

impl<'c> Tx<'c> {
    pub(crate) fn new(conn: &'c mut dyn Connection, backend: Backend) -> Tx<'c> {
        Tx {
            conn,
            backend,
            failure: None,
        }
    }

    /// The backend, for the rare statement whose spelling differs.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn note<T>(&mut self, r: Result<T, StoreError>) -> Result<T, StoreError> {
        if let Err(e) = &r {
            if self.failure.is_none() {
                self.failure = Some(e.clone());
            }
        }
        r
    }

    fn params<'p>(params: &'p [&'p dyn ToParam]) -> Vec<Param<'p>> {
        params.iter().map(|p| p.to_param()).collect()
    }

    /// Runs a statement; returns the number of rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[&dyn ToParam]) -> Result<u64, StoreError> {
        let p = Self::params(params);
        let r = self.conn.execute(sql, &p);
        self.note(r)
    }

    /// Every row of a query.
    pub fn query<R: FromRow>(
        &mut self,
        sql: &str,
        params: &[&dyn ToParam],
    ) -> Result<Vec<R>, StoreError> {
        let p = Self::params(params);
        let r = self
            .conn
            .query(sql, &p)
            .and_then(|rows| rows.into_iter().map(R::from_row).collect());
        self.note(r)
    }

    /// The first row of a query, if any.
    pub fn query_opt<R: FromRow>(
        &mut self,
        sql: &str,
        params: &[&dyn ToParam],
    ) -> Result<Option<R>, StoreError> {
        let p = Self::params(params);
        let r = self
            .conn
            .query(sql, &p)
            .and_then(|rows| rows.into_iter().next().map(R::from_row).transpose());
        self.note(r)
    }

    /// The first row of a query, which must exist.
    pub fn query_one<R: FromRow>(
        &mut self,
        sql: &str,
        params: &[&dyn ToParam],
    ) -> Result<R, StoreError> {
        let r = self
            .query_opt(sql, params)?
            .ok_or_else(|| StoreError::Sql(format!("no row for: {sql}")));
        self.note(r)
    }
}

impl Tx<'_> {
    /// Runs a script of statements without parameters (schema migrations).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        let r = self.conn.batch(sql);
        self.note(r)
    }
}
