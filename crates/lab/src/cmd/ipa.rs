//! `rsp-lab ipa --state FILE run`: the IoT Profile Assistant of a software eUICC, polling the
//! eIM over ESipa and executing what it gets (SGP.32 v1.2, or v1.0 with `--sgp32 1.0`).

use std::path::PathBuf;
use std::time::Duration;

use euicc_sim::ipa::IpaError;
use euicc_sim::ipa::commands::{RunOptions, run as run_ipa};
use euicc_sim::lpa::LpaError;
use euicc_sim::lpa::{Resolve, load_ca_files};
use euicc_sim::{Euicc, EuiccError, Sgp32Version};
use infra::tls::ServerTrust;

#[derive(clap::Args)]
pub struct Args {
    /// The eUICC's state file (an IoT eUICC with an eIM configured).
    #[arg(long, value_name = "FILE")]
    state: PathBuf,
    /// The SGP.32 version spoken on ESipa: 1.2, or 1.0 as most IPAs in the field (default:
    /// the eUICC's).
    #[arg(long, value_name = "VERSION", value_parser = parse_sgp32)]
    sgp32: Option<Sgp32Version>,
    #[command(subcommand)]
    command: Command,
}

/// `1.0` or `1.2`.
pub(crate) fn parse_sgp32(s: &str) -> Result<Sgp32Version, IpaCmdError> {
    Sgp32Version::parse(s).ok_or_else(|| IpaCmdError::Sgp32(s.to_string()))
}

#[derive(clap::Subcommand)]
enum Command {
    /// Poll the eIM, execute packages, download when triggered, report results.
    Run {
        /// Poll until the eIM has nothing more, then stop.
        #[arg(long)]
        once: bool,
        /// The eIM's base URL instead of https://<eimFqdn>.
        #[arg(long)]
        eim: Option<String>,
        /// The serving network reported in GetEimPackage (MCCMNC or MCC-MNC).
        #[arg(long)]
        rplmn: Option<String>,
        /// Trust servers whose TLS certificates chain to this CA (repeatable; default: the
        /// CIs the eUICC trusts).
        #[arg(long)]
        ca: Vec<PathBuf>,
        /// Do not verify TLS certificates at all.
        #[arg(long)]
        insecure: bool,
        /// Connect HOST:PORT to ADDR[:PORT] instead, for the eIM and the SM-DP+ alike.
        #[arg(long, value_name = "HOST:PORT:ADDR")]
        resolve: Vec<String>,
        /// Seconds between polls (without --once).
        #[arg(long, default_value_t = 60)]
        interval: u64,
        /// Write every ESipa and ES9+ body to files in DIR.
        #[arg(long)]
        trace_dir: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> Result<(), IpaCmdError> {
    let Command::Run {
        once,
        eim,
        rplmn,
        ca,
        insecure,
        resolve,
        interval,
        trace_dir,
    } = args.command;
    let euicc = Euicc::open(&args.state)?;
    if euicc.eims().is_empty() {
        // A consumer eUICC refuses ES10b.GetEimConfigurationData with a status word; say
        // what is missing instead.
        return Err(IpaCmdError::NoEim(args.state));
    }
    let trust = match (insecure, ca.is_empty()) {
        (true, false) => return Err(IpaCmdError::InsecureWithCa),
        (true, true) => ServerTrust::Insecure,
        (false, false) => ServerTrust::roots(load_ca_files(&ca)?),
        (false, true) => ServerTrust::roots(
            euicc
                .credentials()
                .trusted_cis()
                .iter()
                .map(|c| c.der().to_vec())
                .collect(),
        ),
    };
    drop(euicc);
    let mut options = RunOptions::new(trust);
    options.once = once;
    options.eim_url = eim;
    options.rplmn = rplmn;
    options.trace_dir = trace_dir;
    options.interval = Duration::from_secs(interval.max(1));
    options.sgp32 = args.sgp32;
    options.resolve = resolve
        .iter()
        .map(|r| Resolve::parse(r))
        .collect::<Result<_, _>>()
        .map_err(IpaCmdError::Resolve)?;
    let rt = crate::runtime()?;
    let report = rt.block_on(run_ipa(
        &args.state,
        options,
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
        |outcome| println!("{}", outcome.to_json()),
    ))?;
    eprintln!(
        "IPA of {}: {} polls, {} packages executed (eIM {})",
        report.eid,
        report.polls,
        report.outcomes.len(),
        report.eim_id
    );
    Ok(())
}

/// Why `rsp-lab ipa` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum IpaCmdError {
    /// `--sgp32` names no version this IPA speaks.
    #[error("{0:?}: SGP.32 version 1.0 or 1.2")]
    Sgp32(String),
    /// The eUICC's state could not be opened.
    #[error(transparent)]
    Euicc(#[from] EuiccError),
    /// A consumer eUICC: it has no eIM to poll.
    #[error(
        "{}: no eIM configured on this eUICC: nothing to poll (make an IoT eUICC with \
         `rsp-lab euicc --state FILE init --eim-config FILE`)",
        .0.display()
    )]
    NoEim(PathBuf),
    /// `--insecure` with `--ca`.
    #[error("--insecure and --ca exclude each other")]
    InsecureWithCa,
    /// A `--ca` file could not be read.
    #[error(transparent)]
    Ca(#[from] LpaError),
    /// A `--resolve` that is not `HOST:ADDR`.
    #[error("{0}")]
    Resolve(String),
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The IPA stopped on an error.
    #[error(transparent)]
    Run(#[from] IpaError),
}
