//! Why a run could not be carried out, shared by the run and the parts it runs each day
//! ([`super::rounds`], [`super::joined`]): a module of its own so that they import it
//! without importing each other.

/// Why a run could not be carried out (a failed guarantee is not an error: it is in the
/// outcome).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Options(String),
    #[error(transparent)]
    Setup(#[from] super::servers::SetupError),
    #[error("deploying the fleet: {0}")]
    Deploy(String),
    #[error("{0}")]
    Internal(String),
}
