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
        "devices: {}; ECDSA P-256 sign {:.1} µs, verify {:.1} µs (the floor of a package \
         poll: one of each on the eIM; an idle poll has no public-key operation)\n\n\
         {:>10} {:>7} {:>11} {:>7} {:>9} {:>8} {:>8} {:>14} {:>14} {:>6} {:>14} {:>11} {:>9} {:>11} {:>6}",
        r.devices,
        r.sign_us,
        r.verify_us,
        "binding",
        "kind",
        "concurrency",
        "polls",
        "polls/s",
        "p50 ms",
        "p99 ms",
        "server CPU ms",
        "client CPU ms",
        "ratio",
        "octets/poll",
        "datagrams",
        "handsh.",
        "resumed",
        "errors"
    );
    for l in &r.levels {
        let binding = l.binding.name();
        let kind = match l.kind {
            super::poll::PollKind::Idle => "idle",
            super::poll::PollKind::Package => "package",
        };
        let ratio = if l.floor_ms_per_poll > 0.0 {
            format!("{:.1}", l.server_cpu_ms_per_poll / l.floor_ms_per_poll)
        } else {
            "-".into()
        };
        let _ = writeln!(
            out,
            "{:>10} {:>7} {:>11} {:>7} {:>9.0} {:>8.2} {:>8.2} {:>14.3} {:>14.3} {:>6} {:>14.0} {:>11.1} {:>9.3} {:>11.3} {:>6}",
            binding,
            kind,
            l.concurrency,
            l.polls,
            l.polls_per_s,
            l.poll.p50_ms,
            l.poll.p99_ms,
            l.server_cpu_ms_per_poll,
            l.client_cpu_ms_per_poll,
            ratio,
            l.octets_per_poll,
            l.datagrams_per_poll,
            l.handshakes_per_poll,
            l.resumed_per_poll,
            l.errors
        );
        if l.retransmissions > 0 {
            let _ = writeln!(out, "  retransmissions: {}", l.retransmissions);
        }
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

/// A median with its range, e.g. `0.512 (0.498–0.530)`.
fn spread(s: &super::stats::Spread, decimals: usize) -> String {
    format!(
        "{:.d$} ({:.d$}–{:.d$})",
        s.median,
        s.min,
        s.max,
        d = decimals
    )
}

/// The discovery benchmark as Markdown: the sessions per kind and level with their ratios
/// to an idle poll and a download, what was measured beside, then the growth.
pub fn discovery(r: &super::discovery::DiscoveryReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} rounds in alternating order, {} sessions per kind, level and round; medians \
         (range over the rounds)\n\n\
         | discovery | concurrency | sessions | sessions/s | p50 ms | p99 ms | SM-DS CPU ms/session | client CPU ms/session | ÷ eIM CPU per idle poll | ÷ SM-DP+ CPU per download | events found | connections | errors |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        r.rounds, r.sessions_per_round
    );
    for l in &r.levels {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.2} | {:.2} | {} | {} | {} | {} | {} | {} | {} |",
            l.kind.name(),
            l.concurrency,
            l.sessions,
            spread(&l.sessions_per_s, 0),
            l.session.p50_ms,
            l.session.p99_ms,
            spread(&l.server_cpu_ms_per_session, 3),
            spread(&l.client_cpu_ms_per_session, 3),
            spread(&l.per_idle_poll, 1),
            spread(&l.per_download, 2),
            l.events_found,
            l.connections,
            l.errors
        );
    }
    let _ = writeln!(
        out,
        "\nmeasured beside, in the same rounds\n\n\
         | concurrency | idle polls | eIM CPU ms/idle poll | downloads | SM-DP+ CPU ms/download | errors |\n\
         |---:|---:|---:|---:|---:|---:|"
    );
    for b in &r.beside {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            b.concurrency,
            b.idle_polls,
            spread(&b.idle_poll_server_cpu_ms, 3),
            b.downloads,
            spread(&b.download_server_cpu_ms, 3),
            b.errors
        );
    }
    discovery_growth(&mut out, &r.growth);
    let samples = r
        .levels
        .iter()
        .flat_map(|l| l.error_samples.iter())
        .chain(r.beside.iter().flat_map(|b| b.error_samples.iter()))
        .chain(r.growth.sizes.iter().flat_map(|s| s.error_samples.iter()));
    for e in samples {
        let _ = writeln!(out, "error: {e}");
    }
    out
}

/// The growth part of the discovery table: one EID's discoveries as its events grow.
fn discovery_growth(out: &mut String, g: &super::discovery::Growth) {
    let _ = writeln!(
        out,
        "\ngrowth: non-empty discoveries of one EID, sizes in alternating order\n\n\
         | Event Records | seeded in s | discoveries | p50 ms | p99 ms | SM-DS CPU ms/discovery | errors |\n\
         |---:|---:|---:|---:|---:|---:|---:|"
    );
    for s in &g.sizes {
        let _ = writeln!(
            out,
            "| {} | {:.2} | {} | {:.2} | {:.2} | {} | {} |",
            s.events,
            s.seed_s,
            s.discoveries,
            s.discovery.p50_ms,
            s.discovery.p99_ms,
            spread(&s.server_cpu_ms_per_discovery, 3),
            s.errors
        );
    }
    let _ = writeln!(
        out,
        "\ngrowth ratio (p50 at the most Event Records ÷ p50 at the fewest): {:.2}",
        g.ratio
    );
}
