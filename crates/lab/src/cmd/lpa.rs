//! `rsp-lab lpa --state FILE|--reader N|--modem DEVICE ...`: the device LPA driving an eUICC
//! through APDUs (the software eUICC of a state file, a card in a PC/SC reader, a card in a
//! modem over AT+CSIM; the same ES10 code over each), the SM-DP+ through ES9+ and the SM-DS
//! through ES11 over HTTPS.

use std::path::PathBuf;
use std::time::Duration;

use card_io::{BoxedChannel, CardIoError, CardSource};
use lpa::commands::{self, LpaSettings};
use lpa::quirks::{QuirksError, QuirksFile};
use lpa::{DownloadRequest, EUICC_CAPABILITY_LPA, Lpa, LpaError, LpaOptions};

/// Where the card is: exactly one of `--state`, `--reader`, `--modem`.
#[derive(clap::Args)]
#[group(id = "card", required = true, multiple = false)]
pub(crate) struct CardArgs {
    /// The software eUICC's state file.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// A card in a PC/SC reader: its index in pcscd's list (0, 1, …) or its name (or the
    /// part of one name).
    #[arg(long, value_name = "N|NAME")]
    reader: Option<String>,
    /// A card in a modem: its AT command port (/dev/ttyUSB2, /dev/ttyACM0), through AT+CSIM.
    #[arg(long, value_name = "DEVICE")]
    modem: Option<PathBuf>,
}

impl CardArgs {
    /// The card outside this process, if `--reader` or `--modem`.
    pub(crate) fn external(&self) -> Option<CardSource> {
        match (&self.reader, &self.modem) {
            (Some(r), _) => Some(CardSource::Reader(r.clone())),
            (None, Some(m)) => Some(CardSource::Modem(m.clone())),
            (None, None) => None,
        }
    }

    pub(crate) fn state(&self) -> Option<&PathBuf> {
        self.state.as_ref()
    }
}

/// Opens a card outside this process; `modem_timeout` seconds per AT+CSIM.
pub(crate) fn open_external(
    source: &CardSource,
    modem_timeout: Option<u64>,
) -> Result<BoxedChannel, CardIoError> {
    let timeout = modem_timeout
        .map(|s| Duration::from_secs(s.max(1)))
        .unwrap_or(card_io::DEFAULT_MODEM_TIMEOUT);
    card_io::open_with(source, timeout)
}

#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    card: CardArgs,
    /// Seconds a modem has to answer one AT+CSIM (default 30).
    #[arg(long, value_name = "SECONDS", requires = "modem")]
    modem_timeout: Option<u64>,
    /// Trust SM-DP+ TLS certificates chaining to this CA (repeatable; default with --state:
    /// the CIs the eUICC trusts; with a reader or a modem one of --ca and --insecure is
    /// needed for a download).
    #[arg(long)]
    ca: Vec<PathBuf>,
    /// Do not verify the SM-DP+'s TLS certificate at all.
    #[arg(long)]
    insecure: bool,
    /// Connect HOST:PORT to ADDR[:PORT] instead (like curl's --resolve); repeatable.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
    /// IMEI sent in deviceInfo (its first 8 digits give the TAC).
    #[arg(long)]
    imei: Option<String>,
    /// TAC (8 digits) when no IMEI is given.
    #[arg(long)]
    tac: Option<String>,
    /// Write every ES9+ body to files in DIR.
    #[arg(long)]
    trace_dir: Option<PathBuf>,
    /// STORE DATA block size, 6..255.
    #[arg(long)]
    block_size: Option<usize>,
    /// Use the basic channel instead of opening a logical channel.
    #[arg(long)]
    basic_channel: bool,
    /// Leave pending notifications on the eUICC.
    #[arg(long)]
    no_notifications: bool,
    /// refreshFlag false in Enable/DisableProfile.
    #[arg(long)]
    no_refresh: bool,
    /// Seconds per ES9+ request.
    #[arg(long)]
    timeout: Option<u64>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Behave like a field device that departs from the specification in the ways FILE
    /// lists (TOML, `quirks = [...]`; see the guide's "Field quirks").
    #[arg(long, value_name = "FILE")]
    quirks: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Download and install a profile.
    Download {
        /// Activation code `LPA:1$address$matchingId[$oid[$1]]`.
        #[arg(long = "ac")]
        activation_code: Option<String>,
        /// SM-DP+ address (instead of an activation code).
        #[arg(long)]
        smdp: Option<String>,
        #[arg(long)]
        matching_id: Option<String>,
        #[arg(long)]
        confirmation_code: Option<String>,
    },
    /// Ask SM-DSs for the events waiting for this eUICC (ES11 event retrieval) and, with
    /// --download, download each event's profile from the SM-DP+ it names with the event
    /// ID as Matching ID.
    Discover {
        /// SM-DS address (FQDN[:port]) to ask; repeatable (default: the eUICC's root SM-DS
        /// address, ES10a).
        #[arg(long, value_name = "ADDRESS")]
        smds: Vec<String>,
        /// Download the profile of each event found (then send the notifications).
        #[arg(long)]
        download: bool,
    },
    /// Pending notifications.
    #[command(subcommand)]
    Notifications(Notifications),
    /// Enable a profile (then send its notifications).
    Enable { iccid: String },
    /// Disable a profile (then send its notifications).
    Disable { iccid: String },
    /// Delete a profile (then send its notifications).
    Delete { iccid: String },
    /// List the profiles.
    List,
}

