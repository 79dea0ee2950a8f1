//! Why a run could not be carried out, shared by the run and the parts it runs each day
//! ([`super::rounds`], [`super::joined`]): a module of its own so that they import it
//! without importing each other.

use tokio::task::JoinError;

use super::deploy::{DeployError, FactoryError, IssueError};
use super::inventory::PlanError;
use super::ledger::error::LedgerRunError;
use super::options::OptionsError;
use super::outcome::GatherError;
use super::servers::SetupError;

/// Why a run could not be carried out (a failed guarantee is not an error: it is in the
/// outcome). Its text is what `rsp-lab demo` prints after `error: `.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The options contradict each other ([`super::options::DemoOptions::check`]).
    #[error(transparent)]
    Options(#[from] OptionsError),
    /// The inventory's plan could not be made.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The servers or their databases could not be set up.
    #[error(transparent)]
    Setup(#[from] SetupError),
    /// The fleet's credentials could not be issued.
    #[error("deploying the fleet: {0}")]
    Issue(#[from] IssueError),
    /// What the devices share (their clients) could not be made.
    #[error("deploying the fleet: {0}")]
    Factory(#[from] FactoryError),
    /// One device could not be made.
    #[error("deploying the fleet: {0}")]
    Device(#[from] DeployError),
    /// The SM-DP+'s inventory holds fewer bootstrap profiles than there are devices.
    #[error("deploying the fleet: not enough bootstrap profiles")]
    NotEnoughBootstraps,
    /// A task of the run panicked or was cancelled; `what` names the tasks.
    #[error("{what}: {source}")]
    Task { what: String, source: JoinError },
    /// The task collecting a set of tasks' results panicked or was cancelled.
    #[error("collecting {what}: {source}")]
    Collector { what: String, source: JoinError },
    /// The eIM's answer to a round's question had fewer entries than devices asked.
    #[error("the eIM answered for fewer devices than asked")]
    ShortAnswer,
    /// The ledger could not be written.
    #[error(transparent)]
    Ledger(#[from] LedgerRunError),
    /// The end state could not be read from the servers.
    #[error(transparent)]
    EndState(#[from] GatherError),
}

impl RunError {
    /// A task of `what` that ended without its result.
    pub fn task(what: &str, source: JoinError) -> RunError {
        RunError::Task {
            what: what.to_string(),
            source,
        }
    }
}
