//! `bench discovery`: real ES11 event retrievals (SGP.22 3.6.3, 5.8) by the device LPA over
//! TLS against the in-process SM-DS, an EID without events answered an empty list and an
//! EID with its seeded event answered that event; idle polls and downloads measured beside
//! in the same rounds; the growth over SM-DSs holding different numbers of Event Records.
//! Outcomes only: no figure here is held to a time.

use bench::discovery::{DiscoveryOptions, Kind, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_find_their_events_and_the_growth_is_measured() {
    let options = DiscoveryOptions {
        concurrency: vec![1, 3],
        sessions: 4,
        events: vec![10, 300],
        rounds: 2,
    };
    let report = run(&options, &|_| {}).await.expect("the benchmark runs");
    assert_eq!(report.errors(), 0, "{report:#?}");

    assert_eq!(report.levels.len(), 4);
    for l in &report.levels {
        assert_eq!(l.sessions, 8, "{l:?}");
        assert_eq!(l.errors, 0, "{:?}", l.error_samples);
        assert_eq!(l.connections, 8, "one TLS connection per session: {l:?}");
        let wanted = match l.kind {
            Kind::Empty => 0,
            Kind::NonEmpty => 8,
        };
        assert_eq!(l.events_found, wanted, "{l:?}");
        assert!(l.session.p50_ms > 0.0 && l.session.p50_ms <= l.session.p99_ms);
        assert!(l.per_idle_poll.median.is_finite() && l.per_download.median.is_finite());
    }
    for b in &report.beside {
        assert_eq!(b.errors, 0, "{:?}", b.error_samples);
        assert_eq!(
            (b.idle_polls, b.downloads),
            (
                2 * bench::discovery::BESIDE_IDLE_POLLS,
                2 * bench::discovery::BESIDE_DOWNLOADS
            )
        );
    }

    let held: Vec<i64> = report.growth.sizes.iter().map(|s| s.events).collect();
    assert_eq!(held, [10, 300]);
    for s in &report.growth.sizes {
        assert_eq!((s.discoveries, s.errors), (8, 0), "{s:?}");
        assert_eq!(s.discovery.count, 8);
    }
    assert!(
        report.growth.ratio.is_finite() && report.growth.ratio > 0.0,
        "{}",
        report.growth.ratio
    );

    let table = bench::table::discovery(&report);
    assert!(table.contains("| non-empty | 3 | 8 |"), "{table}");
    assert!(table.contains("growth ratio"), "{table}");
}
