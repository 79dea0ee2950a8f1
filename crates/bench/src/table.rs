//! The benchmark results as terminal tables.

use std::fmt::Write as _;

use super::download::DownloadReport;

/// The download sweep: one row per concurrency level, then the steps' p50/p99 per level.
pub fn downloads(r: &DownloadReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "profile: {} ({} octets)\n\n{:>11} {:>9} {:>11} {:>9} {:>9} {:>9} {:>14} {:>14} {:>11} {:>10} {:>6}",
        r.profile,
        r.profile_bytes,
        "concurrency",
        "downloads",
        "downloads/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "server CPU ms",
        "client CPU ms",
        "connections",
        "handshakes",
        "errors"
    );
    for l in &r.levels {
        let server_cpu = l
            .server_cpu_ms_per_download
            .map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
        let handshakes = l
            .server_handshakes
            .map_or_else(|| "-".to_string(), |v| v.to_string());
        let _ = writeln!(
            out,
            "{:>11} {:>9} {:>11.1} {:>9.1} {:>9.1} {:>9.1} {:>14} {:>14.3} {:>11} {:>10} {:>6}",
            l.concurrency,
            l.downloads,
            l.downloads_per_s,
            l.download.p50_ms,
            l.download.p95_ms,
            l.download.p99_ms,
            server_cpu,
            l.client_cpu_ms_per_download,
            l.connections,
            handshakes,
            l.errors
        );
    }
    let _ = writeln!(out, "\nper step, p50 / p99 ms:");
    let _ = write!(out, "{:<36}", "step \\ concurrency");
    for l in &r.levels {
        let _ = write!(out, " {:>15}", l.concurrency);
    }
    let _ = writeln!(out);
    let names: Vec<&String> = r
        .levels
        .first()
        .map(|l| l.steps.iter().map(|(n, _)| n).collect())
        .unwrap_or_default();
    for (i, name) in names.iter().enumerate() {
        let _ = write!(out, "{name:<36}");
        for l in &r.levels {
            let p = &l.steps[i].1;
            let _ = write!(out, " {:>15}", format!("{:.1} / {:.1}", p.p50_ms, p.p99_ms));
        }
        let _ = writeln!(out);
    }
    for l in r.levels.iter().filter(|l| l.errors > 0) {
        for e in &l.error_samples {
            let _ = writeln!(out, "error at concurrency {}: {e}", l.concurrency);
        }
    }
    out
}

/// The poll sweep: one row per kind and concurrency level.
pub fn polls(r: &super::poll::PollReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "devices: {}\n\n{:>7} {:>11} {:>7} {:>9} {:>8} {:>8} {:>8} {:>14} {:>14} {:>6}",
        r.devices,
        "kind",
        "concurrency",
        "polls",
        "polls/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "server CPU ms",
        "client CPU ms",
        "errors"
    );
    for l in &r.levels {
        let kind = match l.kind {
            super::poll::PollKind::Idle => "idle",
            super::poll::PollKind::Package => "package",
        };
        let _ = writeln!(
            out,
            "{:>7} {:>11} {:>7} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>14.3} {:>14.3} {:>6}",
            kind,
            l.concurrency,
            l.polls,
            l.polls_per_s,
            l.poll.p50_ms,
            l.poll.p95_ms,
            l.poll.p99_ms,
            l.server_cpu_ms_per_poll,
            l.client_cpu_ms_per_poll,
            l.errors
        );
        for e in &l.error_samples {
            let _ = writeln!(out, "  error: {e}");
        }
    }
    out
}

/// The fleet sweep: one row per size.
pub fn fleet(r: &super::fleet::FleetReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>8} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8} {:>5} {:>9} {:>9} {:>9} {:>10} {:>10} {:>7} {:>10}",
        "devices",
        "days",
        "wall s",
        "deploy s",
        "days s",
        "checks s",
        "CPU s",
        "cores",
        "polls",
        "downloads",
        "peak MiB",
        "KiB/device",
        "DB KiB/dev",
        "growth",
        "guarantees"
    );
    for f in &r.runs {
        let _ = writeln!(
            out,
            "{:>8} {:>5} {:>8.1} {:>8.1} {:>8.1} {:>8.2} {:>8.1} {:>5.2} {:>9} {:>9} {:>9.0} {:>10.1} {:>10.1} {:>7} {:>10}",
            f.devices,
            f.days,
            f.wall_s,
            f.deploy_s,
            f.days_s,
            f.checks_s,
            f.cpu_s,
            f.cores_busy,
            f.polls,
            f.downloads,
            f.peak_rss_mib,
            f.rss_per_device_kib,
            f.db_per_device_kib,
            f.growth.map_or("-".to_string(), |g| format!("{g:.2}")),
            if f.guarantees_passed { "PASS" } else { "FAIL" }
        );
    }
    let _ = writeln!(
        out,
        "\nthe days by part (CPU of the whole process meanwhile)\n{:>8} {:>9} {:>8} {:>8} {:>5}",
        "devices", "part", "wall s", "CPU s", "cores"
    );
    for f in &r.runs {
        for p in &f.day_parts {
            let _ = writeln!(
                out,
                "{:>8} {:>9} {:>8.1} {:>8.1} {:>5.2}",
                f.devices, p.part, p.wall_s, p.cpu_s, p.cores_busy
            );
        }
    }
    out
}

/// The primitives, then what one download costs each side and the ceiling it sets.
pub fn crypto(r: &super::crypto::CryptoReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "profile: {} ({} octets)\n\n{:<26} {:>10} {:>8} {:>14} {:>14}",
        r.profile, r.profile_bytes, "primitive", "µs/op", "ops", "SM-DP+ ×", "eUICC+LPA ×"
    );
    let count = |c: &[(super::crypto::Primitive, u32)], p| {
        c.iter()
            .find(|(q, _)| *q == p)
            .map_or_else(|| "-".to_string(), |(_, n)| n.to_string())
    };
    for t in &r.timings {
        let _ = writeln!(
            out,
            "{:<26} {:>10.1} {:>8} {:>14} {:>14}",
            t.primitive.describe(),
            t.us_per_op,
            t.ops,
            count(&r.smdp.counts, t.primitive),
            count(&r.device.counts, t.primitive)
        );
    }
    let _ = writeln!(
        out,
        "\ncryptography per download: SM-DP+ {:.3} ms, eUICC and LPA {:.3} ms\n\
         ceiling per core: {:.0} downloads/s for the SM-DP+ alone, {:.0} with both sides on it",
        r.smdp.ms_per_download,
        r.device.ms_per_download,
        r.smdp_ceiling_per_core,
        r.both_sides_ceiling_per_core
    );
    out
}
