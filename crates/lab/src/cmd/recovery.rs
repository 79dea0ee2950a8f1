//! `rsp-lab recovery run SCENARIO...`: the servers' side of a device's recovery test
//! (the `recovery` crate). Scenarios are files or the names of shipped ones; the device is
//! rsp-lab's own unless `--device-command` or `--eid` names another. A table on stdout,
//! the evidence in `--out`, `--json` and `--junit` reports, and a failing exit status when a
//! scenario fails.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use recovery::run::Progress;
use recovery::scenario::Scenario;
use recovery::{DeviceUnderTest, RunOptions, ServerOptions};

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Run scenarios against a device: the servers' faults armed step by step, the device
    /// judged from what reaches them.
    Run(Box<RunArgs>),
    /// List the shipped scenarios.
    List,
    /// Print a shipped scenario (to copy and change).
    Show {
        /// Its name (`rsp-lab recovery list`).
        name: String,
    },
}

#[derive(clap::Args)]
pub(crate) struct RunArgs {
    /// Scenario files, or names of shipped scenarios; none: every shipped one.
    scenarios: Vec<String>,
    /// The device under test is started by this shell command (with RSP_ESIPA_URL,
    /// RSP_RESOLVE_EIM, RSP_RESOLVE_SMDP, RSP_CA, RSP_EIM_CONFIG and RSP_EID in its
    /// environment), e.g. `rsp-lab ipa --reader 0 run --eim "$RSP_ESIPA_URL" ...`.
    #[arg(long, value_name = "COMMAND", requires = "eid")]
    device_command: Option<String>,
    /// The EID of the device under test's eUICC (with --device-command, or alone for a
    /// device started by hand); default: rsp-lab's own device.
    #[arg(long)]
    eid: Option<String>,
    /// The device's bootstrap profile (ICCID), for a device that has one already: the
    /// scenarios' bootstrap step then downloads none.
    #[arg(long, value_name = "ICCID")]
    bootstrap_iccid: Option<String>,
    /// The run's directory: the lab PKI (kept) and the servers' databases (fresh for each
    /// scenario with rsp-lab's own device; kept for another, whose card keeps its profiles
    /// and its eIM counter).
    #[arg(long, value_name = "DIR", default_value = "rsp-lab-recovery")]
    data: PathBuf,
    /// A PKI directory instead of DATA/pki (the CI the device trusts).
    #[arg(long, value_name = "DIR")]
    pki: Option<PathBuf>,
    /// The address the servers listen on (0.0.0.0 for a device on another machine).
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    listen: IpAddr,
    /// Multiply every wait of the scenarios by this (a slow device, a real network).
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0)]
    time_scale: f64,
    /// The evidence: one directory per scenario (device log, the eIM's view of the device).
    #[arg(long, value_name = "DIR", default_value = "recovery-out")]
    out: PathBuf,
    /// Write the results as JSON.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write the results as JUnit XML.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
}

/// Why `recovery` did not run, or what it found.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RecoveryCmdError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Run(#[from] recovery::RecoveryError),
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    #[error("{path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{failed} of {total} scenarios failed (evidence in {out})")]
    Failed {
        failed: usize,
        total: usize,
        out: String,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), RecoveryCmdError> {
    match cmd {
        Command::List => {
            for (name, text) in recovery::SHIPPED {
                let s =
                    Scenario::parse(text).map_err(|e| RecoveryCmdError::Usage(e.to_string()))?;
                println!("{name:<28} {:<34} {}", s.clause, s.title);
            }
            Ok(())
        }
        Command::Show { name } => {
            let text = shipped(&name).ok_or_else(|| unknown(&name))?;
            print!("{text}");
            Ok(())
        }
        Command::Run(args) => run_scenarios(*args),
    }
}

fn shipped(name: &str) -> Option<&'static str> {
    recovery::SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
}

fn unknown(name: &str) -> RecoveryCmdError {
    RecoveryCmdError::Usage(format!(
        "{name:?}: no such file and no shipped scenario of that name (rsp-lab recovery list)"
    ))
}

/// A scenario named on the command line: a file, else a shipped one.
fn load(name: &str) -> Result<Scenario, RecoveryCmdError> {
    let path = Path::new(name);
    if path.exists() {
        return Scenario::load(path).map_err(|e| recovery::RecoveryError::from(e).into());
    }
    let text = shipped(name).ok_or_else(|| unknown(name))?;
    Scenario::parse(text).map_err(|e| RecoveryCmdError::Usage(format!("{name}: {e}")))
}

fn run_scenarios(args: RunArgs) -> Result<(), RecoveryCmdError> {
    if !(args.time_scale > 0.0 && args.time_scale <= 1000.0) {
        return Err(RecoveryCmdError::Usage(
            "--time-scale: a factor above 0, at most 1000".into(),
        ));
    }
    let scenarios = if args.scenarios.is_empty() {
        recovery::SHIPPED
            .iter()
            .map(|(n, _)| load(n))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        args.scenarios
            .iter()
            .map(|n| load(n))
            .collect::<Result<Vec<_>, _>>()?
    };
    if let Some(eid) = &args.eid
        && (eid.len() != 32 || !eid.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(RecoveryCmdError::Usage(format!("--eid {eid:?}: 32 digits")));
    }
    let device = match (args.device_command, args.eid) {
        (Some(command), Some(eid)) => DeviceUnderTest::Command { command, eid },
        (None, Some(eid)) => DeviceUnderTest::External { eid },
        _ => DeviceUnderTest::Own {
            rsp_lab: std::env::current_exe()
                .map_err(|e| RecoveryCmdError::Usage(format!("this program's own path: {e}")))?,
        },
    };
    let external = matches!(device, DeviceUnderTest::External { .. });
    let options = RunOptions {
        servers: ServerOptions {
            data_dir: args.data,
            pki_dir: args.pki,
            listen: args.listen,
            keep_databases: false,
            indirect_download: false,
            esipa_coap: false,
        },
        device,
        out_dir: args.out.clone(),
        time_scale: args.time_scale,
        bootstrap_iccid: args.bootstrap_iccid,
    };
    let mut progress = Terminal { external };
    let report = crate::runtime()?.block_on(recovery::run(&scenarios, &options, &mut progress))?;
    print!("{}", report.table());
    for (path, text) in [(&args.json, report.json()), (&args.junit, report.junit())] {
        if let Some(path) = path {
            std::fs::write(path, text).map_err(|source| RecoveryCmdError::Write {
                path: path.clone(),
                source,
            })?;
        }
    }
    match report.failed() {
        0 => Ok(()),
        failed => Err(RecoveryCmdError::Failed {
            failed,
            total: report.cases.len(),
            out: args.out.display().to_string(),
        }),
    }
}

/// Progress on stderr; for a device started by hand, where to point it.
struct Terminal {
    external: bool,
}

impl Progress for Terminal {
    fn servers_up(&mut self, s: &Scenario, eid: &str, at: &recovery::device::Coordinates) {
        eprintln!("== {}: {} ({})", s.name, s.title, s.clause);
        if let Some(needs) = &s.needs {
            eprintln!("   the device needs: {needs}");
        }
        if self.external {
            eprintln!(
                "   start the device of EID {eid} now: eIM {}, --resolve {} --resolve {}, \
                 CA {}, eIM configuration {}",
                at.esipa_url,
                at.resolve[0],
                at.resolve[1],
                at.ca.display(),
                at.eim_config.display()
            );
        }
    }

    fn step(&mut self, n: usize, what: &str) {
        eprintln!("   step {n}: {what}");
    }
}
