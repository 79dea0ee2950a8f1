//! `rsp-lab demo --smdp URL --es2 URL` (issue 55): the localization campaign against an
//! SM-DP+ outside the lab — here `rsp-lab smdp serve` as a separate process, loaded with the
//! commands `demo --print-inventory` prints — the eIM and the devices staying the lab's. The
//! run says which role was outside and which guarantees it could not check; the SM-DP+'s
//! own database, read after the run, shows what those guarantees would have: every local
//! profile a device ended on installed on that device's EID, no order left open.

use crate::common::smdp::SmdpServer;
use crate::common::*;

use serde_json::Value;

const RUN: [&str; 10] = [
    "--devices",
    "18",
    "--countries",
    "CN,DE,BR",
    "--days",
    "45",
    "--seed",
    "5",
    "--data",
    ".",
];

#[test]
fn demo_localizes_the_fleet_through_an_smdp_outside_the_lab() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The run's inventory, loaded into the outside SM-DP+ as a user would.
    let mut print = vec!["demo", "--print-inventory"];
    print.extend(RUN);
    let commands = ok(d, &print);
    let lines: Vec<&str> = commands.lines().collect();
    assert_eq!(lines.len(), 6, "two local types per country: {commands}");
    for line in &lines {
        let mut args: Vec<&str> = line.split_whitespace().skip(1).collect();
        assert_eq!(args[..3], ["smdp", "inventory", "add"], "{line}");
        args.extend(["--data", "smdp"]);
        ok(d, &args);
    }
    let server = SmdpServer::start(d, &[]);
    let es9 = format!("https://smdp.rsp-lab.test:{}", server.es9.port());
    let es2 = format!("https://smdp.rsp-lab.test:{}", server.es2.port());
    let mut run = vec!["demo"];
    run.extend(RUN);
    run.extend([
        "--smdp",
        &es9,
        "--es2",
        &es2,
        "--smdp-connect",
        "127.0.0.1",
        "--report",
        "report.json",
    ]);
    let out = ok(d, &run);
    assert!(
        out.contains("SM-DP+ outside the lab: ES9+ https://smdp.rsp-lab.test:"),
        "{out}"
    );
    assert!(!out.contains("FAIL"), "{out}");
    assert_eq!(out.matches("  PASS  ").count(), 4, "{out}");
    assert!(
        out.contains("not checked: every local profile handed out"),
        "{out}"
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(d.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["run"]["smdp_outside"], es9.as_str());
    let devices = report["devices"].as_array().unwrap();
    let localized: Vec<&Value> = devices.iter().filter(|v| v["localized"] == true).collect();
    assert!(localized.len() >= 12, "{} of 18 localized", localized.len());

    // What the run could not check, from the SM-DP+'s own database once it stopped.
    drop(server);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let url = storage::sqlite_url(&d.join("smdp").join("smdp.db"));
        let view = sm_dp::SmDpView::open(&url)
            .await
            .expect("the SM-DP+'s database");
        for v in &localized {
            let iccid = v["enabled_iccid"].as_str().unwrap();
            let p = view
                .profile(iccid)
                .await
                .unwrap()
                .expect("a profile of the inventory");
            assert_eq!(p.eid.as_deref(), v["eid"].as_str(), "{iccid}");
            assert!(p.state.is_on_euicc(), "{iccid}: {:?}", p.state);
        }
        let open: Vec<_> = (view.order_list().await.unwrap().into_iter())
            .filter(|o| o.status == sm_dp::OrderStatus::Open)
            .collect();
        assert!(open.is_empty(), "orders left open: {open:?}");
        view.close().await;
    });
}

#[test]
fn an_outside_smdp_refuses_what_needs_the_labs_own() {
    let dir = tempfile::tempdir().unwrap();
    let outside = [
        "demo",
        "--days",
        "3",
        "--smdp",
        "https://smdp.example:8443",
        "--es2",
        "https://smdp.example:8444",
    ];
    for (extra, why) in [
        (&["--delivery", "smds"][..], "with the eIM's delivery"),
        (&["--outage", "smdp:1-2"][..], "without --outage"),
        (&["--ledger", "ledger"][..], "without the ledger"),
    ] {
        let mut args = outside.to_vec();
        args.extend(extra);
        assert_one_line_error(&rsp_lab(dir.path(), &args), why);
    }
    let o = rsp_lab(dir.path(), &["demo", "--smdp", "https://smdp.example:8443"]);
    assert!(!o.status.success(), "--smdp needs --es2");
}
