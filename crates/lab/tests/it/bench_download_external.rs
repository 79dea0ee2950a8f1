//! `bench download --smdp URL` (issue 10): the benchmark's devices download from an
//! SM-DP+ it did not start — `rsp-lab smdp serve` as a child process with its own PKI
//! directory and inventory — placing their orders over that server's ES2+ with the
//! operator's certificate, and the server's CPU time is read from its process.

use crate::common::*;

use serde_json::Value;

const SMDP: &str = "smdp.rsp-lab.test";

/// A PKI, an inventory of `profiles` profiles of type `fleet`, and `smdp serve` on it.
fn server_with(profiles: u32) -> (tempfile::TempDir, SmdpServer) {
    let tmp = tempfile::tempdir().unwrap();
    pki_and_inventory(tmp.path(), "fleet", profiles);
    let server = SmdpServer::start(tmp.path(), &[]);
    (tmp, server)
}

/// `bench download --smdp` against `server`, its CPU read from process `pid`, at
/// `levels` (comma-separated) of `downloads` each.
fn bench_args(server: &SmdpServer, pid: u32, levels: &str, downloads: &str) -> Vec<String> {
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
        &pid.to_string(),
        "--concurrency",
        levels,
        "--downloads",
        downloads,
        "--json",
    ];
    args.iter().map(|s| s.to_string()).collect()
}

/// Runs `rsp-lab` in `dir` with `args`.
fn bench(dir: &std::path::Path, args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    rsp_lab(dir, &args)
}

#[test]
fn an_external_smdp_serves_each_level_and_its_process_cpu_is_the_servers() {
    let (tmp, server) = server_with(12);
    let (dir, pid) = (tmp.path(), server.child.id());

    // Six downloads a level.
    let out = bench(dir, &bench_args(&server, pid, "1,2", "6"));
    assert_ok(&out);
    let report: Value = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("--json: {e}; {}", server.log_text()));
    let levels = report["levels"].as_array().expect("levels");
    assert_eq!(levels.len(), 2, "{report}");
    for l in levels {
        assert_eq!(l["downloads"], 6, "{l}");
        assert_eq!(l["errors"], 0, "{l}");
        assert_eq!(l["connections"], 6, "one TLS connection per device: {l}");
        // Read from the server process's /proc stat, in 10 ms ticks: six downloads of a few
        // milliseconds each may fall within one tick, so zero is a reading too; what
        // matters is that the server's process was read (a number, not null).
        let server_cpu = l["server_cpu_ms_per_download"].as_f64();
        assert!(
            server_cpu.is_some_and(|ms| ms >= 0.0),
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
    let out = bench(dir, &bench_args(&server, pid, "1,2", "1"));
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("DownloadOrder"),
        "the refused order is named: {}",
        stderr(&out)
    );
}

#[test]
fn a_server_process_that_does_not_exist_is_refused_before_any_order() {
    let (tmp, server) = server_with(1);
    let dir = tmp.path();
    let out = bench(dir, &bench_args(&server, u32::MAX, "1", "1"));
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--smdp-pid"), "{}", stderr(&out));
    // The profile was not ordered: one download still finds it.
    let out = bench(dir, &bench_args(&server, server.child.id(), "1", "1"));
    assert_ok(&out);
    let report: Value = serde_json::from_str(&stdout(&out)).expect("--json");
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
