//! `rsp-lab es2`: an operator's ES2+ client (mutual TLS), printing the JSON answers.

use std::net::SocketAddr;
use std::path::PathBuf;

use proto::ids::{Eid, EidError, Iccid, IccidError, SmdpAddress, SmdpAddressError};
use proto::json::es2p::{
    CancelOrderRequest, ConfirmOrderRequest, DownloadOrderRequest, Es2Function,
    FinalProfileStatusIndicator, ReleaseProfileRequest,
};
use proto::json::{RequestHeader, ResponseError, ResponseHeader};
use sm_dp::{Es2Client, Es2ClientError, Es2ClientOptions};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Lab PKI directory holding the operator's client certificate.
    #[arg(long)]
    pki: PathBuf,
    /// The SM-DP+'s ES2+ URL, e.g. https://smdp.rsp-lab.test:8444
    #[arg(long)]
    smdp: String,
    /// Operator identity (its certificate under Operators/).
    #[arg(long, default_value = "operator1")]
    operator: String,
    /// Connect to this address instead of resolving the URL's host.
    #[arg(long)]
    resolve: Option<SocketAddr>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// ES2+.DownloadOrder (SGP.22 5.3.1): reserve a profile by ICCID or profile type.
    DownloadOrder {
        #[arg(long)]
        eid: Option<String>,
        #[arg(long)]
        iccid: Option<String>,
        #[arg(long)]
        profile_type: Option<String>,
    },
    /// ES2+.ConfirmOrder (5.3.2).
    ConfirmOrder {
        #[arg(long)]
        iccid: String,
        #[arg(long)]
        eid: Option<String>,
        #[arg(long)]
        matching_id: Option<String>,
        #[arg(long)]
        confirmation_code: Option<String>,
        /// Do not release the profile yet (ReleaseProfile later).
        #[arg(long)]
        no_release: bool,
        /// Register the order's Event at this SM-DS (ES12), for a device that discovers its
        /// profile there (at once, or at ReleaseProfile with --no-release).
        #[arg(long, value_name = "ADDRESS")]
        smds_address: Option<String>,
    },
    /// ES2+.CancelOrder (5.3.3).
    CancelOrder {
        #[arg(long)]
        iccid: String,
        #[arg(long)]
        eid: Option<String>,
        #[arg(long)]
        matching_id: Option<String>,
        /// Put the profile back in the inventory (default) or make it unavailable.
        #[arg(long)]
        unavailable: bool,
    },
    /// ES2+.ReleaseProfile (5.3.4).
    ReleaseProfile {
        #[arg(long)]
        iccid: String,
    },
}

fn eid(s: Option<String>) -> Result<Option<Eid>, Es2CmdError> {
    s.map(|e| Eid::parse(&e).map_err(Es2CmdError::Eid))
        .transpose()
}

fn iccid(s: &str) -> Result<Iccid, Es2CmdError> {
    Iccid::parse(s).map_err(Es2CmdError::Iccid)
}

/// Calls the ES2+ function the subcommand names (SGP.22 5.3) and reports its answer.
pub(crate) fn run(args: Args) -> Result<(), Es2CmdError> {
    let client = connect(&args)?;
    let header = RequestHeader::new(args.operator.clone(), call_id());
    let rt = crate::runtime()?;
    let function;
    let answer = match args.command {
        Command::DownloadOrder {
            eid: e,
            iccid: i,
            profile_type,
        } => {
            let body = DownloadOrderRequest {
                header,
                eid: eid(e)?,
                iccid: i.as_deref().map(iccid).transpose()?,
                profile_type,
            };
            function = Es2Function::DownloadOrder;
            rt.block_on(client.call(function, &body))
        }
        Command::ConfirmOrder {
            iccid: i,
            eid: e,
            matching_id,
            confirmation_code,
            no_release,
            smds_address,
        } => {
            let body = ConfirmOrderRequest {
                header,
                iccid: iccid(&i)?,
                eid: eid(e)?,
                matching_id,
                confirmation_code,
                smds_address: smds_address
                    .map(|a| SmdpAddress::parse(&a).map_err(Es2CmdError::SmdsAddress))
                    .transpose()?,
                release_flag: !no_release,
            };
            function = Es2Function::ConfirmOrder;
            rt.block_on(client.call(function, &body))
        }
        Command::CancelOrder {
            iccid: i,
            eid: e,
            matching_id,
            unavailable,
        } => {
            let body = CancelOrderRequest {
                header,
                iccid: iccid(&i)?,
                eid: eid(e)?,
                matching_id,
                final_profile_status_indicator: if unavailable {
                    FinalProfileStatusIndicator::Unavailable
                } else {
                    FinalProfileStatusIndicator::Available
                },
            };
            function = Es2Function::CancelOrder;
            rt.block_on(client.call(function, &body))
        }
        Command::ReleaseProfile { iccid: i } => {
            let body = ReleaseProfileRequest {
                header,
                iccid: iccid(&i)?,
            };
            function = Es2Function::ReleaseProfile;
            rt.block_on(client.call(function, &body))
        }
    }?;
    report(function, &answer)
}

/// The operator's mutual-TLS ES2+ client for `--smdp`, with its certificate from `--pki`.
fn connect(args: &Args) -> Result<Es2Client, Es2CmdError> {
    let mut options = Es2ClientOptions::from_pki_dir(&args.pki, &args.operator, &args.smdp)?;
    options.resolve = args.resolve;
    Ok(Es2Client::new(&options)?)
}

/// A functionCallIdentifier unique enough for a person at a terminal.
fn call_id() -> String {
    format!(
        "rsp-lab-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros())
            .unwrap_or_default()
    )
}

/// Prints the answer; a refused call prints its answer like any other, and its error line
/// carries the spec's subject/reason codes (SGP.22 5.2.6) so a script sees why without
/// parsing JSON.
fn report(function: Es2Function, answer: &serde_json::Value) -> Result<(), Es2CmdError> {
    println!("{}", serde_json::to_string_pretty(answer)?);
    let header: ResponseHeader =
        serde_json::from_value(answer["header"].clone()).map_err(|source| Es2CmdError::Header {
            function: function.name(),
            source,
        })?;
    let status = header.function_execution_status;
    if status.status.is_executed() {
        Ok(())
    } else {
        Err(Es2CmdError::Refused {
            function: function.name(),
            error: ResponseError::Failed(status),
        })
    }
}

/// Why `rsp-lab es2` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Es2CmdError {
    /// `--eid` is no EID.
    #[error("--eid: {0}")]
    Eid(EidError),
    /// `--iccid` is no ICCID.
    #[error("--iccid: {0}")]
    Iccid(IccidError),
    /// `--smds-address` is no FQDN[:port].
    #[error("--smds-address: {0}")]
    SmdsAddress(SmdpAddressError),
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The client could not be made, or the call got no answer.
    #[error(transparent)]
    Client(#[from] Es2ClientError),
    /// The answer could not be printed as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The answer's header is not an ES2+ response header.
    #[error("ES2+.{function}: malformed response header: {source}")]
    Header {
        function: &'static str,
        source: serde_json::Error,
    },
    /// The SM-DP+ refused the call: its subject and reason codes (SGP.22 5.2.6).
    #[error("ES2+.{function}: {error}")]
    Refused {
        function: &'static str,
        error: ResponseError,
    },
}
