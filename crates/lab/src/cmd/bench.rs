//! `rsp-lab bench`: benchmarks with a progress bar, a table, or `--json`.

use std::io::IsTerminal;
use std::path::PathBuf;

use bench::{
    self,
    download::{DownloadOptions, ExternalSmdp},
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Complete downloads (ES9+ over TLS, with the installation result) by in-process
    /// eUICCs against an in-process SM-DP+, over a concurrency sweep.
    Download(DownloadArgs),
    /// ESipa polls by in-process IoT devices against an in-process eIM: idle polls and
    /// polls that deliver a signed package and take its signed result.
    Poll(PollArgs),
    /// The localization lab (`demo`) at several fleet sizes: time per phase, memory and
    /// database bytes per device, growth between sizes.
    Fleet(FleetArgs),
    /// The cryptography of one complete download, per side (SM-DP+; eUICC with its LPA),
    /// timed operation by operation: the floor the other benchmarks are measured against.
    Crypto(CryptoArgs),
}

#[derive(clap::Args)]
pub struct CryptoArgs {
    /// Operations timed per primitive (in 5 rounds; the median round counts).
    #[arg(long, default_value_t = 2000)]
    iterations: usize,
    /// Profile package (DER) the BSP rows protect and open, e.g. a GSMA TS.48 test
    /// profile; default: the built-in minimal profile.
    #[arg(long)]
    profile: Option<PathBuf>,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct FleetArgs {
    /// Fleet sizes, comma-separated (run in increasing order).
    #[arg(long, default_value = "1000,10000", value_delimiter = ',')]
    sizes: Vec<u32>,
    /// Simulated days of each run.
    #[arg(long, default_value_t = 180)]
    days: u32,
    /// Data directory (PKI and databases); default: a temporary one.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct PollArgs {
    /// Registered devices (each polls one poll at a time).
    #[arg(long, default_value_t = 256)]
    devices: usize,
    /// Polls in flight at once, comma-separated levels.
    #[arg(long, default_value = "1,16,64", value_delimiter = ',')]
    concurrency: Vec<usize>,
    /// Polls per level.
    #[arg(long, default_value_t = 4000)]
    polls: usize,
    /// Kinds of poll: idle, package (comma-separated).
    #[arg(long, default_value = "idle,package", value_delimiter = ',')]
    kind: Vec<String>,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct DownloadArgs {
    /// Concurrency levels, comma-separated.
    #[arg(long, default_value = "1,4,16,64,256", value_delimiter = ',')]
    concurrency: Vec<usize>,
    /// Downloads per level.
    #[arg(long, default_value_t = 256)]
    downloads: usize,
    /// Profile package (DER) to personalize, e.g. a GSMA TS.48 test profile; default: the
    /// built-in minimal profile. For the SM-DP+ started in this process only.
    #[arg(long, conflicts_with = "smdp")]
    profile: Option<PathBuf>,
    /// Download from an SM-DP+ already running, at this ES9+ URL (e.g.
    /// https://smdp.rsp-lab.test:8443), instead of one started in this process; needs
    /// --es2 and --pki.
    #[arg(long, requires_all = ["es2", "pki"])]
    smdp: Option<String>,
    /// With --smdp: its ES2+ URL, where the orders are placed (e.g.
    /// https://smdp.rsp-lab.test:8444).
    #[arg(long, requires = "smdp")]
    es2: Option<String>,
    /// With --smdp: the lab PKI directory it runs with (the CI, the EUM that issues the
    /// eUICCs, the operator's ES2+ certificate).
    #[arg(long, requires = "smdp")]
    pki: Option<PathBuf>,
    /// With --smdp: the operator placing the orders.
    #[arg(long, default_value = "operator1", requires = "smdp")]
    operator: String,
    /// With --smdp: the profile type ordered; its inventory needs a profile per download.
    #[arg(long, default_value = "bench", requires = "smdp")]
    profile_type: String,
    /// With --smdp: connect to this address for ES9+ instead of resolving the URL's host.
    #[arg(long, requires = "smdp")]
    es9_resolve: Option<std::net::SocketAddr>,
    /// With --smdp: connect to this address for ES2+ instead of resolving the URL's host.
    #[arg(long, requires = "smdp")]
    es2_resolve: Option<std::net::SocketAddr>,
    /// With --smdp: the SM-DP+'s process ID; its CPU time (/proc/PID/stat) is the server
    /// CPU per download. Without it, the server CPU is not measured.
    #[arg(long, requires = "smdp")]
    smdp_pid: Option<u32>,
    /// Print the results as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub fn run(c: Command) -> Result<(), String> {
    match c {
        Command::Download(a) => download(a),
        Command::Poll(a) => poll(a),
        Command::Fleet(a) => fleet(a),
        Command::Crypto(a) => crypto(a),
    }
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(len), target);
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{what} {{pos:>6}}/{{len}} [{{bar:30}}] {{elapsed_precise}}"
    )) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The package of `--profile`, or the built-in minimal profile, with its name.
