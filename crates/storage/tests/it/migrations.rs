//! Schema migrations: applied once, in order, an edited one refused, a database recorded
//! by sqlx (earlier rsp-lab versions) adopted without running its migrations again.

use crate::common;

use storage::{Db, DbOptions, Migration, StoreError};

const V1: Migration = Migration {
    version: 1,
    description: "one",
    sql: "CREATE TABLE t (k TEXT PRIMARY KEY, h TEXT);",
    postgres: None,
};
const V2: Migration = Migration {
    version: 2,
    description: "hex to blob",
    sql: "UPDATE t SET h = unhex(h);",
    postgres: Some("ALTER TABLE t ALTER COLUMN h TYPE BYTEA USING decode(h, 'hex');"),
};
static ONE: [Migration; 1] = [V1];
static BOTH: [Migration; 2] = [V2, V1];
static EDITED: [Migration; 1] = [Migration {
    sql: "CREATE TABLE t (k TEXT PRIMARY KEY, h TEXT, x TEXT);",
    ..V1
}];

async fn check(url: &str) {
    let o = DbOptions::default();
    let db = Db::open(url, &ONE, &o).await.unwrap();
    db.write(|tx| tx.execute("INSERT INTO t (k, h) VALUES ('a', '00ff')", &[]))
        .await
        .unwrap();
    db.close().await;
    // The second migration converts the hex text into octets.
    let db = Db::open(url, &BOTH, &o).await.unwrap();
    let (h,): (Vec<u8>,) = db
        .read(|tx| tx.query_one("SELECT h FROM t WHERE k = 'a'", &[]))
        .await
        .unwrap();
    assert_eq!(h, vec![0x00, 0xff]);
    let (n,): (i64,) = db
        .read(|tx| tx.query_one("SELECT COUNT(*) FROM _migrations", &[]))
        .await
        .unwrap();
    assert_eq!(n, 2);
    db.close().await;
    // Applied again: nothing runs twice.
    Db::open(url, &BOTH, &o).await.unwrap().close().await;
    let r = Db::open(url, &EDITED, &o).await;
    assert!(
        matches!(r, Err(StoreError::Migration { version: 1, .. })),
        "{r:?}"
    );
}

#[tokio::test]
async fn sqlite_migrations() {
    let dir = tempfile::tempdir().unwrap();
    check(&storage::sqlite_url(&dir.path().join("m.db"))).await;
}

#[cfg_attr(no_postgres, ignore = "needs RSP_TEST_POSTGRES_URL")]
#[tokio::test]
async fn postgres_migrations() {
    let Ok(url) = std::env::var("RSP_TEST_POSTGRES_URL") else {
        eprintln!("RSP_TEST_POSTGRES_URL not set: skipped");
        return;
    };
    let url = tokio::task::spawn_blocking(move || common::fresh_database(&url))
        .await
        .unwrap();
    check(&url).await;
}

#[tokio::test]
async fn a_database_recorded_by_sqlx_is_adopted() {
    use sha2::Digest;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // What sqlx left behind: its record with the SHA-384 of the migration text.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(V1.sql).unwrap();
        c.execute_batch(
            "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
             installed_on TIMESTAMP, success BOOLEAN NOT NULL, checksum BLOB NOT NULL, \
             execution_time BIGINT NOT NULL); INSERT INTO t (k, h) VALUES ('a', '0102');",
        )
        .unwrap();
        c.execute(
            "INSERT INTO _sqlx_migrations VALUES (1, 'one', NULL, 1, ?1, 0)",
            [sha2::Sha384::digest(V1.sql.as_bytes()).to_vec()],
        )
        .unwrap();
    }
    let db = Db::open(&storage::sqlite_url(&path), &BOTH, &DbOptions::default())
        .await
        .expect("adopted, then migrated");
    let (h,): (Vec<u8>,) = db
        .read(|tx| tx.query_one("SELECT h FROM t", &[]))
        .await
        .unwrap();
    assert_eq!(h, vec![1, 2]);
}
