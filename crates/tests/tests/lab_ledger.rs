//! The roaming ledger of a real lab run (seed 002; `rsp-lab demo --ledger DIR
//! --fraud-rate R`): the SM-DP+ and the eIM on loopback, real eUICCs; the ledger written
//! from what the run left verifies, carries the eUICC-signed installation results, raises
//! no flag on the honest fleet and catches every injected case.

use lab::sim::countries::country;
use lab::sim::ledger::LedgerOptions;
use lab::sim::ledger::write::write;
use lab::sim::options::DemoOptions;
use lab::sim::progress::Progress;
use lab::sim::run::run;

fn options(dir: &std::path::Path, rate: Option<f64>) -> DemoOptions {
    DemoOptions {
        devices: 12,
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_of_a_run_verifies_and_catches_every_injected_case_without_false_alarm() {
    let dir = tempfile::tempdir().unwrap();
    let plain = run(&options(dir.path(), None), &Progress::new(40, false))
        .await
        .unwrap();
    assert!(plain.ledger_facts.is_none(), "no ledger unless asked for");

    for rate in [0.0, 0.5] {
        let o = options(dir.path(), Some(rate));
        let outcome = run(&o, &Progress::new(o.days, false)).await.unwrap();
        assert!(outcome.passed());
        let facts = outcome.ledger_facts.as_ref().unwrap();
        let l = o.ledger.as_ref().unwrap();
        let r = write(facts, l, o.seed, o.days).await.unwrap();
        assert_eq!(r.verification.problems, 0);
        assert_eq!(r.fraud.false_alarms, 0, "rate {rate}");
        assert_eq!(r.fraud.caught, r.fraud.injected, "rate {rate}");
        assert_eq!(r.fraud.reported_at_once, r.fraud.injected);
        if rate == 0.0 {
            assert_eq!(r.fraud.injected, 0);
        } else {
            assert!(r.fraud.injected > 0);
        }
        // The eUICC-signed installation results are on the ledger as received.
        let installs: Vec<_> = facts
            .operations
            .iter()
            .filter(|o| o.kind == "installation-result")
            .collect();
        assert!(!installs.is_empty());
        assert!(installs.iter().all(|o| {
            o.signed_der
                .as_ref()
                .is_some_and(|d| d.starts_with(&[0xBF, 0x37]))
        }));
        let again = ledger::verify_dir(&l.dir).await.unwrap();
        assert_eq!(again.problems(), 0);
        assert_eq!(again.entries, 2 * r.entries);
    }
}
