//! `Db::read_inline`: a short read on the caller's own thread, with the same answers as a
//! read on a reader thread; where it cannot run there (in memory, PostgreSQL) it is that
//! read. (A lent connection that finds the database busy: `storage::pool`'s unit tests.)

use crate::common;

use std::sync::{Arc, Mutex};
use std::thread::ThreadId;

use storage::{Db, DbOptions, StoreError};

/// Where each run of a closure happened.
type Runs = Arc<Mutex<Vec<(ThreadId, Option<String>)>>>;

fn here(runs: &Runs) {
    let t = std::thread::current();
    runs.lock()
        .unwrap()
        .push((t.id(), t.name().map(str::to_string)));
}

async fn n_of(db: &Db, k: &'static str, runs: &Runs) -> Result<Option<i64>, StoreError> {
    let runs = runs.clone();
    db.read_inline(move |tx| {
        here(&runs);
        Ok(tx
            .query_opt::<(i64,)>("SELECT n FROM items WHERE k = $1", &[&k])?
            .map(|(n,)| n))
    })
    .await
}

#[tokio::test(flavor = "current_thread")]
async fn a_sqlite_file_reads_on_the_callers_thread_and_sees_every_commit() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sqlite(dir.path(), DbOptions::default()).await;
    let runs = Runs::default();
    assert_eq!(n_of(&db, "a", &runs).await, Ok(None));
    for n in 1..=3i64 {
        db.write(move |tx| {
            tx.execute(
                "INSERT INTO items (k, n) VALUES ('a', $1) ON CONFLICT (k) DO UPDATE SET n = $1",
                &[&n],
            )
        })
        .await
        .unwrap();
        // Each commit is seen by the next inline read (the lent connection's snapshot is
        // taken at its BEGIN, not kept from its last read).
        assert_eq!(n_of(&db, "a", &runs).await, Ok(Some(n)));
    }
    let me = std::thread::current().id();
    let runs = runs.lock().unwrap().clone();
    assert_eq!(runs.len(), 4);
    assert!(
        runs.iter().all(|(t, _)| *t == me),
        "every read ran on the test's thread: {runs:?}"
    );

    // Read-only all the same.
    let w: Result<u64, StoreError> = db
        .read_inline(|tx| tx.execute("DELETE FROM items", &[]))
        .await;
    assert!(w.is_err(), "{w:?}");
    assert_eq!(n_of(&db, "a", &Runs::default()).await, Ok(Some(3)));
}

#[tokio::test(flavor = "current_thread")]
async fn a_closures_own_error_is_answered_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sqlite(dir.path(), DbOptions::default()).await;
    let runs = Runs::default();
    let r2 = runs.clone();
    let r: Result<(), StoreError> = db
        .read_inline(move |_| {
            here(&r2);
            Err(StoreError::Sql("refused by the caller".into()))
        })
        .await;
    assert_eq!(r, Err(StoreError::Sql("refused by the caller".into())));
    assert_eq!(runs.lock().unwrap().len(), 1, "not run again elsewhere");
}

#[tokio::test(flavor = "current_thread")]
async fn an_in_memory_database_reads_on_its_database_thread() {
    let db = Db::open(
        "sqlite::memory:",
        common::SCHEMA,
        &DbOptions {
            thread_name: "mem".into(),
            ..DbOptions::default()
        },
    )
    .await
    .unwrap();
    let runs = Runs::default();
    assert_eq!(n_of(&db, "a", &runs).await, Ok(None));
    let runs = runs.lock().unwrap().clone();
    assert!(
        runs.iter()
            .all(|(_, name)| name.as_deref().is_some_and(|n| n.starts_with("mem-w"))),
        "{runs:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_closed_database_answers_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sqlite(dir.path(), DbOptions::default()).await;
    assert_eq!(n_of(&db, "a", &Runs::default()).await, Ok(None));
    db.close().await;
    assert_eq!(
        n_of(&db, "a", &Runs::default()).await,
        Err(StoreError::Stopped)
    );
}

#[tokio::test]
async fn postgres_reads_inline_as_it_reads() {
    let Some(db) = common::postgres(DbOptions::default()).await else {
        return;
    };
    db.write(|tx| tx.execute("INSERT INTO items (k, n) VALUES ('a', 5)", &[]))
        .await
        .unwrap();
    assert_eq!(n_of(&db, "a", &Runs::default()).await, Ok(Some(5)));
}
