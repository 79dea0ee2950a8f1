//! `rsp-lab bench discovery`: a tiny run prints its JSON report with no error, and options
//! out of range are refused before anything starts.

use std::process::Command;

use serde_json::Value;

fn bench_discovery(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
        .args(["bench", "discovery"])
        .args(args)
        .output()
        .expect("rsp-lab runs")
}

#[test]
fn a_tiny_run_reports_every_kind_level_and_size() {
    let out = bench_discovery(&[
        "--concurrency",
        "2",
        "--sessions",
        "3",
        "--events",
        "5,50",
        "--rounds",
        "1",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let kinds: Vec<&str> = r["levels"]
        .as_array()
        .expect("levels")
        .iter()
        .map(|l| l["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["empty", "non-empty"]);
    assert_eq!(r["levels"][1]["events_found"], 3);
    assert_eq!(r["growth"]["sizes"][1]["events"], 50);
    assert!(r["growth"]["ratio"].as_f64().is_some_and(f64::is_finite));
}

#[test]
fn sizes_and_counts_of_zero_are_refused() {
    for bad in [
        ["--events", "0"],
        ["--sessions", "0"],
        ["--concurrency", "0"],
    ] {
        let out = bench_discovery(&bad);
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("must be 1 or more"), "{bad:?}: {stderr}");
    }
}
