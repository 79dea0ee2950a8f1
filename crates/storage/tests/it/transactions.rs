//! What a role may rely on from a transaction, on SQLite and (when configured) PostgreSQL:
//! values come back as written, a failed statement dooms the transaction whatever the
//! closure returns, an error rolls back, reads see committed writes only.

use crate::common;

use storage::{Db, DbOptions, StoreError, Value};

async fn values_round_trip_and_errors_roll_back(db: &Db) {
    db.write(|tx| {
        tx.execute(
            "INSERT INTO items (k, n, b, note) VALUES ($1, $2, $3, $4)",
            &[&"a", &-7i64, &vec![0u8, 0xff, 0x10], &None::<String>],
        )
    })
    .await
    .unwrap();
    // Placeholders out of order keep their numbers.
    db.write(|tx| tx.execute("UPDATE items SET note = $2 WHERE k = $1", &[&"a", &"noted"]))
        .await
        .unwrap();
    let row: (String, i64, Option<Vec<u8>>, Option<String>) = db
        .read(|tx| tx.query_one("SELECT k, n, b, note FROM items WHERE k = $1", &[&"a"]))
        .await
        .unwrap();
    assert_eq!(
        row,
        (
            "a".into(),
            -7,
            Some(vec![0, 0xff, 0x10]),
            Some("noted".into())
        )
    );

    // The closure's error rolls back what it wrote.
    let r: Result<(), StoreError> = db
        .write(|tx| {
            tx.execute("INSERT INTO items (k, n) VALUES ('b', 1)", &[])?;
            Err(StoreError::Sql("refused by the caller".into()))
        })
        .await;
    assert!(r.is_err());
    // A failed statement whose error the closure swallows still dooms the transaction.
    let r: Result<(), StoreError> = db
        .write(|tx| {
            tx.execute("INSERT INTO items (k, n) VALUES ('c', 1)", &[])?;
            let _ignored = tx.execute("INSERT INTO items (k, n) VALUES ('a', 2)", &[]);
            Ok(())
        })
        .await;
    assert!(matches!(r, Err(StoreError::Abandoned(_))), "{r:?}");
    let keys: Vec<(String,)> = db
        .read(|tx| tx.query("SELECT k FROM items ORDER BY k", &[]))
        .await
        .unwrap();
    assert_eq!(keys, vec![("a".to_string(),)]);
    // A duplicate key is a constraint error.
    let dup = db
        .write(|tx| tx.execute("INSERT INTO items (k, n) VALUES ('a', 3)", &[]))
        .await;
    assert!(matches!(dup, Err(StoreError::Constraint(_))), "{dup:?}");
    // ON CONFLICT DO NOTHING is how a store inserts when absent.
    let n = db
        .write(|tx| {
            tx.execute(
                "INSERT INTO items (k, n) VALUES ('a', 3) ON CONFLICT (k) DO NOTHING",
                &[],
            )
        })
        .await
        .unwrap();
    assert_eq!(n, 0);
    let count: (i64,) = db
        .read(|tx| tx.query_one("SELECT COUNT(*) FROM items", &[]))
        .await
        .unwrap();
    assert_eq!(count.0, 1);
    let v: (Value,) = db
        .read(|tx| tx.query_one("SELECT note FROM items WHERE k = 'a'", &[]))
        .await
        .unwrap();
    assert_eq!(v.0, Value::Text("noted".into()));
}

#[tokio::test]
async fn sqlite_transactions() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sqlite(dir.path(), DbOptions::default()).await;
    values_round_trip_and_errors_roll_back(&db).await;
    db.close().await;
}

#[tokio::test]
async fn postgres_transactions() {
    if let Some(db) = common::postgres(DbOptions::default()).await {
        values_round_trip_and_errors_roll_back(&db).await;
        db.close().await;
    }
}