fn template(profile: Option<&PathBuf>) -> Result<(Vec<u8>, String), String> {
    Ok(match profile {
        Some(p) => (
            std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?,
            p.display().to_string(),
        ),
        None => (
            bench::minimal_template()?,
            "built-in minimal profile".into(),
        ),
    })
}

fn download(a: DownloadArgs) -> Result<(), String> {
    if a.concurrency.is_empty() || a.concurrency.contains(&0) || a.downloads == 0 {
        return Err("--concurrency needs levels of 1 or more and --downloads at least 1".into());
    }
    let external = match (a.smdp, a.es2, a.pki) {
        (Some(es9), Some(es2), Some(pki)) => Some(ExternalSmdp {
            es9,
            es2,
            pki,
            operator: a.operator,
            profile_type: a.profile_type,
            es9_resolve: a.es9_resolve,
            es2_resolve: a.es2_resolve,
            pid: a.smdp_pid,
        }),
        _ => None,
    };
    // Against an external SM-DP+ the profiles are its inventory's: no template to make.
    let (template, template_name) = if external.is_some() {
        (Vec::new(), String::new())
    } else {
        template(a.profile.as_ref())?
    };
    let options = DownloadOptions {
        concurrency: a.concurrency,
        downloads: a.downloads,
        template,
        template_name,
        external,
    };
    let bar = bar(
        (options.downloads * options.concurrency.len()) as u64,
        "downloads",
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("bench-client")
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))?;
    let report = rt.block_on(bench::download::run(&options, &|n| {
        bar.set_position(n as u64)
    }))?;
    bar.finish_and_clear();
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", bench::table::downloads(&report));
    }
    let errors: usize = report.levels.iter().map(|l| l.errors).sum();
    if errors > 0 {
        return Err(format!("{errors} downloads failed"));
    }
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("bench-client")
        .enable_all()
        .build()
        .map_err(|e| format!("runtime: {e}"))
}

fn print<T: serde::Serialize>(
    json: bool,
    report: &T,
    table: impl FnOnce(&T) -> String,
) -> Result<(), String> {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(report).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", table(report));
    }
    Ok(())
}

fn poll(a: PollArgs) -> Result<(), String> {
    use bench::poll::{PollKind, PollOptions};
    if a.concurrency.is_empty() || a.concurrency.contains(&0) || a.polls == 0 || a.devices == 0 {
        return Err("--devices, --polls and every --concurrency level must be 1 or more".into());
    }
    let kinds = a
        .kind
        .iter()
        .map(|k| match k.as_str() {
            "idle" => Ok(PollKind::Idle),
            "package" => Ok(PollKind::Package),
            other => Err(format!("--kind: {other:?} is neither idle nor package")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let options = PollOptions {
        devices: a.devices,
        concurrency: a.concurrency,
        polls: a.polls,
        kinds,
    };
    let total = options.polls * options.concurrency.len() * options.kinds.len();
    let bar = bar(total as u64, "polls");
    let report =
        runtime()?.block_on(bench::poll::run(&options, &|n| bar.set_position(n as u64)))?;
    bar.finish_and_clear();
    print(a.json, &report, bench::table::polls)?;
    let errors: usize = report.levels.iter().map(|l| l.errors).sum();
    if errors > 0 {
        return Err(format!("{errors} polls failed"));
    }
    Ok(())
}

fn fleet(a: FleetArgs) -> Result<(), String> {
    if a.sizes.is_empty() || a.sizes.contains(&0) || a.days == 0 {
        return Err("--sizes and --days must be 1 or more".into());
    }
    let temp;
    let data = match &a.data {
        Some(d) => d.clone(),
        None => {
            temp = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
            temp.path().to_path_buf()
        }
    };
    let report = runtime()?.block_on(bench::fleet::run_sizes(&a.sizes, a.days, &data))?;
    print(a.json, &report, bench::table::fleet)?;
    if report.runs.iter().any(|r| !r.guarantees_passed) {
        return Err("a guarantee failed".into());
    }
    Ok(())
}

fn crypto(a: CryptoArgs) -> Result<(), String> {
    let (profile, profile_name) = template(a.profile.as_ref())?;
    let report = bench::crypto::run(&bench::crypto::CryptoOptions {
        iterations: a.iterations,
        profile,
        profile_name,
    })?;
    print(a.json, &report, bench::table::crypto)
}
