//! Why a recovery run could not be carried out (as opposed to a scenario that failed, which
//! is a verdict in the report).

use std::path::{Path, PathBuf};

/// A run that could not be carried out.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecoveryError {
    /// The servers, the PKI or the run's directory could not be set up.
    #[error("setting up: {0}")]
    Setup(String),
    /// A directory or file of the run could not be made.
    #[error("setting up: {}: {source}", .path.display())]
    Dir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The device under test could not be made or started.
    #[error("the device under test: {0}")]
    Device(String),
    /// A scenario file was refused.
    #[error(transparent)]
    Scenario(#[from] super::scenario::ScenarioError),
    /// The report could not be written.
    #[error("writing {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl RecoveryError {
    /// The run's directory or file `path` could not be made.
    pub(crate) fn dir(path: &Path) -> impl Fn(std::io::Error) -> RecoveryError + Copy + '_ {
        move |source| RecoveryError::Dir {
            path: path.to_path_buf(),
            source,
        }
    }
}
