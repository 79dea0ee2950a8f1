//! Databases for tests and the lab: a SQLite file in a directory, or a new database on a
//! PostgreSQL server (for tests the one named by `RSP_TEST_POSTGRES_URL`, which CI starts
//! with `tools/postgres`), so every role runs against both backends with one helper.

use std::path::Path;

use crate::postgres::describe;

/// Why a test database could not be made, dropped or swept; the PostgreSQL error is kept
/// as the source, its server message and SQLSTATE in the text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TestDatabaseError {
    /// The server of the base URL could not be reached.
    #[error("{url}: {detail}")]
    Connect {
        /// The base URL, its password hidden.
        url: String,
        /// What the server or the client said.
        detail: String,
        /// The client's error.
        #[source]
        source: postgres::Error,
    },
    /// The databases of the server could not be listed.
    #[error("{detail}")]
    List {
        /// What the server or the client said.
        detail: String,
        /// The client's error.
        #[source]
        source: postgres::Error,
    },
    /// `CREATE DATABASE x` or `DROP DATABASE x` failed.
    #[error("{statement}: {detail}")]
    Statement {
        /// The statement, in short.
        statement: String,
        /// What the server or the client said.
        detail: String,
        /// The client's error.
        #[source]
        source: postgres::Error,
    },
    /// The blocking task that talked to the server did not finish.
    #[error("worker: {0}")]
    Worker(#[source] tokio::task::JoinError),
}

impl TestDatabaseError {
    fn statement(statement: String) -> impl FnOnce(postgres::Error) -> TestDatabaseError {
        move |source| TestDatabaseError::Statement {
            statement,
            detail: describe(&source),
            source,
        }
    }
}

/// The variable naming the test PostgreSQL server.
pub const POSTGRES_ENV: &str = "RSP_TEST_POSTGRES_URL";

/// A fresh database for one test: `dir/<name>.db`, or a new PostgreSQL database named
/// after `name`, this process and random octets when [`POSTGRES_ENV`] is set. The first
/// call of a process also drops the databases of test processes that have ended
/// ([`sweep_ended`]), so a whole test run holds the databases of one test binary at a time
/// rather than of all of them (about 8 MiB each, and CI's disk is not large).
pub async fn database_url(dir: &Path, name: &str) -> String {
    match std::env::var(POSTGRES_ENV) {
        Ok(base) => {
            let name = format!(
                "{name}_p{}_{}",
                std::process::id(),
                crate::random_bytes::<6>()
                    .map(|b| b.iter().map(|x| format!("{x:02x}")).collect::<String>())
                    .unwrap_or_default()
            );
            tokio::task::spawn_blocking(move || {
                static SWEPT: std::sync::Once = std::sync::Once::new();
                SWEPT.call_once(|| {
                    if let Err(e) = sweep_ended(&base) {
                        eprintln!("note: old test databases were not dropped: {e}");
                    }
                });
                create_postgres_database(&base, &name)
            })
            .await
            .unwrap_or_else(|e| Err(TestDatabaseError::Worker(e)))
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV}: {e}"))
        }
        Err(_) => crate::sqlite_url(&dir.join(format!("{name}.db"))),
    }
}

/// Drops the databases [`database_url`] made for processes that no longer run (names
/// ending in `_p<pid>_<12 hex digits>` whose `/proc/<pid>` is gone); returns how many.
/// A database that cannot be dropped does not stop the others; the first such failure is
/// the error.
pub fn sweep_ended(base: &str) -> Result<usize, TestDatabaseError> {
    let mut admin = connect(base)?;
    let rows = admin
        .query(
            "SELECT datname FROM pg_database WHERE datname ~ '_p[0-9]+_[0-9a-f]{12}$'",
            &[],
        )
        .map_err(|source| TestDatabaseError::List {
            detail: describe(&source),
            source,
        })?;
    let (mut dropped, mut failed) = (0, None);
    for row in rows {
        let name: String = row.get(0);
        let Some(pid) = owner_pid(&name) else {
            continue;
        };
        if Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        match admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")) {
            Ok(()) => dropped += 1,
            Err(e) => {
                failed.get_or_insert_with(|| {
                    TestDatabaseError::statement(format!("DROP DATABASE {name}"))(e)
                });
            }
        }
    }
    failed.map_or(Ok(dropped), Err)
}

