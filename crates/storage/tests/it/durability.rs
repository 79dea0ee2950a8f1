//! Nothing acknowledged that is not stored (issue 11): a SQLite database that runs full
//! refuses writes with `Full`; every write acknowledged before, during and after the fault
//! is in the file after the database is reopened, every refused one is not, and writes
//! succeed again once there is room. Before the fix, one failed COMMIT left the connection
//! inside a transaction and every later "success" was lost.

use crate::common;

use storage::{Db, DbOptions, StoreError};

async fn insert(db: &Db, k: String) -> Result<(), StoreError> {
    common::insert(db, k, 1500).await
}

#[tokio::test]
async fn a_full_database_refuses_and_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let capped = DbOptions {
        max_size_bytes: Some(96 * 1024),
        ..DbOptions::default()
    };
    let db = common::sqlite(dir.path(), capped.clone()).await;
    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for i in 0..400 {
        match insert(&db, format!("k{i:04}")).await {
            Ok(()) => acknowledged.push(format!("k{i:04}")),
            Err(StoreError::Full(_)) => refused += 1,
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert!(refused > 0, "the cap was never reached");
    assert!(!acknowledged.is_empty());
    // Room again: delete some rows (a delete needs no new pages), then writes succeed.
    let freed = acknowledged.split_off(acknowledged.len() / 2);
    let (from, to) = (freed[0].clone(), freed[freed.len() - 1].clone());
    db.write(move |tx| tx.execute("DELETE FROM items WHERE k >= $1 AND k <= $2", &[&from, &to]))
        .await
        .expect("deleting works on a full database");
    for i in 0..5 {
        let k = format!("after{i}");
        insert(&db, k.clone())
            .await
            .expect("a write after the fault succeeds");
        acknowledged.push(k);
    }
    db.close().await;

    // What the file holds is exactly what was acknowledged.
    let db = common::sqlite(dir.path(), DbOptions::default()).await;
    let mut stored: Vec<String> = db
        .read(|tx| tx.query::<(String,)>("SELECT k FROM items", &[]))
        .await
        .unwrap()
        .into_iter()
        .map(|(k,)| k)
        .collect();
    stored.sort();
    acknowledged.sort();
    assert_eq!(stored, acknowledged);
    let (check,): (String,) = db
        .read(|tx| tx.query_one("PRAGMA integrity_check", &[]))
        .await
        .unwrap();
    assert_eq!(check, "ok");
}

#[tokio::test]
async fn an_unopenable_database_is_unavailable_not_a_panic() {
    let r = Db::open(
        "sqlite:///nonexistent-dir-rsp-lab/x.db",
        common::SCHEMA,
        &DbOptions::default(),
    )
    .await;
    assert!(matches!(r, Err(StoreError::Unavailable(_))), "{r:?}");
    let r = Db::open("mysql://h/db", common::SCHEMA, &DbOptions::default()).await;
    assert!(matches!(r, Err(StoreError::Url(_))), "{r:?}");
}
