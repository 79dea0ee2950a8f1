//! `rsp-lab bench download --delivery sgp02`: SGP.02 profile downloads (SGP.02 3.1) ordered
//! by the operator over ES2, all in this process on loopback sockets: the SGP.02 SM-DP in
//! `rsp-lab smdp serve`'s server, the SM-SR, the lab's SMSC, and one M2M device with its
//! software M2M eUICC per concurrent download (module `lab`). A download is done when the
//! operator's endpoint has its DownloadProfileResponse: the ISD-P created, its keys
//! established with the ECASD, the package in SCP03t segments, ProfileDownloadCompleted;
//! every ES5 exchange an SMS each way.
//!
//! The CPU per download is the process's CPU time over the run (SM-DP, SM-SR, SMSC, modems,
//! cards and the operator together) divided by the downloads; beside it the cryptographic
//! floor measured in the same run (module `floor`).

mod floor;
mod lab;

use std::time::{Duration, Instant};

use serde::Serialize;

/// What to run.
#[derive(Clone, Debug)]
pub struct Sgp02Options {
    /// Downloads to time (after one warm-up per device), spread over the devices.
    pub downloads: usize,
    /// Devices, each downloading one profile at a time: the downloads in flight at once.
    pub concurrency: usize,
    /// Octets of the package per SCP03t segment.
    pub segment_len: usize,
    /// Iterations of each primitive of the floor.
    pub floor_iterations: usize,
    /// The profile package (DER) the local profiles are personalized from; the built-in
    /// minimal profile when `None`.
    pub profile: Option<std::path::PathBuf>,
}

/// The outcome of a run.
#[derive(Clone, Debug, Serialize)]
pub struct Sgp02Report {
    pub downloads: usize,
    pub concurrency: usize,
    /// The package's size, octets, and its SCP03t segments.
    pub package_bytes: usize,
    pub segments: usize,
    pub elapsed_secs: f64,
    pub downloads_per_sec: f64,
    /// Process CPU time per download, microseconds.
    pub cpu_per_download_us: f64,
    /// The cryptographic floor of one download, microseconds (both ends).
    pub floor_per_download_us: f64,
    /// `cpu_per_download_us / floor_per_download_us`.
    pub ratio: f64,
    /// What the floor counts.
    pub floor_counts: String,
}

/// Why the benchmark could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Sgp02BenchError {
    /// The lab could not be set up; the text says which part.
    #[error("set-up: {0}")]
    Setup(String),
    /// A download failed or did not finish.
    #[error("download {index}: {detail}")]
    Download {
        /// Which.
        index: usize,
        /// Why.
        detail: String,
    },
}

/// Downloads one card takes at most in a run (besides its warm-up one).
const PER_CARD: usize = 16;

/// A safety net for one download.
const PATIENCE: Duration = Duration::from_secs(120);

/// Runs the benchmark.
pub async fn run(o: &Sgp02Options) -> Result<Sgp02Report, Sgp02BenchError> {
    let concurrency = o.concurrency.max(1);
    // A card holds at most 32 ISD-Ps (`euicc_sim::m2m::MAX_ISDPS`): enough devices that none
    // takes more than PER_CARD downloads, `concurrency` of them at a time in turn.
    let devices = concurrency.max(o.downloads.div_ceil(PER_CARD));
    let per_device = o.downloads.div_ceil(devices) + 1;
    let lab = lab::Lab::start(devices, per_device, o.segment_len, o.profile.clone()).await?;
    // One warm-up download per device: the connections, the first attach.
    let mut next = 0;
    for round in 0..devices.div_ceil(concurrency) {
        let n = (devices - next).min(concurrency);
        lab.round(round, next, n).await?;
        next += n;
    }
    let cpu0 = lab_sys::usage::process_cpu();
    let t0 = Instant::now();
    let mut done = 0;
    let mut round = devices;
    while done < o.downloads {
        let n = (o.downloads - done).min(concurrency);
        lab.round(round, done % devices, n).await?;
        done += n;
        round += 1;
    }
    let elapsed = t0.elapsed();
    let cpu = lab_sys::usage::process_cpu().saturating_sub(cpu0);
    let (package_bytes, segments) = (lab.package_bytes, lab.segments);
    lab.stop().await;
    let floor = floor::measure(segments, o.floor_iterations.max(1))?;
    let n = o.downloads.max(1) as f64;
    let cpu_per_download_us = cpu.as_secs_f64() * 1e6 / n;
    let floor_per_download_us = floor.per_download.as_secs_f64() * 1e6;
    Ok(Sgp02Report {
        downloads: o.downloads,
        concurrency,
        package_bytes,
        segments,
        elapsed_secs: elapsed.as_secs_f64(),
        downloads_per_sec: n / elapsed.as_secs_f64().max(1e-9),
        cpu_per_download_us,
        floor_per_download_us,
        ratio: cpu_per_download_us / floor_per_download_us.max(1e-9),
        floor_counts: floor.counts,
    })
}