/// The process id in a name made by [`database_url`].
fn owner_pid(name: &str) -> Option<u32> {
    let rest = name.get(..name.len().checked_sub(13)?)?;
    let (_, pid) = rest.rsplit_once("_p")?;
    pid.parse().ok()
}

/// Creates database `name` on the server of `base` (a URL naming any database there) and
/// returns its URL.
pub fn create_postgres_database(base: &str, name: &str) -> Result<String, TestDatabaseError> {
    let mut admin = connect(base)?;
    create(&mut admin, name)?;
    Ok(database_url_on(base, name))
}

fn connect(base: &str) -> Result<postgres::Client, TestDatabaseError> {
    postgres::Client::connect(base, postgres::NoTls).map_err(|source| TestDatabaseError::Connect {
        url: crate::url_for_display(base),
        detail: describe(&source),
        source,
    })
}

/// `CREATE DATABASE name`, tried again while the template is in use by another session
/// (SQLSTATE 55006: PostgreSQL copies `template1` and refuses while anyone else is
/// connected to it, an autovacuum worker included) for up to ten seconds.
fn create(admin: &mut postgres::Client, name: &str) -> Result<(), TestDatabaseError> {
    let mut waited = std::time::Duration::ZERO;
    loop {
        match admin.batch_execute(&format!("CREATE DATABASE {name}")) {
            Ok(()) => return Ok(()),
            Err(e)
                if e.code() == Some(&postgres::error::SqlState::OBJECT_IN_USE)
                    && waited < std::time::Duration::from_secs(10) =>
            {
                let pause = std::time::Duration::from_millis(100);
                std::thread::sleep(pause);
                waited += pause;
            }
            Err(e) => {
                return Err(TestDatabaseError::statement(format!(
                    "CREATE DATABASE {name}"
                ))(e));
            }
        }
    }
}

/// Drops database `name` on the server of `base` if it exists (closing its connections)
/// and creates it empty; returns its URL.
pub fn recreate_database(base: &str, name: &str) -> Result<String, TestDatabaseError> {
    let mut admin = connect(base)?;
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .map_err(TestDatabaseError::statement(format!(
            "DROP DATABASE {name}"
        )))?;
    create(&mut admin, name)?;
    Ok(database_url_on(base, name))
}

/// The URL of database `name` on the server of `base`.
fn database_url_on(base: &str, name: &str) -> String {
    let (head, query) = match base.split_once('?') {
        Some((h, q)) => (h.to_string(), format!("?{q}")),
        None => (base.to_string(), String::new()),
    };
    let scheme_end = head.find("://").map_or(0, |i| i + 3);
    let root = match head.rfind('/') {
        Some(at) if at >= scheme_end => head[..at].to_string(),
        _ => head.clone(),
    };
    format!("{root}/{name}{query}")
}

/// The steps of SQLite's plan for `sql` (`EXPLAIN QUERY PLAN`, each step's detail text),
/// for tests that check which index a statement reads.
pub fn sqlite_plan(
    tx: &mut crate::Tx<'_>,
    sql: &str,
    params: &[&dyn crate::ToParam],
) -> Result<Vec<String>, crate::StoreError> {
    let rows: Vec<(i64, i64, i64, String)> =
        tx.query(&format!("EXPLAIN QUERY PLAN {sql}"), params)?;
    Ok(rows.into_iter().map(|(_, _, _, detail)| detail).collect())
}

#[cfg(test)]
mod tests {
    use super::owner_pid;

    #[test]
    fn the_owner_of_a_test_database_is_read_from_its_name() {
        assert_eq!(owner_pid("eim_test_p4242_0a1b2c3d4e5f"), Some(4242));
        assert_eq!(owner_pid("x_p_q_p17_0a1b2c3d4e5f"), Some(17));
        assert_eq!(owner_pid("eim_test_0a1b2c3d4e5f"), None);
        assert_eq!(owner_pid("rsp_lab_demo_smdp"), None);
        assert_eq!(owner_pid("p1"), None);
    }
}
