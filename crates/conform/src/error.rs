//! Why a run could not start, and how a case stops before its end.

use std::path::PathBuf;

/// A run that could not be set up: nothing was sent to the server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConformError {
    /// The eUICC's credentials (`--pki`, `--credentials`) did not load.
    #[error("eUICC credentials: {0}")]
    Credentials(String),
    /// The TLS setup or an address was refused.
    #[error("client setup: {0}")]
    Setup(String),
    /// The output directory could not be written.
    #[error("evidence directory {path}: {source}")]
    Evidence {
        /// The file or directory that could not be written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A `--case` filter matched no case of the catalogue.
    #[error("no case matches {0:?} (--list shows the catalogue)")]
    NoCase(String),
}

/// How a case ended early: a failed expectation, or a case that cannot run against this
/// target (an input is missing, or the target does not offer what the case needs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Stop {
    /// The server's behaviour differs from the specification's: the verdict is fail.
    #[error("{0}")]
    Fail(String),
    /// The case cannot be run here: the verdict is not-applicable.
    #[error("{0}")]
    NotApplicable(String),
}

impl Stop {
    /// A failed expectation.
    pub fn fail(detail: impl Into<String>) -> Stop {
        Stop::Fail(detail.into())
    }
}

/// Continues a case only when `condition` holds; the failure names what was expected.
pub(crate) fn ensure(condition: bool, detail: impl FnOnce() -> String) -> Result<(), Stop> {
    if condition {
        Ok(())
    } else {
        Err(Stop::Fail(detail()))
    }
}
