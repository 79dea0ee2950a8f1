//! PostgreSQL through the synchronous `postgres` client on the database threads (each owns
//! one connection), without TLS (the lab's databases are local), prepared statements cached
//! per connection. Transactions that write run at READ COMMITTED, and every claim the stores
//! make is a conditional UPDATE that re-checks its condition under the row lock, so two
//! instances never claim the same row; serialization failures and deadlocks are retried by
//! the caller ([`crate::pool`]).

use std::collections::HashMap;
use std::error::Error as _;

use postgres::error::SqlState;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{NoTls, Statement};

use crate::connection::{Access, Connection};
use crate::error::StoreError;
use crate::row::Row;
use crate::value::{Param, Value};

pub(crate) struct PgConnection {
    client: postgres::Client,
    statements: HashMap<String, Statement>,
    broken: bool,
    in_transaction: bool,
}

/// What the server said (its message and SQLSTATE), or the client's error with its cause:
/// `postgres::Error`'s own text for a server error is only "db error".
pub(crate) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => match e.source() {
            Some(s) => format!("{e}: {s}"),
            None => e.to_string(),
        },
    }
}

fn classify(e: postgres::Error) -> StoreError {
    let text = describe(&e);
    if e.is_closed() {
        return StoreError::Unavailable(text);
    }
    match e.code() {
        Some(c)
            if *c == SqlState::T_R_SERIALIZATION_FAILURE
                || *c == SqlState::T_R_DEADLOCK_DETECTED =>
        {
            StoreError::Conflict(text)
        }
        Some(c) if *c == SqlState::DISK_FULL || *c == SqlState::PROGRAM_LIMIT_EXCEEDED => {
            StoreError::Full(text)
        }
        Some(c) if c.code().starts_with("23") => StoreError::Constraint(text),
        Some(c) if c.code().starts_with("08") || c.code().starts_with("57P") => {
            StoreError::Unavailable(text)
        }
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE => StoreError::Busy(text),
        Some(_) => StoreError::Sql(text),
        // No SQLSTATE: the connection or the protocol failed.
        None => StoreError::Unavailable(text),
    }
}

/// A parameter as PostgreSQL takes it: NULL fits any column; the others are checked
/// against the column's type when encoded.
#[derive(Debug)]
struct PgParam<'a>(Param<'a>);

impl ToSql for PgParam<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self.0 {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::BOOL => (v != 0).to_sql(ty, out),
                _ => Err(format!("an integer for a {ty} parameter").into()),
            },
            Param::Text(v) => v.to_sql(ty, out),
            Param::Blob(v) => v.to_sql(ty, out),
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn value(row: &postgres::Row, i: usize) -> Result<Value, StoreError> {
    let decode = |e: postgres::Error| StoreError::Decode(format!("column {i}: {e}"));
    let ty = row.columns()[i].type_();
    Ok(match *ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)
            .map_err(decode)?
            .map(Value::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)
            .map_err(decode)?
            .map(|v| Value::Int(i64::from(v))),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)
            .map_err(decode)?
            .map(|v| Value::Int(i64::from(v))),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)
            .map_err(decode)?
            .map(|v| Value::Int(i64::from(v))),
        Type::BYTEA => row
            .try_get::<_, Option<Vec<u8>>>(i)
            .map_err(decode)?
            .map(Value::Blob),
        Type::NUMERIC => {
            return Err(StoreError::Decode(format!(
                "column {i}: NUMERIC (cast aggregates to BIGINT)"
            )));
        }
        _ => row
            .try_get::<_, Option<String>>(i)
            .map_err(decode)?
            .map(Value::Text),
    }
    .unwrap_or(Value::Null))
}

impl PgConnection {
    pub(crate) fn open(url: &str) -> Result<PgConnection, StoreError> {
        let client = postgres::Client::connect(url, NoTls).map_err(|e| {
            StoreError::Unavailable(format!("{}: {}", crate::url_for_display(url), classify(e)))
        })?;
        Ok(PgConnection {
            client,
            statements: HashMap::new(),
            broken: false,
            in_transaction: false,
        })
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql).map_err(classify)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn note(&mut self, e: StoreError) -> StoreError {
        if e.breaks_connection() || self.client.is_closed() {
            self.broken = true;
        }
        e
    }

    fn run<T>(
        &mut self,
        sql: &str,
        params: &[Param<'_>],
        f: impl FnOnce(
            &mut postgres::Client,
            &Statement,
            &[&(dyn ToSql + Sync)],
        ) -> Result<T, postgres::Error>,
    ) -> Result<T, StoreError> {
        let r = (|| {
            let stmt = self.statement(sql)?;
            let wrapped: Vec<PgParam<'_>> = params.iter().map(|p| PgParam(*p)).collect();
            let refs: Vec<&(dyn ToSql + Sync)> =
                wrapped.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
            f(&mut self.client, &stmt, &refs).map_err(classify)
        })();
        r.map_err(|e| self.note(e))
    }
}

impl Connection for PgConnection {
    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError> {
        self.run(sql, params, |c, s, p| c.execute(s, p))
    }

    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
        let rows = self.run(sql, params, |c, s, p| c.query(s, p))?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| value(r, i))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Row::new)
            })
            .collect()
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        let r = self.client.batch_execute(sql).map_err(classify);
        r.map_err(|e| self.note(e))
    }

    fn begin(&mut self, access: Access) -> Result<(), StoreError> {
        let sql = match access {
            Access::Read => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            Access::Write => "BEGIN ISOLATION LEVEL READ COMMITTED",
        };
        let r = self.client.batch_execute(sql).map_err(classify);
        self.in_transaction = r.is_ok();
        r.map_err(|e| self.note(e))
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.in_transaction = false;
        match self.client.batch_execute("COMMIT") {
            Ok(()) => Ok(()),
            Err(e) => {
                let e = classify(e);
                let e = match e {
                    // The server may have committed before the connection broke.
                    StoreError::Unavailable(t) => StoreError::CommitUnknown(t),
                    other => other,
                };
                Err(self.note(e))
            }
        }
    }

    fn rollback(&mut self) -> bool {
        let closed = self.client.is_closed()
            || (self.client.batch_execute("ROLLBACK").is_err() && self.client.is_closed());
        if closed {
            self.broken = true;
        }
        self.in_transaction = false;
        !self.broken
    }

    fn usable(&self) -> bool {
        !self.broken && !self.client.is_closed()
    }
}
