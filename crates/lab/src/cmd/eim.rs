//! `rsp-lab eim serve`: the eIM (SGP.32 v1.2) alone.

use std::net::SocketAddr;
use std::path::PathBuf;

use eim::ServeOptions;

use super::serve_flags::ServeFlags;

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Run the eIM (ESipa and the operator API) until Ctrl-C.
    Serve(ServeArgs),
}

/// The options of `rsp-lab eim serve`.
#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Data directory (database, generated PKI when none is given).
    #[arg(long, default_value = "rsp-lab-data/eim")]
    data: PathBuf,
    #[command(flatten)]
    server: ServeFlags,
    /// ESipa listener (default 127.0.0.1:8445).
    #[arg(long)]
    esipa_listen: Option<SocketAddr>,
    /// ESipa over CoAP on DTLS 1.2 (e.g. 127.0.0.1:5684; off unless given): the ASN.1
    /// binding POSTed to /gsma/rsp2/asn1, PSK or the eIM's TLS certificate.
    #[arg(long)]
    esipa_coap_listen: Option<SocketAddr>,
    /// The devices' DTLS pre-shared keys, one identity:hexkey per line (mode 0600).
    #[arg(long)]
    esipa_psk_file: Option<PathBuf>,
    /// Operator API listener (mutual TLS; default 127.0.0.1:8446).
    #[arg(long)]
    api_listen: Option<SocketAddr>,
    /// The fleet dashboard (HTTP, e.g. 127.0.0.1:8447; off unless given). Its URL with
    /// the access token is logged at start-up.
    #[arg(long)]
    web_listen: Option<SocketAddr>,
    /// The SM-DP+'s ES2+ URL, e.g. https://smdp.rsp-lab.test:8444
    #[arg(long)]
    smdp: Option<String>,
    /// The SM-DP+'s ES9+ URL for relayed (indirect) downloads.
    #[arg(long)]
    smdp_es9: Option<String>,
}

pub(crate) fn run(cmd: Command) -> Result<(), EimCmdError> {
    let Command::Serve(a) = cmd;
    let options = ServeOptions {
        server: a.server.with_data(a.data),
        esipa_listen: a.esipa_listen,
        esipa_coap_listen: a.esipa_coap_listen,
        esipa_psk_file: a.esipa_psk_file,
        api_listen: a.api_listen,
        web_listen: a.web_listen,
        smdp_url: a.smdp,
        smdp_es9_url: a.smdp_es9,
    };
    Ok(crate::runtime()?.block_on(eim::serve(&options))?)
}

/// Why `rsp-lab eim serve` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum EimCmdError {
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The eIM did not start, or stopped on an error.
    #[error(transparent)]
    Serve(#[from] eim::StartError),
}
