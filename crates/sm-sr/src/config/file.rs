//! The SM-SR's configuration from a `rsp-lab smsr serve` command: its options over an
//! optional TOML file (the format is in [`crate::config`]).

use std::net::SocketAddr;
use std::time::Duration;

use infra::config::ConfigError;
use serde::Deserialize;
use server::file::RoleFile;

use super::peer::{self, PeerSmSr};
use super::{Scp81Listener, SmSrConfig, SmscLink};

/// The SM-SR identifier when neither the file nor the command line gives one.
const DEFAULT_SMSR_ID: &str = "smsr.rsp-lab.test";

/// The options of `rsp-lab smsr serve --data DIR [--config FILE] [--smsr-id ID]
/// [--es4-listen ADDR] [--smsc ADDR]` and the flags every role takes, each over the file's
/// value.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// The flags every server role takes (`--data`, `--config`, `--pki`, `--metrics-listen`,
    /// `--metrics-allow-remote`, `--database`, `--trace-dir`, `--faults`).
    pub server: server::Flags,
    /// `--smsr-id ID`.
    pub smsr_id: Option<String>,
    /// `--es4-listen ADDR`.
    pub es4_listen: Option<SocketAddr>,
    /// `--smsc ADDR`: the SMSC's SMPP address, over the file's `[smsc] address`.
    pub smsc_address: Option<String>,
}

