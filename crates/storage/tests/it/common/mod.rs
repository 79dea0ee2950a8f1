//! The databases the storage tests run against: a SQLite file always, PostgreSQL when
//! `RSP_TEST_POSTGRES_URL` names a server (CI starts one with tools/postgres).

use storage::{Db, DbOptions, Migration};

pub(crate) const SCHEMA: &[Migration] = &[Migration {
    version: 1,
    description: "test",
    sql: "CREATE TABLE items (k TEXT PRIMARY KEY, n BIGINT NOT NULL, b BLOB, note TEXT);",
    postgres: None,
}];

/// A fresh SQLite database in `dir`.
pub(crate) async fn sqlite(dir: &std::path::Path, options: DbOptions) -> Db {
    Db::open(&storage::sqlite_url(&dir.join("t.db")), SCHEMA, &options)
        .await
        .expect("SQLite opens")
}

/// One transaction inserting item `k` with a BLOB of `size` octets.
pub(crate) async fn insert(db: &Db, k: String, size: usize) -> Result<(), storage::StoreError> {
    db.write(move |tx| {
        tx.execute(
            "INSERT INTO items (k, n, b) VALUES ($1, 1, $2)",
            &[&k, &vec![0x5a_u8; size]],
        )
        .map(|_| ())
    })
    .await
}

/// A fresh PostgreSQL schema, when a server is configured.
pub(crate) async fn postgres(options: DbOptions) -> Option<Db> {
    let Ok(url) = std::env::var("RSP_TEST_POSTGRES_URL") else {
        eprintln!("RSP_TEST_POSTGRES_URL not set: PostgreSQL part skipped");
        return None;
    };
    let url = tokio::task::spawn_blocking(move || fresh_database(&url))
        .await
        .expect("admin task");
    Some(
        Db::open(&url, SCHEMA, &options)
            .await
            .expect("PostgreSQL opens"),
    )
}

/// A new database on the server of `url`, named after this process and a counter.
pub(crate) fn fresh_database(url: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "storage_test_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = postgres::Client::connect(url, postgres::NoTls).expect("PostgreSQL admin");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .expect("drop database");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    let base = url.rsplit_once('/').map_or(url, |(b, _)| b);
    format!("{base}/{name}")
}
