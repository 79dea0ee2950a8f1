//! `rsp-lab ipa --state FILE|--reader N|--modem DEVICE run`: the IoT Profile Assistant of
//! an eUICC (the software eUICC of a state file, or a card in a PC/SC reader or a modem),
//! polling the eIM over ESipa and executing what it gets (SGP.32 v1.2, or v1.0 or v1.3
//! with `--sgp32`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use card_io::{CardIoError, CardSource};
use euicc_sim::{Euicc, EuiccError, Sgp32Version};
use infra::tls::ServerTrust;
use ipa::commands::{RunOptions, RunReport, run as run_ipa, run_on};
use ipa::{ApduCard, IpaError};
use lpa::LpaError;
use lpa::quirks::{QuirksError, QuirksFile};
use lpa::{EUICC_CAPABILITY_LPA, Es10ClientError, Es10Options};
use lpa::{Resolve, load_ca_files};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The card: --state FILE (the software eUICC, an IoT eUICC with an eIM configured),
    /// --reader N|NAME or --modem DEVICE.
    #[command(flatten)]
    card: super::lpa::CardArgs,
    /// Seconds a modem has to answer one AT+CSIM (default 30).
    #[arg(long, value_name = "SECONDS", requires = "modem")]
    modem_timeout: Option<u64>,
    /// The SGP.32 version spoken on ESipa: 1.2, 1.3 (v1.2's octets on ESipa), or 1.0 as
    /// most IPAs in the field (default: the software eUICC's; 1.2 with a reader or a modem).
    #[arg(long, value_name = "VERSION", value_parser = parse_sgp32)]
    sgp32: Option<Sgp32Version>,
    #[command(subcommand)]
    command: Command,
}

/// `1.0`, `1.2` or `1.3`.
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
        /// The eIM's base URL instead of https://<eimFqdn> (coaps://HOST[:PORT] for ESipa
        /// over CoAP on DTLS).
        #[arg(long)]
        eim: Option<String>,
        /// The device's DTLS pre-shared key for an eIM over CoAP, IDENTITY:HEXKEY (without
        /// it, the eIM's certificate is checked as over HTTPS).
        #[arg(long, value_name = "IDENTITY:HEXKEY")]
        psk: Option<String>,
        /// CoAP's ACK_TIMEOUT in milliseconds, the wait before a request is sent again
        /// (default RFC 7252's 2000; 4.8.1 lets a lab on loopback scale it down).
        #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(10..=60_000))]
        coap_ack_timeout: Option<u64>,
        /// The serving network reported in GetEimPackage (MCCMNC or MCC-MNC).
        #[arg(long)]
        rplmn: Option<String>,
        /// Trust servers whose TLS certificates chain to this CA (repeatable; default with
        /// --state: the CIs the eUICC trusts; with a reader or a modem, --ca or --insecure
        /// is needed).
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
        /// After an enable with rollbackFlag: seconds the IPA keeps trying to deliver the
        /// result to the eIM with the new profile before it rolls back to the previous one
        /// (ES10b.ProfileRollback; 0: one try).
        #[arg(long, value_name = "SECONDS", default_value_t = 300)]
        rollback_after: u64,
        /// The device cannot register on a network with this profile (an ICCID or its
        /// leading digits; repeatable): the lab's stand-in for a profile without coverage.
        /// After an enable with rollbackFlag the IPA rolls back; otherwise it executes the
        /// Fallback Mechanism.
        #[arg(long, value_name = "ICCID")]
        no_coverage: Vec<String>,
        /// Write every ESipa and ES9+ body to files in DIR.
        #[arg(long)]
        trace_dir: Option<PathBuf>,
        /// Behave like a field device that departs from the specification in the ways
        /// FILE lists (TOML, `quirks = [...]`; see the guide's "Field quirks").
        #[arg(long, value_name = "FILE")]
        quirks: Option<PathBuf>,
    },
}

pub(crate) fn run(args: Args) -> Result<(), IpaCmdError> {
    let Command::Run {
        once,
        eim,
        psk,
        coap_ack_timeout,
        rplmn,
        ca,
        insecure,
        resolve,
        interval,
        rollback_after,
        no_coverage,
        trace_dir,
        quirks,
    } = args.command;
    let trust = match (insecure, ca.is_empty()) {
        (true, false) => return Err(IpaCmdError::InsecureWithCa),
        (true, true) => Some(ServerTrust::Insecure),
        (false, false) => Some(ServerTrust::roots(load_ca_files(&ca)?)),
        (false, true) => None,
    };
    let mut options = RunOptions::new(ServerTrust::Insecure);
    options.once = once;
    options.eim_url = eim;
    options.psk = (psk.as_deref().map(crate::input::psk).transpose()).map_err(IpaCmdError::Psk)?;
    options.coap_ack_timeout = coap_ack_timeout.map(Duration::from_millis);
    options.rplmn = rplmn;
    options.trace_dir = trace_dir;
    options.interval = Duration::from_secs(interval.max(1));
    options.sgp32 = args.sgp32;
    options.rollback_after = Some(Duration::from_secs(rollback_after));
    if let Some(bad) = no_coverage
        .iter()
        .find(|p| p.is_empty() || p.len() > 20 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(IpaCmdError::NoCoverage(bad.clone()));
    }
    options.no_coverage = no_coverage;
    if let Some(path) = &quirks {
        options.quirks = QuirksFile::load_device(path)?;
    }
    options.resolve = resolve
        .iter()
        .map(|r| Resolve::parse(r))
        .collect::<Result<_, _>>()
        .map_err(IpaCmdError::Resolve)?;
    let report = match args.card.state() {
        Some(state) => run_in_process(state, options, trust)?,
        None => run_external(&args.card, args.modem_timeout, options, trust)?,
    };
    print_summary(&report);
    Ok(())
}

