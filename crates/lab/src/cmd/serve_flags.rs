//! The flags every `rsp-lab <role> serve` takes beside its `--data` directory (whose default
//! names the role) and its own listeners: they fill [`server::Flags`].

use std::net::SocketAddr;
use std::path::PathBuf;

/// `--config`, `--pki`, `--metrics-listen`, `--metrics-allow-remote`, `--database`,
/// `--trace-dir`, `--faults`.
#[derive(clap::Args)]
pub(crate) struct ServeFlags {
    /// Configuration file (TOML); flags override it.
    #[arg(long)]
    config: Option<PathBuf>,
    /// A lab PKI directory (`rsp-lab certs generate`).
    #[arg(long)]
    pki: Option<PathBuf>,
    /// Serve GET /metrics (Prometheus) on ADDR, plain HTTP; off by default.
    #[arg(long, value_name = "ADDR")]
    metrics_listen: Option<SocketAddr>,
    /// Let --metrics-listen be a non-loopback address (/metrics has no authentication).
    #[arg(long)]
    metrics_allow_remote: bool,
    /// Database URL: sqlite://FILE (default in the data directory) or postgres://...
    #[arg(long)]
    database: Option<String>,
    /// Write every request and response body to files in DIR.
    #[arg(long)]
    trace_dir: Option<PathBuf>,
    /// Faults to serve a device under test: a TOML file with a [faults] table (it
    /// replaces the configuration file's; see the guide's "Testing your own device").
    #[arg(long, value_name = "FILE")]
    faults: Option<PathBuf>,
}

impl ServeFlags {
    /// The flags with the role's data directory.
    pub(crate) fn with_data(self, data: PathBuf) -> server::Flags {
        server::Flags {
            data_dir: data,
            config_file: self.config,
            pki_dir: self.pki,
            metrics_listen: self.metrics_listen,
            metrics_allow_remote: self.metrics_allow_remote,
            database_url: self.database,
            trace_dir: self.trace_dir,
            faults_file: self.faults,
        }
    }
}
