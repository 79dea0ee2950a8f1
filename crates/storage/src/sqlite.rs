//! SQLite through rusqlite (the library compiled in): WAL journal so readers never wait for
//! the writer, `synchronous = NORMAL` by default (a commit survives the process being
//! killed; `full` also survives power loss), foreign keys on, a busy timeout for locks held
//! by other processes, prepared statements cached per connection and planned once
//! (the query planner stability guarantee, see [`SqliteConnection::open`]).
//!
//! A failed COMMIT (disk full, I/O error) may leave SQLite inside the transaction or may
//! have rolled it back (SQLite's documentation says either can happen): the connection
//! rolls back whatever is still open and checks that it is back in autocommit mode, and is
//! replaced when it is not. A later transaction therefore never runs nested inside a
//! forgotten one — the defect of issue 11, where every call after one "disk full" answered
//! success while nothing reached the file.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::types::ValueRef;
use rusqlite::{ErrorCode, OpenFlags};

use crate::connection::{Access, Connection};
use crate::error::StoreError;
use crate::row::Row;
use crate::sql::sqlite_placeholders;
use crate::value::{Param, Value};

/// How long a statement waits for a lock another process holds.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Durability of a commit (`PRAGMA synchronous`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Synchronous {
    /// WAL is written at commit and synced at checkpoints: a commit survives the process
    /// being killed, the last ones may be lost on power loss.
    #[default]
    Normal,
    /// WAL synced at every commit: also survives power loss.
    Full,
}

/// Where and how to open the file.
#[derive(Clone, Debug)]
pub(crate) struct SqliteTarget {
    pub path: Option<PathBuf>,
    pub synchronous: Synchronous,
    /// A cap on the file's size in pages (`PRAGMA max_page_count`).
    pub max_pages: Option<u64>,
    pub read_only: bool,
    /// Checkpoints are left to the checkpointer thread ([`checkpoint`]); the writer only
    /// checkpoints itself past this many WAL pages (a fallback).
    pub autocheckpoint_pages: u32,
    /// How long a statement waits for a lock ([`BUSY_TIMEOUT`]; zero for the connections
    /// lent to the calling thread, which never wait: [`crate::Db::read_inline`]).
    pub busy_timeout: Duration,
}

/// The file a `sqlite:` URL names (`sqlite://PATH?mode=rwc`, `sqlite:PATH`, `sqlite::memory:`).
pub(crate) fn path_of(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let rest = rest.split('?').next().unwrap_or(rest);
    if rest.is_empty() || rest == ":memory:" {
        None
    } else {
        Some(PathBuf::from(rest))
    }
}

pub(crate) struct SqliteConnection {
    conn: rusqlite::Connection,
    broken: bool,
    spellings: Spellings,
    /// Opened read-only (a reader): SQLite's `query_only` is on for good.
    read_only: bool,
    /// A read transaction runs on this writable connection: statements that write are
    /// refused before they run ([`refuse_write`]).
    reading: bool,
}

/// Statements as SQLite reads them ([`sqlite_placeholders`]), by their text as written: a
/// statement is rewritten once per connection instead of on every execution (rewriting
/// the common `UPDATE ... SET a = $2 WHERE k = $1` cost 2 % of a fleet's instructions).
/// Texts built at run time could grow it without end, so it starts over when full.
#[derive(Default)]
struct Spellings(HashMap<Box<str>, Option<Box<str>>, foldhash::fast::RandomState>);

impl Spellings {
    /// Distinct statement texts kept (the roles write a few hundred).
    const MAX: usize = 1024;

    /// `sql` in SQLite's spelling.
    fn of<'a>(&'a mut self, sql: &'a str) -> &'a str {
        if !self.0.contains_key(sql) {
            if self.0.len() >= Self::MAX {
                self.0.clear();
            }
            let spelled = match sqlite_placeholders(sql) {
                Cow::Borrowed(_) => None,
                Cow::Owned(s) => Some(s.into_boxed_str()),
            };
            self.0.insert(sql.into(), spelled);
        }
        match self.0.get(sql) {
            Some(Some(spelled)) => spelled,
            _ => sql,
        }
    }
}

/// A read transaction on the writer connection (a database without reader threads) may
/// not write: a statement that would is refused before it runs (`sqlite3_stmt_readonly`, one
/// call; `PRAGMA query_only` toggled per transaction cost more than reading on the writer
/// saved).
fn refuse_write(reading: bool, stmt: &rusqlite::CachedStatement<'_>) -> Result<(), StoreError> {
    if reading && !stmt.readonly() {
        return Err(StoreError::Sql(
            "a read-only transaction may not write".into(),
        ));
    }
    Ok(())
}