impl SmSrConfig {
    /// The configuration of `rsp-lab smsr serve`: defaults, the TOML file when given, then
    /// the command-line options over it.
    pub fn from_options(o: &ServeOptions) -> Result<SmSrConfig, ConfigError> {
        let mut c = SmSrConfig::new(&o.server.data_dir, DEFAULT_SMSR_ID);
        if let Some(path) = &o.server.config_file {
            let file = RoleFile::<FileConfig>::read(path)?;
            file.settings.apply(
                &mut c.server,
                &file.rel,
                &mut [("es4", &mut c.es4_limits), ("scp81", &mut c.scp81_limits)],
            )?;
            file.role.apply(&mut c)?;
        }
        c.server.apply_flags(&o.server)?;
        c.smsr_id = o.smsr_id.clone().unwrap_or(c.smsr_id);
        c.es4_listen = o.es4_listen.unwrap_or(c.es4_listen);
        if let Some(address) = &o.smsc_address {
            match &mut c.smsc {
                Some(link) => link.address = address.clone(),
                None => {
                    return Err(ConfigError::Option(
                        "--smsc needs the [smsc] table's system_id and password".into(),
                    ));
                }
            }
        }
        Ok(c)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    smsr_id: Option<String>,
    sms_address: Option<String>,
    es4_listen: Option<SocketAddr>,
    smsc: Option<FileSmsc>,
    scp81: Option<FileScp81>,
    #[serde(default)]
    operations: FileOperations,
    #[serde(default)]
    retention: FileRetention,
    #[serde(default)]
    peer: Vec<PeerSmSr>,
    #[serde(default)]
    operators: std::collections::BTreeMap<String, FileOperator>,
    #[serde(default)]
    smdps: std::collections::BTreeMap<String, FileOperator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileOperator {
    notify_url: String,
    resolve: Option<SocketAddr>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSmsc {
    address: String,
    system_id: String,
    password: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileScp81 {
    listen: SocketAddr,
    admin_uri: String,
    push_retry_secs: Option<u64>,
    public_address: Option<SocketAddr>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileOperations {
    validity_secs: Option<u64>,
    max_attempts: Option<u32>,
    por_timeout_secs: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileRetention {
    operations_secs: Option<u64>,
    notifications_secs: Option<u64>,
    sweep_interval_secs: Option<u64>,
}

/// SMPP 3.4 5.2.2: `password` is a C-octet string of at most 9 octets with its NUL.
const MAX_SMPP_PASSWORD: usize = 8;
/// SMPP 3.4 5.2.1: `system_id` is a C-octet string of at most 16 octets with its NUL.
const MAX_SMPP_SYSTEM_ID: usize = 15;

impl FileConfig {
    fn apply(self, c: &mut SmSrConfig) -> Result<(), ConfigError> {
        c.smsr_id = self.smsr_id.unwrap_or(std::mem::take(&mut c.smsr_id));
        c.sms_address = self
            .sms_address
            .unwrap_or(std::mem::take(&mut c.sms_address));
        c.es4_listen = self.es4_listen.unwrap_or(c.es4_listen);
        if let Some(s) = self.smsc {
            if s.password.len() > MAX_SMPP_PASSWORD || s.system_id.len() > MAX_SMPP_SYSTEM_ID {
                return Err(ConfigError::Option(format!(
                    "[smsc]: system_id at most {MAX_SMPP_SYSTEM_ID} octets, password at most \
                     {MAX_SMPP_PASSWORD} (SMPP 3.4 5.2.1, 5.2.2)"
                )));
            }
            c.smsc = Some(SmscLink {
                address: s.address,
                system_id: s.system_id,
                password: s.password,
            });
        }
        if let Some(s) = self.scp81 {
            let mut l = Scp81Listener::new(s.listen, &s.admin_uri);
            l.public_address = s.public_address;
            if let Some(secs) = s.push_retry_secs {
                l.push_retry = Duration::from_secs(secs.max(1));
            }
            c.scp81 = Some(l);
        }
        c.operators = endpoints("operators", self.operators)?;
        c.smdps = endpoints("smdps", self.smdps)?;
        let secs = Duration::from_secs;
        let o = self.operations;
        if let Some(v) = o.validity_secs {
            c.operations.default_validity = secs(v.max(1));
        }
        if let Some(n) = o.max_attempts {
            c.operations.max_attempts = n.max(1);
        }
        if let Some(v) = o.por_timeout_secs {
            c.operations.por_timeout = secs(v.max(1));
        }
        let r = self.retention;
        if let Some(v) = r.operations_secs {
            c.retention.keep.operations = secs(v);
        }
        if let Some(v) = r.notifications_secs {
            c.retention.keep.notifications = secs(v);
        }
        if let Some(v) = r.sweep_interval_secs {
            c.retention.sweep_interval = secs(v.max(1));
        }
        peer::check_peers(&self.peer)?;
        c.peers = self.peer;
        Ok(())
    }
}

/// The notification endpoints of a `[section.<id>]` table: HTTPS URLs only.
fn endpoints(
    section: &str,
    table: std::collections::BTreeMap<String, FileOperator>,
) -> Result<super::Operators, ConfigError> {
    let mut out = super::Operators::new();
    for (id, o) in table {
        if !o.notify_url.starts_with("https://") {
            return Err(ConfigError::Option(format!(
                "[{section}.{id}]: notify_url must be an https:// URL (the SGP.02 SOAP \
                 binding runs over HTTPS)"
            )));
        }
        let endpoint = super::OperatorEndpoint {
            notify_url: o.notify_url,
            resolve: o.resolve,
        };
        out.insert(id, endpoint);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(dir: &std::path::Path, file: &std::path::Path) -> ServeOptions {
        ServeOptions {
            server: server::Flags {
                data_dir: dir.into(),
                config_file: Some(file.into()),
                ..server::Flags::default()
            },
            ..ServeOptions::default()
        }
    }

    #[test]
    fn file_then_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smsr.toml");
        std::fs::write(
            &file,
            "smsr_id = \"sr-1\"\nsms_address = \"+4912345\"\n\
             [smsc]\naddress = \"127.0.0.1:2775\"\nsystem_id = \"smsr\"\npassword = \"pw\"\n\
             [scp81]\nlisten = \"127.0.0.1:9451\"\nadmin_uri = \"/admin\"\npush_retry_secs = 7\n\
             public_address = \"198.51.100.7:443\"\n\
             [operations]\nmax_attempts = 3\npor_timeout_secs = 7\n[retention]\noperations_secs = 60\n\
             [limits.scp81]\nmax_connections = 7\n\
             [operators.mno-a]\nnotify_url = \"https://mno-a.test:9460/es4\"\n\
             resolve = \"127.0.0.1:9460\"\n\
             [smdps.dp-1]\nnotify_url = \"https://dp-1.test:9470/es3\"\n",
        )
        .unwrap();
        let mut o = options(dir.path(), &file);
        o.smsc_address = Some("127.0.0.1:2776".into());
        o.es4_listen = Some("127.0.0.1:9450".parse().unwrap());
        let c = SmSrConfig::from_options(&o).unwrap();
        assert_eq!(c.smsr_id, "sr-1");
        assert_eq!(c.sms_address, "+4912345");
        let smsc = c.smsc.as_ref().unwrap();
        assert_eq!(
            (smsc.address.as_str(), smsc.password.as_str()),
            ("127.0.0.1:2776", "pw")
        );
        assert!(
            !format!("{c:?}").contains("\"pw\""),
            "the password is not printed"
        );
        assert_eq!(c.scp81.as_ref().unwrap().admin_uri, "/admin");
        assert_eq!(c.scp81.as_ref().unwrap().push_retry, Duration::from_secs(7));
        let public = c.scp81.as_ref().unwrap().public_address;
        assert_eq!(public, Some("198.51.100.7:443".parse().unwrap()));
        assert_eq!(c.es4_listen, "127.0.0.1:9450".parse().unwrap());
        assert_eq!(c.operations.max_attempts, 3);
        assert_eq!(c.operations.por_timeout, Duration::from_secs(7));
        assert_eq!(c.retention.keep.operations, Duration::from_secs(60));
        assert_eq!(c.scp81_limits.max_connections, 7);
        assert!(c.database_url().ends_with("smsr.db?mode=rwc"));
        assert_eq!(c.smdps["dp-1"].notify_url, "https://dp-1.test:9470/es3");
        let mno = &c.operators["mno-a"];
        assert_eq!(mno.notify_url, "https://mno-a.test:9460/es4");
        assert_eq!(mno.resolve, Some("127.0.0.1:9460".parse().unwrap()));
    }

    #[test]
    fn refuses_unknown_keys_and_long_smpp_credentials() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smsr.toml");
        std::fs::write(&file, "surprise = 1\n").unwrap();
        let e = SmSrConfig::from_options(&options(dir.path(), &file)).unwrap_err();
        assert!(e.to_string().contains("surprise"), "{e}");
        std::fs::write(
            &file,
            "[smsc]\naddress = \"a:1\"\nsystem_id = \"s\"\npassword = \"ninechars\"\n",
        )
        .unwrap();
        let e = SmSrConfig::from_options(&options(dir.path(), &file)).unwrap_err();
        assert!(e.to_string().contains("password at most 8"), "{e}");
    }

    #[test]
    fn peers_are_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("smsr.toml");
        let peer = "[[peer]]\nid = \"sr2\"\nurl = \"https://sr2.test:8460/gsma/smsr/ES7\"\n";
        std::fs::write(&file, format!("{peer}resolve = \"127.0.0.1:8460\"\n")).unwrap();
        let c = SmSrConfig::from_options(&options(dir.path(), &file)).unwrap();
        assert_eq!(c.peers.len(), 1);
        assert_eq!(c.peers[0].id, "sr2");
        assert_eq!(c.peers[0].resolve, Some("127.0.0.1:8460".parse().unwrap()));
        std::fs::write(&file, format!("{peer}{peer}")).unwrap();
        let e = SmSrConfig::from_options(&options(dir.path(), &file)).unwrap_err();
        assert!(e.to_string().contains("given twice"), "{e}");
        std::fs::write(
            &file,
            "[[peer]]\nid = \"sr2\"\nurl = \"http://sr2.test/\"\n",
        )
        .unwrap();
        let e = SmSrConfig::from_options(&options(dir.path(), &file)).unwrap_err();
        assert!(e.to_string().contains("https://"), "{e}");
    }
}
