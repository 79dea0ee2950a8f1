//! Versioned schema migrations kept in the repository and embedded in the binary, applied
//! in version order, each in its own transaction; an applied migration is checked against
//! its recorded checksum (SHA-384 of its SQL), so an edited migration is an error and a
//! schema never silently diverges. Databases created by earlier rsp-lab versions (which
//! recorded migrations in sqlx's `_sqlx_migrations` with the same checksums) are adopted.
//! On PostgreSQL an advisory lock keeps two instances starting together from applying the
//! same migration twice.

use sha2::{Digest, Sha384};

use crate::connection::Backend;
use crate::error::StoreError;
use crate::now_ms;
use crate::pool::Db;
use crate::sql::postgres_schema;
use crate::tx::Tx;

/// One migration: `migrations/NNNN_name.sql` of a role, with a PostgreSQL spelling where
/// the two backends need different statements (data conversions).
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    /// Its version: migrations run in ascending order, each once.
    pub version: i64,
    /// What it changes, in a few words.
    pub description: &'static str,
    /// The script; on PostgreSQL with `BLOB` read as `BYTEA`.
    pub sql: &'static str,
    /// The PostgreSQL script when it is not `sql`.
    pub postgres: Option<&'static str>,
}

impl Migration {
    /// Migration `version`, one script for both databases.
    pub const fn new(version: i64, description: &'static str, sql: &'static str) -> Migration {
        Migration {
            version,
            description,
            sql,
            postgres: None,
        }
    }

    /// This migration with its own PostgreSQL script.
    pub const fn or_on_postgres(self, postgres: &'static str) -> Migration {
        Migration {
            postgres: Some(postgres),
            ..self
        }
    }

    /// The script and its checksum for `backend`.
    fn script(&self, backend: Backend) -> (String, Vec<u8>) {
        let text = match (backend, self.postgres) {
            (Backend::Postgres, Some(pg)) => pg,
            _ => self.sql,
        };
        let checksum = Sha384::digest(text.as_bytes()).to_vec();
        let script = match backend {
            Backend::Postgres => postgres_schema(text),
            Backend::Sqlite => text.to_string(),
        };
        (script, checksum)
    }
}

const ADVISORY_LOCK: i64 = 0x7273_706c_6162; // "rsplab"

fn table_exists(tx: &mut Tx<'_>, name: &str) -> Result<bool, StoreError> {
    let sql = match tx.backend() {
        Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = $1"
        }
    };
    let (n,): (i64,) = tx.query_one(sql, &[&name])?;
    Ok(n > 0)
}

/// Creates the record of applied migrations, adopting sqlx's record when there is one.
fn prepare(tx: &mut Tx<'_>) -> Result<(), StoreError> {
    if tx.backend() == Backend::Postgres {
        tx.query::<(String,)>(
            "SELECT CAST(pg_advisory_xact_lock($1) AS TEXT)",
            &[&ADVISORY_LOCK],
        )?;
    }
    if table_exists(tx, "_migrations")? {
        return Ok(());
    }
    let blob = match tx.backend() {
        Backend::Sqlite => "BLOB",
        Backend::Postgres => "BYTEA",
    };
    tx.execute(
        &format!(
            "CREATE TABLE _migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
             checksum {blob} NOT NULL, applied_at BIGINT NOT NULL)"
        ),
        &[],
    )?;
    if table_exists(tx, "_sqlx_migrations")? {
        tx.execute(
            "INSERT INTO _migrations (version, description, checksum, applied_at) \
             SELECT version, description, checksum, 0 FROM _sqlx_migrations WHERE success",
            &[],
        )?;
    }
    Ok(())
}

/// Applies one migration unless it is applied; checks the checksum if it is.
fn apply(tx: &mut Tx<'_>, m: &Migration) -> Result<(), StoreError> {
    prepare(tx)?;
    let (script, checksum) = m.script(tx.backend());
    let applied: Option<(Vec<u8>,)> = tx.query_opt(
        "SELECT checksum FROM _migrations WHERE version = $1",
        &[&m.version],
    )?;
    match applied {
        Some((recorded,)) if recorded == checksum => Ok(()),
        Some(_) => Err(StoreError::Migration {
            version: m.version,
            detail: "applied with a different text: the migration was edited after it ran".into(),
        }),
        None => {
            tx.batch(&script).map_err(|e| StoreError::Migration {
                version: m.version,
                detail: e.to_string(),
            })?;
            tx.execute(
                "INSERT INTO _migrations (version, description, checksum, applied_at) \
                 VALUES ($1, $2, $3, $4)",
                &[&m.version, &m.description, &checksum, &now_ms()],
            )?;
            Ok(())
        }
    }
}

impl Db {
    /// Applies the migrations not yet applied, in version order.
    pub(crate) async fn migrate(&self, migrations: &'static [Migration]) -> Result<(), StoreError> {
        let mut sorted: Vec<&'static Migration> = migrations.iter().collect();
        sorted.sort_by_key(|m| m.version);
        for m in sorted {
            self.write(move |tx| apply(tx, m)).await?;
        }
        Ok(())
    }
}
