//! `rsp-lab bench download --delivery sgp02`: a few SGP.02 downloads through the in-process
//! SGP.02 SM-DP, SM-SR, SMSC and M2M devices complete at two concurrency levels, with a
//! package cut into several SCP03t segments, and the report names its figures.

use std::process::Command;

use serde_json::Value;

fn bench(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rsp-lab"))
        .args(["bench", "download", "--delivery", "sgp02"])
        .args(args)
        .output()
        .expect("rsp-lab runs")
}

#[test]
fn sgp02_downloads_complete_at_each_level_and_report_cpu_beside_the_floor() {
    let out = bench(&[
        "--concurrency",
        "1,2",
        "--downloads",
        "3",
        "--segment-len",
        "200",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(reports.len(), 2);
    for (r, c) in reports.iter().zip([1, 2]) {
        assert_eq!(
            (r["downloads"].as_u64(), r["concurrency"].as_u64()),
            (Some(3), Some(c))
        );
        let f = |k: &str| r[k].as_f64().unwrap_or_else(|| panic!("{k}"));
        for k in [
            "elapsed_secs",
            "downloads_per_sec",
            "cpu_per_download_us",
            "floor_per_download_us",
        ] {
            assert!(f(k) > 0.0, "{k} = {}", f(k));
        }
        let ratio = f("cpu_per_download_us") / f("floor_per_download_us");
        assert!((f("ratio") - ratio).abs() < 1e-6 * ratio);
        let (bytes, segments) = (f("package_bytes"), f("segments"));
        assert_eq!(segments, (bytes / 200.0).ceil(), "segments of 200 octets");
        assert!(segments > 1.0);
        let counts = r["floor_counts"].as_str().unwrap();
        assert!(
            counts.contains(&format!("{} SCP80", 5 + segments as u64)),
            "{counts}"
        );
    }
}

#[test]
fn a_segment_length_beyond_1024_is_refused() {
    let out = bench(&[
        "--segment-len",
        "1025",
        "--concurrency",
        "1",
        "--downloads",
        "1",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--segment-len"));
}
