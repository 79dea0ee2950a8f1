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
