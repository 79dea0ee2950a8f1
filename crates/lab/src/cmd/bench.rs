//! `rsp-lab bench`: benchmarks with a progress bar, a table, or `--json`.

use std::io::IsTerminal;
use std::path::PathBuf;

use bench::{
    self,
    download::{DownloadOptions, ExternalSmdp},
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Complete downloads (ES9+ over TLS, with the installation result) by in-process
    /// eUICCs against an in-process SM-DP+, over a concurrency sweep.
    Download(Box<DownloadArgs>),
    /// ESipa polls by in-process IoT devices against an in-process eIM: idle polls and
    /// polls that deliver a signed package and take its signed result.
    Poll(PollArgs),
    /// ES11 event retrieval (SGP.22 5.8) by in-process eUICCs with their LPAs against an
    /// in-process SM-DS, for an EID with no event and one with an event, over a concurrency
    /// sweep, beside idle eIM polls and ES9+ downloads (CPU ratios), and its growth with the
    /// Event Records the SM-DS holds.
    Discovery(DiscoveryArgs),
    /// The localization lab (`demo`) at several fleet sizes: time per phase, memory and
    /// database bytes per device, growth between sizes.
    Fleet(FleetArgs),
    /// The cryptography of one complete download, per side (SM-DP+; eUICC with its LPA),
    /// timed operation by operation: the floor the other benchmarks are measured against.
    Crypto(CryptoArgs),
    /// ES4.EnableProfile round trips through an in-process SM-SR over SCP80 (SMS through
    /// the lab's SMSC to an M2M device and card), with the CPU per operation beside its
    /// cryptographic floor.
    Smsr(super::bench_smsr::SmsrArgs),
}

