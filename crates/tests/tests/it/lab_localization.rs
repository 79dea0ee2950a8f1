//! The localization lab end to end (ARCHITECTURE.md "How a localization flows through the code"; SGP.32 v1.2 3.1, 3.2,
//! 5.9.16; SGP.22 3.1.3): a fleet spread over countries whose rules differ, on the shipped
//! policy, with local profiles that cannot attach and answers lost on the way. The real
//! SM-DP+ and eIM run on loopback with TLS and SQLite; the devices are real eUICCs with
//! their IPAs. What the policy implies must come true, and the guarantees checked against
//! the end state must hold.

use std::collections::BTreeMap;

use fleet::report::{DeviceReport, ServingReport};
use fleet::run::options::DemoOptions;
use fleet::run::progress::Progress;
use fleet::run::{DemoOutcome, run};
use fleet::world::countries::country;

fn options(dir: &std::path::Path, devices: u32, codes: &[&str], days: u32) -> DemoOptions {
    DemoOptions {
        devices,
        countries: codes.iter().map(|c| country(c).unwrap()).collect(),
        days,
        deploy_days: 7,
        attach_failure_rate: 0.2,
        drop_rate: 0.03,
        seed: 42,
        data_dir: dir.to_path_buf(),
        ..DemoOptions::default()
    }
}

async fn lab(o: &DemoOptions) -> DemoOutcome {
    run(o, &Progress::new(o.days, false))
        .await
        .expect("lab run")
}

fn by_country(outcome: &DemoOutcome) -> BTreeMap<&str, Vec<&DeviceReport>> {
    let mut m: BTreeMap<&str, Vec<&DeviceReport>> = BTreeMap::new();
    for d in &outcome.report.devices {
        m.entry(d.country.as_str()).or_default().push(d);
    }
    m
}