#[tokio::test]
async fn readers_see_committed_writes_only_and_run_beside_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sqlite(dir.path(), DbOptions::default()).await;
    let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let started_tx = std::sync::Mutex::new(Some(started_tx));
    let release_rx = std::sync::Mutex::new(Some(release_rx));
    let writer = {
        let db = db.clone();
        tokio::spawn(async move {
            db.write(move |tx| {
                tx.execute("INSERT INTO items (k, n) VALUES ('w', 1)", &[])?;
                if let Some(s) = started_tx.lock().unwrap().take() {
                    s.send(()).unwrap();
                }
                if let Some(r) = release_rx.lock().unwrap().take() {
                    r.recv().unwrap();
                }
                Ok::<_, StoreError>(())
            })
            .await
        })
    };
    tokio::task::spawn_blocking(move || started_rx.recv().unwrap())
        .await
        .unwrap();
    // The writer holds its transaction open: a reader is not blocked and sees nothing yet.
    let n: (i64,) = db
        .read(|tx| tx.query_one("SELECT COUNT(*) FROM items", &[]))
        .await
        .unwrap();
    assert_eq!(n.0, 0);
    release_tx.send(()).unwrap();
    writer.await.unwrap().unwrap();
    let n: (i64,) = db
        .read(|tx| tx.query_one("SELECT COUNT(*) FROM items", &[]))
        .await
        .unwrap();
    assert_eq!(n.0, 1);
    // A reader cannot write.
    let r = db
        .read(|tx| tx.execute("INSERT INTO items (k, n) VALUES ('r', 1)", &[]))
        .await;
    assert!(r.is_err());
}

/// `Db::observe_transactions`: every later transaction is reported once with its access.
#[tokio::test]
async fn each_transaction_is_reported_to_the_observer() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let db = common::sqlite(dir.path(), DbOptions::default()).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    assert!(db.observe_transactions(Arc::new(move |access, _| {
        s.lock().unwrap().push(access.as_str())
    })));
    assert!(
        !db.observe_transactions(Arc::new(|_, _| {})),
        "only the first is kept"
    );
    db.write(|tx| tx.execute("INSERT INTO items (k, n) VALUES ('o', 1)", &[]))
        .await
        .unwrap();
    let _: i64 = db
        .read(|tx| {
            tx.query_one("SELECT n FROM items WHERE k = 'o'", &[])
                .map(|(n,)| n)
        })
        .await
        .unwrap();
    assert_eq!(*seen.lock().unwrap(), ["write", "read"]);
    db.close().await;
}

/// Without reader threads a read runs on the SQLite writer thread (whose page cache stays
/// current: the SM-DP+'s setting), sees what was committed before it, and cannot write,
/// alone or inside a group commit.
#[tokio::test]
async fn a_read_on_the_writer_runs_there_and_stays_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let options = DbOptions {
        thread_name: "onw".into(),
        sqlite_readers: 0,
        ..DbOptions::default()
    };
    let db = common::sqlite(dir.path(), options).await;
    db.write(|tx| tx.execute("INSERT INTO items (k, n) VALUES ('a', 1)", &[]))
        .await
        .unwrap();
    let thread = |_: &mut storage::Tx<'_>| {
        Ok::<_, StoreError>(std::thread::current().name().unwrap_or("").to_string())
    };
    assert_eq!(db.read(thread).await.unwrap(), "onw-w0");
    let n: (i64,) = db
        .read(|tx| tx.query_one("SELECT n FROM items WHERE k = 'a'", &[]))
        .await
        .unwrap();
    assert_eq!(n, (1,));
    // A read-only transaction: its writes are refused, and nothing is stored.
    let r: Result<u64, StoreError> = db
        .read(|tx| tx.execute("INSERT INTO items (k, n) VALUES ('b', 2)", &[]))
        .await;
    assert!(r.is_err(), "a read may not write");
    let keys: Vec<(String,)> = db
        .read(|tx| tx.query("SELECT k FROM items ORDER BY k", &[]))
        .await
        .unwrap();
    assert_eq!(keys, vec![("a".to_string(),)]);

    // Among writes that share a group commit with it, the same.
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..32 {
        let writer = db.clone();
        tasks.spawn(async move {
            let k = format!("w{i}");
            writer
                .write(move |tx| tx.execute("INSERT INTO items (k, n) VALUES ($1, 1)", &[&k]))
                .await
                .map(|_| ())
        });
        let reader = db.clone();
        tasks.spawn(async move {
            let k = format!("r{i}");
            let r = reader
                .read(move |tx| tx.execute("INSERT INTO items (k, n) VALUES ($1, 1)", &[&k]))
                .await;
            assert!(r.is_err(), "a read may not write");
            Ok(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap().unwrap();
    }
    let (w, r): (i64, i64) = db
        .read(|tx| {
            tx.query_one(
                "SELECT (SELECT COUNT(*) FROM items WHERE k LIKE 'w%'), \
                 (SELECT COUNT(*) FROM items WHERE k LIKE 'r%')",
                &[],
            )
        })
        .await
        .unwrap();
    assert_eq!((w, r), (32, 0));
}
