//! Why `rsp-lab demo` or `rsp-lab compare` failed; the text is what the command prints
//! after `error: `, and the command exits with status 1.

use std::path::PathBuf;

use eim::policy::PolicyError;
use fleet::run::RunError;
use fleet::run::options::OptionsError;
use fleet::world::cost::CostModelError;
use fleet::world::scenario::ScenarioError;
use fleet::world::strategy::StrategyError;

use crate::RuntimeError;

/// What failed, with the file or strategy it concerns.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DemoError {
    /// A file given on the command line could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A report could not be written.
    #[error("{}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `--cost-model FILE` was refused.
    #[error("{}: {source}", path.display())]
    CostModel {
        path: PathBuf,
        source: CostModelError,
    },
    /// `--policy FILE` was refused.
    #[error("{}: {source}", path.display())]
    Policy { path: PathBuf, source: PolicyError },
    /// `--strategies FILE` was refused.
    #[error("{}: {source}", path.display())]
    Strategies {
        path: PathBuf,
        source: StrategyError,
    },
    /// `--scenario FILE` was refused.
    #[error("{}: {source}", path.display())]
    Scenario {
        path: PathBuf,
        source: ScenarioError,
    },
    /// `demo --esipa` names more than one binding (`compare` takes a list).
    #[error(
        "demo runs one ESipa binding; `rsp-lab compare --esipa https,coap` sets both side by side"
    )]
    Bindings,
    /// `--coap-share` without `--esipa coap`.
    #[error("--coap-share is the share of the devices on CoAP: it needs --esipa coap")]
    CoapShareWithoutCoap,
    /// `compare --esipa https,coap` with a delivery other than the eIM's.
    #[error("--esipa compares the eIM's bindings: it needs --delivery eim")]
    BindingsWithoutEim,
    /// `--quirks FILE` was refused.
    #[error(transparent)]
    Quirks(#[from] lpa::quirks::QuirksError),
    /// `--delivery` or `--outage` was refused.
    #[error(transparent)]
    Delivery(#[from] fleet::world::outage::OutageError),
    /// `--strategy` names no strategy.
    #[error(transparent)]
    Strategy(#[from] StrategyError),
    /// The options make no run.
    #[error(transparent)]
    Options(#[from] OptionsError),
    /// The runtime could not be built.
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    /// The run could not be carried out.
    #[error(transparent)]
    Run(#[from] RunError),
    /// One strategy's run of `compare` could not be carried out.
    #[error("{strategy}: {source}")]
    StrategyRun {
        strategy: &'static str,
        source: RunError,
    },
    /// The JSON report could not be written.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// `--serve`: the signal handlers could not be installed.
    #[error("signal handlers: {0}")]
    Signals(std::io::Error),
    /// The partners' copies of the ledger do not verify.
    #[error("the ledger does not verify: {0} problem(s)")]
    LedgerProblems(usize),
    /// One strategy's ledger does not verify (`compare`).
    #[error("{0}: the ledger does not verify")]
    StrategyLedger(&'static str),
    /// End-state checks failed.
    #[error("{0} guarantee(s) failed")]
    Guarantees(usize),
}
