//! `rsp-lab bench crypto`: every primitive of a download timed, and each side's floor the
//! sum of what it runs per download, as the command prints it.

use std::process::Command;

use serde_json::Value;

fn bench_crypto(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
        .args(["bench", "crypto"])
        .args(args)
        .output()
        .expect("rsp-lab runs")
}

#[test]
fn each_side_costs_what_it_runs_per_download() {
    let out = bench_crypto(&["--iterations", "10", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let timings = r["timings"].as_array().expect("timings");
    assert_eq!(timings.len(), 8);
    let us = |name: &str| {
        timings
            .iter()
            .find(|t| t["primitive"] == name)
            .and_then(|t| t["us_per_op"].as_f64())
            .unwrap_or_else(|| panic!("{name} timed"))
    };
    assert!(timings.iter().all(|t| t["us_per_op"].as_f64() > Some(0.0)));
    for side in ["smdp", "device"] {
        let floor = &r[side];
        let sum: f64 = floor["counts"]
            .as_array()
            .expect("counts")
            .iter()
            .map(|c| us(c[0].as_str().unwrap()) * c[1].as_f64().unwrap())
            .sum();
        let ms = floor["ms_per_download"].as_f64().unwrap();
        assert!((ms - sum / 1e3).abs() < 1e-9, "{side}: {ms} ms vs {sum} µs");
    }
    // The SM-DP+ protects the profile, the eUICC opens it, and only the eUICC keeps a key.
    let counted = |side: &str, name: &str| {
        r[side]["counts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c[0] == name)
    };
    assert!(counted("smdp", "protect_profile") && !counted("device", "protect_profile"));
    assert!(counted("device", "open_profile") && !counted("smdp", "open_profile"));
    assert!(counted("device", "agree_stored_key") && !counted("smdp", "agree_stored_key"));
    let both = r["both_sides_ceiling_per_core"].as_f64().unwrap();
    let smdp = r["smdp_ceiling_per_core"].as_f64().unwrap();
    assert!(both > 0.0 && both < smdp);
}

#[test]
fn a_profile_that_cannot_be_read_is_named() {
    let out = bench_crypto(&["--iterations", "10", "--profile", "/nonexistent/p.der"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/p.der"));
}
