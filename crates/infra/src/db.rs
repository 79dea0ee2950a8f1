//! The servers' database: one SQL code path (sqlx's `Any` driver, runtime queries only) over
//! an embedded SQLite file by default and PostgreSQL when given a `postgres://` URL
//! (DESIGN.md "Storage"), with versioned migrations embedded in the binary.
//!
//! Portability rules the migrations and queries follow: column types `TEXT` and `BIGINT`
//! only (binary data as hex text, booleans as 0/1, times as Unix milliseconds), no
//! auto-increment keys, placeholders `$1, $2, ...` (both backends bind them by number).
//!
//! SQLite gets one connection: it has a single writer anyway, and one connection rules out
//! `SQLITE_BUSY` on transactions that read before they write. Code holding a transaction
//! must therefore not wait on another pool connection. Another process on the same file (a
//! second server instance, a report) can still hold the write lock for a moment: the
//! connection waits up to [`SQLITE_BUSY_TIMEOUT`] for it instead of failing at once.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Once;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Executor};

/// The pool type of the servers.
pub type Pool = AnyPool;

/// How long an SQLite statement waits for a lock another connection holds before it fails
/// with `SQLITE_BUSY` (`PRAGMA busy_timeout`).
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// [`SQLITE_BUSY_TIMEOUT`] in milliseconds, as the pragma takes it.
const SQLITE_BUSY_PRAGMA: &str = "PRAGMA busy_timeout = 5000";

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend of `url` (`sqlite:` or `postgres:`/`postgresql:`).
    pub fn of(url: &str) -> Result<Backend, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(DbError::Url(url_for_display(url)))
        }
    }
}

/// Why the database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database URL {0:?} is neither sqlite: nor postgres:")]
    Url(String),
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// One migration as kept in the repository: a version, a description and its SQL text
/// (`include_str!` of `migrations/NNNN_name.sql`).
#[derive(Clone, Copy, Debug)]
pub struct EmbeddedMigration {
    pub version: i64,
    pub description: &'static str,
    pub sql: &'static str,
}

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

fn drivers() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(install_default_drivers);
}

/// Connects to `url`: SQLite with one connection, WAL journal and a busy timeout; PostgreSQL
/// with up to `max_connections`.
pub async fn connect(url: &str, max_connections: u32) -> Result<Pool, DbError> {
    drivers();
    let backend = Backend::of(url)?;
    let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
    let pool = match backend {
        Backend::Sqlite => {
            options
                .max_connections(1)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        // First, so that switching the journal mode waits for the lock too.
                        conn.execute(SQLITE_BUSY_PRAGMA).await?;
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        Ok(())
                    })
                })
                .connect(url)
                .await?
        }
        Backend::Postgres => {
            options
                .max_connections(max_connections.max(1))
                .connect(url)
                .await?
        }
    };
    Ok(pool)
}

/// Applies the migrations not yet applied, in version order, each in its own transaction;
/// applied ones are checked against their recorded checksum (an edited migration is an
/// error, so a schema never silently diverges).
pub async fn migrate(pool: &Pool, migrations: &[EmbeddedMigration]) -> Result<(), DbError> {
    let list = migrations
        .iter()
        .map(|m| {
            Migration::new(
                m.version,
                Cow::Borrowed(m.description),
                MigrationType::Simple,
                sqlx::SqlSafeStr::into_sql_str(m.sql),
                false,
            )
        })
        .collect();
    let migrator = Migrator::with_migrations(list);
    migrator.run(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_and_redacted_urls() {
        assert_eq!(
            Backend::of("sqlite:///tmp/x.db?mode=rwc").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::of("postgres://u:p@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::of("mysql://h/db").is_err());
        assert_eq!(
            url_for_display("postgres://user:secret@127.0.0.1:5432/db"),
            "postgres://user@127.0.0.1:5432/db"
        );
    }

    #[tokio::test]
    async fn sqlite_connections_wait_for_a_lock_held_elsewhere() {
        let dir = tempfile::tempdir().unwrap();
        let url = sqlite_url(&dir.path().join("t.db"));
        let ours = connect(&url, 1).await.unwrap();
        let timeout: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&ours)
            .await
            .unwrap();
        assert_eq!(
            u128::try_from(timeout).unwrap(),
            SQLITE_BUSY_TIMEOUT.as_millis()
        );
        sqlx::query("CREATE TABLE t (k TEXT PRIMARY KEY)")
            .execute(&ours)
            .await
            .unwrap();
        // Another process (here: another pool) holds the write lock for a while.
        let theirs = connect(&url, 1).await.unwrap();
        let mut held = theirs.acquire().await.unwrap();
        (&mut *held).execute("BEGIN IMMEDIATE").await.unwrap();
        (&mut *held)
            .execute("INSERT INTO t (k) VALUES ('theirs')")
            .await
            .unwrap();
        let release = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            (&mut *held).execute("COMMIT").await.unwrap();
        });
        // Our write waits for the lock instead of failing with SQLITE_BUSY.
        sqlx::query("INSERT INTO t (k) VALUES ('ours')")
            .execute(&ours)
            .await
            .expect("the write waits for the other connection's lock");
        release.await.unwrap();
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t")
            .fetch_one(&ours)
            .await
            .unwrap();
        assert_eq!(n, 2);
    }

    #[tokio::test]
    async fn migrations_apply_once_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let url = sqlite_url(&dir.path().join("t.db"));
        let pool = connect(&url, 4).await.unwrap();
        let m = [EmbeddedMigration {
            version: 1,
            description: "t",
            sql: "CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL);",
        }];
        migrate(&pool, &m).await.unwrap();
        migrate(&pool, &m).await.unwrap();
        sqlx::query("INSERT INTO t (k, v) VALUES ($1, $2)")
            .bind("a")
            .bind(7i64)
            .execute(&pool)
            .await
            .unwrap();
        let v: i64 = sqlx::query_scalar("SELECT v FROM t WHERE k = $1")
            .bind("a")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(v, 7);
    }
}
