//! `rsp-lab smds serve`: the SM-DS (SGP.22 v2.5 5.8–5.10) alone, root or alternative.

use std::net::SocketAddr;
use std::path::PathBuf;

use sm_ds::ServeOptions;

use super::serve_flags::ServeFlags;

#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Run the SM-DS (ES11 for LPAs, ES12 for SM-DP+s and ES15 for alternative SM-DSs)
    /// until Ctrl-C.
    Serve(ServeArgs),
}

/// The options of `rsp-lab smds serve`.
#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Data directory (database, generated PKI when none is given).
    #[arg(long, default_value = "rsp-lab-data/smds")]
    data: PathBuf,
    #[command(flatten)]
    server: ServeFlags,
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
    /// An alternative SM-DS forwards events that ask for it (ES15) to this root SM-DS's
    /// ES12 URL, e.g. https://smds.rsp-lab.test:8449
    #[arg(long, value_name = "URL")]
    root_url: Option<String>,
}

pub(crate) fn run(cmd: Command) -> Result<(), SmdsCmdError> {
    let Command::Serve(a) = cmd;
    let options = ServeOptions {
        server: a.server.with_data(a.data),
        alternative: a.alternative,
        address: a.address,
        es11_listen: a.es11_listen,
        es12_listen: a.es12_listen,
        root_url: a.root_url,
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
