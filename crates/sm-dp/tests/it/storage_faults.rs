//! Nothing acknowledged that is not stored (issue 11). Wave 1's SM-DP+, after one "database
//! or disk is full", answered every later ES2+ and ES9+ call with success while storing
//! nothing, and then handed one profile to two eUICCs. Here the database runs full in the
//! middle of ordering (SQLite, its size capped, the space taken by ballast the test owns):
//! the orders it cannot store are refused with the spec's execution error; once space is
//! freed, ordering resumes; after a restart every acknowledged order is there, no refused
//! one is, and no profile was handed out twice.

use crate::support;

use std::collections::BTreeSet;

use sm_dp::{ConfirmOrder, ProfileState};
use support::{Lab, OPERATOR};

/// Takes the free pages of the database file at `path` with a table of its own, so the
/// next writes of the server find the file full; returns a guard that frees them.
fn fill(path: &std::path::Path) -> impl FnOnce() {
    let c = rusqlite::Connection::open(path).expect("test connection");
    c.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    c.execute_batch("CREATE TABLE IF NOT EXISTS ballast (b BLOB)")
        .unwrap();
    // Until the cap refuses: the server's cap is on the file, so our writes hit it too.
    c.execute_batch("PRAGMA max_page_count = 400").unwrap();
    loop {
        if c.execute("INSERT INTO ballast VALUES (zeroblob(2000))", [])
            .is_err()
        {
            break;
        }
    }
    move || {
        c.execute_batch("DELETE FROM ballast").unwrap();
    }
}

#[tokio::test]
async fn a_full_database_refuses_orders_and_loses_none_it_acknowledged() {
    if std::env::var("RSP_TEST_POSTGRES_URL").is_ok() {
        eprintln!("notice: SQLite fault test; the PostgreSQL restart case is in crates/tests");
    }
    let mut lab = Lab::start_with(|c| {
        c.server.database_url = Some(storage::sqlite_url(&c.server.data_dir.join("capped.db")));
        c.server.storage.max_size_bytes = Some(400 * 4096);
    })
    .await;
    let db_path = lab.dir.path().join("capped.db");
    let iccids = lab
        .inventory("t", OPERATOR, 60, "8949449999999990023")
        .await;
    let free_space = fill(&db_path);

    let mut acknowledged = Vec::new();
    let mut refused = 0;
    for _ in 0..20 {
        match lab.es2.download_order(None, None, Some("t".into())).await {
            Ok(o) => acknowledged.push(o.iccid.as_str().to_string()),
            Err(e) => {
                // The spec's execution error, not a success and not a bare 500.
                let text = e.to_string();
                assert!(text.contains("1.6") && text.contains("4.2"), "{text}");
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "the cap was never reached");
    free_space();
    for _ in 0..5 {
        let o = lab
            .es2
            .download_order(None, None, Some("t".into()))
            .await
            .expect("orders resume once space is freed");
        acknowledged.push(o.iccid.as_str().to_string());
    }
    // ConfirmOrder of an acknowledged order works too: it was stored.
    lab.es2
        .confirm_order(ConfirmOrder::new(
            proto::ids::Iccid::parse(&acknowledged[0]).unwrap(),
        ))
        .await
        .expect("a stored order confirms");

    lab.restart(|c| {
        c.server.database_url = Some(storage::sqlite_url(&c.server.data_dir.join("capped.db")));
    })
    .await;
    let view = lab.smdp.view();
    let allocated: BTreeSet<String> = view
        .profiles(Some("t"))
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.state != ProfileState::Available)
        .map(|p| p.iccid)
        .collect();
    let acked: BTreeSet<String> = acknowledged.iter().cloned().collect();
    assert_eq!(
        acked.len(),
        acknowledged.len(),
        "a profile was handed out twice"
    );
    assert_eq!(allocated, acked, "what is stored is what was acknowledged");
    let orders = view.orders().await.unwrap();
    assert_eq!(orders.len(), acknowledged.len());
    assert!(iccids.len() >= allocated.len());
    lab.smdp.shutdown().await;
}
