//! Why a recovery run could not be carried out (as opposed to a scenario that failed, which
//! is a verdict in the report).

/// A run that could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// The servers, the PKI or the run's directory could not be set up.
    #[error("setting up: {0}")]
    Setup(String),
    /// The device under test could not be made or started.
    #[error("the device under test: {0}")]
    Device(String),
    /// A scenario file was refused.
    #[error(transparent)]
    Scenario(#[from] super::scenario::ScenarioError),
    /// The report could not be written.
    #[error("writing {path}: {detail}")]
    Write { path: String, detail: String },
}
