//! `rsp-lab compare`: the demo's fleet, seed, faults and scenario run once per strategy,
//! printed side by side (per country and in total) with who absorbed which scenario event;
//! `--report FILE` writes the same as JSON.

use serde::Serialize;

use fleet::compare::{StrategyResult, table};
use fleet::cost::CostModel;
use fleet::ledger::LedgerOptions;
use fleet::progress::Progress;
use fleet::report::RunInfo;
use fleet::run::run;
use fleet::strategy::{Strategy, StrategyError};

use super::demo::{Args, headline};
use super::demo_error::DemoError;

/// The JSON report of `compare`.
#[derive(Serialize)]
struct CompareReport<'a> {
    /// `seed`, `devices`, `countries`, `days`, `attach_failure_rate`, `drop_rate`.
    #[serde(flatten)]
    run: RunInfo,
    scenario: Vec<String>,
    cost_model: &'a CostModel,
    strategies: &'a [StrategyResult],
}

fn strategies(list: Option<&str>) -> Result<Vec<Strategy>, StrategyError> {
    match list {
        None => Ok(Strategy::ALL.to_vec()),
        Some(l) => l
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(Strategy::parse)
            .collect(),
    }
}

pub fn run_compare(args: Args) -> Result<(), DemoError> {
    let base = args.options()?;
    let model = args.cost_model()?;
    let which = strategies(args.strategy.as_deref())?;
    println!("{}", headline("compare", &base));
    for e in &base.scenario.events {
        println!("scenario: {}", e.label());
    }
    let rt = crate::runtime()?;
    let mut results = Vec::new();
    // Each strategy's run keeps its own roaming ledger, settled against the clearing house.
    let ledger_root = base
        .ledger
        .as_ref()
        .map_or_else(|| base.data_dir.join("ledger"), |l| l.dir.clone());
    let fraud_rate = base.ledger.as_ref().map_or(0.0, |l| l.fraud_rate);
    for s in which {
        let options = fleet::options::DemoOptions {
            strategy: s,
            ledger: Some(LedgerOptions {
                dir: ledger_root.join(s.name()),
                fraud_rate,
            }),
            ..base.clone()
        };
        println!("running {} ...", s.name());
        let progress = Progress::new(options.days, true);
        let outcome =
            rt.block_on(run(&options, &progress))
                .map_err(|source| DemoError::StrategyRun {
                    strategy: s.name(),
                    source,
                })?;
        let mut r = StrategyResult::of(&options, &outcome.report, &model);
        if let Some(l) = &outcome.ledger {
            if l.verification.problems > 0 {
                return Err(DemoError::StrategyLedger(s.name()));
            }
            r = r.with_ledger(l);
        }
        results.push(r);
    }
    println!();
    print!("{}", table(&results));
    if let Some(path) = args.report() {
        let report = CompareReport {
            run: base.run_info(),
            scenario: base.scenario.events.iter().map(|e| e.label()).collect(),
            cost_model: &model,
            strategies: &results,
        };
        let json = serde_json::to_vec_pretty(&report)?;
        std::fs::write(path, json).map_err(|source| DemoError::Write {
            path: path.to_path_buf(),
            source,
        })?;
        println!("report: {}", path.display());
    }
    Ok(())
}
