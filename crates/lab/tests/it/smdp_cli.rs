//! The README's SM-DP+ walk-through as a user runs it, with the `rsp-lab` binary only: a lab
//! PKI, an inventory, `smdp serve` as a child process on loopback, an eUICC, the operator's
//! ES2+ orders, and the device LPA's download, enable, disable and delete over ES9+.

use crate::common::*;

use std::process::Output;

use serde_json::Value;

const SMDP: &str = "smdp.rsp-lab.test";
/// 19 digits with the Luhn digit (an 18-digit ICCID is padded with F on the wire, and some
/// LPAs send it as 9 octets: the README walk-through uses 19 or 20 digits).
const ICCID_START: &str = "8949010000000000016";

/// `rsp-lab smdp serve` as a child process; killed when dropped, whatever the test did.
/// SGP.22 3.1.3 (profile download initiated by the operator via ES2+), 3.2 (local profile
/// management) and 5.3 (ES2+), end to end through the command line: DownloadOrder and
/// ConfirmOrder give the matching ID, the LPA downloads with the activation code and enables,
/// disables and deletes with their notifications delivered; CancelOrder puts a profile back in
/// stock, ReleaseProfile releases a confirmed order, and refused calls exit non-zero with one
/// line carrying the subject/reason code.
#[test]
fn sgp22_3_1_3_cli_walk_through_order_download_enable_disable_delete() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();

    // 1. The lab PKI.
    ok(dir, &["certs", "generate", "--out", "pki"]);

    // 2. Three profiles of type `global`.
    let out = ok(
        dir,
        &[
            "smdp",
            "inventory",
            "add",
            "--type",
            "global",
            "--count",
            "3",
            "--iccid-start",
            ICCID_START,
            "--imsi-start",
            "901400000000001",
            "--data",
            "smdp",
        ],
    );
    assert!(
        out.contains("added 3 profiles of type global")
            && out.contains("8949010000000000016 .. 8949010000000000032"),
        "{out}"
    );

    // 3. The SM-DP+.
    let server = SmdpServer::start(dir, &[]);
    let es2_url = format!("https://{SMDP}:{}", server.es2.port());
    let es2_resolve = server.es2.to_string();
    let es2 = |args: &[&str]| -> Output {
        let mut all = vec![
            "es2",
            "--pki",
            "pki",
            "--smdp",
            &es2_url,
            "--resolve",
            &es2_resolve,
        ];
        all.extend_from_slice(args);
        rsp_lab(dir, &all)
    };
    let es2_json = |args: &[&str]| -> Value {
        let o = es2(args);
        assert!(
            o.status.success(),
            "es2 {}: {}{}",
            args.join(" "),
            stdout(&o),
            stderr(&o)
        );
        let v: Value = serde_json::from_str(&stdout(&o)).expect("es2 prints JSON");
        assert_eq!(
            v["header"]["functionExecutionStatus"]["status"], "Executed-Success",
            "{v}"
        );
        v
    };
    let lpa_resolve = format!("{SMDP}:443:{}", server.es9);
    let lpa = |args: &[&str]| -> String {
        let mut all = vec!["lpa", "--state", "e.json", "--resolve", &lpa_resolve];
        all.extend_from_slice(args);
        ok(dir, &all)
    };
    let info = || ok_json(dir, &["euicc", "--state", "e.json", "info", "--json"]);

    // 4. The eUICC.
    ok(dir, &["euicc", "--state", "e.json", "init", "--pki", "pki"]);
    let before = info();
    let eid = before["eid"].as_str().expect("eid").to_owned();
    assert_eq!(eid.len(), 32, "{before}");
    assert_eq!(before["profiles"], Value::Array(vec![]), "{before}");

    // 5. The operator orders a profile of type `global` for this EID and confirms it.
    let order = es2_json(&["download-order", "--eid", &eid, "--profile-type", "global"]);
    let iccid = order["iccid"].as_str().expect("iccid").to_owned();
    assert!(
        [
            "8949010000000000016",
            "8949010000000000024",
            "8949010000000000032"
        ]
        .contains(&iccid.as_str()),
        "{order}"
    );
    let confirm = es2_json(&["confirm-order", "--iccid", &iccid, "--eid", &eid]);
    let matching_id = confirm["matchingId"]
        .as_str()
        .expect("matchingId")
        .to_owned();
    assert!(!matching_id.is_empty(), "{confirm}");
    assert_eq!(confirm["smdpAddress"], SMDP, "{confirm}");
    assert_eq!(confirm["eid"], eid.as_str(), "{confirm}");

    // 6. The LPA downloads with the activation code, then enables, disables and deletes.
    let ac = format!("LPA:1${SMDP}${matching_id}");
    let out = lpa(&["download", "--ac", &ac]);
    assert!(out.contains(&format!("installed profile {iccid}")), "{out}");
    assert!(
        out.contains("delivered, removed"),
        "install notification: {out}"
    );
    let state_of = |list: &Value| -> String {
        let profiles = list.as_array().expect("list is an array");
        let p = profiles
            .iter()
            .find(|p| p["iccid"] == iccid.as_str())
            .unwrap_or_else(|| panic!("{iccid} not listed: {list}"));
        p["state"].as_str().expect("state").to_owned()
    };
    let list = || -> Value {
        let out = lpa(&["--json", "list"]);
        serde_json::from_str(&out).expect("lpa list --json prints JSON")
    };
    assert_eq!(state_of(&list()), "disabled");

    let out = lpa(&["enable", &iccid]);
    assert!(out.contains(&format!("profile {iccid} enabled")), "{out}");
    assert_eq!(state_of(&list()), "enabled");
    let text = lpa(&["list"]);
    assert!(
        text.lines()
            .any(|l| l.starts_with(&iccid) && l.contains("enabled")),
        "{text}"
    );
    let now = info();
    assert_eq!(now["profiles"][0]["iccid"], iccid.as_str(), "{now}");
    assert_eq!(now["profiles"][0]["state"], "enabled", "{now}");
    assert_eq!(now["profiles"][0]["imsi"], "901400000000001", "{now}");

    let out = lpa(&["disable", &iccid]);
    assert!(out.contains(&format!("profile {iccid} disabled")), "{out}");
    assert_eq!(state_of(&list()), "disabled");

    let out = lpa(&["delete", &iccid]);
    assert!(out.contains(&format!("profile {iccid} deleted")), "{out}");
    assert!(
        out.contains("delivered, removed"),
        "delete notification: {out}"
    );
    assert_eq!(list(), Value::Array(vec![]));
    let after = info();
    assert_eq!(after["profiles"], Value::Array(vec![]), "{after}");
    assert_eq!(
        after["pending_notifications"],
        Value::Array(vec![]),
        "{after}"
    );

    // The matching ID was consumed by the download: 8.2.6/3.8 (Matching ID - Refused).
    let o = rsp_lab(
        dir,
        &[
            "lpa",
            "--state",
            "e.json",
            "--resolve",
            &lpa_resolve,
            "download",
            "--ac",
            &ac,
        ],
    );
    assert_one_line_error(&o, "8.2.6/3.8");

    // 7. CancelOrder puts an ordered profile back in stock: it can be ordered again.
    let second = es2_json(&["download-order", "--eid", &eid, "--profile-type", "global"]);
    let second = second["iccid"].as_str().expect("iccid").to_owned();
    assert_ne!(second, iccid);
    es2_json(&["cancel-order", "--iccid", &second, "--eid", &eid]);
    let again = es2_json(&["download-order", "--eid", &eid, "--iccid", &second]);
    assert_eq!(again["iccid"], second.as_str(), "{again}");

    // ReleaseProfile releases an order confirmed without release, once.
    let held = es2_json(&[
        "confirm-order",
        "--iccid",
        &second,
        "--eid",
        &eid,
        "--no-release",
    ]);
    assert!(held["matchingId"].as_str().is_some(), "{held}");
    es2_json(&["release-profile", "--iccid", &second]);
    let o = es2(&["release-profile", "--iccid", &second]);
    // 8.2.1/3.5 (Profile ICCID - Invalid Transition): already released.
    assert_one_line_error(&o, "8.2.1/3.5");

    // A refused call: ConfirmOrder of an ICCID the SM-DP+ does not hold, 8.2.1/3.9
    // (Profile ICCID - Unknown); the answer is still printed.
    let o = es2(&[
        "confirm-order",
        "--iccid",
        "894901000000000099",
        "--eid",
        &eid,
    ]);
    assert_one_line_error(&o, "8.2.1/3.9");
    let answer: Value = serde_json::from_str(&stdout(&o)).expect("the answer is printed");
    assert_eq!(
        answer["header"]["functionExecutionStatus"]["status"], "Failed",
        "{answer}"
    );

    // The server never logs matching IDs.
    let log = server.log_text();
    assert!(!log.contains(&matching_id), "matching ID logged: {log}");
    drop(server);
}
