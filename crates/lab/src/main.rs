//! `rsp-lab`: the localization lab, each role as a server, and the toolbox.

#![forbid(unsafe_code)]

#[cfg(test)]
mod cli_reference;
mod cmd;
#[cfg(test)]
mod guide_commands;
mod input;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// mimalloc serves every allocation of the process: the Rust code's through this, and with
/// its `override` feature also `malloc` and `free` themselves (SQLite's and the C
/// libraries'). glibc's malloc, limited to two arenas to keep a 100,000-device fleet under
/// 2 GiB, made the threads wait on each other's arena; mimalloc's per-thread heaps take
/// no lock on the common path and held that fleet in less memory. BENCHMARKING.md,
/// lessons.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `0.1.0 (<git revision>)`: the revision is `unknown` when built without git (build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("RSP_LAB_GIT_REVISION"),
    ")"
);

/// An eUICC remote SIM provisioning lab: SM-DP+, eIM and software eUICCs, spec-exact.
#[derive(Parser)]
#[command(name = "rsp-lab", version = VERSION, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The localization lab: a fleet localized over the air, end to end, in one command.
    Demo(cmd::demo::Args),
    /// The same fleet, seed, faults and scenario under each strategy (roaming, multi-IMSI,
    /// eUICC localization, tiered, multi-IMSI+eUICC), side by side with costs.
    Compare(cmd::demo::Args),
    /// Benchmarks of the roles (downloads/s, latency, CPU per operation).
    #[command(subcommand)]
    Bench(cmd::bench::Command),
    /// Decode a DER message (binary, hex or base64) and print it as JSON.
    Decode(cmd::decode::Args),
    /// Inspect and personalize profile packages.
    #[command(subcommand)]
    Profile(cmd::profile::Command),
    /// Generate and verify the lab PKI.
    #[command(subcommand)]
    Certs(cmd::certs::Command),
    /// A software eUICC: create, inspect, serve as a card (stdio, vpcd).
    Euicc(cmd::euicc::Args),
    /// The SM-DP+ alone: serve, inventory.
    #[command(subcommand)]
    Smdp(cmd::smdp::Command),
    /// An operator's ES2+ client (mutual TLS).
    Es2(cmd::es2::Args),
    /// The device LPA: download, notifications, enable/disable/delete, list (on the software
    /// eUICC, a card in a PC/SC reader or in a modem).
    Lpa(cmd::lpa::Args),
    /// The eIM (SGP.32 v1.2) alone: ESipa, eUICC packages, the operator API.
    #[command(subcommand)]
    Eim(cmd::eim::Command),
    /// The SGP.02 SM-SR: ES4 for operators over HTTPS, ES5 to M2M eUICCs over SMS and HTTPS (SCP81).
    #[command(subcommand)]
    Smsr(cmd::smsr::Command),
    /// The lab's SMSC (SMPP 3.4): routes short messages between the ESMEs bound to it.
    #[command(subcommand)]
    Smsc(cmd::smsc::Command),
    /// An M2M Device around an SGP.02 eUICC, bound to an SMSC as its profile's MSISDN: the
    /// SM-SR's short messages to the card, its PoRs and notifications back, its BIP channel
    /// (the SCP81 admin session) over TCP.
    M2mDevice(cmd::m2m_device::Args),
    /// The discovery server (SM-DS) alone, root or alternative.
    #[command(subcommand)]
    Smds(cmd::smds::Command),
    /// The IoT Profile Assistant of an eUICC (the software eUICC, a card in a PC/SC reader or
    /// in a modem).
    Ipa(cmd::ipa::Args),
    /// Conformance cases run against a server: an SM-DP+ (SGP.23) or an eIM (ESipa).
    #[command(subcommand)]
    Conform(cmd::conform::Command),
    /// Recovery scenarios: the SM-DP+ and the eIM arm faults step by step and judge a device
    /// under test (rsp-lab's own, a card in a reader or a modem, any device) from what
    /// reaches them.
    #[command(subcommand)]
    Recovery(cmd::recovery::Command),
    /// The roaming ledger: verify the partners' copies.
    #[command(subcommand)]
    Ledger(cmd::ledger::Command),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(cmd::completions::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.prints_only() {
        restore_sigpipe();
    }
    init_logs(default_log_level(&cli.command));
    if cli.command.is_lab_run() {
        lab_sys::memory::keep_freed_memory();
    }
    // Each command's error type prints what failed; `main` prints it after `error: `.
    let result: Result<(), Box<dyn std::error::Error>> = match cli.command {
        Command::Demo(args) => cmd::demo::run_demo(args).map_err(Into::into),
        Command::Compare(args) => cmd::compare::run_compare(args).map_err(Into::into),
        Command::Bench(c) => cmd::bench::run(c).map_err(Into::into),
        Command::Decode(args) => cmd::decode::run(args).map_err(Into::into),
        Command::Profile(c) => cmd::profile::run(c).map_err(Into::into),
        Command::Certs(c) => cmd::certs::run(c).map_err(Into::into),
        Command::Euicc(a) => cmd::euicc::run(a).map_err(Into::into),
        Command::Smdp(c) => cmd::smdp::run(c).map_err(Into::into),
        Command::Es2(a) => cmd::es2::run(a).map_err(Into::into),
        Command::Lpa(a) => cmd::lpa::run(a).map_err(Into::into),
        Command::Eim(c) => cmd::eim::run(c).map_err(Into::into),
        Command::Smsr(a) => cmd::smsr::run(a).map_err(Into::into),
        Command::Smds(c) => cmd::smds::run(c).map_err(Into::into),
        Command::Smsc(c) => cmd::smsc::run(c).map_err(Into::into),
        Command::M2mDevice(a) => cmd::m2m_device::run(a).map_err(Into::into),
        Command::Ipa(a) => cmd::ipa::run(a).map_err(Into::into),
        Command::Ledger(c) => cmd::ledger::run(c).map_err(Into::into),
        Command::Conform(c) => cmd::conform::run(c).map_err(Into::into),
        Command::Recovery(c) => cmd::recovery::run(c).map_err(Into::into),
        Command::Completions(a) => {
            cmd::completions::run(a, Cli::command());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

impl Command {
    /// The lab's own runs, which end when their work does: they keep the memory they free
    /// for reuse ([`lab_sys::memory::keep_freed_memory`]); the servers give it back.
    fn is_lab_run(&self) -> bool {
        matches!(
            self,
            Command::Demo(_) | Command::Compare(_) | Command::Bench(_)
        )
    }

    /// Commands that only read files and print, without sockets: the ones for which a
    /// closed stdout may end the process.
    fn prints_only(&self) -> bool {
        matches!(
            self,
            Command::Decode(_) | Command::Profile(_) | Command::Certs(_) | Command::Completions(_)
        )
    }
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`rsp-lab decode ... | head`) would
/// panic; restore the default so such a command ends quietly like other command-line tools.
/// Only for commands without sockets: with the default disposition a peer that closes its
/// connection while a server or client writes to it would kill the whole process (found
/// by `rsp-lab bench download` at 256 concurrent downloads).
fn restore_sigpipe() {
    lab_sys::sys::default_sigpipe();
}

/// The servers (`smdp serve`, `eim serve`, `smds serve`, `smsc serve`) say what they do (`info`: start, listeners,
/// sessions, refusals); the other commands only warn (the lab's runs: not of their devices).
fn default_log_level(command: &Command) -> &'static str {
    match command {
        Command::Smdp(cmd::smdp::Command::Serve { .. })
        | Command::Eim(cmd::eim::Command::Serve { .. })
        | Command::Smds(cmd::smds::Command::Serve { .. })
        | Command::Smsr(cmd::smsr::Command::Serve { .. })
        | Command::Smsc(cmd::smsc::Command::Serve { .. })
        | Command::M2mDevice(_) => "info",
        // The lab's devices and servers meet the faults and outages the run injects on
        // purpose; what they met is in the report (each device's history), not on stderr.
        Command::Demo(_) | Command::Compare(_) | Command::Recovery(_) => {
            "warn,euicc_sim=error,lpa=error,ipa=error,sm_dp=error,eim=error,sm_ds=error"
        }
        _ => "warn",
    }
}

/// Logs go to stderr, with ANSI colours only when stderr is a terminal; `RUST_LOG` selects
/// them (default: `default_level`).
fn init_logs(default_level: &str) {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
}

/// The tokio runtime could not be built.
#[derive(Debug, thiserror::Error)]
#[error("async runtime: {0}")]
pub(crate) struct RuntimeError(std::io::Error);

/// A multi-threaded tokio runtime for the commands that serve or call over the network.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, RuntimeError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(RuntimeError)
}
