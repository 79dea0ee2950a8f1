//! `rsp-lab demo` as a user runs it: the printed table and guarantees, the JSON report's
//! fields, the trace files of one device, and one-line refusals of bad options.

use crate::common::*;

use std::path::Path;

use serde_json::Value;

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

/// Names in `dir` without their time stamp and sequence number (`<time>-<seq>-<rest>`).
fn trace_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("trace directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| n.splitn(3, '-').nth(2).unwrap_or(n).to_string())
        .collect()
}

#[test]
fn demo_writes_the_report_and_one_trace_directory_per_device() {
    let dir = tempfile::tempdir().unwrap();
    let out = rsp_lab(
        dir.path(),
        &[
            "demo",
            "--devices",
            "4",
            "--countries",
            "CN,AU",
            "--days",
            "20",
            "--drop-rate",
            "0",
            "--attach-failure-rate",
            "0",
            "--seed",
            "7",
            "--report",
            "report.json",
            "--html",
            "report.html",
            "--trace-dir",
            "traces",
        ],
    );
    let printed = stdout(&out);
    assert!(out.status.success(), "{printed}\n{}", stderr(&out));
    assert!(printed.contains("guarantees:"), "{printed}");
    assert!(!printed.contains("FAIL"), "{printed}");
    assert!(
        dir.path().join("rsp-lab-data/pki").is_dir(),
        "default data dir"
    );

    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    for k in ["devices", "countries", "totals"] {
        assert!(report.get(k).is_some(), "report has {k}");
    }
    let devices = report["devices"].as_array().unwrap();
    assert_eq!(devices.len(), 4);
    for field in [
        "eid",
        "country",
        "enabled_iccid",
        "enabled_profile_type",
        "fallback_iccid",
        "serving",
        "attached",
        "localized",
        "attempts",
        "rollbacks",
        "history",
    ] {
        assert!(devices.iter().all(|d| d.get(field).is_some()), "{field}");
    }
    assert_eq!(
        keys(&report["countries"]["CN"]),
        keys(&report["totals"]),
        "a country and the totals have the same columns"
    );
    for field in [
        "devices",
        "localized",
        "roaming",
        "rolled_back",
        "failed",
        "p50_localize_s",
        "p99_localize_s",
        "exposed_before",
        "exposed_after",
    ] {
        assert!(report["totals"].get(field).is_some(), "{field}");
    }
    // China forbids permanent roaming: localized at home; Australia tolerates it: roaming on
    // the bootstrap, which is also the fallback.
    for d in devices {
        let history: Vec<&str> = d["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["event"].as_str().unwrap())
            .collect();
        match d["country"].as_str().unwrap() {
            "CN" => {
                assert_eq!(d["serving"], "home", "{d}");
                assert_eq!(d["localized"], true, "{d}");
                assert_ne!(d["enabled_iccid"], d["fallback_iccid"], "{d}");
                assert!(history.contains(&"localized"), "{history:?}");
            }
            "AU" => {
                assert_eq!(d["serving"], "roaming", "{d}");
                assert_eq!(d["localized"], false, "{d}");
                assert_eq!(d["enabled_iccid"], d["fallback_iccid"], "{d}");
            }
            other => panic!("unexpected country {other}"),
        }
        assert_eq!(d["attached"], true, "{d}");
    }
    assert_eq!(report["countries"]["CN"]["exposed_before"], 2);
    assert_eq!(report["countries"]["CN"]["exposed_after"], 0);

    // The per-day series: one entry a day; the localizations are the devices' `localized`
    // events; without localization both Chinese devices end exposed, with it none does.
    let daily = report["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 20);
    let per_day: u64 = daily.iter().map(|d| d["localized"].as_u64().unwrap()).sum();
    assert_eq!(per_day, 2);
    let last = &daily[19];
    assert_eq!(last["exposed_without"]["CN"], 2, "{last}");
    assert!(last["exposed"].get("CN").is_none(), "{last}");
    let latency: u64 = report["localize_latency"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(latency, 2, "one localization time per localized device");
    // The HTML report: the same numbers, its charts inline, nothing to fetch.
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(
        html.contains("<tr data-country=\"total\"><th>total</th><th data-k=\"devices\">4</th>")
    );
    for chart in [
        "exposure-chart",
        "exposure-without-chart",
        "daily-chart",
        "latency-chart",
    ] {
        assert!(html.contains(&format!("<svg id=\"{chart}\"")), "{chart}");
    }
    for external in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }

    // One directory per device with its IPA's ESipa and its LPA's ES9+ messages in order.
    let localized = devices.iter().find(|d| d["country"] == "CN").unwrap();
    let eid = localized["eid"].as_str().unwrap();
    let names = trace_names(&dir.path().join("traces/devices").join(eid));
    let position = |n: &str| names.iter().position(|x| x == n);
    let steps = [
        "es9p-initiateAuthentication-req.json",
        "es9p-authenticateClient-req.json",
        "es9p-getBoundProfilePackage-req.json",
        "esipa-provideEimPackageResult-req.der",
    ];
    let at: Vec<Option<usize>> = steps.iter().map(|s| position(s)).collect();
    assert!(at.iter().all(Option::is_some), "{names:?}");
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    assert_eq!(
        names.first().map(String::as_str),
        Some("esipa-getEimPackage-req.der")
    );
    for server in ["smdp", "eim"] {
        let n = trace_names(&dir.path().join("traces").join(server));
        assert!(
            n.iter().any(|x| x == "es2p-confirmOrder-req.json"),
            "{server}: {n:?}"
        );
    }
}

#[test]
fn demo_refuses_bad_options_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for (args, needle) in [
        (&["demo", "--countries", "XX"][..], "XX"),
        (&["demo", "--drop-rate", "1.5"][..], "drop"),
        (&["demo", "--devices", "0"][..], "devices"),
        (&["demo", "--policy", "missing.toml"][..], "missing.toml"),
        (&["demo", "--instances", "2"][..], "--database"),
        (&["demo", "--database", "sqlite://x.db"][..], "postgres://"),
        (&["demo", "--instances", "0"][..], "instances"),
    ] {
        let out = rsp_lab(dir.path(), args);
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?} accepted");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

/// Issue 12: the lab with three SM-DP+ and three eIM instances over one PostgreSQL server,
/// each device moving to the next instance every day: the guarantees hold and the report
/// says how the polls were spread. Needs `RSP_TEST_POSTGRES_URL`.
#[cfg_attr(no_postgres, ignore = "needs RSP_TEST_POSTGRES_URL")]
#[test]
fn demo_runs_over_postgresql_with_three_instances_of_each_role() {
    let Ok(url) = std::env::var("RSP_TEST_POSTGRES_URL") else {
        println!("notice: RSP_TEST_POSTGRES_URL not set: test skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = rsp_lab(
        dir.path(),
        &[
            "demo",
            "--devices",
            "36",
            "--days",
            "40",
            "--data",
            "data",
            "--database",
            &url,
            "--instances",
            "3",
            "--report",
            "report.json",
        ],
    );
    assert_ok(&out);
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    let spread = report["run"]["instance_polls"]
        .as_array()
        .unwrap_or_else(|| panic!("instance_polls: {}", report["run"]));
    assert_eq!(spread.len(), 3, "{spread:?}");
    assert!(
        spread.iter().all(|n| n.as_u64().unwrap_or(0) > 0),
        "every instance served polls: {spread:?}"
    );
    assert!(
        report["guarantees"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["passed"] == true),
        "{}",
        report["guarantees"]
    );
    assert!(
        stdout(&out).contains("3 SM-DP+ and 3 eIM instances"),
        "{}",
        stdout(&out)
    );
}

/// `demo --quirks FILE` as written in the guide: the quirk on every device and a share.
fn quirky_demo(dir: &Path, quirks: Option<&str>, seed: &str) -> (String, Value) {
    let mut args = vec![
        "demo",
        "--devices",
        "12",
        "--countries",
        "DE",
        "--days",
        "30",
        "--drop-rate",
        "0",
        "--attach-failure-rate",
        "0",
        "--seed",
        seed,
        "--report",
        "report.json",
    ];
    if let Some(text) = quirks {
        std::fs::write(dir.join("quirks.toml"), text).unwrap();
        args.extend(["--quirks", "quirks.toml"]);
    }
    let out = rsp_lab(dir, &args);
    let printed = stdout(&out);
    assert!(out.status.success(), "{printed}\n{}", stderr(&out));
    let report = serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    (printed, report)
}

#[test]
fn demo_quirks_mixes_field_devices_and_reports_how_they_fared() {
    let dir = tempfile::tempdir().unwrap();
    let (_, plain) = quirky_demo(dir.path(), None, "3");
    assert!(plain.get("quirks").is_none(), "no quirks, no section");
    let localized = plain["totals"]["localized"].as_u64().unwrap();
    assert!(localized > 0, "{}", plain["totals"]);

    // Every device sends its notifications twice, half of them leave eidValue out of their
    // results: quirks the eIM and the SM-DP+ cope with, so the fleet fares as without.
    let file = "quirks = [\"notifications_twice\"]\n[share]\nomit_eid_in_results = 0.5\n";
    let (printed, report) = quirky_demo(dir.path(), Some(file), "3");
    assert!(
        printed.contains(&format!(
            "quirk notifications_twice: 12 devices, {localized} localized, 0 needing attention"
        )),
        "{printed}"
    );
    assert_eq!(
        report["totals"]["localized"], localized,
        "{}",
        report["totals"]
    );
    let entries = report["quirks"].as_array().expect("a quirks section");
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0]["quirk"], "omit_eid_in_results");
    assert_eq!(entries[1]["quirk"], "notifications_twice");
    assert_eq!(entries[1]["devices"], 12);
    let drawn = |r: &Value| -> Vec<bool> {
        r["devices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                d["quirks"]
                    .as_array()
                    .is_some_and(|q| q.iter().any(|x| x == "omit_eid_in_results"))
            })
            .collect()
    };
    let first = drawn(&report);
    assert!(
        first.iter().any(|&b| b) && !first.iter().all(|&b| b),
        "{first:?}"
    );
    // Same seed, same devices.
    let (_, again) = quirky_demo(dir.path(), Some(file), "3");
    assert_eq!(drawn(&again), first);
}