/// The day of the first event `event` in a device's history.
fn day_of(d: &DeviceReport, event: &str) -> Option<u32> {
    d.history.iter().find(|h| h.event == event).map(|h| h.day)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lab_localizes_the_fleet_as_the_policy_says_despite_failed_attaches_and_lost_answers() {
    let dir = tempfile::tempdir().unwrap();
    let codes = ["CN", "BR", "IN", "TR", "DE", "US", "AU", "JP"];
    let o = options(dir.path(), 48, &codes, 125);
    let outcome = lab(&o).await;
    for c in &outcome.checks {
        assert!(c.passed, "{}: {}", c.guarantee, c.detail);
    }
    let countries = by_country(&outcome);
    assert_eq!(countries.len(), codes.len());

    // Forbidden markets: every device localized, at once, with the bootstrap as fallback.
    for cc in ["CN", "BR", "IN"] {
        for d in &countries[cc] {
            assert!(d.localized && d.attached, "{cc}: {d:?}");
            assert_eq!(d.serving, ServingReport::Home);
            assert_eq!(
                d.enabled_profile_type.as_deref().map(|t| &t[..2]),
                Some(cc.to_lowercase().as_str())
            );
            assert_ne!(
                d.fallback_iccid, d.enabled_iccid,
                "bootstrap kept as fallback"
            );
            let deployed = day_of(d, "deployed").unwrap();
            let localized = day_of(d, "localized").unwrap();
            assert!(localized - deployed <= 7, "{cc}: {d:?}");
        }
    }
    // Türkiye blocks roamers after 120 days: localized from day 90 of residency, before.
    for d in &countries["TR"] {
        let resident = day_of(d, "localized").unwrap() - day_of(d, "deployed").unwrap();
        assert!((90..120).contains(&resident), "{d:?}");
        assert!(d.localized);
    }
    // Restricted (DE after 14 days) and tolerated-with-limits (US after 90 days).
    for cc in ["DE", "US"] {
        assert!(countries[cc].iter().all(|d| d.localized), "{cc}");
    }
    // Permissive markets keep roaming on the bootstrap.
    for cc in ["AU", "JP"] {
        for d in &countries[cc] {
            assert!(!d.localized && d.attached, "{cc}: {d:?}");
            assert_eq!(d.serving, ServingReport::Roaming);
            assert_eq!(d.enabled_iccid, d.fallback_iccid);
            assert_eq!(d.attempts, 0);
        }
    }

    // Exposure: what the rules would have hit without localization, none left after.
    let t = &outcome.report.totals;
    assert_eq!(t.exposed_after, 0, "{t:?}");
    // Without localization: forbidden markets and Germany (30 days) at once, Türkiye and
    // the US (120 days) for devices deployed in the first days.
    let exposed = outcome
        .report
        .devices
        .iter()
        .filter(|d| match d.country.as_str() {
            "CN" | "BR" | "IN" | "DE" => true,
            "TR" | "US" => o.days - day_of(d, "deployed").unwrap() > 120,
            _ => false,
        })
        .count() as u32;
    assert_eq!(t.exposed_before, exposed, "{t:?}");
    assert!(exposed > 24);
    assert_eq!(t.failed, 0);
    assert_eq!(t.localized, 36);
    assert!(t.p50_localize_s.is_some() && t.p99_localize_s >= t.p50_localize_s);

    // The faults were exercised: rollbacks to the bootstrap, a retry with the other
    // operator's type, answers lost and recovered.
    assert!(outcome.counts.rollbacks > 0, "{:?}", outcome.counts);
    assert!(outcome.counts.lost_answers > 0, "{:?}", outcome.counts);
    let retried = outcome
        .report
        .devices
        .iter()
        .filter(|d| d.rollbacks > 0 && d.localized)
        .count();
    assert!(retried > 0, "a device rolled back and then localized");
    for d in outcome.report.devices.iter().filter(|d| d.rollbacks > 0) {
        let back = d.history.iter().find(|h| h.event == "rolled-back").unwrap();
        assert!(back.detail.contains("did not attach"), "{back:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lab_same_seed_same_report() {
    let a_dir = tempfile::tempdir().unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let codes = ["CN", "DE", "AU"];
    let a = lab(&options(a_dir.path(), 9, &codes, 20)).await;
    let b = lab(&options(b_dir.path(), 9, &codes, 20)).await;
    let json = |o: &DemoOutcome| {
        let mut v = serde_json::to_value(&o.report).unwrap();
        // Wall-clock durations and the wire's counts are the only things allowed to differ.
        for c in v["countries"].as_object_mut().unwrap().values_mut() {
            c["p50_localize_s"] = serde_json::Value::Null;
            c["p99_localize_s"] = serde_json::Value::Null;
        }
        v["totals"]["p50_localize_s"] = serde_json::Value::Null;
        v["totals"]["p99_localize_s"] = serde_json::Value::Null;
        v["localize_latency"] = serde_json::Value::Null;
        // What went over the wire is measured, not drawn: TLS connections opened (and so
        // handshake octets) depend on how the devices' sessions overlapped in time.
        let wire = &mut v["esipa_wire"];
        assert_eq!(wire["binding"], "https");
        for k in [
            "octets_sent",
            "octets_received",
            "octets_per_poll",
            "handshakes",
        ] {
            assert!(wire[k].as_f64() > Some(0.0), "{k}: {wire}");
            wire[k] = serde_json::Value::Null;
        }
        v
    };
    assert_eq!(json(&a), json(&b));
    assert!(a.passed() && b.passed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lab_rolls_back_when_the_eim_is_unreachable_after_an_enable() {
    let dir = tempfile::tempdir().unwrap();
    let codes = ["CN", "DE"];
    let o = DemoOptions {
        attach_failure_rate: 0.0,
        drop_rate: 0.0,
        eim_unreachable_after_enable: 0.5,
        ..options(dir.path(), 12, &codes, 40)
    };
    let outcome = lab(&o).await;
    for c in &outcome.checks {
        assert!(c.passed, "{}: {}", c.guarantee, c.detail);
    }
    // Every profile attaches; the rollbacks are all the IPA's, for the eIM it could not
    // reach with the new profile, and the eIM moved on to the next profile type.
    let n = outcome.counts;
    assert!(n.rollbacks > 0, "{n:?}");
    assert_eq!(n.rollbacks_eim_unreachable, n.rollbacks, "{n:?}");
    // The JSON report says the same.
    let json = serde_json::to_value(&outcome.report).unwrap();
    assert_eq!(json["rollbacks_by_cause"]["eim_unreachable"], n.rollbacks);
    assert_eq!(json["rollbacks_by_cause"]["no_attach"], 0);
    let rolled: Vec<&DeviceReport> = outcome
        .report
        .devices
        .iter()
        .filter(|d| d.rollbacks > 0)
        .collect();
    for d in &rolled {
        let back = d.history.iter().find(|h| h.event == "rolled-back").unwrap();
        assert!(back.detail.contains("could not reach the eIM"), "{back:?}");
    }
    assert!(
        rolled.iter().any(|d| d.localized),
        "a device rolled back and then localized with another profile"
    );
}
