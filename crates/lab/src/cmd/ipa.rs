//! `rsp-lab ipa --state FILE run`: the IoT Profile Assistant of a software eUICC, polling the
//! eIM over ESipa and executing what it gets (SGP.32 v1.2, or v1.0 with `--sgp32 1.0`).

use std::path::PathBuf;
use std::time::Duration;

use euicc_sim::ipa::commands::{RunOptions, run as run_ipa};
use euicc_sim::lpa::{Resolve, load_ca_files};
use euicc_sim::{Euicc, Sgp32Version};
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
pub(crate) fn parse_sgp32(s: &str) -> Result<Sgp32Version, String> {
    Sgp32Version::parse(s).ok_or_else(|| format!("{s:?}: SGP.32 version 1.0 or 1.2"))
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

pub fn run(args: Args) -> Result<(), String> {
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
    let euicc = Euicc::open(&args.state).map_err(|e| e.to_string())?;
    if euicc.eims().is_empty() {
        // A consumer eUICC refuses ES10b.GetEimConfigurationData with a status word; say
        // what is missing instead.
        return Err(format!(
            "{}: no eIM configured on this eUICC: nothing to poll (make an IoT eUICC with `rsp-lab euicc --state FILE init --eim-config FILE`)",
            args.state.display()
        ));
    }
    let trust = match (insecure, ca.is_empty()) {
        (true, false) => return Err("--insecure and --ca exclude each other".into()),
        (true, true) => ServerTrust::Insecure,
        (false, false) => ServerTrust::roots(load_ca_files(&ca).map_err(|e| e.to_string())?),
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
        .collect::<Result<_, _>>()?;
    let rt = crate::runtime().map_err(|e| e.to_string())?;
    let report = rt
        .block_on(run_ipa(
            &args.state,
            options,
            async {
                let _ = tokio::signal::ctrl_c().await;
            },
            |outcome| println!("{}", outcome.to_json()),
        ))
        .map_err(|e| e.to_string())?;
    eprintln!(
        "IPA of {}: {} polls, {} packages executed (eIM {})",
        report.eid,
        report.polls,
        report.outcomes.len(),
        report.eim_id
    );
    Ok(())
}