#[test]
fn demo_quirks_whose_downloads_are_refused_still_end_with_every_guarantee() {
    // Every device re-encodes euiccSigned1 (the SM-DP+ answers 8.1/6.1 to each download):
    // the eIM tries each local type, cancels each order and gives up; the run drains until
    // the last CancelOrder is sent, so no order and no operation is left open.
    let dir = tempfile::tempdir().unwrap();
    let (printed, report) =
        quirky_demo(dir.path(), Some("quirks = [\"sgp22_euicc_info2\"]\n"), "3");
    assert!(
        printed.contains("quirk sgp22_euicc_info2: 12 devices, 0 localized"),
        "{printed}"
    );
    assert!(!printed.contains("FAIL"), "{printed}");
    assert_eq!(report["totals"]["localized"], 0, "{}", report["totals"]);
}

/// `--esipa coap`: the devices poll the eIM over CoAP on DTLS, on networks that lose a share
/// of the datagrams per country. Same seed, same fleet: every device's history is the one
/// the HTTPS run gives (lost answers included: the lost datagrams cost retransmissions, not
/// outcomes), and every guarantee holds; the report says what each binding put on the wire.
#[test]
fn demo_over_esipa_coap_gives_the_histories_of_https() {
    let run = |binding: &str| {
        let dir = tempfile::tempdir().unwrap();
        let args = [
            "demo",
            "--devices",
            "24",
            "--days",
            "90",
            "--seed",
            "7",
            "--esipa",
            if binding == "mixed" { "coap" } else { binding },
            "--report",
            "report.json",
        ];
        let mut args = args.to_vec();
        if binding == "mixed" {
            args.extend(["--coap-share", "0.33"]);
        }
        let out = rsp_lab(dir.path(), &args);
        let printed = stdout(&out);
        assert!(out.status.success(), "{printed}\n{}", stderr(&out));
        assert!(!printed.contains("FAIL"), "{printed}");
        let report: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap())
                .unwrap();
        (report["devices"].clone(), report["esipa_wire"].clone())
    };
    let ((coap, coap_wire), (https, https_wire)) = (run("coap"), run("https"));
    let (mixed, mixed_wire) = run("mixed");
    // a mixed fleet: a third of the devices on CoAP, the same histories again
    assert_eq!(mixed_wire["binding"], "https+coap");
    assert!(mixed_wire["datagrams"].as_u64() > Some(0), "{mixed_wire}");
    assert!(mixed_wire["datagrams"].as_u64() < coap_wire["datagrams"].as_u64());
    assert_eq!(mixed, https);
    // what each binding put on the wire: datagrams only over CoAP, the same polls
    assert_eq!(coap_wire["binding"], "coap");
    assert_eq!(https_wire["binding"], "https");
    assert!(coap_wire["datagrams"].as_u64() > Some(0), "{coap_wire}");
    assert_eq!(https_wire["datagrams"], 0);
    // each country's network loses datagrams over CoAP: sent again, not lost to the run
    assert!(coap_wire["lost"].as_u64() > Some(0), "{coap_wire}");
    assert!(
        coap_wire["retransmissions"].as_u64() > Some(0),
        "{coap_wire}"
    );
    assert_eq!(https_wire["lost"], 0);
    assert_eq!(coap_wire["polls"], https_wire["polls"]);
    for w in [&coap_wire, &https_wire] {
        assert!(w["octets_sent"].as_u64() > Some(0) && w["handshakes"].as_u64() > Some(0));
    }
    assert!(coap.as_array().is_some_and(|d| d.len() == 24));
    let localized = |d: &Value| {
        (d.as_array().unwrap().iter())
            .filter(|x| x["history"].to_string().contains("localized"))
            .count()
    };
    assert!(localized(&coap) > 0, "something was localized over CoAP");
    assert_eq!(coap, https);
}