fn classify(e: rusqlite::Error) -> StoreError {
    let text = e.to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StoreError::Full(text),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy(text),
        Some(ErrorCode::ConstraintViolation) => StoreError::Constraint(text),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt(text),
        Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen | ErrorCode::ReadOnly) => {
            StoreError::Unavailable(text)
        }
        _ => StoreError::Sql(text),
    }
}

fn bind(stmt: &mut rusqlite::CachedStatement<'_>, params: &[Param<'_>]) -> Result<(), StoreError> {
    for (i, p) in params.iter().enumerate() {
        let at = i + 1;
        let r = match *p {
            Param::Null => stmt.raw_bind_parameter(at, rusqlite::types::Null),
            Param::Int(v) => stmt.raw_bind_parameter(at, v),
            Param::Text(v) => stmt.raw_bind_parameter(at, v),
            Param::Blob(v) => stmt.raw_bind_parameter(at, v),
        };
        r.map_err(classify)?;
    }
    Ok(())
}

fn value(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        // The schemas have no REAL columns; an aggregate may still give one.
        ValueRef::Real(f) => Value::Int(f as i64),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

impl SqliteConnection {
    pub(crate) fn open(t: &SqliteTarget) -> Result<SqliteConnection, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = match &t.path {
            Some(p) => rusqlite::Connection::open_with_flags(p, flags),
            None => rusqlite::Connection::open_in_memory(),
        }
        .map_err(|e| StoreError::Unavailable(format!("{}: {e}", display(t.path.as_deref()))))?;
        conn.busy_timeout(t.busy_timeout).map_err(classify)?;
        conn.set_prepared_statement_cache_capacity(256);
        // A cached statement keeps its plan whatever its parameters are bound to. Without
        // this, SQLite (3.51, built with STAT4 as rusqlite bundles it) plans a `LIMIT $n`,
        // and any parameter compared with an indexed column once statistics exist, for the
        // values bound, and so parses and plans the statement again on every execution
        // after a new binding: the SM-DP+'s outbox query was re-prepared on every call.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .map_err(classify)?;
        let sync = match t.synchronous {
            Synchronous::Normal => "NORMAL",
            Synchronous::Full => "FULL",
        };
        let mut pragmas = format!(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = {sync}; PRAGMA foreign_keys = ON; \
             PRAGMA temp_store = MEMORY;"
        );
        if let Some(pages) = t.max_pages {
            pragmas.push_str(&format!(" PRAGMA max_page_count = {pages};"));
        }
        if t.read_only {
            pragmas.push_str(" PRAGMA query_only = 1;");
        } else {
            pragmas.push_str(&format!(
                " PRAGMA wal_autocheckpoint = {};",
                t.autocheckpoint_pages
            ));
        }
        conn.execute_batch(&pragmas).map_err(classify)?;
        Ok(SqliteConnection {
            conn,
            broken: false,
            spellings: Spellings::default(),
            read_only: t.read_only,
            reading: false,
        })
    }

    /// BEGIN or COMMIT from the statement cache: `execute_batch` parsed the text again on
    /// every transaction (0.6 % of a fleet run's instructions).
    fn control(&mut self, sql: &str) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(classify)?;
        stmt.raw_execute().map(|_| ()).map_err(classify)
    }

    fn note(&mut self, e: StoreError) -> StoreError {
        // SQLITE_READONLY on a reader (opened with `query_only`) is a read transaction that
        // tried to write: the caller's error, not a database that went away (no retry, no
        // new connection). On the writer such a statement never runs ([`refuse_write`]).
        let e = match e {
            StoreError::Unavailable(text) if self.read_only => {
                StoreError::Sql(format!("a read-only transaction: {text}"))
            }
            other => other,
        };
        if e.breaks_connection() {
            self.broken = true;
        }
        e
    }
}

fn display(p: Option<&Path>) -> String {
    p.map_or_else(|| ":memory:".to_string(), |p| p.display().to_string())
}

