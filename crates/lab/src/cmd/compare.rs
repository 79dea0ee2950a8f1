//! `rsp-lab compare`: the demo's fleet, seed, faults and scenario run once per strategy,
//! printed side by side (per country and in total) with who absorbed which scenario event;
//! `--report FILE` writes the same as JSON. With `--delivery eim,smds` it compares how the
//! localizations reach the devices instead ([`fleet::compare::delivery`]); with `--esipa
//! https,coap`, ESipa's two bindings ([`fleet::compare::binding`]).

use serde::Serialize;

use fleet::compare::binding::{BindingResult, table as binding_table};
use fleet::compare::delivery::{DeliveryResult, table as delivery_table};
use fleet::compare::{StrategyResult, table};
use fleet::ledger::LedgerOptions;
use fleet::report::RunInfo;
use fleet::run::progress::Progress;
use fleet::run::run;
use fleet::world::cost::CostModel;
use fleet::world::outage::Delivery;
use fleet::world::strategy::{Strategy, StrategyError};

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

/// Writes `report` as JSON to `path` and says where.
fn write_report(path: &std::path::Path, report: &impl Serialize) -> Result<(), DemoError> {
    let json = serde_json::to_vec_pretty(report)?;
    std::fs::write(path, json).map_err(|source| DemoError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    println!("report: {}", path.display());
    Ok(())
}

/// The deliveries of `--delivery eim,smds`, when it lists more than one.
fn deliveries(list: Option<&str>) -> Result<Option<Vec<Delivery>>, DemoError> {
    match list {
        Some(l) if l.contains(',') => Ok(Some(
            l.split(',')
                .filter(|s| !s.trim().is_empty())
                .map(Delivery::parse)
                .collect::<Result<_, _>>()?,
        )),
        _ => Ok(None),
    }
}

/// The JSON report of `compare --delivery`.
#[derive(Serialize)]
struct DeliveryReport<'a> {
    #[serde(flatten)]
    run: RunInfo,
    deliveries: &'a [DeliveryResult],
}

/// `compare --delivery eim,smds`: the localize strategy once per delivery, with the same
/// outages; the SM-DS's do not concern the eIM's run (no SM-DS in its path).
fn compare_deliveries(args: &Args, which: Vec<Delivery>) -> Result<(), DemoError> {
    let base = args.options()?;
    let model = args.cost_model()?;
    println!("{}", headline("compare", &base));
    let rt = crate::runtime()?;
    let mut results = Vec::new();
    for d in which {
        let options = super::demo::delivered_by(&base, d);
        for o in base.outages.iter().filter(|o| !o.role.concerns(d)) {
            println!(
                "note: {}: {} is not in its path, its outage does not concern it",
                d.name(),
                o.role.name()
            );
        }
        options.check()?;
        println!("running {} ...", d.name());
        let progress = Progress::new(options.days, true);
        let outcome =
            rt.block_on(run(&options, &progress))
                .map_err(|source| DemoError::StrategyRun {
                    strategy: d.name(),
                    source,
                })?;
        results.push(DeliveryResult::of(d, &outcome, &model, options.days));
    }
    println!();
    print!("{}", delivery_table(&results));
    if let Some(path) = args.report() {
        let report = DeliveryReport {
            run: base.run_info(),
            deliveries: &results,
        };
        write_report(path, &report)?;
    }
    if results.iter().all(|r| r.localized.guarantees_held) {
        Ok(())
    } else {
        Err(DemoError::Guarantees(
            results
                .iter()
                .filter(|r| !r.localized.guarantees_held)
                .count(),
        ))
    }
}

/// The JSON report of `compare --esipa`.
#[derive(Serialize)]
struct BindingReport<'a> {
    #[serde(flatten)]
    run: RunInfo,
    bindings: &'a [BindingResult],
}

/// `compare --esipa https,coap`: the eIM's localization once per binding, same fleet,
/// seed and faults.
fn compare_bindings(args: &Args, which: &[&str]) -> Result<(), DemoError> {
    let base = args.options()?;
    if base.delivery != Delivery::Eim {
        return Err(DemoError::BindingsWithoutEim);
    }
    println!("{}", headline("compare", &base));
    let rt = crate::runtime()?;
    let mut results = Vec::new();
    for &b in which {
        let binding = if b == "coap" { "coap" } else { "https" };
        let mut options = base.clone();
        options.esipa_coap = binding == "coap";
        options.check()?;
        println!("running ESipa over {binding} ...");
        let progress = Progress::new(options.days, true);
        let outcome =
            rt.block_on(run(&options, &progress))
                .map_err(|source| DemoError::StrategyRun {
                    strategy: binding,
                    source,
                })?;
        results.push(BindingResult::of(binding, &outcome));
    }
    println!();
    print!("{}", binding_table(&results));
    if let Some(path) = args.report() {
        let report = BindingReport {
            run: base.run_info(),
            bindings: &results,
        };
        write_report(path, &report)?;
    }
    match results
        .iter()
        .filter(|r| !r.localized.guarantees_held)
        .count()
    {
        0 => Ok(()),
        n => Err(DemoError::Guarantees(n)),
    }
}

pub(crate) fn run_compare(args: Args) -> Result<(), DemoError> {
    if let Some(which) = deliveries(args.delivery.as_deref())? {
        return compare_deliveries(&args, which);
    }
    let bindings = args.esipa_bindings();
    if bindings.len() > 1 {
        return compare_bindings(&args, &bindings);
    }
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
        let options = fleet::run::options::DemoOptions {
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
        write_report(path, &report)?;
    }
    Ok(())
}
