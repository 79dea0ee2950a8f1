//! `bench fleet`: each size is a real run of the lab (servers, TLS, databases), and its row
//! says what the run did and what it cost: polls and downloads made, the guarantees, the
//! time per phase (and the days' by part), the CPU it used and how many cores that kept
//! busy, its memory.

use bench::fleet::run_sizes;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_size_is_a_run_with_its_cost() {
    let data = tempfile::tempdir().unwrap();
    let report = run_sizes(&[24, 12], 8, data.path())
        .await
        .expect("the sweep");
    let sizes: Vec<u32> = report.runs.iter().map(|r| r.devices).collect();
    assert_eq!(sizes, vec![12, 24], "sizes run in increasing order");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    for r in &report.runs {
        assert!(r.guarantees_passed, "{} devices: guarantees", r.devices);
        assert!(r.polls > 0, "{} devices made no poll", r.devices);
        let phases = r.setup_s + r.deploy_s + r.days_s + r.drain_s + r.checks_s;
        assert!(
            phases <= r.wall_s + 1e-6,
            "phases {phases} s within {} s",
            r.wall_s
        );
        assert!(r.cpu_s > 0.0, "a run uses CPU");
        assert!(
            (r.cores_busy - r.cpu_s / r.wall_s).abs() < 1e-9,
            "cores busy is CPU over wall time"
        );
        // CPU time of the whole process over the run's wall time: at most every core
        // (plus the accounting's granularity).
        assert!(
            r.cores_busy <= cores + 0.5,
            "{} cores busy of {cores}",
            r.cores_busy
        );
        assert!(r.peak_rss_mib > 1.0 && r.db_per_device_kib > 0.0);
        // The days' parts, in the order of a day, cover the days and nothing else.
        let names: Vec<&str> = r.day_parts.iter().map(|p| p.part).collect();
        assert_eq!(names, ["morning", "sessions", "orders", "close"]);
        let parts: f64 = r.day_parts.iter().map(|p| p.wall_s).sum();
        assert!(
            parts <= r.days_s + 1e-6 && parts >= 0.8 * r.days_s,
            "the parts' {parts} s against {} s of days",
            r.days_s
        );
        assert!(r.day_parts[1].wall_s > 0.0, "the sessions took time");
        for p in &r.day_parts {
            assert!(
                p.cpu_s <= r.cpu_s + 1e-6,
                "{}: {} s of CPU",
                p.part,
                p.cpu_s
            );
            assert!((p.cores_busy - p.cpu_s / p.wall_s.max(1e-9)).abs() < 1e-9);
        }
    }
    assert!(report.runs[0].growth.is_none());
    let g = report.runs[1]
        .growth
        .expect("growth against the smaller size");
    let expected = (report.runs[1].wall_s / report.runs[0].wall_s) / 2.0;
    assert!((g - expected).abs() < 1e-9);
}
