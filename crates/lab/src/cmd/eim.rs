//! `rsp-lab eim serve`: the eIM (SGP.32 v1.2) alone.

use std::net::SocketAddr;
use std::path::PathBuf;

use eim::ServeOptions;

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Run the eIM (ESipa and the operator API) until Ctrl-C.
    Serve {
        /// Data directory (database, generated PKI when none is given).
        #[arg(long, default_value = "rsp-lab-data/eim")]
        data: PathBuf,
        /// Configuration file (TOML); flags override it.
        #[arg(long)]
        config: Option<PathBuf>,
        /// A lab PKI directory (`rsp-lab certs generate`).
        #[arg(long)]
        pki: Option<PathBuf>,
        /// ESipa listener (default 127.0.0.1:8445).
        #[arg(long)]
        esipa_listen: Option<SocketAddr>,
        /// Operator API listener (mutual TLS; default 127.0.0.1:8446).
        #[arg(long)]
        api_listen: Option<SocketAddr>,
        /// The fleet dashboard (HTTP, e.g. 127.0.0.1:8447; off unless given). Its URL with
        /// the access token is logged at start-up.
        #[arg(long)]
        web_listen: Option<SocketAddr>,
        /// Serve GET /metrics (Prometheus) on ADDR, plain HTTP; off by default.
        #[arg(long, value_name = "ADDR")]
        metrics_listen: Option<SocketAddr>,
        /// Let --metrics-listen be a non-loopback address (/metrics has no authentication).
        #[arg(long)]
        metrics_allow_remote: bool,
        /// Database URL: sqlite://FILE (default in the data directory) or postgres://...
        #[arg(long)]
        database: Option<String>,
        /// The SM-DP+'s ES2+ URL, e.g. https://smdp.rsp-lab.test:8444
        #[arg(long)]
        smdp: Option<String>,
        /// The SM-DP+'s ES9+ URL for relayed (indirect) downloads.
        #[arg(long)]
        smdp_es9: Option<String>,
        /// Write every request and response body to files in DIR.
        #[arg(long)]
        trace_dir: Option<PathBuf>,
        /// Faults to serve a device under test: a TOML file with a [faults] table (it
        /// replaces the configuration file's; see the guide's "Testing your own device").
        #[arg(long, value_name = "FILE")]
        faults: Option<PathBuf>,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), EimCmdError> {
    let Command::Serve {
        data,
        config,
        pki,
        esipa_listen,
        api_listen,
        web_listen,
        metrics_listen,
        metrics_allow_remote,
        database,
        smdp,
        smdp_es9,
        trace_dir,
        faults,
    } = cmd;
    let options = ServeOptions {
        data_dir: data,
        config_file: config,
        pki_dir: pki,
        esipa_listen,
        api_listen,
        web_listen,
        metrics_listen,
        metrics_allow_remote,
        database_url: database,
        smdp_url: smdp,
        smdp_es9_url: smdp_es9,
        trace_dir,
        faults_file: faults,
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
