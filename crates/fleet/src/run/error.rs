//! Why a run could not be carried out: the top of the lab's errors, wrapping those of the
//! layers beneath it (the servers' set-up, the inventory's plan, the fleet's deployment,
//! the ledger, the tasks a run spawns, the end state read back).

use tokio::task::JoinError;

use crate::devices::deploy::{DeployError, FactoryError, IssueError};
use crate::ledger::error::LedgerRunError;
use crate::run::gather::GatherError;
use crate::run::joined::TaskError;
use crate::run::options::OptionsError;
use crate::servers::error::SetupError;
use crate::world::inventory::PlanError;

/// Why a run could not be carried out (a failed guarantee is not an error: it is in the
/// outcome). Its text is what `rsp-lab demo` prints after `error: `.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The options contradict each other ([`crate::run::options::DemoOptions::check`]).
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
    /// A task of the run, or the task collecting their results, panicked or was cancelled.
    #[error(transparent)]
    Tasks(#[from] TaskError),
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
        RunError::Tasks(TaskError::task(what, source))
    }
}
