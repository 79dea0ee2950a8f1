//! `rsp-lab demo --strategy` and `rsp-lab compare` on small fleets: each strategy's defining
//! behaviour, seen from the command a user runs (real SM-DP+, eIM and eUICCs on loopback).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn lab(args: &[&str], data: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// The event names of a device's timeline in a `--report` JSON.
fn events(device: &Value) -> Vec<&str> {
    device["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["event"].as_str().unwrap())
        .collect()
}

/// Every entry the home operator holds, from its own database in a ledger folder.
fn home_entries(dir: &Path) -> Vec<ledger::entry::Entry> {
    let home = fleet::ledger::HOME;
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(ledger::entries_of(dir, home)).unwrap()
}

/// What the usage records of a ledger come to at their contracts' rates, priced here
/// record by record (not by `ledger::settle`), in micro-USD.
fn usage_at_contract_rates(entries: &[ledger::entry::Entry]) -> u64 {
    use ledger::entry::Record;
    let rates: std::collections::HashMap<(&str, &str), ledger::money::Rates> = entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Contract(c) => Some(((e.log.as_str(), c.device.as_str()), c.rates)),
            _ => None,
        })
        .collect();
    entries
        .iter()
        .filter_map(|e| match &e.record {
            Record::Usage(u) => {
                let r = rates[&(e.log.as_str(), u.device.as_str())];
                Some(u.data_kb * r.data_per_mb / 1024 + u.minutes * r.voice_per_minute)
            }
            _ => None,
        })
        .sum()
}

