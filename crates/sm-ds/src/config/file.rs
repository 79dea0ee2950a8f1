//! The SM-DS's configuration from a `rsp-lab smds serve` command: its options over an
//! optional TOML file (the format is in [`crate::config`]).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use certs::SmdsSite;
use infra::config::{ConfigError, Relative};
use serde::Deserialize;
use server::file::RoleFile;

use super::{CredentialSource, RootSmds, SmDsConfig};

/// The options of `rsp-lab smds serve --data DIR [--config FILE] [--pki DIR] [--alternative]
/// [--address NAME] [--es11-listen ADDR] [--es12-listen ADDR] [--metrics-listen ADDR]
/// [--metrics-allow-remote] [--database URL]
/// [--trace-dir DIR] [--root-url URL]`, each over the file's value.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// The flags every server role takes (`--data`, `--config`, `--pki`, `--metrics-listen`,
    /// `--metrics-allow-remote`, `--database`, `--trace-dir`).
    pub server: server::Flags,
    /// Run as the alternative SM-DS (its credentials, `DSauth-alt/` and `DStls-alt/`).
    pub alternative: bool,
    pub address: Option<String>,
    pub es11_listen: Option<SocketAddr>,
    pub es12_listen: Option<SocketAddr>,
    /// The root SM-DS to forward to (ES15), over the file's `[root] url`.
    pub root_url: Option<String>,
}

impl SmDsConfig {
    /// The configuration of `rsp-lab smds serve`: defaults, the TOML file when given, then
    /// the command-line options over it.
    pub fn from_options(o: &ServeOptions) -> Result<SmDsConfig, ConfigError> {
        let mut c = SmDsConfig::new(&o.server.data_dir, CredentialSource::DataDir);
        if let Some(path) = &o.server.config_file {
            let file = RoleFile::<FileConfig>::read(path)?;
            file.settings.apply(
                &mut c.server,
                &file.rel,
                &mut [("es11", &mut c.es11_limits), ("es12", &mut c.es12_limits)],
            )?;
            file.role.apply(&mut c, &file.rel)?;
        }
        c.server.apply_flags(&o.server)?;
        if o.alternative {
            c.site = SmdsSite::Alternative;
        }
        c.address = o.address.clone().or(c.address.take());
        c.es11_listen = o.es11_listen.unwrap_or(c.es11_listen);
        c.es12_listen = o.es12_listen.unwrap_or(c.es12_listen);
        if let Some(url) = &o.root_url {
            let root = c.root.get_or_insert_with(|| RootSmds {
                url: String::new(),
                server_roots: Vec::new(),
                resolve: None,
            });
            root.url = url.clone();
        }
        Ok(c)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    site: Option<String>,
    address: Option<String>,
    es11_listen: Option<SocketAddr>,
    es12_listen: Option<SocketAddr>,
    #[serde(default)]
    policy: FilePolicy,
    root: Option<FileRoot>,
    #[serde(default)]
    forward: FileForward,
    #[serde(default)]
    retention: FileRetention,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FilePolicy {
    session_ttl_secs: Option<u64>,
    max_events_per_eid: Option<u32>,
    own_address_only: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRoot {
    url: String,
    ca_file: Option<PathBuf>,
    resolve: Option<SocketAddr>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileForward {
    poll_interval_ms: Option<u64>,
    initial_backoff_ms: Option<u64>,
    max_backoff_secs: Option<u64>,
    lease_secs: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileRetention {
    event_ttl_secs: Option<u64>,
    sweep_interval_secs: Option<u64>,
}

impl FileConfig {
    fn apply(self, c: &mut SmDsConfig, rel: &Relative) -> Result<(), ConfigError> {
        c.site = match self.site.as_deref() {
            None => c.site,
            Some("root") => SmdsSite::Root,
            Some("alternative") => SmdsSite::Alternative,
            Some(other) => {
                return Err(ConfigError::Option(format!(
                    "site {other:?}: \"root\" or \"alternative\""
                )));
            }
        };
        c.address = self.address.or(c.address.take());
        c.es11_listen = self.es11_listen.unwrap_or(c.es11_listen);
        c.es12_listen = self.es12_listen.unwrap_or(c.es12_listen);
        let (secs, ms) = (Duration::from_secs, Duration::from_millis);
        let p = self.policy;
        if let Some(s) = p.session_ttl_secs {
            c.policy.session_ttl = secs(s.max(1));
        }
        c.policy.max_events_per_eid = p.max_events_per_eid.unwrap_or(c.policy.max_events_per_eid);
        c.policy.own_address_only = p.own_address_only.unwrap_or(c.policy.own_address_only);
        if let Some(r) = self.root {
            c.root = Some(RootSmds {
                url: r.url,
                server_roots: match r.ca_file {
                    Some(f) => rel.certificates(f)?,
                    None => Vec::new(),
                },
                resolve: r.resolve,
            });
        }
        let f = self.forward;
        let fw = &mut c.forward;
        fw.poll_interval = f
            .poll_interval_ms
            .map_or(fw.poll_interval, |v| ms(v.max(1)));
        fw.initial_backoff = f.initial_backoff_ms.map_or(fw.initial_backoff, ms);
        fw.max_backoff = f.max_backoff_secs.map_or(fw.max_backoff, secs);
        fw.lease = f.lease_secs.map_or(fw.lease, |v| secs(v.max(1)));
        let r = self.retention;
        if let Some(s) = r.event_ttl_secs {
            c.retention.keep.event_ttl = secs(s);
        }
        if let Some(s) = r.sweep_interval_secs {
            c.retention.sweep_interval = secs(s.max(1));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smds.toml");
        std::fs::write(
            &file,
            "site = \"alternative\"\nes12_listen = \"127.0.0.1:9000\"\npki = \"p\"\n\
             [policy]\nmax_events_per_eid = 5\n\
             [root]\nurl = \"https://smds.example\"\nresolve = \"127.0.0.1:9446\"\n\
             [forward]\ninitial_backoff_ms = 20\n[retention]\nevent_ttl_secs = 60\n\
             [limits.es12]\nmax_connections = 16\n",
        )
        .unwrap();
        let c = SmDsConfig::from_options(&ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                config_file: Some(file.clone()),
                ..server::Flags::default()
            },
            es12_listen: Some("127.0.0.1:9001".parse().unwrap()),
            root_url: Some("https://root.example".into()),
            ..ServeOptions::default()
        })
        .unwrap();
        assert_eq!(c.site, SmdsSite::Alternative);
        assert_eq!(c.es12_listen, "127.0.0.1:9001".parse().unwrap());
        assert_eq!(c.policy.max_events_per_eid, 5);
        let root = c.root.as_ref().unwrap();
        assert_eq!(root.url, "https://root.example");
        assert_eq!(root.resolve, Some("127.0.0.1:9446".parse().unwrap()));
        assert_eq!(c.forward.initial_backoff, Duration::from_millis(20));
        assert_eq!(c.retention.keep.event_ttl, Duration::from_secs(60));
        assert_eq!(c.es12_limits.max_connections, 16);
        assert!(matches!(&c.server.credentials, CredentialSource::Dir(p) if p.ends_with("p")));
        assert!(c.database_url().starts_with("sqlite://"));

        std::fs::write(&file, "site = \"elsewhere\"\n").unwrap();
        let err = SmDsConfig::from_options(&ServeOptions {
            server: server::Flags {
                data_dir: dir.path().into(),
                config_file: Some(file),
                ..server::Flags::default()
            },
            ..ServeOptions::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("site"), "{err}");
    }
}
