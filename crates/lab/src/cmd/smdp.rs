//! `rsp-lab smdp`: run the SM-DP+ alone and manage its inventory.

use std::net::SocketAddr;
use std::path::PathBuf;

use sm_dp::{InventoryAdd, ServeOptions, Template, add_inventory_at};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Run the SM-DP+ (ES9+ and ES2+) until Ctrl-C.
    Serve {
        /// Data directory (database, generated PKI when none is given).
        #[arg(long, default_value = "rsp-lab-data/smdp")]
        data: PathBuf,
        /// Configuration file (TOML); flags override it.
        #[arg(long)]
        config: Option<PathBuf>,
        /// A lab PKI directory (`rsp-lab certs generate`).
        #[arg(long, conflicts_with = "credentials")]
        pki: Option<PathBuf>,
        /// An SGP.26-layout directory with DPauth, DPpb, DPtls keys and trusted CIs.
        #[arg(long)]
        credentials: Option<PathBuf>,
        /// The SM-DP+ address LPAs send (FQDN, optionally with a port).
        #[arg(long)]
        address: Option<String>,
        /// ES9+ listener (default 127.0.0.1:8443).
        #[arg(long)]
        es9_listen: Option<SocketAddr>,
        /// ES2+ listener (default 127.0.0.1:8444).
        #[arg(long)]
        es2_listen: Option<SocketAddr>,
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
        /// The SM-DP+ OID (default: the registeredID of CERT.DPauth.ECDSA).
        #[arg(long)]
        oid: Option<String>,
    },
    /// Profile inventory.
    #[command(subcommand)]
    Inventory(Inventory),
}

#[derive(clap::Subcommand)]
pub enum Inventory {
    /// Add COUNT profiles of a type, personalized from a template.
    Add {
        #[arg(long = "type")]
        profile_type: String,
        /// Profile package template (e.g. a TS.48 file); the built-in minimal profile if absent.
        #[arg(long)]
        template: Option<PathBuf>,
        #[arg(long)]
        count: u32,
        #[arg(long)]
        iccid_start: String,
        #[arg(long)]
        imsi_start: String,
        /// Owning operator (its ES2+ client certificate's name).
        #[arg(long)]
        operator: Option<String>,
        #[arg(long, default_value = "rsp-lab-data/smdp")]
        data: PathBuf,
        #[arg(long)]
        database: Option<String>,
    },
}

pub fn run(cmd: Command) -> Result<(), String> {
    let rt = crate::runtime()?;
    match cmd {
        Command::Serve {
            data,
            config,
            pki,
            credentials,
            address,
            es9_listen,
            es2_listen,
            metrics_listen,
            metrics_allow_remote,
            database,
            trace_dir,
            oid,
        } => {
            let options = ServeOptions {
                data_dir: data,
                config_file: config,
                pki_dir: pki,
                credentials_dir: credentials,
                address,
                es9_listen,
                es2_listen,
                metrics_listen,
                metrics_allow_remote,
                database_url: database,
                trace_dir,
                oid,
            };
            rt.block_on(sm_dp::serve(&options))
                .map_err(|e| e.to_string())
        }
        Command::Inventory(Inventory::Add {
            profile_type,
            template,
            count,
            iccid_start,
            imsi_start,
            operator,
            data,
            database,
        }) => {
            std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
            let url = database.unwrap_or_else(|| storage::sqlite_url(&data.join("smdp.db")));
            let req = InventoryAdd {
                profile_type,
                template: template.map_or(Template::Minimal, Template::File),
                count,
                iccid_start,
                imsi_start,
                operator,
                service_provider_name: None,
                profile_name: None,
            };
            let report = rt
                .block_on(add_inventory_at(&url, &req))
                .map_err(|e| e.to_string())?;
            println!(
                "added {} profiles of type {} (operator {}): {} .. {}",
                report.iccids.len(),
                report.profile_type,
                report.operator,
                report.iccids.first().map(String::as_str).unwrap_or("-"),
                report.iccids.last().map(String::as_str).unwrap_or("-")
            );
            Ok(())
        }
    }
}
