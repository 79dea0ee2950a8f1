//! `rsp-lab smds serve`: the SM-DS (SGP.22 v2.5 5.8–5.10) alone, root or alternative.

use std::net::SocketAddr;
use std::path::PathBuf;

use sm_ds::ServeOptions;

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Run the SM-DS (ES11 for LPAs, ES12 for SM-DP+s and ES15 for alternative SM-DSs)
    /// until Ctrl-C.
    Serve {
        /// Data directory (database, generated PKI when none is given).
        #[arg(long, default_value = "rsp-lab-data/smds")]
        data: PathBuf,
        /// Configuration file (TOML); flags override it.
        #[arg(long)]
        config: Option<PathBuf>,
        /// A lab PKI directory (`rsp-lab certs generate`).
        #[arg(long)]
        pki: Option<PathBuf>,
        /// Serve as the alternative SM-DS, with the PKI's DSauth-alt/ and DStls-alt/
        /// credentials (the root's are DSauth/ and DStls/).
        #[arg(long)]
        alternative: bool,
        /// The SM-DS address eUICCs send (FQDN[:port]); default the DS TLS certificate's
        /// dNSName.
        #[arg(long)]
        address: Option<String>,
        /// ES11 listener for LPAs (server-authenticated TLS; default 127.0.0.1:8448).
        #[arg(long)]
        es11_listen: Option<SocketAddr>,
        /// ES12 listener for SM-DP+s and, at a root, ES15 from alternative SM-DSs (mutual
        /// TLS; default 127.0.0.1:8449).
        #[arg(long)]
        es12_listen: Option<SocketAddr>,
        /// Serve GET /metrics (Prometheus) on ADDR, plain HTTP; off by default.
        #[arg(long, value_name = "ADDR")]
        metrics_listen: Option<SocketAddr>,
        /// Let --metrics-listen be a non-loopback address (/metrics has no authentication).
        #[arg(long)]
        metrics_allow_remote: bool,
        /// Database URL: sqlite://FILE (default in the data directory) or postgres://...
        #[arg(long)]
        database: Option<String>,
        /// An alternative SM-DS forwards events that ask for it (ES15) to this root SM-DS's
        /// ES12 URL, e.g. https://smds.rsp-lab.test:8449
        #[arg(long, value_name = "URL")]
        root_url: Option<String>,
        /// Write every request and response body to files in DIR.
        #[arg(long)]
        trace_dir: Option<PathBuf>,
    },
}

pub(crate) fn run(cmd: Command) -> Result<(), SmdsCmdError> {
    let Command::Serve {
        data,
        config,
        pki,
        alternative,
        address,
        es11_listen,
        es12_listen,
        metrics_listen,
        metrics_allow_remote,
        database,
        root_url,
        trace_dir,
    } = cmd;
    let options = ServeOptions {
        data_dir: data,
        config_file: config,
        pki_dir: pki,
        alternative,
        address,
        es11_listen,
        es12_listen,
        metrics_listen,
        metrics_allow_remote,
        database_url: database,
        trace_dir,
        root_url,
    };
    Ok(crate::runtime()?.block_on(sm_ds::serve(&options))?)
}

/// Why `rsp-lab smds serve` failed; the text is what the command prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SmdsCmdError {
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] crate::RuntimeError),
    /// The SM-DS did not start, or stopped on an error.
    #[error(transparent)]
    Serve(#[from] sm_ds::StartError),
}
