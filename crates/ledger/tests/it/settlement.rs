//! Settlement per partner pair from the ledger: sums at the contracts' rates, roamers,
//! flags with the charges avoided, and the clearing-house cost they replace.

use crate::common;

use common::{HOME, RATES, VISITED_A, VISITED_B, write_ledger};
use ledger::directory::Directory;
use ledger::log_id;
use ledger::money::USD;
use ledger::settle::{CLEARING_HOUSE_PER_ROAMER, CLEARING_HOUSE_PER_ROAMER_MONTH, settle};
use ledger::store::Store;

#[tokio::test]
async fn each_pair_settles_its_own_usage_at_the_contract_rates() {
    let dir = tempfile::tempdir().unwrap();
    write_ledger(dir.path()).await;
    let directory = Directory::load(dir.path()).unwrap();
    let home = directory.partners.iter().find(|p| p.id == HOME).unwrap();
    let store = Store::open(&Directory::url(dir.path(), home))
        .await
        .unwrap();
    let held = store.load().await.unwrap();
    store.close().await;
    let entries = |log: &str| -> Vec<ledger::entry::Entry> {
        held.iter()
            .find(|h| h.log == log)
            .unwrap()
            .entries
            .iter()
            .map(|(_, l)| ledger::entry::open(l).unwrap().entry)
            .collect()
    };
    let a = settle(&log_id(HOME, VISITED_A), &entries(&log_id(HOME, VISITED_A)));
    // eid-1: 3 days × 2 MB, eid-2: 3 days × 1 MB = 9 MB at $0.008.
    assert_eq!(a.home, HOME);
    assert_eq!(a.visited, VISITED_A);
    assert_eq!((a.contracts, a.roamers, a.data_mb), (2, 2, 9));
    assert_eq!(a.amount, 9 * RATES.data_per_mb);
    assert_eq!(a.disputes, 0);
    assert_eq!(a.flags, 1);
    assert_eq!(a.charges_avoided, 30 * RATES.voice_per_minute);
    // Two devices roaming within the first 30-day window: two roamer-months at $6 a year.
    assert_eq!(a.roamer_months, 2);
    assert_eq!(a.clearing_house_cost, 2 * CLEARING_HOUSE_PER_ROAMER_MONTH);
    assert_eq!(CLEARING_HOUSE_PER_ROAMER, 6 * USD);
    assert_eq!(CLEARING_HOUSE_PER_ROAMER_MONTH, USD / 2);
    let b = settle(&log_id(HOME, VISITED_B), &entries(&log_id(HOME, VISITED_B)));
    // eid-3: 3 days × 0.5 MB.
    assert_eq!(
        (b.roamers, b.amount, b.flags),
        (1, 3 * 512 * RATES.data_per_mb / 1024, 0)
    );
    assert_eq!(b.clearing_house_cost, CLEARING_HOUSE_PER_ROAMER_MONTH);
}

#[test]
fn a_usage_record_billed_above_the_contract_is_a_dispute_settled_at_the_contract_price() {
    use ledger::entry::{Entry, Record};
    let e = |seq, author: &str, record| Entry {
        log: "l".into(),
        seq,
        author: author.into(),
        day: 0,
        record,
    };
    let mut over = common::usage("eid-1", 1024, 1);
    if let Record::Usage(u) = &mut over {
        u.charge *= 10;
    }
    let s = settle(
        "l",
        &[
            e(0, HOME, common::contract("eid-1")),
            e(1, VISITED_A, over),
            e(2, VISITED_A, common::usage("eid-1", 1024, 2)),
        ],
    );
    assert_eq!(s.disputes, 1);
    assert_eq!(s.amount, 2 * RATES.data_per_mb);
    // Usage in two settlement windows: one device, two roamer-months.
    let s = settle(
        "l",
        &[
            e(0, HOME, common::contract("eid-1")),
            e(1, VISITED_A, common::usage("eid-1", 1024, 29)),
            e(2, VISITED_A, common::usage("eid-1", 1024, 30)),
        ],
    );
    assert_eq!((s.roamers, s.roamer_months), (1, 2));
}