/// `compare --esipa https,coap`: the eIM's localization once per ESipa binding, the same
/// fleet and seed; the same outcome, and what each put on the wire (datagrams, losses and
/// messages sent again only over CoAP). `demo` takes one binding.
#[test]
fn compare_sets_esipa_over_coap_beside_https() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(
        dir.path(),
        &[
            "compare",
            "--esipa",
            "https,coap",
            "--devices",
            "12",
            "--days",
            "40",
            "--seed",
            "5",
            "--report",
            "b.json",
        ],
    );
    assert!(
        out.contains("ESipa binding") && out.contains("datagrams lost"),
        "{out}"
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("b.json")).unwrap()).unwrap();
    let b = report["bindings"].as_array().expect("bindings");
    assert_eq!(
        (b[0]["binding"].as_str(), b[1]["binding"].as_str()),
        (Some("https"), Some("coap"))
    );
    for k in [
        "localized",
        "downloads",
        "rollbacks",
        "lost_answers",
        "polls_per_device",
    ] {
        assert_eq!(b[0][k], b[1][k], "{k}");
    }
    assert!(b[0]["localized"].as_u64() > Some(0), "{b:?}");
    let (https, coap) = (&b[0]["wire"], &b[1]["wire"]);
    assert_eq!(
        (https["datagrams"].as_u64(), https["lost"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(
        coap["datagrams"].as_u64() > Some(0) && coap["lost"].as_u64() > Some(0),
        "{coap}"
    );
    // each CoAP device sets up its own DTLS association; the HTTPS devices share the
    // lab's kept-alive TLS connections
    assert!(coap["handshakes"].as_u64() >= Some(12), "{coap}");

    let share = rsp_lab(
        dir.path(),
        &["demo", "--esipa", "https", "--coap-share", "0.5"],
    );
    assert!(
        stderr(&share).contains("it needs --esipa coap"),
        "{}",
        stderr(&share)
    );
    let refused = rsp_lab(dir.path(), &["demo", "--esipa", "https,coap"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("demo runs one ESipa binding"),
        "{}",
        stderr(&refused)
    );
    let twice = rsp_lab(dir.path(), &["compare", "--esipa", "coap,coap"]);
    assert!(
        stderr(&twice).contains("each binding once"),
        "{}",
        stderr(&twice)
    );
}
