//! The roaming ledger of a real lab run (seed 002; `rsp-lab demo --ledger DIR
//! --fraud-rate R`): the SM-DP+ and the eIM on loopback, real eUICCs; the ledger, written
//! day by day as the run goes, verifies, carries the eUICC-signed installation results,
//! raises no flag on the honest fleet and catches every injected case — a download burst
//! refused by the run's real SM-DP+ and flagged on the day it happened.

use fleet::ledger::{HOME, LedgerOptions, RSP};
use fleet::run::options::DemoOptions;
use fleet::run::progress::Progress;
use fleet::run::run;
use fleet::world::countries::country;
use ledger::entry::{Entry, Record};

fn options(dir: &std::path::Path, devices: u32, rate: Option<f64>) -> DemoOptions {
    DemoOptions {
        devices,
        countries: ["DE", "BR", "US"]
            .iter()
            .map(|c| country(c).unwrap())
            .collect(),
        days: 40,
        deploy_days: 7,
        seed: 5,
        data_dir: dir.to_path_buf(),
        ledger: rate.map(|fraud_rate| LedgerOptions {
            dir: dir.join("ledger"),
            fraud_rate,
        }),
        ..DemoOptions::default()
    }
}

/// Every entry `holder` keeps, from its own database.
async fn entries_of(dir: &std::path::Path, holder: &str) -> Vec<Entry> {
    ledger::entries_of(dir, holder).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_of_a_run_verifies_and_catches_every_injected_case_without_false_alarm() {
    let dir = tempfile::tempdir().unwrap();
    let plain = run(&options(dir.path(), 12, None), &Progress::new(40, false))
        .await
        .unwrap();
    assert!(plain.ledger.is_none(), "no ledger unless asked for");

    for rate in [0.0, 0.5] {
        let o = options(dir.path(), 12, Some(rate));
        let outcome = run(&o, &Progress::new(o.days, false)).await.unwrap();
        assert!(outcome.passed());
        let r = outcome.ledger.as_ref().unwrap();
        let l = o.ledger.as_ref().unwrap();
        assert_eq!(r.verification.problems, 0);
        assert_eq!(r.fraud.false_alarms, 0, "rate {rate}");
        assert_eq!(r.fraud.caught, r.fraud.injected, "rate {rate}");
        assert_eq!(r.fraud.reported_at_once, r.fraud.injected);
        if rate == 0.0 {
            assert_eq!(r.fraud.injected, 0);
            assert_eq!(r.settlement.iter().map(|s| s.flags).sum::<u64>(), 0);
            assert_eq!(r.fraud.smdp_refused_orders, Some(0));
        } else {
            assert!(r.fraud.injected > 0);
        }
        // The eUICC-signed installation results are on the ledger as received.
        let home = entries_of(&l.dir, HOME).await;
        let installs: Vec<&String> = home
            .iter()
            .filter_map(|e| match &e.record {
                Record::Subscription(s) if s.kind == "installation-result" => s.signed_der.as_ref(),
                _ => None,
            })
            .collect();
        assert!(!installs.is_empty());
        assert!(installs.iter().all(|d| d.starts_with("bf37")));
        let again = ledger::verify_dir(&l.dir).await.unwrap();
        assert_eq!(again.problems(), 0);
        assert_eq!(again.entries, 2 * r.entries);
    }
}

/// Every device gets a case; the download bursts among them are real ES2+ DownloadOrders
/// to the run's SM-DP+, which refuses them beyond its limit of open orders per EID (its own
/// metrics count the refusals), and the SM-DP+/eIM operator's flag is on the ledger with
/// the day of the burst, in the home operator's copy, that same day.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_burst_is_refused_by_the_real_smdp_and_flagged_on_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let o = options(dir.path(), 30, Some(1.0));
    let outcome = run(&o, &Progress::new(o.days, false)).await.unwrap();
    assert!(
        outcome.passed(),
        "the honest fleet is not hurt by the bursts"
    );
    let r = outcome.ledger.as_ref().unwrap();
    assert_eq!(r.verification.problems, 0);
    let bursts: Vec<_> = r
        .fraud
        .cases
        .iter()
        .filter(|c| c.kind == fleet::ledger::fraud::FraudKind::DownloadBurst)
        .collect();
    assert!(!bursts.is_empty(), "seed 5 draws download bursts");
    for b in &bursts {
        assert!(b.caught && b.stopped && b.reported_at_once, "{b:?}");
        assert!(b.refused_by_smdp.is_some_and(|n| n > 0), "{b:?}");
        assert_eq!(b.network, RSP);
    }
    let refused: u64 = bursts
        .iter()
        .map(|b| u64::from(b.refused_by_smdp.unwrap()))
        .sum();
    assert_eq!(r.fraud.refused_orders, refused);
    assert_eq!(
        r.fraud.smdp_refused_orders,
        Some(refused),
        "the SM-DP+'s own count"
    );
    let home = entries_of(&o.ledger.as_ref().unwrap().dir, HOME).await;
    for b in &bursts {
        let flag = home
            .iter()
            .find(|e| e.author == RSP && matches!(&e.record, Record::Flag(f) if f.device == b.eid))
            .expect("the flag is in the home operator's copy");
        assert_eq!(flag.day, b.day, "flagged on the day of the burst");
    }
}
