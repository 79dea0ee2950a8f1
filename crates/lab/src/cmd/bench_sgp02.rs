//! `rsp-lab bench download --delivery sgp02`: SGP.02 downloads ordered over ES2 through the
//! SGP.02 SM-DP and the SM-SR to M2M devices over SMS, all in process ([`bench::sgp02`]),
//! at each concurrency level: downloads per second and the process CPU per download beside
//! the cryptographic floor.

use std::path::PathBuf;

use bench::sgp02::{Sgp02Options, Sgp02Report};

/// What `bench download` passes on for `--delivery sgp02`.
pub(crate) struct Sgp02Args {
    pub concurrency: Vec<usize>,
    pub downloads: usize,
    pub profile: Option<PathBuf>,
    pub segment_len: usize,
    pub json: bool,
}

/// Why the benchmark failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BenchSgp02Error {
    /// The benchmark.
    #[error(transparent)]
    Bench(#[from] bench::sgp02::Sgp02BenchError),
    /// The runtime.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The JSON output.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// Iterations of each primitive of the floor.
const FLOOR_ITERATIONS: usize = 2000;

pub(crate) fn run(a: Sgp02Args) -> Result<(), BenchSgp02Error> {
    let rt = crate::runtime()?;
    let mut reports = Vec::new();
    for &c in &a.concurrency {
        let options = Sgp02Options {
            downloads: a.downloads,
            concurrency: c,
            segment_len: a.segment_len,
            floor_iterations: FLOOR_ITERATIONS,
            profile: a.profile.clone(),
        };
        let report = rt.block_on(bench::sgp02::run(&options))?;
        if !a.json {
            print!("{}", table(&report));
        }
        reports.push(report);
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    }
    Ok(())
}

fn table(r: &Sgp02Report) -> String {
    format!(
        "concurrency     {}\ndownloads       {}\npackage         {} octets, {} segment(s)\n\
         elapsed         {:.2} s\ndownloads/s     {:.2}\ncpu/download    {:.0} us\n\
         floor/download  {:.0} us\nratio           {:.1}\nfloor counts    {}\n\n",
        r.concurrency,
        r.downloads,
        r.package_bytes,
        r.segments,
        r.elapsed_secs,
        r.downloads_per_sec,
        r.cpu_per_download_us,
        r.floor_per_download_us,
        r.ratio,
        r.floor_counts
    )
}
