//! `bench download --smdp URL` (issue 10): the benchmark's devices download from an
//! SM-DP+ it did not start — `rsp-lab smdp serve` as a child process with its own PKI
//! directory and inventory — placing their orders over that server's ES2+ with the
//! operator's certificate, and the server's CPU time is read from its process.

mod common;
use common::*;

use serde_json::Value;

const SMDP: &str = "smdp.rsp-lab.test";

fn bench_args(server: &SmdpServer, downloads: &str) -> Vec<String> {
    let es9 = format!("https://{SMDP}:{}", server.es9.port());
    let es2 = format!("https://{SMDP}:{}", server.es2.port());
    let args = [
        "bench",
        "download",
        "--smdp",
        &es9,
        "--es2",
        &es2,
        "--pki",
        "pki",
        "--profile-type",
        "fleet",
        "--es9-resolve",
        &server.es9.to_string(),
        "--es2-resolve",
        &server.es2.to_string(),
        "--smdp-pid",
        &server.child.id().to_string(),
        "--concurrency",
        "1,2",
        "--downloads",
        downloads,
        "--json",
    ];
    args.iter().map(|s| s.to_string()).collect()
}

#[test]
fn an_external_smdp_serves_each_level_and_its_process_cpu_is_the_servers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    pki_and_inventory(dir, "fleet", 12);
    let server = SmdpServer::start(dir, &[]);

    // Six downloads a level: the kernel counts a process's CPU in 10 ms ticks.
    let args = bench_args(&server, "6");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let report: Value = serde_json::from_str(&ok(dir, &args))
        .unwrap_or_else(|e| panic!("--json: {e}; {}", server.log_text()));
    let levels = report["levels"].as_array().expect("levels");
    assert_eq!(levels.len(), 2, "{report}");
    for l in levels {
        assert_eq!(l["downloads"], 6, "{l}");
        assert_eq!(l["errors"], 0, "{l}");
        assert_eq!(l["connections"], 6, "one TLS connection per device: {l}");
        let server_cpu = l["server_cpu_ms_per_download"].as_f64();
        assert!(
            server_cpu.is_some_and(|ms| ms > 0.0),
            "the server process's CPU is measured: {l}"
        );
        assert!(l["client_cpu_ms_per_download"].as_f64() > Some(0.0), "{l}");
        assert!(
            l["server_handshakes"].is_null(),
            "not read from elsewhere: {l}"
        );
    }

    // The twelve profiles of the inventory are now installed on the devices: a
    // thirteenth order finds none, and the benchmark says so before any level starts.
    let args = bench_args(&server, "1");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = rsp_lab(dir, &args);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("DownloadOrder"),
        "the refused order is named: {}",
        stderr(&out)
    );
}

#[test]
fn a_server_process_that_does_not_exist_is_refused_before_any_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    pki_and_inventory(dir, "fleet", 1);
    let server = SmdpServer::start(dir, &[]);
    let mut args = bench_args(&server, "1");
    let pid = args
        .iter()
        .position(|a| a == "--smdp-pid")
        .expect("--smdp-pid")
        + 1;
    args[pid] = u32::MAX.to_string();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = rsp_lab(dir, &args);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--smdp-pid"), "{}", stderr(&out));
    // The profile was not ordered: one download still finds it.
    let args = bench_args(&server, "1");
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    let levels = args.iter().position(|a| *a == "1,2").expect("levels");
    args[levels] = "1";
    let report: Value = serde_json::from_str(&ok(dir, &args)).expect("--json");
    assert_eq!(report["levels"][0]["errors"], 0, "{report}");
}

#[test]
fn smdp_without_its_es2_and_pki_is_refused_by_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = rsp_lab(
        tmp.path(),
        &["bench", "download", "--smdp", "https://smdp.example:8443"],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("--es2") && err.contains("--pki"), "{err}");
}
