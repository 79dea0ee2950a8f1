//! The fault matrix (issue 11), with the `rsp-lab` binary as a user runs it: each server is
//! a child process that aborts at a crash point (`RSP_LAB_CRASH`, infra::crash) — when a
//! request of one function arrives, or right after its transaction committed and before its
//! answer left, the window a `kill -9` hurts most — then is started again on the same
//! data, and the device side carries on as a real LPA or IPA would (retry the download,
//! poll again, send the result again).
//!
//! What must hold at the end, whatever the crash point: the profile is installed once and
//! recorded Installed with its order done, no other profile left the inventory (SM-DP+);
//! the operation is done, its one package carried one counterValue, the eUICC accepted it
//! once and the result was acknowledged (eIM).

use crate::common::*;

use std::path::Path;

use serde_json::{Value, json};

const SMDP: &str = "smdp.rsp-lab.test";

/// Waits for a crashed child and checks that it died of the abort, not of anything else.
fn died(child: &mut std::process::Child, what: &str) {
    let status = child.wait().expect("wait");
    assert!(
        !status.success(),
        "{what}: the server should have aborted ({status})"
    );
}

fn lpa(dir: &Path, server: &SmdpServer, args: &[&str]) -> std::process::Output {
    let resolve = format!("{SMDP}:443:{}", server.es9);
    let mut all = vec!["lpa", "--state", "e.json", "--resolve", &resolve];
    all.extend_from_slice(args);
    rsp_lab(dir, &all)
}

fn es2_json(dir: &Path, server: &SmdpServer, args: &[&str]) -> Value {
    let url = format!("https://{SMDP}:{}", server.es2.port());
    let resolve = server.es2.to_string();
    let mut all = vec!["es2", "--pki", "pki", "--smdp", &url, "--resolve", &resolve];
    all.extend_from_slice(args);
    ok_json(dir, &all)
}

/// One download with the SM-DP+ crashing at `point`, then finished after the restart.
fn smdp_case(point: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    pki_and_inventory(dir, "global", 3);
    ok(dir, &["euicc", "--state", "e.json", "init", "--pki", "pki"]);
    let eid = ok_json(dir, &["euicc", "--state", "e.json", "info", "--json"])["eid"]
        .as_str()
        .unwrap()
        .to_string();
    let mut server = SmdpServer::start(dir, &[]);
    let order = es2_json(
        dir,
        &server,
        &["download-order", "--eid", &eid, "--profile-type", "global"],
    );
    let iccid = order["iccid"].as_str().unwrap().to_string();
    let mid = es2_json(
        dir,
        &server,
        &["confirm-order", "--iccid", &iccid, "--eid", &eid],
    )["matchingId"]
        .as_str()
        .unwrap()
        .to_string();
    drop(server);
    server = SmdpServer::start(dir, &[("RSP_LAB_CRASH", point)]);
    let ac = format!("LPA:1${SMDP}${mid}");
    let first = lpa(dir, &server, &["download", "--ac", &ac]);
    died(&mut server.child, point);
    drop(server);

    let server = SmdpServer::start(dir, &[]);
    let listed = lpa(dir, &server, &["list"]);
    if stdout(&listed).contains(&iccid) {
        // The crash came after the package was loaded: only the result is left to send.
        assert_ok(&lpa(dir, &server, &["notifications", "process"]));
    } else {
        let again = lpa(dir, &server, &["download", "--ac", &ac]);
        assert!(
            again.status.success(),
            "{point}: the download after the restart: {}{}\nfirst attempt: {}{}\nserver: {}",
            stdout(&again),
            stderr(&again),
            stdout(&first),
            stderr(&first),
            server.log_text()
        );
    }
    assert!(
        stdout(&lpa(dir, &server, &["list"])).contains(&iccid),
        "{point}"
    );
    drop(server);

    // What the SM-DP+ stored.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = storage::sqlite_url(&dir.join("smdp/smdp.db"));
        let view = sm_dp::SmDpView::open(&url).await.unwrap();
        let profiles = view.profiles(Some("global")).await.unwrap();
        for p in &profiles {
            if p.iccid == iccid {
                assert_eq!(p.state, sm_dp::ProfileState::Installed, "{point}: {p:?}");
                assert_eq!(p.eid.as_deref(), Some(eid.as_str()), "{point}");
            } else {
                assert_eq!(p.state, sm_dp::ProfileState::Available, "{point}: {p:?}");
            }
        }
        let orders = view.orders().await.unwrap();
        assert_eq!(orders.len(), 1, "{point}");
        assert_eq!(orders[0].status, sm_dp::OrderStatus::Done, "{point}");
        view.close().await;
    });
}