/// Prints each poll's outcome as one JSON line.
fn print(outcome: &ipa::PollOutcome) {
    println!("{}", outcome.to_json());
}

/// The IPA on the software eUICC of a state file; the TLS roots default to its CIs.
fn run_in_process(
    state: &Path,
    mut options: RunOptions,
    trust: Option<ServerTrust>,
) -> Result<RunReport, IpaCmdError> {
    let euicc = Euicc::open(state)?;
    if euicc.eims().is_empty() {
        // A consumer eUICC refuses ES10b.GetEimConfigurationData with a status word; say
        // what is missing instead.
        return Err(IpaCmdError::NoEim(state.to_path_buf()));
    }
    options.trust = trust.unwrap_or_else(|| {
        ServerTrust::roots(
            euicc
                .credentials()
                .trusted_cis()
                .iter()
                .map(|c| c.der().to_vec())
                .collect(),
        )
    });
    drop(euicc);
    Ok(crate::runtime()?.block_on(run_ipa(state, options, ctrl_c(), print))?)
}

/// The IPA on a card outside this process: its eIM configuration is on the card, the TLS
/// roots are the user's.
fn run_external(
    card: &super::lpa::CardArgs,
    modem_timeout: Option<u64>,
    mut options: RunOptions,
    trust: Option<ServerTrust>,
) -> Result<RunReport, IpaCmdError> {
    options.trust = trust.ok_or(IpaCmdError::NoTrust)?;
    let source = card.external().ok_or(IpaCmdError::NoCard)?;
    let channel = super::lpa::open_external(&source, modem_timeout)?;
    let es10 = Es10Options {
        // the reader is the terminal: the device announces itself (TS 102 221 11.1.19); a
        // modem did so itself
        terminal_capability: matches!(source, CardSource::Reader(_))
            .then_some(EUICC_CAPABILITY_LPA),
        ..Es10Options::default()
    };
    let card = ApduCard::open(channel, es10).map_err(IpaCmdError::Open)?;
    Ok(crate::runtime()?.block_on(run_on(card, options, ctrl_c(), print))?)
}

/// What the run left to say on stderr: eIMs not polled, what start-up delivered, counts.
fn print_summary(report: &RunReport) {
    for e in &report.eims {
        if let Some(why) = &e.unusable {
            eprintln!("eIM {}: kept, not polled: {why}", e.eim_id);
        }
    }
    let p = &report.pending;
    if !p.is_empty() {
        eprintln!(
            "delivered at start-up: {} eUICC Package Results, {} notifications",
            p.results_sent.len(),
            p.notifications_sent.len()
        );
    }
    eprintln!(
        "IPA of {}: {} polls, {} packages executed (eIM {})",
        report.eid,
        report.polls,
        report.outcomes.len(),
        report.eim_id
    );
}

async fn ctrl_c() {
    let _ = tokio::signal::ctrl_c().await;
}

/// Why `rsp-lab ipa` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum IpaCmdError {
    /// `--sgp32` names no version this IPA speaks.
    #[error("{0:?}: SGP.32 version 1.0, 1.2 or 1.3")]
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
    /// A card outside this process needs the TLS roots named.
    #[error(
        "a card in a reader or a modem: give --ca FILE (the roots of the eIM's and the \
         SM-DP+'s TLS certificates) or --insecure"
    )]
    NoTrust,
    /// None of --state, --reader, --modem (clap requires one).
    #[error("give the card: --state FILE, --reader N|NAME or --modem DEVICE")]
    NoCard,
    /// The reader or the modem could not be opened.
    #[error(transparent)]
    CardIo(#[from] CardIoError),
    /// The ISD-R could not be selected on the card.
    #[error("opening the eUICC's ISD-R: {0}")]
    Open(Es10ClientError),
    /// `--no-coverage` with something that is not the start of an ICCID.
    #[error("--no-coverage {0:?}: an ICCID or its leading digits (1 to 20 digits)")]
    NoCoverage(String),
    /// `--insecure` with `--ca`.
    #[error("--insecure and --ca exclude each other")]
    InsecureWithCa,
    /// A `--psk` that is not `IDENTITY:HEXKEY` (the identity shown, never the key).
    #[error("{0}")]
    Psk(String),
    /// A `--ca` file could not be read.
    #[error(transparent)]
    Ca(#[from] LpaError),
    /// A `--resolve` that is not `HOST:ADDR`.
    #[error(transparent)]
    Resolve(lpa::BadResolve),
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The IPA stopped on an error.
    #[error(transparent)]
    Run(#[from] IpaError),
    /// `--quirks FILE` could not be read or names what is not a quirk.
    #[error(transparent)]
    Quirks(#[from] QuirksError),
}
