//! Databases for tests and the lab: a SQLite file in a directory, or a new database on a
//! PostgreSQL server (for tests the one named by `RSP_TEST_POSTGRES_URL`, which CI starts
//! with `tools/postgres`), so every role runs against both backends with one helper.

use std::path::Path;

/// The variable naming the test PostgreSQL server.
pub const POSTGRES_ENV: &str = "RSP_TEST_POSTGRES_URL";

/// A fresh database for one test: `dir/<name>.db`, or a new PostgreSQL database named
/// after `name` and random octets when [`POSTGRES_ENV`] is set.
pub async fn database_url(dir: &Path, name: &str) -> String {
    match std::env::var(POSTGRES_ENV) {
        Ok(base) => {
            let name = format!(
                "{name}_{}",
                crate::random_bytes::<6>()
                    .map(|b| b.iter().map(|x| format!("{x:02x}")).collect::<String>())
                    .unwrap_or_default()
            );
            tokio::task::spawn_blocking(move || create_postgres_database(&base, &name))
                .await
                .unwrap_or_else(|e| Err(format!("worker: {e}")))
                .unwrap_or_else(|e| panic!("{POSTGRES_ENV}: {e}"))
        }
        Err(_) => crate::sqlite_url(&dir.join(format!("{name}.db"))),
    }
}

/// Creates database `name` on the server of `base` (a URL naming any database there) and
/// returns its URL.
pub fn create_postgres_database(base: &str, name: &str) -> Result<String, String> {
    let mut admin = postgres::Client::connect(base, postgres::NoTls)
        .map_err(|e| format!("{}: {e}", crate::url_for_display(base)))?;
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .map_err(|e| e.to_string())?;
    Ok(database_url_on(base, name))
}

/// Drops database `name` on the server of `base` if it exists (closing its connections)
/// and creates it empty; returns its URL.
pub fn recreate_postgres_database(base: &str, name: &str) -> Result<String, String> {
    let mut admin = postgres::Client::connect(base, postgres::NoTls)
        .map_err(|e| format!("{}: {e}", crate::url_for_display(base)))?;
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .map_err(|e| e.to_string())?;
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .map_err(|e| e.to_string())?;
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