#[test]
fn sgp22_download_survives_the_sm_dp_dying_at_every_step() {
    for function in [
        "initiateAuthentication",
        "authenticateClient",
        "getBoundProfilePackage",
        "handleNotification",
    ] {
        for stage in ["before", "after"] {
            smdp_case(&format!("{stage}:{function}"));
        }
    }
}

/// One listProfiles operation with the eIM crashing at `point`, then finished.
fn eim_case(point: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(dir, &["certs", "generate", "--out", "pki"]);
    let pki = dir.join("pki");
    let (esipa_port, api_port) = (free_port(), free_port());
    let server = EimServer::start(dir, esipa_port, api_port, &[]);
    let api = api_client(&pki, api_port, Some(operator_identity(&pki)));
    let config = api.get("/v1/eim")["eimConfigurationData"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(dir.join("eim.hex"), config).unwrap();
    ok(
        dir,
        &[
            "euicc",
            "--state",
            "iot.json",
            "init",
            "--pki",
            "pki",
            "--eim-config",
            "eim.hex",
        ],
    );
    let eid = ok_json(dir, &["euicc", "--state", "iot.json", "info", "--json"])["eid"]
        .as_str()
        .unwrap()
        .to_string();
    api.post("/v1/devices", &json!({ "eid": eid }), 201);
    let op = api.post(
        &format!("/v1/devices/{eid}/operations"),
        &json!({"type": "listProfiles"}),
        202,
    );
    let op_id = op["id"].as_str().unwrap().to_string();
    drop(server);

    let mut server = EimServer::start(dir, esipa_port, api_port, &[("RSP_LAB_CRASH", point)]);
    let resolve = format!("{EIM_HOST}:{esipa_port}:127.0.0.1");
    let ipa = [
        "ipa",
        "--state",
        "iot.json",
        "run",
        "--once",
        "--resolve",
        &resolve,
    ];
    let _ = rsp_lab(dir, &ipa);
    died(&mut server.child, point);
    drop(server);

    let server = EimServer::start(dir, esipa_port, api_port, &[]);
    let out = rsp_lab(dir, &ipa);
    assert!(
        out.status.success(),
        "{point}: polling after the restart: {}{}\n{}",
        stdout(&out),
        stderr(&out),
        server.log()
    );
    let api = api_client(&pki, api_port, Some(operator_identity(&pki)));
    let done = api.get(&format!("/v1/operations/{op_id}"));
    assert_eq!(done["state"], "done", "{point}: {done}");
    let packages = done["packages"].as_array().cloned().unwrap_or_default();
    assert_eq!(packages.len(), 1, "{point}: {done}");
    assert_eq!(packages[0]["state"], "done", "{point}: {done}");
    // Everything was acknowledged: nothing is left for the eUICC to report.
    let device = api.get(&format!("/v1/devices/{eid}"));
    assert_eq!(device["pendingPackages"], json!([]), "{point}: {device}");
    // The eUICC accepted the package once (its counter for the eIM is the package's, 1) and
    // removed the acknowledged result.
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("iot.json")).unwrap()).unwrap();
    assert_eq!(
        state["iot"]["eims"][0]["counter_value"], 1,
        "{point}: {state}"
    );
    let kept = state["iot"]["package_results"]
        .as_array()
        .unwrap_or_else(|| panic!("{point}: package_results in {state}"));
    assert!(
        kept.is_empty(),
        "{point}: every result acknowledged and removed: {state}"
    );
    drop(server);
}

#[test]
fn sgp32_esipa_exchange_survives_the_eim_dying_at_every_step() {
    for function in ["getEimPackage", "provideEimPackageResult"] {
        for stage in ["before", "after"] {
            eim_case(&format!("{stage}:{function}"));
        }
    }
}