#[derive(clap::Args)]
pub(crate) struct CryptoArgs {
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
pub(crate) struct DiscoveryArgs {
    /// Sessions in flight at once, comma-separated levels.
    #[arg(long, default_value = "1,4,16", value_delimiter = ',')]
    concurrency: Vec<usize>,
    /// Sessions per kind (empty, non-empty), level and round; also the growth's
    /// discoveries per size and round.
    #[arg(long, default_value_t = 200)]
    sessions: usize,
    /// Event Records the SM-DS holds at each size of the growth, comma-separated (e.g.
    /// 1000,1000000).
    #[arg(long, default_value = "1000,100000", value_delimiter = ',')]
    events: Vec<u64>,
    /// Rounds, in alternating order; the figures are their medians.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Print the results as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub(crate) struct FleetArgs {
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
pub(crate) struct PollArgs {
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
    /// Bindings of ESipa, one after the other: https (the devices share kept-alive TLS
    /// connections), coap (CoAP on DTLS, each device its PSK and its association kept),
    /// coap-sleep (the same, each poll resuming the DTLS session after a sleep);
    /// comma-separated.
    #[arg(long, default_value = "https", value_delimiter = ',')]
    esipa: Vec<String>,
    /// Print the results as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub(crate) struct DownloadArgs {
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
    /// The download: sgp22 (ES9+ from the SM-DP+ to eUICCs with their LPAs) or sgp02
    /// (ES2.DownloadProfile to the SGP.02 SM-DP, through the SM-SR over SMS to M2M devices,
    /// one device per concurrent download).
    #[arg(long, default_value = "sgp22", value_parser = ["sgp22", "sgp02"], conflicts_with = "smdp")]
    delivery: String,
    /// With --delivery sgp02: octets of the package per SCP03t segment (1 to 1024).
    #[arg(long, default_value_t = 1024)]
    segment_len: usize,
    /// Print the results as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(c: Command) -> Result<(), BenchCmdError> {
    match c {
        Command::Download(a) => download(*a),
        Command::Poll(a) => poll(a),
        Command::Discovery(a) => discovery(a),
        Command::Fleet(a) => fleet(a),
        Command::Crypto(a) => crypto(a),
        Command::Smsr(a) => Ok(super::bench_smsr::run(a)?),
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
fn template(profile: Option<&PathBuf>) -> Result<(Vec<u8>, String), BenchCmdError> {
    Ok(match profile {
        Some(p) => (
            std::fs::read(p).map_err(|source| BenchCmdError::Profile {
                path: p.clone(),
                source,
            })?,
            p.display().to_string(),
        ),
        None => (
            bench::minimal_template()?,
            "built-in minimal profile".into(),
        ),
    })
}

fn download(a: DownloadArgs) -> Result<(), BenchCmdError> {
    if a.concurrency.is_empty() || a.concurrency.contains(&0) || a.downloads == 0 {
        return Err(BenchCmdError::Options(
            "--concurrency needs levels of 1 or more and --downloads at least 1",
        ));
    }
    if a.delivery == "sgp02" {
        if !(1..=1024).contains(&a.segment_len) {
            return Err(BenchCmdError::Options("--segment-len must be 1 to 1024"));
        }
        let sgp02 = super::bench_sgp02::Sgp02Args {
            concurrency: a.concurrency,
            downloads: a.downloads,
            profile: a.profile,
            segment_len: a.segment_len,
            json: a.json,
        };
        return Ok(super::bench_sgp02::run(sgp02)?);
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
        .map_err(BenchCmdError::Runtime)?;
    let report = rt.block_on(bench::download::run(&options, &|n| {
        bar.set_position(n as u64)
    }))?;
    bar.finish_and_clear();
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", bench::table::downloads(&report));
    }
    let errors: usize = report.levels.iter().map(|l| l.errors).sum();
    if errors > 0 {
        return Err(BenchCmdError::DownloadsFailed(errors));
    }
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime, BenchCmdError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("bench-client")
        .enable_all()
        .build()
        .map_err(BenchCmdError::Runtime)
}

fn print<T: serde::Serialize>(
    json: bool,
    report: &T,
    table: impl FnOnce(&T) -> String,
) -> Result<(), BenchCmdError> {
    if json {
        println!("{}", serde_json::to_string_pretty(report)?);
    } else {
        print!("{}", table(report));
    }
    Ok(())
}

fn poll(a: PollArgs) -> Result<(), BenchCmdError> {
    use bench::poll::{Binding, PollKind, PollOptions};
    if a.concurrency.is_empty() || a.concurrency.contains(&0) || a.polls == 0 || a.devices == 0 {
        return Err(BenchCmdError::Options(
            "--devices, --polls and every --concurrency level must be 1 or more",
        ));
    }
    let kinds = a
        .kind
        .iter()
        .map(|k| match k.as_str() {
            "idle" => Ok(PollKind::Idle),
            "package" => Ok(PollKind::Package),
            other => Err(BenchCmdError::Kind(other.to_string())),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let bindings = a
        .esipa
        .iter()
        .map(|b| match b.as_str() {
            "https" => Ok(Binding::Https),
            "coap" => Ok(Binding::Coap),
            "coap-sleep" => Ok(Binding::CoapSleep),
            other => Err(BenchCmdError::Binding(other.to_string())),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let options = PollOptions {
        bindings,
        devices: a.devices,
        concurrency: a.concurrency,
        polls: a.polls,
        kinds,
    };
    let total =
        options.polls * options.concurrency.len() * options.kinds.len() * options.bindings.len();
    let bar = bar(total as u64, "polls");
    let report =
        runtime()?.block_on(bench::poll::run(&options, &|n| bar.set_position(n as u64)))?;
    bar.finish_and_clear();
    print(a.json, &report, bench::table::polls)?;
    let errors: usize = report.levels.iter().map(|l| l.errors).sum();
    if errors > 0 {
        return Err(BenchCmdError::PollsFailed(errors));
    }
    Ok(())
}

fn discovery(a: DiscoveryArgs) -> Result<(), BenchCmdError> {
    if a.concurrency.is_empty()
        || a.concurrency.contains(&0)
        || a.sessions == 0
        || a.rounds == 0
        || a.events.is_empty()
        || a.events.contains(&0)
    {
        return Err(BenchCmdError::Options(
            "--sessions, --rounds, every --concurrency level and every --events size must be 1 or more",
        ));
    }
    let options = bench::discovery::DiscoveryOptions {
        concurrency: a.concurrency,
        sessions: a.sessions,
        events: a.events,
        rounds: a.rounds,
    };
    let bar = bar(options.total() as u64, "discoveries");
    let report = runtime()?
        .block_on(bench::discovery::run(&options, &|n| {
            bar.set_position(n as u64)
        }))
        .map_err(Box::new)?;
    bar.finish_and_clear();
    print(a.json, &report, bench::table::discovery)?;
    match report.errors() {
        0 => Ok(()),
        n => Err(BenchCmdError::DiscoveriesFailed(n)),
    }
}

fn fleet(a: FleetArgs) -> Result<(), BenchCmdError> {
    if a.sizes.is_empty() || a.sizes.contains(&0) || a.days == 0 {
        return Err(BenchCmdError::Options(
            "--sizes and --days must be 1 or more",
        ));
    }
    let temp;
    let data = match &a.data {
        Some(d) => d.clone(),
        None => {
            temp = tempfile::tempdir().map_err(BenchCmdError::TempDir)?;
            temp.path().to_path_buf()
        }
    };
    let report = runtime()?.block_on(bench::fleet::run_sizes(&a.sizes, a.days, &data))?;
    print(a.json, &report, bench::table::fleet)?;
    if report.runs.iter().any(|r| !r.guarantees_passed) {
        return Err(BenchCmdError::GuaranteeFailed);
    }
    Ok(())
}

fn crypto(a: CryptoArgs) -> Result<(), BenchCmdError> {
    let (profile, profile_name) = template(a.profile.as_ref())?;
    let report = bench::crypto::run(&bench::crypto::CryptoOptions {
        iterations: a.iterations,
        profile,
        profile_name,
    })?;
    print(a.json, &report, bench::table::crypto)
}

/// Why an `rsp-lab bench` command failed; its text is what the command prints after
/// `error: `, and the command exits with status 1.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BenchCmdError {
    /// The options are out of range; the text names them.
    #[error("{0}")]
    Options(&'static str),
    /// `--kind` names no kind of poll.
    #[error("--kind: {0:?} is neither idle nor package")]
    Kind(String),
    /// `--esipa` names no binding.
    #[error("--esipa: {0:?} is none of https, coap, coap-sleep")]
    Binding(String),
    /// `--profile` could not be read.
    #[error("{}: {source}", path.display())]
    Profile {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The built-in minimal profile could not be made.
    #[error(transparent)]
    Template(#[from] bench::error::TemplateError),
    /// The clients' runtime could not be built.
    #[error("runtime: {0}")]
    Runtime(std::io::Error),
    /// The fleet runs' temporary directory could not be made.
    #[error("temporary directory: {0}")]
    TempDir(std::io::Error),
    /// The report could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// `bench download` could not run.
    #[error(transparent)]
    Download(#[from] bench::error::DownloadError),
    /// `bench download --delivery sgp02` could not run.
    #[error(transparent)]
    Sgp02(#[from] super::bench_sgp02::BenchSgp02Error),
    /// `bench poll` could not run.
    #[error(transparent)]
    Poll(#[from] bench::error::PollError),
    /// `bench discovery` could not run.
    #[error(transparent)]
    Discovery(#[from] Box<bench::error::DiscoveryError>),
    /// `bench fleet` could not run.
    #[error(transparent)]
    Fleet(#[from] bench::error::FleetError),
    /// `bench crypto` could not run.
    #[error(transparent)]
    Crypto(#[from] bench::crypto::CryptoError),
    /// `bench smsr`.
    #[error(transparent)]
    Smsr(#[from] super::bench_smsr::BenchSmsrError),
    /// Downloads ended in an error (the table lists samples).
    #[error("{0} downloads failed")]
    DownloadsFailed(usize),
    /// Polls ended in an error.
    #[error("{0} polls failed")]
    PollsFailed(usize),
    /// Discoveries, or the polls and downloads beside them, ended in an error.
    #[error("{0} discoveries, polls or downloads failed")]
    DiscoveriesFailed(usize),
    /// A fleet run's end-state checks failed.
    #[error("a guarantee failed")]
    GuaranteeFailed,
}
