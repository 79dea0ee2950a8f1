//! `rsp-lab demo --delivery smds` and `rsp-lab compare --delivery eim,smds` as a user runs
//! them: a fleet localized without an eIM, by ES2+ orders announced at the root SM-DS
//! (SGP.22 5.3.2, 5.9.1) and found by each device's LPAd (3.6.3), with the SM-DS and the
//! SM-DP+ taken down for some days; the guarantees hold and the same seed gives the same
//! run.

use crate::common::*;

use serde_json::Value;

/// A small run by discovery: CN localizes at once, DE after 30 days, BR forbids roaming.
fn discovery_run(dir: &std::path::Path, report: &str, outages: &[&str]) -> String {
    let mut args = vec![
        "demo",
        "--delivery",
        "smds",
        "--devices",
        "18",
        "--countries",
        "CN,DE,BR",
        "--days",
        "45",
        "--seed",
        "3",
        "--report",
        report,
    ];
    for o in outages {
        args.extend(["--outage", o]);
    }
    ok(dir, &args)
}

fn histories(report: &Value) -> Vec<Value> {
    report["devices"]
        .as_array()
        .expect("devices")
        .iter()
        .map(|d| d["history"].clone())
        .collect()
}

#[test]
fn sgp22_3_6_3_devices_find_their_local_profiles_at_the_root_smds_through_outages() {
    let dir = tempfile::tempdir().unwrap();
    let out = discovery_run(dir.path(), "a.json", &["smds:2-12", "smdp:20-24"]);
    assert!(
        out.contains("delivery: ES2+ orders announced at the root SM-DS"),
        "{out}"
    );
    assert!(!out.contains("FAIL"), "{out}");
    assert!(
        out.contains("PASS  the SM-DS holds no event for an order that ended"),
        "{out}"
    );
    let number = |label: &str| -> u64 {
        let at = out
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {out}"));
        let before = out[..at].trim_end();
        before
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a number before {label} in {out}"))
    };
    // The outages were felt: retrievals unanswered, confirmations and orders tried again.
    assert!(number(" unanswered") > 0, "{out}");
    assert!(number(" ConfirmOrders failed") > 0, "{out}");
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("a.json")).unwrap()).unwrap();
    let devices = report["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 18);
    let localized: Vec<&Value> = devices.iter().filter(|d| d["localized"] == true).collect();
    // CN and BR localize on arrival (roaming forbidden), DE within the run.
    assert!(localized.len() >= 12, "{} localized", localized.len());
    for d in &localized {
        let events: Vec<&str> = d["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["event"].as_str().unwrap())
            .collect();
        let found = events.iter().position(|e| *e == "downloaded");
        let local = events.iter().position(|e| *e == "localized");
        assert!(
            matches!((found, local), (Some(f), Some(l)) if f < l),
            "a download found at the SM-DS before the local attach: {events:?}"
        );
    }
    // Nobody found an event while the SM-DS was down (days 2 to 12).
    for h in histories(&report)
        .iter()
        .flat_map(|h| h.as_array().unwrap().clone())
    {
        let day = h["day"].as_u64().unwrap();
        if h["event"] == "downloaded" {
            assert!(
                !(2..=12).contains(&day),
                "download on day {day} of the outage"
            );
        }
    }
    // The same seed and outages give the same run.
    discovery_run(dir.path(), "b.json", &["smds:2-12", "smdp:20-24"]);
    let again: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("b.json")).unwrap()).unwrap();
    assert_eq!(histories(&report), histories(&again));
}

#[test]
fn compare_sets_discovery_beside_the_eim() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(
        dir.path(),
        &[
            "compare",
            "--delivery",
            "eim,smds",
            "--devices",
            "12",
            "--countries",
            "CN,TR",
            "--days",
            "30",
            "--outage",
            "smds:0-14",
            "--outage",
            "smdp:0-4",
            "--report",
            "c.json",
        ],
    );
    assert!(out.contains("note: eim: smds is not in its path"), "{out}");
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("c.json")).unwrap()).unwrap();
    let d = report["deliveries"].as_array().expect("deliveries");
    assert_eq!(d.len(), 2);
    assert_eq!(
        (d[0]["delivery"].as_str(), d[1]["delivery"].as_str()),
        (Some("eim"), Some("smds"))
    );
    for r in d {
        assert_eq!(r["guarantees_held"], true, "{r}");
        assert!(r["localized"].as_u64().unwrap() > 0, "{r}");
    }
    // The SM-DP+ was down for the first five days (both runs), the SM-DS for the first two
    // weeks (discovery only): devices that arrived then localized only after it came back.
    let p90 = |r: &Value| r["days_to_localize_p90"].as_u64().unwrap();
    assert!(p90(&d[1]) > p90(&d[0]), "{d:?}");
    assert!(d[1]["discovery"]["smds_unanswered"].as_u64().unwrap() > 0);
    assert!(d[0].get("discovery").is_none());
}

#[test]
fn discovery_refuses_what_it_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let refused: [(&str, &str); 6] = [
        (
            "--delivery smds --strategy roaming",
            "--delivery smds runs the localize strategy",
        ),
        ("--outage smds:1-2", "no SM-DS in its path"),
        (
            "--outage smdp:1-2 --instances 2 --database postgres://nowhere/x",
            "one instance of each server",
        ),
        ("--delivery smds --outage smdp:9-3", "expected ROLE:FROM-TO"),
        (
            "--delivery smds --outage smdp:5-6",
            "after the run's last day",
        ),
        ("--delivery sms", "unknown delivery"),
    ];
    for (options, why) in refused {
        let mut args = vec!["demo", "--days", "3"];
        args.extend(options.split(' '));
        assert_one_line_error(&rsp_lab(dir.path(), &args), why);
    }
}
