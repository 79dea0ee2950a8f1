//! What every server role is configured with, beside its own keys: the data directory, the
//! credentials source, the database, the trace directory, the metrics listener, the storage
//! options and the faults served; and the `serve` flags that set them over the
//! configuration file.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use infra::config::ConfigError;
use infra::faults::Faults;
use infra::serve::Limits;
use infra::startup::{self, SetupError};
use infra::trace::TraceDir;

use crate::credentials::CredentialSource;
use crate::faults::Served;

/// The settings every role has (each role's configuration holds one as `server`).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Holds the SQLite database, the generated PKI and state files.
    pub data_dir: PathBuf,
    /// Where the role's certificates and keys come from.
    pub credentials: CredentialSource,
    /// `GET /metrics` (plain HTTP), off when `None`.
    pub metrics_listen: Option<SocketAddr>,
    /// Lets `metrics_listen` be a non-loopback address.
    pub metrics_allow_remote: bool,
    /// `sqlite://...` or `postgres://...`; default: a SQLite file in the data directory.
    pub database_url: Option<String>,
    /// Every message kept in this directory, when set.
    pub trace_dir: Option<PathBuf>,
    /// How the database is driven (durability, connections, size cap).
    pub storage: storage::DbOptions,
    /// The faults the role can serve.
    pub served: Served,
    /// Faults served on purpose to a device under test (`[faults]`, `--faults`); none by
    /// default.
    pub faults: Faults,
}

impl Settings {
    /// Credentials from `<data_dir>/pki`, no metrics listener, SQLite in the data directory,
    /// no trace, no fault; `storage` as the role drives its database; `served`, the faults it
    /// can serve.
    pub fn new(
        data_dir: impl Into<PathBuf>,
        storage: storage::DbOptions,
        served: Served,
    ) -> Settings {
        Settings {
            data_dir: data_dir.into(),
            credentials: CredentialSource::DataDir,
            metrics_listen: None,
            metrics_allow_remote: false,
            database_url: None,
            trace_dir: None,
            storage,
            served,
            faults: Faults::default(),
        }
    }

    /// The database URL in use: the configured one, else the SQLite file `file_name` in the
    /// data directory.
    pub fn database_url_or(&self, file_name: &str) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| storage::sqlite_url(&self.data_dir.join(file_name)))
    }

    /// What every role checks before it opens anything (`role` names it in messages): each
    /// listener's limits, `/metrics` on loopback unless allowed elsewhere, the data
    /// directory ([`infra::startup::preflight`]).
    pub fn preflight(&self, role: &str, listeners: &[(&str, &Limits)]) -> Result<(), SetupError> {
        startup::preflight(
            role,
            listeners,
            self.metrics_listen,
            self.metrics_allow_remote,
            &self.data_dir,
        )
    }

    /// Opens the role's database ([`Settings::database_url_or`] `file_name`) and applies its
    /// `migrations`; returns it with its URL.
    pub async fn open_database(
        &self,
        file_name: &str,
        migrations: &'static [storage::Migration],
    ) -> Result<(storage::Db, String), storage::StoreError> {
        let url = self.database_url_or(file_name);
        let db = storage::Db::open(&url, migrations, &self.storage).await?;
        Ok((db, url))
    }

    /// The trace directory every message is kept in, created when configured.
    pub fn trace(&self) -> Result<Option<TraceDir>, SetupError> {
        startup::trace_dir(self.trace_dir.as_deref())
    }

    /// Sets what the command line gives, over the file's values.
    pub fn apply_flags(&mut self, flags: &Flags) -> Result<(), ConfigError> {
        if let Some(d) = &flags.pki_dir {
            self.credentials = CredentialSource::Dir(d.clone());
        }
        self.metrics_listen = flags.metrics_listen.or(self.metrics_listen);
        self.metrics_allow_remote |= flags.metrics_allow_remote;
        self.database_url = flags.database_url.clone().or(self.database_url.take());
        self.trace_dir = flags.trace_dir.clone().or(self.trace_dir.take());
        if let Some(path) = &flags.faults_file {
            self.faults = self.served.read(path)?;
        }
        Ok(())
    }
}

/// The flags every `rsp-lab <role> serve` takes: `--data DIR [--config FILE] [--pki DIR]
/// [--metrics-listen ADDR] [--metrics-allow-remote] [--database URL] [--trace-dir DIR]
/// [--faults FILE]`.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    /// `--data DIR`: the data directory.
    pub data_dir: PathBuf,
    /// `--config FILE`: the role's TOML file.
    pub config_file: Option<PathBuf>,
    /// `--pki DIR`: an SGP.26-layout credentials directory.
    pub pki_dir: Option<PathBuf>,
    /// `--metrics-listen ADDR`: serve `GET /metrics` there.
    pub metrics_listen: Option<SocketAddr>,
    /// `--metrics-allow-remote`: let it be a non-loopback address.
    pub metrics_allow_remote: bool,
    /// `--database URL`.
    pub database_url: Option<String>,
    /// `--trace-dir DIR`.
    pub trace_dir: Option<PathBuf>,
    /// `--faults FILE`: a `[faults]` table replacing the configuration file's.
    pub faults_file: Option<PathBuf>,
}

/// What a role keeps how long (`keep`, its own table of ages), and how often the retention
/// sweep runs ([`crate::sweep`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetentionPolicy<K> {
    /// The role's ages.
    pub keep: K,
    /// Between two sweeps.
    pub sweep_interval: Duration,
}

/// A role's table of ages ([`RetentionPolicy::keep`]), with how often it is swept unless
/// configured otherwise.
pub trait Ages: Default {
    /// The default [`RetentionPolicy::sweep_interval`].
    const SWEEP_INTERVAL: Duration;
}

impl<K: Ages> Default for RetentionPolicy<K> {
    fn default() -> Self {
        RetentionPolicy {
            keep: K::default(),
            sweep_interval: K::SWEEP_INTERVAL,
        }
    }
}
