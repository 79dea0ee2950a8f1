//! A role's TOML file: the keys every role has ([`SettingsFile`]) are taken out of it, the
//! rest is read as the role's own table; each side refuses keys it does not know.
//!
//! ```toml
//! metrics_listen = "127.0.0.1:9464"   # GET /metrics, plain HTTP (default: off)
//! metrics_allow_remote = false        # true to let metrics_listen be a non-loopback address
//! database = "postgres://user@127.0.0.1/db"   # default: a SQLite file in the data directory
//! trace_dir = "/tmp/trace"            # every message kept there
//! pki = "pki"                         # an SGP.26-layout credentials directory
//! max_body_bytes = 65536              # every listener's body limit ([limits] says more)
//!
//! [limits]                            # every listener (infra::serve::limits)
//! [limits.<listener>]                 # one listener, over the keys above
//!
//! [storage]                           # storage::StorageConfig
//!
//! [faults]                            # faults served to a device under test (the role's
//! [[faults.rule]]                     # kinds; the guide's "Testing your own device")
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use infra::config::{ConfigError, ConfigFile, Relative};
use infra::serve::Limits;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::credentials::CredentialSource;
use crate::settings::Settings;

/// The keys of [`SettingsFile`], taken out of a role's file before the role reads the rest.
const KEYS: [&str; 9] = [
    "metrics_listen",
    "metrics_allow_remote",
    "database",
    "trace_dir",
    "pki",
    "max_body_bytes",
    "limits",
    "storage",
    "faults",
];

/// The keys of a role's file that every role has.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    metrics_listen: Option<SocketAddr>,
    metrics_allow_remote: Option<bool>,
    database: Option<String>,
    trace_dir: Option<PathBuf>,
    pki: Option<PathBuf>,
    /// The body limit of every listener; `[limits]` sets it per listener.
    max_body_bytes: Option<usize>,
    limits: Option<toml::Table>,
    #[serde(default)]
    storage: storage::StorageConfig,
    faults: Option<infra::faults::FileFaults>,
}

impl SettingsFile {
    /// Sets what the file gives over `settings`, and the limits of the role's `listeners`
    /// (named as in `[limits.<name>]`).
    pub fn apply(
        self,
        settings: &mut Settings,
        rel: &Relative,
        listeners: &mut [(&str, &mut Limits)],
    ) -> Result<(), ConfigError> {
        let s = settings;
        s.metrics_listen = self.metrics_listen.or(s.metrics_listen);
        if let Some(allow) = self.metrics_allow_remote {
            s.metrics_allow_remote = allow;
        }
        s.database_url = self.database.or(s.database_url.take());
        s.trace_dir = self.trace_dir.map(|p| rel.path(p)).or(s.trace_dir.take());
        if let Some(p) = self.pki {
            s.credentials = CredentialSource::Dir(rel.path(p));
        }
        infra::config::apply_limits(self.max_body_bytes, self.limits.as_ref(), listeners)?;
        if let Some(f) = self.faults {
            s.faults = s.served.configured(f)?;
        }
        self.storage
            .apply(&mut s.storage)
            .map_err(|e| ConfigError::Option(e.to_string()))
    }
}

/// A role's file, read: the shared keys, the role's own table `T`, and the directory its
/// relative paths start from.
pub struct RoleFile<T> {
    /// The keys every role has.
    pub settings: SettingsFile,
    /// The role's own keys.
    pub role: T,
    /// Resolves the paths the file names.
    pub rel: Relative,
}

impl<T: DeserializeOwned> RoleFile<T> {
    /// Reads and parses the TOML file at `path`; errors name the file.
    pub fn read(path: &Path) -> Result<RoleFile<T>, ConfigError> {
        let file = ConfigFile::<toml::Table>::read(path)?;
        let mut rest = file.content;
        let mut shared = toml::Table::new();
        for key in KEYS {
            if let Some(v) = rest.remove(key) {
                shared.insert(key.to_string(), v);
            }
        }
        let refused = |e: toml::de::Error| ConfigError::Toml {
            path: path.to_path_buf(),
            detail: e.to_string(),
        };
        Ok(RoleFile {
            settings: toml::Value::Table(shared).try_into().map_err(refused)?,
            role: toml::Value::Table(rest).try_into().map_err(refused)?,
            rel: Relative(file.base),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Role {
        own: u32,
    }

    #[test]
    fn shared_keys_and_the_roles_own_each_refuse_what_they_do_not_know() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("role.toml");
        std::fs::write(
            &path,
            "own = 1\ntrace_dir = \"t\"\nmax_body_bytes = 9\n[limits.a]\nmax_connections = 3\n",
        )
        .unwrap();
        let file = RoleFile::<Role>::read(&path).unwrap();
        assert_eq!(file.role.own, 1);
        let none = crate::faults::Served::none("role");
        let mut s = Settings::new(dir.path(), storage::DbOptions::default(), none);
        let (mut a, mut b) = (Limits::default(), Limits::default());
        file.settings
            .apply(&mut s, &file.rel, &mut [("a", &mut a), ("b", &mut b)])
            .unwrap();
        assert_eq!(s.trace_dir, Some(dir.path().join("t")));
        assert_eq!((a.max_connections, a.max_body_bytes), (3, 9));
        assert_eq!(b.max_connections, Limits::default().max_connections);

        std::fs::write(&path, "own = 1\nsurprise = 2\n").unwrap();
        let e = RoleFile::<Role>::read(&path).err().unwrap().to_string();
        assert!(e.contains("role.toml") && e.contains("surprise"), "{e}");
        std::fs::write(&path, "own = 1\n[storage]\nsurprise = 2\n").unwrap();
        let e = RoleFile::<Role>::read(&path).err().unwrap().to_string();
        assert!(e.contains("surprise"), "{e}");
    }
}