impl Connection for SqliteConnection {
    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError> {
        let reading = self.reading;
        let r = (|| {
            let sql = self.spellings.of(sql);
            let mut stmt = self.conn.prepare_cached(sql).map_err(classify)?;
            refuse_write(reading, &stmt)?;
            bind(&mut stmt, params)?;
            stmt.raw_execute().map_err(classify).map(|n| n as u64)
        })();
        r.map_err(|e| self.note(e))
    }

    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
        let reading = self.reading;
        let r = (|| {
            let sql = self.spellings.of(sql);
            let mut stmt = self.conn.prepare_cached(sql).map_err(classify)?;
            refuse_write(reading, &stmt)?;
            bind(&mut stmt, params)?;
            let n = stmt.column_count();
            let mut rows = stmt.raw_query();
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(classify)? {
                let mut values = Vec::with_capacity(n);
                for i in 0..n {
                    values.push(value(row.get_ref(i).map_err(classify)?));
                }
                out.push(Row::new(values));
            }
            Ok(out)
        })();
        r.map_err(|e| self.note(e))
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        let r = self.conn.execute_batch(sql).map_err(classify);
        r.map_err(|e| self.note(e))
    }

    fn begin(&mut self, access: Access) -> Result<(), StoreError> {
        let sql = match access {
            Access::Read => "BEGIN DEFERRED",
            Access::Write => "BEGIN IMMEDIATE",
        };
        self.refuse_writes(access == Access::Read);
        let r = self.control(sql);
        r.map_err(|e| self.note(e))
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        let r = self.control("COMMIT");
        self.reading = false;
        r.map_err(|e| self.note(e))
    }

    fn refuse_writes(&mut self, on: bool) {
        self.reading = on && !self.read_only;
    }

    fn rollback(&mut self) -> bool {
        self.reading = false;
        if !self.conn.is_autocommit() {
            // An error here (e.g. "no transaction is active" after SQLite rolled back on its
            // own) is judged by the state it leaves, checked next.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        if !self.conn.is_autocommit() {
            tracing::error!(
                "a SQLite connection stayed inside a transaction after ROLLBACK; it is replaced"
            );
            self.broken = true;
        }
        !self.broken
    }

    fn usable(&self) -> bool {
        !self.broken && self.conn.is_autocommit()
    }
}

/// Copies what the WAL holds into the database file without waiting for readers or the
/// writer (`wal_checkpoint(PASSIVE)`), so the writer never stalls on a checkpoint and its
/// fsync in the middle of a request.
pub(crate) fn checkpoint(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        .map_err(classify)
}

/// A connection for the checkpointer.
pub(crate) fn open_for_checkpoints(t: &SqliteTarget) -> Result<rusqlite::Connection, StoreError> {
    SqliteConnection::open(&SqliteTarget {
        read_only: false,
        ..t.clone()
    })
    .map(|c| c.conn)
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    use super::*;

    /// A statement is spelled for SQLite once and then found by its text; the memo stays
    /// bounded whatever texts come.
    #[test]
    fn spellings_are_remembered_and_bounded() {
        let mut s = Spellings::default();
        let out_of_order = "UPDATE t SET a = $2 WHERE k = $1";
        assert_eq!(s.of(out_of_order), "UPDATE t SET a = ?2 WHERE k = ?1");
        assert_eq!(s.of(out_of_order), "UPDATE t SET a = ?2 WHERE k = ?1");
        assert_eq!(s.of("SELECT $1, $2"), "SELECT $1, $2");
        assert_eq!(s.0.len(), 2);
        for i in 0..Spellings::MAX + 10 {
            let sql = format!("SELECT {i} WHERE b = $2 AND a = $1");
            assert_eq!(s.of(&sql), format!("SELECT {i} WHERE b = ?2 AND a = ?1"));
        }
        assert!(s.0.len() <= Spellings::MAX);
    }

    /// A statement with a bound LIMIT is planned once, not again on every execution.
    #[test]
    fn a_bound_limit_does_not_reprepare_the_cached_statement() {
        let mut c = SqliteConnection::open(&SqliteTarget {
            path: None,
            synchronous: Synchronous::Normal,
            max_pages: None,
            read_only: false,
            autocheckpoint_pages: 1000,
            busy_timeout: BUSY_TIMEOUT,
        })
        .expect("opens");
        c.batch(
            "CREATE TABLE t (a BIGINT, b BIGINT); CREATE INDEX t_a ON t (a); \
                 INSERT INTO t VALUES (1, 1), (2, 2), (3, 3);",
        )
        .expect("schema");
        let sql = "SELECT a FROM t WHERE b > $1 ORDER BY a LIMIT $2";
        for limit in [1i64, 2, 3, 2, 1] {
            let rows = c
                .query(sql, &[Param::Int(0), Param::Int(limit)])
                .expect("query");
            assert_eq!(rows.len(), usize::try_from(limit).expect("small"));
        }
        let stmt = c
            .conn
            .prepare_cached(&sqlite_placeholders(sql))
            .expect("cached");
        assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0);
    }
}
