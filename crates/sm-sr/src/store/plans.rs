//! The statements run on every pass or every short message read an index, not the whole
//! table (SQLite's query plan), and migration 6 owes the replies an earlier version had
//! not tried yet.

use storage::{Db, DbOptions, testing::sqlite_plan};

use super::MIGRATIONS;
use super::{eis, notifications, operations, replies};

async fn db(url: &str, migrations: &'static [storage::Migration]) -> Db {
    Db::open(url, migrations, &DbOptions::default())
        .await
        .expect("open")
}

/// The plan of `sql` names `index`.
async fn uses(db: &Db, sql: String, params: usize, index: &'static str) {
    let plan = db
        .read(move |tx| {
            let values: Vec<i64> = vec![0; params];
            let refs: Vec<&dyn storage::ToParam> =
                values.iter().map(|v| v as &dyn storage::ToParam).collect();
            sqlite_plan(tx, &sql, &refs)
        })
        .await
        .expect("plan");
    assert!(
        plan.iter().any(|d| d.contains(index)),
        "{index} not used: {plan:?}"
    );
}

#[tokio::test]
async fn the_sender_the_outbox_and_the_receiver_read_their_indexes() {
    let db = db("sqlite::memory:", MIGRATIONS).await;
    uses(&db, operations::due_sql(), 3, "commands_due").await;
    uses(&db, replies::due_sql(), 2, "replies_due").await;
    uses(&db, notifications::due_sql(), 4, "mno_notifications_due").await;
    uses(&db, eis::EID_BY_MSISDN.into(), 2, "profiles_by_msisdn").await;
    db.close().await;
}

/// An operation finished with a ReplyTo before migration 6 and never tried is due after
/// it; one whose reply was delivered is not.
#[tokio::test]
async fn migration_6_owes_the_replies_not_tried_yet() {
    let dir = tempfile::tempdir().expect("dir");
    let url = storage::sqlite_url(&dir.path().join("smsr.db"));
    let v5 = db(&url, &MIGRATIONS[..5]).await;
    v5.write(|tx| {
        for id in ["owed", "delivered"] {
            tx.execute(
                "INSERT INTO operations (id, eid, function, requester, reply_to, created_at, \
                 expires_at, state, finished_at) VALUES ($1, 'e', 'EnableProfile', 'mno', \
                 'https://mno.example/es4', 1, 9, 'succeeded', 2)",
                &[&id],
            )?;
        }
        tx.execute(
            "INSERT INTO replies (operation_id, state, attempts, next_at) \
             VALUES ('delivered', 'sent', 1, 3)",
            &[],
        )
    })
    .await
    .expect("operations");
    v5.close().await;
    let v6 = db(&url, MIGRATIONS).await;
    let due = v6.read(|tx| replies::due(tx, 10, 10)).await.expect("due");
    let ids: Vec<&str> = due.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["owed"]);
    let state = v6
        .read(|tx| replies::state(tx, "owed"))
        .await
        .expect("state");
    assert_eq!(state, None, "owed, not tried");
    v6.close().await;
}
