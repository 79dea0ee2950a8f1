//! Group commit on the SQLite writer: write transactions that wait for the writer share one
//! COMMIT, and each caller still hears exactly its own outcome — a refusal rolls back only
//! its own changes, a swallowed failed statement still dooms only its own transaction, and
//! what the file holds after reopening is exactly what was acknowledged.

use crate::common;

use std::time::Duration;

use storage::{Db, DbOptions, StoreError};

/// What a test transaction does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Inserts its row and returns `Ok`.
    Store,
    /// Inserts its row, then refuses.
    Refuse,
    /// Inserts its row, then swallows a failed statement (a duplicate key).
    Swallow,
}

fn kind_of(i: usize, with_swallow: bool) -> Kind {
    match i % 4 {
        0 => Kind::Refuse,
        1 if with_swallow => Kind::Swallow,
        _ => Kind::Store,
    }
}

async fn one(db: Db, k: String, kind: Kind) -> Result<(), StoreError> {
    db.write(move |tx| {
        tx.execute("INSERT INTO items (k, n) VALUES ($1, 1)", &[&k])?;
        match kind {
            Kind::Store => Ok(()),
            Kind::Refuse => Err(StoreError::Sql("refused by the caller".into())),
            Kind::Swallow => {
                let _ignored = tx.execute("INSERT INTO items (k, n) VALUES ('blocker', 2)", &[]);
                Ok(())
            }
        }
    })
    .await
}

/// Holds the writer for a while so that the writes sent meanwhile queue up behind it.
async fn block_writer(db: &Db) -> tokio::task::JoinHandle<Result<u64, StoreError>> {
    let db = db.clone();
    let blocker = tokio::spawn(async move {
        db.write(|tx| {
            let n = tx.execute(
                "INSERT INTO items (k, n) VALUES ('blocker', 0) ON CONFLICT DO NOTHING",
                &[],
            )?;
            std::thread::sleep(Duration::from_millis(300));
            Ok(n)
        })
        .await
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    blocker
}

/// Sends `count` writes while the writer is held; returns the keys acknowledged.
async fn burst(db: &Db, prefix: &str, count: usize, with_swallow: bool) -> Vec<String> {
    let blocker = block_writer(db).await;
    let mut tasks = Vec::new();
    for i in 0..count {
        let k = format!("{prefix}{i:03}");
        let kind = kind_of(i, with_swallow);
        tasks.push((k.clone(), kind, tokio::spawn(one(db.clone(), k, kind))));
    }
    blocker.await.unwrap().expect("the blocker commits");
    let mut acknowledged = Vec::new();
    for (k, kind, task) in tasks {
        let r = task.await.unwrap();
        match kind {
            Kind::Store => {
                r.unwrap_or_else(|e| panic!("{k}: {e}"));
                acknowledged.push(k);
            }
            Kind::Refuse => assert!(matches!(r, Err(StoreError::Sql(_))), "{k}: {r:?}"),
            Kind::Swallow => assert!(matches!(r, Err(StoreError::Abandoned(_))), "{k}: {r:?}"),
        }
    }
    acknowledged
}

async fn stored_keys(db: &Db) -> Vec<String> {
    let mut keys: Vec<String> = db
        .read(|tx| tx.query::<(String,)>("SELECT k FROM items WHERE k <> 'blocker'", &[]))
        .await
        .unwrap()
        .into_iter()
        .map(|(k,)| k)
        .collect();
    keys.sort();
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_writes_share_a_commit_and_each_caller_hears_its_own_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::sqlite(dir.path(), DbOptions::default()).await;

    // Stores and refusals: one group, each refusal rolled back alone.
    let before = db.groups();
    let mut acknowledged = burst(&db, "a", 40, false).await;
    let after = db.groups();
    assert!(
        after.groups > before.groups,
        "the queued writes were committed one by one: {after:?}"
    );
    assert!(after.transactions - before.transactions >= 20, "{after:?}");
    assert_eq!(stored_keys(&db).await, acknowledged);

    // A swallowed failed statement in the group: the group is run again transaction by
    // transaction, and only the doomed ones are missing.
    acknowledged.extend(burst(&db, "b", 40, true).await);
    acknowledged.sort();
    assert_eq!(stored_keys(&db).await, acknowledged);
    db.close().await;

    let db = common::sqlite(dir.path(), DbOptions::default()).await;
    assert_eq!(stored_keys(&db).await, acknowledged);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_that_runs_the_database_full_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let capped = DbOptions {
        max_size_bytes: Some(96 * 1024),
        ..DbOptions::default()
    };
    let db = common::sqlite(dir.path(), capped).await;
    // The writes queue behind a held writer, so groups form however slowly tasks start.
    let blocker = block_writer(&db).await;
    let mut tasks = Vec::new();
    for i in 0..300 {
        let (db, k) = (db.clone(), format!("k{i:04}"));
        tasks.push(tokio::spawn(async move {
            let r = db
                .write({
                    let k = k.clone();
                    move |tx| {
                        tx.execute(
                            "INSERT INTO items (k, n, b) VALUES ($1, 1, $2)",
                            &[&k, &vec![0x5a_u8; 500]],
                        )
                    }
                })
                .await;
            (k, r)
        }));
    }
    blocker.await.unwrap().expect("the blocker commits");
    let (mut acknowledged, mut refused) = (Vec::new(), 0);
    for t in tasks {
        match t.await.unwrap() {
            (k, Ok(_)) => acknowledged.push(k),
            (_, Err(StoreError::Full(_))) => refused += 1,
            (k, Err(e)) => panic!("{k}: unexpected error: {e}"),
        }
    }
    assert!(refused > 0, "the cap was never reached");
    assert!(
        db.groups().groups > 0,
        "nothing was grouped: {:?}",
        db.groups()
    );
    db.close().await;

    let db = common::sqlite(dir.path(), DbOptions::default()).await;
    acknowledged.sort();
    assert_eq!(stored_keys(&db).await, acknowledged);
}
