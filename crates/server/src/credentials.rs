//! Where a server role's PKI comes from: handed over in memory, an SGP.26-layout directory,
//! or the lab PKI of the data directory, generated there on first use.

use std::path::{Path, PathBuf};

use certs::Pki;

/// Where a role's credentials come from.
#[derive(Clone, Debug)]
pub enum CredentialSource {
    /// A PKI already in memory (tests, the lab).
    Pki(Box<Pki>),
    /// An SGP.26-layout directory (`--pki`, the file's `pki`): the role's certificates with
    /// their keys and the CI they chain to.
    Dir(PathBuf),
    /// `<data dir>/pki`, generated as a complete lab PKI on first use.
    DataDir,
}

/// Why a role's credentials are unusable.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// The PKI cannot be read.
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    /// A certificate does not chain to a trusted CI in its role.
    #[error("{what}: {source}")]
    Chain {
        /// Which certificate (`CERT.DPauth.ECDSA`, say).
        what: &'static str,
        /// Why it does not.
        #[source]
        source: certs::ChainError,
    },
    /// A private key does not fit its certificate or cannot be used.
    #[error("{what}: {detail}")]
    Key {
        /// Which key.
        what: &'static str,
        /// Why.
        detail: String,
    },
    /// A certificate given as a root has another role.
    #[error("{what}: the certificate is a {found:?} root")]
    Role {
        /// Which certificate.
        what: &'static str,
        /// The role it has.
        found: certs::CertRole,
    },
    /// A credentials file or folder cannot be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why it cannot.
        #[source]
        source: std::io::Error,
    },
    /// The lab PKI of the data directory could not be loaded or generated.
    #[error(transparent)]
    DataDir(#[from] DataDirPkiError),
}

/// Why the lab PKI of a data directory could not be loaded or generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataDirPkiError {
    /// The directory holds a PKI that cannot be read.
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    /// A new lab PKI could not be generated.
    #[error("generating the lab PKI: {0}")]
    Generate(#[from] certs::GenerateError),
}

/// The lab PKI of a data directory: `<data_dir>/pki`, loaded when it already holds the
/// folder `marker` (the role's own certificate, e.g. `DPauth`), else generated there with the
/// defaults of [`certs::LabPkiOptions`].
pub fn data_dir_pki(data_dir: &Path, marker: &str) -> Result<Pki, DataDirPkiError> {
    let dir = data_dir.join("pki");
    if dir.join(marker).is_dir() {
        return Ok(Pki::load_dir(&dir)?);
    }
    let pki = certs::generate(&certs::LabPkiOptions::default())?;
    pki.write_dir(&dir)?;
    tracing::info!(dir = %dir.display(), "generated the lab PKI");
    Ok(pki)
}