fn scenario(name: &str) -> String {
    format!(
        "{}/../../examples/scenarios/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The same small fleet under every strategy, with regulation tightening in AU and FR.
#[test]
fn compare_shows_who_absorbs_a_new_regulation() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("compare.json");
    let scenario = scenario("regulation-tightens.toml");
    let mut args = vec![
        "compare",
        "--devices",
        "12",
        "--countries",
        "AU,FR,CN",
        "--days",
        "100",
        "--scenario",
        &scenario,
        "--report",
        report.to_str().unwrap(),
    ];
    let (ok, out) = lab(&args, &dir.path().join("data"));
    assert!(ok, "{out}");
    assert!(
        out.contains("multi-imsi+euicc") && out.contains("$/device/month"),
        "{out}"
    );
    let json: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    // Same seed, same comparison (the operator's reactions are ordered in device order).
    let again = dir.path().join("again.json");
    let n = args.len();
    args[n - 1] = again.to_str().unwrap();
    assert!(lab(&args, &dir.path().join("data")).0);
    let second: Value = serde_json::from_slice(&std::fs::read(&again).unwrap()).unwrap();
    assert_eq!(json["strategies"], second["strategies"]);
    for k in [
        "seed",
        "devices",
        "days",
        "scenario",
        "cost_model",
        "strategies",
    ] {
        assert!(json.get(k).is_some(), "{k}");
    }
    let by: std::collections::BTreeMap<String, &Value> = json["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["strategy"].as_str().unwrap().to_string(), s))
        .collect();
    assert_eq!(by.len(), 5);
    for s in by.values() {
        for k in ["countries", "totals", "events", "guarantees_held"] {
            assert!(s.get(k).is_some(), "{k}");
        }
        for k in [
            "devices",
            "blocked",
            "throttled",
            "exposed",
            "gaps",
            "gap_seconds",
            "ota_operations",
            "downloads",
            "failures",
            "cost",
        ] {
            assert!(s["totals"].get(k).is_some(), "totals.{k}");
        }
        let c = &s["totals"]["cost"];
        let parts: f64 = ["sim", "data", "fees", "operations"]
            .iter()
            .map(|k| c[k].as_f64().unwrap())
            .sum();
        assert!((parts - c["total"].as_f64().unwrap()).abs() < 1e-9);
    }
    let au = |s: &str| {
        by[s]["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["event"].as_str().unwrap().starts_with("AU"))
            .unwrap()
            .clone()
    };
    // Multi-IMSI carries no AU IMSI and cannot add one: its AU devices are cut off.
    assert_eq!(au("multi-imsi")["absorbed"], false);
    assert!(
        by["multi-imsi"]["countries"]["AU"]["blocked"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(by["multi-imsi"]["countries"]["AU"]["downloads"], 0);
    assert_eq!(au("roaming")["absorbed"], false);
    // An eUICC fleet downloads an AU profile on the announcement: nobody is cut off.
    for s in ["localize", "multi-imsi+euicc", "tiered"] {
        assert_eq!(au(s)["absorbed"], true, "{s}");
        assert_eq!(by[s]["countries"]["AU"]["blocked"], 0, "{s}");
        assert!(
            by[s]["countries"]["AU"]["downloads"].as_u64().unwrap() > 0,
            "{s}"
        );
        assert_eq!(by[s]["guarantees_held"], true, "{s}");
    }
    // The FR IMSI is pre-loaded: multi-IMSI absorbs France without a download.
    assert_eq!(by["multi-imsi"]["countries"]["FR"]["throttled"], 0);
    assert_eq!(by["multi-imsi"]["countries"]["FR"]["downloads"], 0);
    // Roaming forbidden in China: only the strategies that download are compliant there.
    assert_eq!(by["roaming"]["countries"]["CN"]["exposed"], 4);
    assert_eq!(by["multi-imsi"]["countries"]["CN"]["exposed"], 4);
    assert_eq!(by["localize"]["countries"]["CN"]["exposed"], 0);
    // Gaps follow the models: multi-IMSI switches take seconds, eUICC switches 30-120 s each.
    let fr = &by["multi-imsi"]["countries"]["FR"];
    let (n, secs) = (
        fr["gaps"].as_u64().unwrap(),
        fr["gap_seconds"].as_u64().unwrap(),
    );
    assert!(n > 0 && secs >= 2 * n && secs <= 10 * n, "{fr}");
    let cn = &by["localize"]["countries"]["CN"];
    let (n, secs) = (
        cn["gaps"].as_u64().unwrap(),
        cn["switch_gap_seconds"].as_u64().unwrap(),
    );
    assert!(n > 0 && secs >= 30 * n && secs <= 120 * n, "{cn}");

    // Each strategy's run wrote its own roaming ledger; its settlement is set against the
    // clearing house. Roaming keeps every device a roamer for the whole run: more
    // roamer-months, so more clearing-house cost than localizing.
    assert!(
        out.contains("ledger settled") && out.contains("clearing house"),
        "{out}"
    );
    let settlement = |s: &str| by[s]["totals"]["settlement"].clone();
    let house = |s: &str| settlement(s)["clearing_house"].as_f64().unwrap();
    assert!(
        house("roaming") > house("localize"),
        "{} vs {}",
        house("roaming"),
        house("localize")
    );
    assert!(
        settlement("roaming")["roamer_months"].as_u64()
            > settlement("localize")["roamer_months"].as_u64()
    );
    for s in by.keys() {
        let t = settlement(s);
        let (settled, house) = (
            t["settled"].as_f64().unwrap(),
            t["clearing_house"].as_f64().unwrap(),
        );
        assert!(
            (t["saving"].as_f64().unwrap() - (house - settled)).abs() < 1e-9,
            "{s}"
        );
        // The settlement is the usage records at the contracts' rates, as the home
        // operator's own copy of the ledger holds them.
        let entries = home_entries(&dir.path().join("data/ledger").join(s));
        let priced = usage_at_contract_rates(&entries) as f64 / 1e6;
        assert!(
            (priced - settled).abs() < 1e-6,
            "{s}: {priced} vs {settled}"
        );
        assert!(settled > 0.0, "{s}: every device roams on arrival");
        // Per country, the visited operators of that country.
        let per_country: f64 = by[s]["countries"]
            .as_object()
            .unwrap()
            .values()
            .map(|c| c["settlement"]["settled"].as_f64().unwrap())
            .sum();
        assert!((per_country - settled).abs() < 1e-6, "{s}");
    }
}

/// A carrier fails in Germany: the eIM moves eUICC devices to the other operator (through
/// the IPA's fallback and a localize order); a multi-IMSI SIM cannot.
#[test]
fn a_failing_carrier_is_left_for_the_other_operator() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let run = |strategy: &str| {
        let report = dir.path().join(format!("{strategy}.json"));
        let (ok, out) = lab(
            &[
                "demo",
                "--strategy",
                strategy,
                "--devices",
                "4",
                "--countries",
                "DE",
                "--days",
                "80",
                "--attach-failure-rate",
                "0",
                "--scenario",
                &scenario("carrier-degrades.toml"),
                "--report",
                report.to_str().unwrap(),
            ],
            &data,
        );
        let json: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
        (ok, out, json)
    };
    let (ok, out, json) = run("localize");
    assert!(ok, "{out}");
    assert!(out.contains("strategy localize"), "{out}");
    let mut fell_back = 0;
    for d in json["devices"].as_array().unwrap() {
        // Moved on the day the carrier failed, whether its profile still registered or not:
        // the operator told the eIM to avoid DE Local A, and the eIM's own policy pass
        // ordered DE Local B for every device on it.
        assert_eq!(d["enabled_profile_type"], "de-local-b", "{d}");
        assert_eq!(d["serving"], "home");
        let moved = d["history"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| {
                h["event"] == "downloaded" && h["detail"].as_str().unwrap().contains("(de-local-b)")
            })
            .map(|h| h["day"].as_u64().unwrap());
        assert_eq!(moved, Some(40), "{d}");
        let events = events(d);
        fell_back += usize::from(events.contains(&"fallback"));
    }
    let absorbed = out
        .lines()
        .skip_while(|l| !l.starts_with("event: DE Local A"))
        .nth(1)
        .unwrap_or_default();
    assert!(absorbed.contains("absorbed"), "{out}");
    assert!(
        fell_back > 0,
        "the eUICC fell back where DE Local A refused: {out}"
    );
    let (_, out, json) = run("multi-imsi");
    for d in json["devices"].as_array().unwrap() {
        // On its international IMSI (the DE one no longer registers), no download possible.
        assert_eq!(d["attempts"], 0);
        let events = events(d);
        assert!(events.contains(&"imsi-switched"), "{out}");
    }
}

/// Tiered: each country in the tier its volume gives it (shipped file: CN eUICC, DE
/// multi-IMSI, JP roaming).
#[test]
fn tiered_serves_each_country_in_its_tier() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("tiered.json");
    let (ok, out) = lab(
        &[
            "demo",
            "--strategy",
            "tiered",
            "--devices",
            "6",
            "--countries",
            "CN,DE,JP",
            "--days",
            "40",
            "--attach-failure-rate",
            "0",
            "--drop-rate",
            "0",
            "--report",
            report.to_str().unwrap(),
        ],
        &dir.path().join("data"),
    );
    assert!(ok, "{out}");
    let json: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    for d in json["devices"].as_array().unwrap() {
        let (country, events) = (d["country"].as_str().unwrap(), events(d));
        match country {
            "CN" => {
                assert_eq!(d["enabled_profile_type"], "cn-local-a", "{d}");
                assert_eq!(d["serving"], "home");
            }
            "DE" => {
                // Local on the SIM's own DE IMSI, nothing downloaded.
                assert_eq!(d["attempts"], 0, "{d}");
                assert_eq!(d["serving"], "home");
                assert!(events.contains(&"imsi-switched"), "{events:?}");
            }
            _ => {
                assert_eq!(d["attempts"], 0, "{d}");
                assert_eq!(d["serving"], "roaming");
            }
        }
    }
}