#[derive(clap::Subcommand)]
enum Notifications {
    /// Send every pending notification and remove those the servers accepted.
    Process,
}

fn print<T: serde::Serialize + std::fmt::Display>(
    value: &T,
    json: bool,
) -> Result<(), LpaCmdError> {
    if json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        println!("{value}");
    }
    Ok(())
}

/// Opens the LPA on the card the arguments name.
fn open_lpa(
    card: &CardArgs,
    modem_timeout: Option<u64>,
    mut options: LpaOptions,
) -> Result<Lpa<BoxedChannel>, LpaCmdError> {
    let channel: BoxedChannel = match (card.state(), card.external()) {
        (Some(state), _) => Box::new(commands::state_card(state, &mut options)?),
        (None, Some(source)) => {
            if matches!(source, CardSource::Reader(_)) {
                // the reader is the terminal: the LPA announces itself (TS 102 221 11.1.19)
                options.es10.terminal_capability = Some(EUICC_CAPABILITY_LPA);
            }
            open_external(&source, modem_timeout)?
        }
        (None, None) => return Err(LpaCmdError::NoCard),
    };
    Ok(Lpa::open(channel, options)?)
}

/// Runs the subcommand with an LPA over the card of `--state`, `--reader` or `--modem`.
pub(crate) fn run(args: Args) -> Result<(), LpaCmdError> {
    let settings = LpaSettings {
        ca: args.ca,
        insecure: args.insecure,
        resolve: args.resolve,
        imei: args.imei,
        tac: args.tac,
        trace_dir: args.trace_dir,
        block_size: args.block_size,
        basic_channel: args.basic_channel,
        no_notifications: args.no_notifications,
        no_refresh: args.no_refresh,
        timeout_secs: args.timeout,
    };
    let mut options = settings.to_options()?;
    if let Some(path) = &args.quirks {
        options.es9.quirks = QuirksFile::load_device(path)?;
    }
    let json = args.json;
    let mut lpa = open_lpa(&args.card, args.modem_timeout, options)?;
    let result = command(&mut lpa, args.command, json);
    lpa.close();
    result
}

fn command(lpa: &mut Lpa<BoxedChannel>, command: Command, json: bool) -> Result<(), LpaCmdError> {
    match command {
        Command::Download {
            activation_code,
            smdp,
            matching_id,
            confirmation_code,
        } => {
            let target = commands::download_target(
                activation_code.as_deref(),
                smdp.as_deref(),
                matching_id.as_deref(),
            )?;
            let request = DownloadRequest {
                target,
                confirmation_code,
            };
            let report = commands::run(lpa.download(&request))?;
            print(&report, json)
        }
        Command::Discover { smds, download } => {
            let smds = commands::smds_addresses(&smds)?;
            let report = commands::run(lpa.discover_and_download(&smds, download))?;
            print(&report, json)?;
            match report.failed() {
                0 => Ok(()),
                n => Err(LpaCmdError::Downloads(n)),
            }
        }
        Command::Notifications(Notifications::Process) => process_notifications(lpa, json),
        Command::Enable { iccid } => print(&commands::run(lpa.enable(&iccid))?, json),
        Command::Disable { iccid } => print(&commands::run(lpa.disable(&iccid))?, json),
        Command::Delete { iccid } => print(&commands::run(lpa.delete(&iccid))?, json),
        Command::List => list(lpa, json),
    }
}

/// `notifications process`: sends the pending notifications and prints what
/// became of each.
fn process_notifications(lpa: &mut Lpa<BoxedChannel>, json: bool) -> Result<(), LpaCmdError> {
    let reports = commands::run(lpa.process_notifications())?;
    if json {
        return print_json(&reports);
    }
    if reports.is_empty() {
        println!("no pending notifications");
    }
    for r in &reports {
        println!("{r}");
    }
    Ok(())
}

/// `list`: the profiles the eUICC holds, one line each or JSON.
fn list(lpa: &mut Lpa<BoxedChannel>, json: bool) -> Result<(), LpaCmdError> {
    let profiles = lpa.list_profiles()?;
    if json {
        return print_json(&profiles);
    }
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    if profiles.is_empty() {
        println!("no profiles");
    }
    for p in &profiles {
        println!(
            "{}  {:<8}  {} / {}",
            or_dash(&p.iccid),
            p.state,
            or_dash(&p.service_provider_name),
            or_dash(&p.profile_name)
        );
    }
    Ok(())
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), LpaCmdError> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Why `rsp-lab lpa` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LpaCmdError {
    /// The LPA's options, the eUICC's state, the SM-DP+ or the card refused or failed.
    #[error(transparent)]
    Lpa(#[from] LpaError),
    /// The reader or the modem could not be opened.
    #[error(transparent)]
    CardIo(#[from] CardIoError),
    /// None of --state, --reader, --modem (clap requires one).
    #[error("give the card: --state FILE, --reader N|NAME or --modem DEVICE")]
    NoCard,
    /// Downloads of discovered events failed (each is in the report printed).
    #[error("{0} download(s) of discovered events failed")]
    Downloads(usize),
    /// The result could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// `--quirks FILE` could not be read or names what is not a quirk.
    #[error(transparent)]
    Quirks(#[from] QuirksError),
}
