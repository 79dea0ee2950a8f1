//! `rsp-lab bench fleet`: the localization lab (`rsp-lab demo`) at several fleet sizes, in
//! increasing order in this process: wall time per phase, peak memory (the process's
//! high-water mark, which the largest run sets), database bytes and memory per device, and
//! how cost grows from one size to the next (1.0 per unit of size is linear). The days are
//! also split into their parts ([`fleet::run::day_parts`]), each with the cores it kept
//! busy.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use fleet::run::day_parts::{DayPart, DayParts};
use fleet::run::options::DemoOptions;
use fleet::run::progress::Progress;
use fleet::run::run;
use lab_sys::usage::{peak_rss, process_cpu};

use crate::error::FleetError;

/// One size's figures.
#[derive(Clone, Debug, Serialize)]
pub struct FleetRun {
    pub devices: u32,
    pub days: u32,
    pub wall_s: f64,
    pub setup_s: f64,
    pub deploy_s: f64,
    pub days_s: f64,
    pub drain_s: f64,
    pub checks_s: f64,
    /// User plus system CPU time of the whole process during the run (roles and devices).
    pub cpu_s: f64,
    /// `cpu_s / wall_s`: how many of the machine's cores the run kept busy on average.
    pub cores_busy: f64,
    pub polls: u64,
    pub downloads: u64,
    pub guarantees_passed: bool,
    /// Peak resident memory of the process after this run, in MiB.
    pub peak_rss_mib: f64,
    /// Peak resident memory per device, in KiB.
    pub rss_per_device_kib: f64,
    /// Both databases (with their WAL) per device, in KiB.
    pub db_per_device_kib: f64,
    /// (wall time ratio) / (size ratio) against the previous size; 1.0 is linear.
    pub growth: Option<f64>,
    /// The days' time by part, in the order of a day.
    pub day_parts: Vec<DayPartRun>,
}

/// One part of the days ([`DayPart`]), summed over the run.
#[derive(Clone, Debug, Serialize)]
pub struct DayPartRun {
    pub part: &'static str,
    pub wall_s: f64,
    /// The whole process's CPU time while the part ran.
    pub cpu_s: f64,
    /// `cpu_s / wall_s`.
    pub cores_busy: f64,
}

fn day_parts(parts: &DayParts) -> Vec<DayPartRun> {
    DayPart::ALL
        .iter()
        .map(|&p| {
            let t = parts.get(p);
            DayPartRun {
                part: p.name(),
                wall_s: secs(t.wall),
                cpu_s: secs(t.cpu),
                cores_busy: cores_busy(secs(t.cpu), secs(t.wall)),
            }
        })
        .collect()
}

/// The sweep.
#[derive(Clone, Debug, Serialize)]
pub struct FleetReport {
    pub runs: Vec<FleetRun>,
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// How many cores `cpu_s` of CPU time in `wall_s` kept busy on average.
fn cores_busy(cpu_s: f64, wall_s: f64) -> f64 {
    cpu_s / wall_s.max(1e-9)
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains(".db"))
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Runs the lab at each of `sizes` (sorted) with `days` simulated days; the data directory
/// holds the PKI and the databases of the run in progress.
pub async fn run_sizes(sizes: &[u32], days: u32, data: &Path) -> Result<FleetReport, FleetError> {
    let mut sizes = sizes.to_vec();
    sizes.sort_unstable();
    let mut runs: Vec<FleetRun> = Vec::new();
    for devices in sizes {
        let options = DemoOptions {
            devices,
            days,
            data_dir: data.to_path_buf(),
            ..DemoOptions::default()
        };
        let cpu_before = process_cpu();
        let outcome = run(&options, &Progress::new(days, true))
            .await
            .map_err(|source| FleetError { devices, source })?;
        let t = &outcome.timing;
        let cpu = secs(process_cpu().saturating_sub(cpu_before));
        let rss = peak_rss() as f64;
        let wall = secs(t.total);
        let growth = runs.last().map(|prev| {
            (wall / prev.wall_s.max(1e-9)) / (f64::from(devices) / f64::from(prev.devices))
        });
        runs.push(FleetRun {
            devices,
            days,
            wall_s: wall,
            setup_s: secs(t.setup),
            deploy_s: secs(t.deploy),
            days_s: secs(t.days),
            drain_s: secs(t.drain),
            checks_s: secs(t.checks),
            cpu_s: cpu,
            cores_busy: cores_busy(cpu, wall),
            polls: outcome.counts.polls,
            downloads: outcome.counts.downloads,
            guarantees_passed: outcome.passed(),
            peak_rss_mib: rss / (1024.0 * 1024.0),
            rss_per_device_kib: rss / 1024.0 / f64::from(devices.max(1)),
            db_per_device_kib: dir_bytes(data) as f64 / 1024.0 / f64::from(devices.max(1)),
            growth,
            day_parts: day_parts(&t.day_parts),
        });
    }
    Ok(FleetReport { runs })
}
