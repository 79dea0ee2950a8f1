//! `rsp-lab bench smsr`: a few ES4.EnableProfile round trips through the in-process SM-SR,
//! SMSC, device and M2M card complete, and the report names its figures.

use std::process::Command;

use serde_json::Value;

fn bench_smsr(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
        .args(["bench", "smsr"])
        .args(args)
        .output()
        .expect("rsp-lab runs")
}

/// `-n 4` over `bearer` as JSON, which must succeed.
fn four_over(bearer: &str) -> Value {
    let out = bench_smsr(&[
        "-n",
        "4",
        "--floor-iterations",
        "20",
        "--bearer",
        bearer,
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The figures of a report are positive and the ratio is theirs.
fn figures_hold(r: &Value) {
    assert_eq!(r["operations"], 4);
    let f = |k: &str| r[k].as_f64().unwrap_or_else(|| panic!("{k}"));
    for k in [
        "elapsed_secs",
        "ops_per_sec",
        "cpu_per_op_us",
        "floor_per_op_us",
    ] {
        assert!(f(k) > 0.0, "{k} = {}", f(k));
    }
    let ratio = f("cpu_per_op_us") / f("floor_per_op_us");
    assert!((f("ratio") - ratio).abs() < 1e-6 * ratio);
}

#[test]
fn four_enables_complete_and_report_cpu_beside_the_floor() {
    let r = four_over("scp80");
    assert_eq!(r["bearer"], "Scp80");
    figures_hold(&r);
    assert!(r["floor_counts"].as_str().unwrap().contains("PoR"));
}

#[test]
fn four_enables_over_scp81_complete_with_the_handshakes_in_the_floor() {
    let r = four_over("scp81");
    assert_eq!(r["bearer"], "Scp81");
    figures_hold(&r);
    assert!(r["floor_counts"].as_str().unwrap().contains("PSK-TLS"));
}

#[test]
fn the_table_names_each_figure_and_a_zero_count_is_refused() {
    let out = bench_smsr(&["-n", "4", "--floor-iterations", "20"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for field in ["operations      4", "ops/s", "cpu/op", "floor/op", "ratio"] {
        assert!(text.contains(field), "{field} in {text}");
    }
    let out = bench_smsr(&["-n", "0"]);
    assert!(!out.status.success(), "0 operations time nothing");
}
