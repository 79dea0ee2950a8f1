//! `rsp-lab smsr`: the SGP.02 SM-SR (Subscription Manager – Secure Routing).
//!
//! - `serve`: the SM-SR until Ctrl-C: ES4/ES3/ES7 over HTTPS with mutual TLS (POST at
//!   `/gsma/smsr/ES4`, `/gsma/smsr/ES3`), ES5 over SMS through the configured SMSC.
//! - `register`: an eUICC's EIS (the JSON of `rsp-lab euicc --state S eis`) written straight
//!   into the SM-SR's database, its profiles owned by `--mno`: what an EUM does over
//!   ES1.RegisterEIS (SGP.02 5.2.1), done locally.
//! - `es4`: an operator's ES4 call (`smsr_es4`).
//! - `es3`: an SM-DP's ES3 call (`smsr_es3`).
//! - `es4`: an operator's ES4 call (`smsr_es4`), `--wait` for its response (`smsr_wait`).
//! - `notifications`: an operator's endpoint printing what the SM-SR sends it
//!   (`smsr_notifications`).

use std::net::SocketAddr;
use std::path::PathBuf;

use sm_sr::config::ServeOptions;
use sm_sr::eis::CardOwners;

use super::serve_flags::ServeFlags;

/// The default data directory.
const DATA: &str = "rsp-lab-data/smsr";

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Run the SM-SR (ES4 for operators over HTTPS with mutual TLS, ES5 over SMS) until
    /// Ctrl-C.
    Serve(ServeArgs),
    /// Register an eUICC's EIS in the SM-SR's database (locally, as an EUM would over
    /// ES1.RegisterEIS); the SM-SR need not run.
    Register(RegisterArgs),
    /// Call an ES4 function as an operator (SOAP over HTTPS with mutual TLS).
    Es4(super::smsr_es4::Es4Args),
    /// Call an ES3 function as an SM-DP (SOAP over HTTPS with mutual TLS, CERT.DP.TLS).
    Es3(super::smsr_es3::Es3Args),
    /// Serve an operator's ES4 endpoint and print each Handle*Notification (and response)
    /// the SM-SR sends it, one JSON line each.
    Notifications(super::smsr_notifications::NotificationsArgs),
}

/// The options of `rsp-lab smsr serve`.
#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Data directory (database, generated PKI when none is given).
    #[arg(long, default_value = DATA)]
    data: PathBuf,
    #[command(flatten)]
    server: ServeFlags,
    /// The SM-SR identifier (the EIS's Smsr-id).
    #[arg(long)]
    smsr_id: Option<String>,
    /// ES4/ES3/ES7 listener (mutual TLS; default 127.0.0.1:8450).
    #[arg(long)]
    es4_listen: Option<SocketAddr>,
    /// The SMSC's SMPP address (needs the configuration file's [smsc] table).
    #[arg(long, value_name = "ADDR")]
    smsc: Option<String>,
}

/// The options of `rsp-lab smsr register`.
#[derive(clap::Args)]
pub(crate) struct RegisterArgs {
    /// The SM-SR's data directory.
    #[arg(long, default_value = DATA)]
    data: PathBuf,
    /// Database URL (default: the SQLite file of the data directory).
    #[arg(long)]
    database: Option<String>,
    /// The EIS JSON file (`rsp-lab euicc --state S eis`).
    #[arg(long, value_name = "FILE")]
    eis: PathBuf,
    /// The operator (MNO-ID) owning the card's profiles.
    #[arg(long, value_name = "MNO_ID")]
    mno: String,
    /// The EUM registering the EIS.
    #[arg(long, default_value = "eum.rsp-lab.test")]
    eum_id: String,
    /// The SM-DP that downloaded the profiles.
    #[arg(long, default_value = "smdp.rsp-lab.test")]
    smdp_id: String,
    /// The MSISDN a profile is reached at, ICCID=MSISDN (repeatable): where the SM-SR
    /// sends its short messages while that profile is enabled.
    #[arg(long, value_name = "ICCID=MSISDN", value_parser = iccid_msisdn)]
    msisdn: Vec<(String, String)>,
}

/// `ICCID=MSISDN`, the MSISDN as digits (a leading `+` dropped).
fn iccid_msisdn(text: &str) -> Result<(String, String), BadSubscription> {
    let bad = || BadSubscription(text.to_owned());
    let (iccid, msisdn) = text.split_once('=').ok_or_else(bad)?;
    let msisdn = msisdn.strip_prefix('+').unwrap_or(msisdn);
    if iccid.is_empty()
        || msisdn.is_empty()
        || msisdn.len() > 15
        || !msisdn.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    Ok((iccid.to_owned(), msisdn.to_owned()))
}

/// A `--msisdn` that is not `ICCID=MSISDN` with 1 to 15 digits.
#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not ICCID=MSISDN (the MSISDN 1 to 15 digits)")]
pub(crate) struct BadSubscription(String);

pub(crate) fn run(cmd: Command) -> Result<(), SmsrCmdError> {
    match cmd {
        Command::Serve(a) => serve(a),
        Command::Register(a) => register(a),
        Command::Es4(a) => Ok(super::smsr_es4::run(a)?),
        Command::Es3(a) => Ok(super::smsr_es3::run(a)?),
        Command::Notifications(a) => Ok(super::smsr_notifications::run(a)?),
    }
}

fn serve(a: ServeArgs) -> Result<(), SmsrCmdError> {
    let options = ServeOptions {
        server: a.server.with_data(a.data),
        smsr_id: a.smsr_id,
        es4_listen: a.es4_listen,
        smsc_address: a.smsc,
    };
    Ok(crate::runtime()?.block_on(sm_sr::serve(&options))?)
}

fn register(a: RegisterArgs) -> Result<(), SmsrCmdError> {
    let text = std::fs::read_to_string(&a.eis).map_err(|source| SmsrCmdError::Read {
        path: a.eis.clone(),
        source,
    })?;
    let owners = CardOwners {
        eum_id: a.eum_id,
        mno_id: a.mno,
        smdp_id: a.smdp_id,
        msisdns: a.msisdn,
    };
    let options = ServeOptions {
        server: server::Flags {
            data_dir: a.data,
            database_url: a.database,
            ..server::Flags::default()
        },
        ..ServeOptions::default()
    };
    let eid = crate::runtime()?.block_on(sm_sr::register_card_eis(&options, &text, &owners))?;
    println!("registered EIS {eid}");
    Ok(())
}

/// Why `rsp-lab smsr` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SmsrCmdError {
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The SM-SR did not start, or stopped on an error.
    #[error(transparent)]
    Serve(#[from] sm_sr::StartError),
    /// The EIS file could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The EIS was refused.
    #[error(transparent)]
    Register(#[from] sm_sr::RegisterError),
    /// The ES4 or ES3 call failed.
    #[error(transparent)]
    Es4(#[from] super::smsr_es4::Es4CmdError),
    /// The notification endpoint failed.
    #[error(transparent)]
    Notifications(#[from] super::smsr_notifications::NotificationsError),
}
