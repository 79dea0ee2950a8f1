//! `verify` over partners' databases: a ledger as written verifies clean; an entry edited,
//! removed or reordered in one partner's database is found, each kind by its own check.

use crate::common;

use std::path::Path;

use common::{HOME, VISITED_A, write_ledger};
use ledger::verify::Problem;
use ledger::{log_id, verify_dir};

fn db(dir: &Path, id: &str) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(format!("{id}.db"))).unwrap()
}

fn leaf(c: &rusqlite::Connection, log: &str, seq: i64) -> Vec<u8> {
    c.query_row(
        "SELECT leaf FROM ledger_entries WHERE log = ?1 AND seq = ?2",
        rusqlite::params![log, seq],
        |r| r.get(0),
    )
    .unwrap()
}

async fn written() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_ledger(dir.path()).await;
    let v = verify_dir(dir.path()).await.unwrap();
    assert_eq!(v.problems(), 0, "{:#?}", v.logs);
    assert_eq!(v.logs.len(), 3);
    dir
}

fn problems(v: &ledger::verify::Verification, log: &str) -> Vec<Problem> {
    v.logs
        .iter()
        .find(|l| l.log == log)
        .map(|l| l.problems.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn an_untouched_ledger_verifies_with_every_signature_and_head() {
    let dir = written().await;
    let v = verify_dir(dir.path()).await.unwrap();
    // 3 contracts + 9 usage records + 1 flag + 1 subscription, each held twice.
    assert_eq!(v.entries, 28);
    assert_eq!(v.signatures, 28);
    assert!(v.heads > 0);
    for l in &v.logs {
        assert_eq!(l.sizes[0], l.sizes[1]);
        assert_eq!(l.roots[0], l.roots[1]);
    }
}

#[tokio::test]
async fn an_edited_entry_is_found() {
    let dir = written().await;
    let log = log_id(HOME, VISITED_A);
    let c = db(dir.path(), VISITED_A);
    // The visited operator bills more data for day 1 in its own copy.
    let old = leaf(&c, &log, 2);
    let needle = b"\"data_kb\":2048";
    let at = old.windows(needle.len()).position(|w| w == needle).unwrap();
    let mut text = old.clone();
    text[at + 10] = b'9';
    c.execute(
        "UPDATE ledger_entries SET leaf = ?1 WHERE log = ?2 AND seq = 2",
        rusqlite::params![text, log],
    )
    .unwrap();
    let v = verify_dir(dir.path()).await.unwrap();
    let p = problems(&v, &log);
    assert!(
        p.contains(&Problem::BadSignature {
            holder: VISITED_A.into(),
            seq: 2,
            author: VISITED_A.into()
        }),
        "{p:#?}"
    );
    assert!(p.iter().any(|x| matches!(x, Problem::HeadMismatch { .. })));
    assert!(p.iter().any(|x| matches!(
        x,
        Problem::CopiesDiverge {
            first_difference: 2,
            ..
        }
    )));
    // The other logs are untouched.
    assert_eq!(v.problems(), p.len());
}

#[tokio::test]
async fn a_removed_entry_is_found() {
    let dir = written().await;
    let log = log_id(HOME, VISITED_A);
    let c = db(dir.path(), HOME);
    // The home operator drops a usage record it would rather not pay.
    c.execute(
        "DELETE FROM ledger_entries WHERE log = ?1 AND seq = 4",
        rusqlite::params![log],
    )
    .unwrap();
    let v = verify_dir(dir.path()).await.unwrap();
    let p = problems(&v, &log);
    assert!(
        p.contains(&Problem::MissingEntry {
            holder: HOME.into(),
            seq: 4
        }),
        "{p:#?}"
    );
}

#[tokio::test]
async fn the_last_entry_removed_with_its_heads_is_found_from_the_other_copy() {
    let dir = written().await;
    let log = log_id(HOME, VISITED_A);
    let c = db(dir.path(), HOME);
    let last: i64 = c
        .query_row(
            "SELECT MAX(seq) FROM ledger_entries WHERE log = ?1",
            rusqlite::params![log],
            |r| r.get(0),
        )
        .unwrap();
    // No gap left and no head of its own beyond the copy: only the partner's copy tells.
    c.execute(
        "DELETE FROM ledger_entries WHERE log = ?1 AND seq = ?2",
        rusqlite::params![log, last],
    )
    .unwrap();
    c.execute(
        "DELETE FROM ledger_tree_heads WHERE log = ?1 AND tree_size > ?2",
        rusqlite::params![log, last],
    )
    .unwrap();
    let v = verify_dir(dir.path()).await.unwrap();
    let p = problems(&v, &log);
    assert!(
        p.iter()
            .any(|x| matches!(x, Problem::HeadBeyondCopy { holder, .. } if holder == HOME)),
        "{p:#?}"
    );
    assert!(p.iter().any(|x| matches!(x, Problem::CopiesDiverge { .. })));
}

#[tokio::test]
async fn reordered_entries_are_found() {
    let dir = written().await;
    let log = log_id(HOME, VISITED_A);
    let c = db(dir.path(), VISITED_A);
    let (a, b) = (leaf(&c, &log, 2), leaf(&c, &log, 3));
    for (seq, l) in [(2, &b), (3, &a)] {
        c.execute(
            "UPDATE ledger_entries SET leaf = ?1 WHERE log = ?2 AND seq = ?3",
            rusqlite::params![l, log, seq],
        )
        .unwrap();
    }
    let v = verify_dir(dir.path()).await.unwrap();
    let p = problems(&v, &log);
    assert!(
        p.contains(&Problem::OutOfPlace {
            holder: VISITED_A.into(),
            seq: 2,
            signed_for: 3
        }),
        "{p:#?}"
    );
    // Each entry is still well signed: only the order gives it away.
    assert!(!p.iter().any(|x| matches!(x, Problem::BadSignature { .. })));
}

#[tokio::test]
async fn a_partner_proves_an_entry_is_in_the_head_it_signed() {
    use ledger::entry::Record;
    use ledger::exchange::{Ledger, Partner};
    use ledger::store::Store;
    use proto::crypto::SigningKey;
    let dir = tempfile::tempdir().unwrap();
    let mut partners = Vec::new();
    for id in [HOME, VISITED_A] {
        let url = storage::sqlite_url(&dir.path().join(format!("{id}.db")));
        partners.push(Partner::new(
            id,
            SigningKey::generate().unwrap(),
            Store::open(&url).await.unwrap(),
        ));
    }
    let mut l = Ledger::new(partners);
    let contract: Record = common::contract("eid-1");
    l.append(HOME, VISITED_A, 0, contract).unwrap();
    let seq = l
        .append(VISITED_A, HOME, 1, common::usage("eid-1", 100, 1))
        .unwrap();
    // Not yet in a head the home operator accepted.
    assert!(!l.included(VISITED_A, HOME, seq));
    l.publish(&log_id(HOME, VISITED_A), 1).unwrap();
    assert!(l.included(VISITED_A, HOME, seq));
    assert!(l.included(VISITED_A, HOME, 0));
    assert!(!l.included(VISITED_A, HOME, seq + 1));
    l.close().await;
}
