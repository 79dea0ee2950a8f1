//! What the servers' configurations share (`rsp-lab smdp serve`, `rsp-lab eim serve`): the
//! TOML file read once with paths relative to it, certificate files named in it, the
//! listeners' limits (`[limits]` and the wave-1 `max_body_bytes` key), loopback defaults and
//! one error type. Each role keeps its own keys and defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::serve::Limits;

/// Why a configuration could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {detail}")]
    Toml { path: PathBuf, detail: String },
    #[error("{0}")]
    Option(String),
    /// The `[limits]` section cannot be read or served.
    #[error(transparent)]
    Limits(#[from] crate::serve::limits::LimitsError),
}

/// `127.0.0.1:port`: where the servers listen unless told otherwise.
pub fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// A configuration file, parsed, with the directory its relative paths start from.
pub struct ConfigFile<T> {
    pub content: T,
    pub base: PathBuf,
}

impl<T: DeserializeOwned> ConfigFile<T> {
    /// Reads and parses the TOML file at `path` (unknown keys are refused by `T`).
    pub fn read(path: &Path) -> Result<ConfigFile<T>, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let content = toml::from_str(&text).map_err(|e| ConfigError::Toml {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        Ok(ConfigFile { content, base })
    }
}

/// Resolves the paths a configuration file names against the file's directory.
#[derive(Clone, Debug)]
pub struct Relative(pub PathBuf);

impl Relative {
    /// `p` itself when absolute, else `p` under the file's directory.
    pub fn path(&self, p: PathBuf) -> PathBuf {
        if p.is_absolute() { p } else { self.0.join(p) }
    }

    /// The certificates (DER) of a PEM or DER file named in the configuration.
    pub fn certificates(&self, p: PathBuf) -> Result<Vec<Vec<u8>>, ConfigError> {
        let (path, bytes) = self.read(p)?;
        crate::tls::certificates(&bytes).map_err(|e| ConfigError::Toml {
            path,
            detail: e.to_string(),
        })
    }

    /// The text of a UTF-8 file named in the configuration.
    pub fn text(&self, p: PathBuf) -> Result<(PathBuf, String), ConfigError> {
        let (path, bytes) = self.read(p)?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok((path, text)),
            Err(e) => Err(ConfigError::Toml {
                path,
                detail: e.to_string(),
            }),
        }
    }

    /// The resolved path of a file named in the configuration and its content.
    fn read(&self, p: PathBuf) -> Result<(PathBuf, Vec<u8>), ConfigError> {
        let path = self.path(p);
        match std::fs::read(&path) {
            Ok(bytes) => Ok((path, bytes)),
            Err(source) => Err(ConfigError::Io { path, source }),
        }
    }
}

/// Applies a file's listener limits: the wave-1 top-level `max_body_bytes` (every listener),
/// then the `[limits]` section ([`crate::serve::limits::apply_toml`]).
pub fn apply_limits(
    max_body_bytes: Option<usize>,
    section: Option<&toml::Table>,
    listeners: &mut [(&str, &mut Limits)],
) -> Result<(), ConfigError> {
    if let Some(m) = max_body_bytes {
        for (_, l) in listeners.iter_mut() {
            l.max_body_bytes = m;
        }
    }
    match section {
        Some(s) => Ok(crate::serve::limits::apply_toml(s, listeners)?),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        ca: PathBuf,
    }

    #[test]
    fn relative_paths_certificates_and_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("server.toml");
        std::fs::write(&file, "ca = \"ca.der\"\n").unwrap();
        std::fs::write(dir.path().join("ca.der"), [0x30, 0]).unwrap();
        let read = ConfigFile::<Sample>::read(&file).unwrap();
        let rel = Relative(read.base);
        assert_eq!(
            rel.certificates(read.content.ca).unwrap(),
            vec![vec![0x30, 0]]
        );
        assert_eq!(rel.path("/abs".into()), PathBuf::from("/abs"));

        std::fs::write(&file, "ca = \"x\"\nsurprise = 1\n").unwrap();
        let e = ConfigFile::<Sample>::read(&file).err().unwrap().to_string();
        assert!(e.contains("server.toml") && e.contains("surprise"), "{e}");
        let e = rel
            .certificates("missing.pem".into())
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing.pem"), "{e}");
    }

    #[test]
    fn wave1_body_key_then_the_limits_section() {
        let (mut a, mut b) = (Limits::default(), Limits::default());
        let section: toml::Table = toml::from_str("[b]\nmax_body_bytes = 10\n").unwrap();
        apply_limits(
            Some(99),
            Some(&section),
            &mut [("a", &mut a), ("b", &mut b)],
        )
        .unwrap();
        assert_eq!((a.max_body_bytes, b.max_body_bytes), (99, 10));
    }
}
