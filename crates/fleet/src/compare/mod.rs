//! `rsp-lab compare`: the same fleet, seed, faults and scenario under every strategy, read
//! into one set of figures per strategy, per country and in total, and how each strategy
//! fared with each of the scenario's events.

pub mod binding;
pub mod delivery;

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use crate::report::gaps::{GapCause, gaps};
use crate::report::{DeviceReport, Report};
use crate::world::cost::{Cost, CostModel, Usage};
use crate::world::scenario::{Change, Event, Scenario};
use crate::world::strategy::{Strategies, Strategy};

/// The figures of one strategy in one country (or the fleet).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    pub devices: u32,
    /// Devices that were cut off (roaming blocked, profile rejected) at some point.
    pub blocked: u32,
    /// Devices that were throttled at some point.
    pub throttled: u32,
    /// Devices resident on a foreign IMSI longer than their country allows at the end.
    pub exposed: u32,
    pub gaps: u64,
    pub gap_seconds: u64,
    /// Of which switches (eUICC and multi-IMSI) and outages.
    pub switch_gap_seconds: u64,
    pub outage_seconds: u64,
    pub ota_operations: u64,
    pub downloads: u64,
    pub failures: u32,
    /// Mean cost per device per month (USD).
    pub cost: Cost,
    /// What the run's roaming ledger settles with the visited operators of the country
    /// (or every one), against the clearing house.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement: Option<Settlement>,
}

/// Settlement from the ledger against the clearing house (seed 002), in USD.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Settlement {
    /// Distinct roaming devices and (device, 30-day window) pairs with usage.
    pub roamers: u64,
    pub roamer_months: u64,
    /// Owed to the visited operators at the contracts' rates ([`ledger::settle::settle`]).
    pub settled: f64,
    /// What a clearing house would take for the same roamer-months.
    pub clearing_house: f64,
    /// `clearing_house - settled`: what settling from the ledger saves.
    pub saving: f64,
}

impl Settlement {
    fn add(&mut self, p: &ledger::settle::PairSettlement) {
        let usd = |m: u64| m as f64 / 1e6;
        self.roamers += p.roamers;
        self.roamer_months += p.roamer_months;
        self.settled += usd(p.amount);
        self.clearing_house += usd(p.clearing_house_cost);
        self.saving = self.clearing_house - self.settled;
    }
}

/// How a strategy fared with one scenario event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventOutcome {
    pub event: String,
    /// Devices of the event's country hurt on or after its day (blocked, rejected,
    /// throttled), whatever the cause, or, for a regulation, exposed at the end.
    pub hit: u32,
    /// Of those, the ones still hurt (or exposed) at the end.
    pub unresolved: u32,
    /// Nobody was left hurt at the end.
    pub absorbed: bool,
}

/// One strategy's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StrategyResult {
    pub strategy: Strategy,
    pub countries: BTreeMap<String, Figures>,
    pub totals: Figures,
    pub events: Vec<EventOutcome>,
    /// Whether the lab's guarantees held in this run (end state consistent).
    pub guarantees_held: bool,
}

const OTA_EVENTS: [&str; 4] = ["downloaded", "enabled", "deleted", "rolled-back"];
const HURT: [&str; 3] = ["roaming-blocked", "attach-rejected", "throttled"];
const ATTACH: [&str; 5] = [
    "attached-home",
    "attached-roaming",
    "throttled",
    "roaming-blocked",
    "attach-rejected",
];

/// What one device used over its run, for the cost model.
pub(crate) fn usage_of(d: &DeviceReport) -> Usage {
    let ota = (d.history.iter())
        .filter(|h| OTA_EVENTS.contains(&h.event))
        .count();
    Usage {
        home_days: d.home_days,
        roaming_days: d.roaming_days,
        downloads: d.attempts,
        ota_operations: u32::try_from(ota).unwrap_or(u32::MAX),
    }
}

/// The figures of one device.
fn device_figures(
    d: &DeviceReport,
    strategy: Strategy,
    seed: u64,
    days: u32,
    s: &Strategies,
    m: &CostModel,
) -> Figures {
    let seen = |e: &str| d.history.iter().any(|h| h.event == e);
    let g = gaps(seed, &d.eid, &d.history, days, s);
    let sum = |f: fn(&GapCause) -> bool| -> u64 {
        g.iter().filter(|x| f(&x.cause)).map(|x| x.seconds).sum()
    };
    let usage = usage_of(d);
    Figures {
        devices: 1,
        blocked: u32::from(seen("roaming-blocked") || seen("attach-rejected")),
        throttled: u32::from(seen("throttled")),
        exposed: u32::from(d.exposed_after),
        gaps: g.len() as u64,
        gap_seconds: g.iter().map(|x| x.seconds).sum(),
        switch_gap_seconds: sum(|c| *c != GapCause::Outage),
        outage_seconds: sum(|c| *c == GapCause::Outage),
        ota_operations: u64::from(usage.ota_operations),
        downloads: u64::from(d.attempts),
        failures: u32::from(d.attention.is_some()),
        cost: m.per_device_month(strategy, &usage, days),
        settlement: None,
    }
}

fn add(into: &mut Figures, f: &Figures, costs: &mut Vec<Cost>) {
    into.devices += f.devices;
    into.blocked += f.blocked;
    into.throttled += f.throttled;
    into.exposed += f.exposed;
    into.gaps += f.gaps;
    into.gap_seconds += f.gap_seconds;
    into.switch_gap_seconds += f.switch_gap_seconds;
    into.outage_seconds += f.outage_seconds;
    into.ota_operations += f.ota_operations;
    into.downloads += f.downloads;
    into.failures += f.failures;
    costs.push(f.cost);
}

fn event_country(e: &Event) -> &'static str {
    match &e.change {
        Change::Regulation { country, .. } => country,
        Change::Carrier { operator, .. } => crate::world::countries::COUNTRIES
            .iter()
            .find(|c| c.operators.contains(operator))
            .map_or("", |c| c.code),
    }
}

/// Whether a device is hurt at the end: its last attach cut off or throttled, or exposed.
fn hurt_at_end(d: &DeviceReport) -> bool {
    let last = d.history.iter().rev().find(|h| ATTACH.contains(&h.event));
    d.exposed_after || last.is_some_and(|h| HURT.contains(&h.event))
}

fn event_outcome(e: &Event, devices: &[DeviceReport]) -> EventOutcome {
    let code = event_country(e);
    let mine = devices.iter().filter(|d| d.country == code);
    let (mut hit, mut unresolved) = (0, 0);
    for d in mine {
        let hurt_after = d
            .history
            .iter()
            .any(|h| h.day >= e.day && HURT.contains(&h.event));
        // A country that forbids roaming does not cut roamers off: they are exposed.
        let exposed_by_it = matches!(e.change, Change::Regulation { .. }) && d.exposed_after;
        let hit_by_it = hurt_after || exposed_by_it;
        hit += u32::from(hit_by_it);
        unresolved += u32::from(hit_by_it && hurt_at_end(d));
    }
    EventOutcome {
        event: e.label(),
        hit,
        unresolved,
        absorbed: unresolved == 0,
    }
}

impl StrategyResult {
    /// Adds the settlement of the run's ledger, per country (of the visited operator) and
    /// in total.
    pub fn with_ledger(mut self, l: &crate::ledger::report::LedgerReport) -> StrategyResult {
        let mut total = Settlement::default();
        for f in self.countries.values_mut() {
            f.settlement = Some(Settlement::default());
        }
        for p in &l.settlement {
            total.add(p);
            let country = crate::world::countries::COUNTRIES.iter().find(|c| {
                c.operators
                    .iter()
                    .any(|o| p.log.split('|').any(|party| party == o.name))
            });
            if let Some(f) = country.and_then(|c| self.countries.get_mut(c.code)) {
                f.settlement.get_or_insert_with(Settlement::default).add(p);
            }
        }
        self.totals.settlement = Some(total);
        self
    }

    /// Reads the report of a run made with `options`.
    pub fn of(
        options: &crate::run::options::DemoOptions,
        report: &Report,
        model: &CostModel,
    ) -> StrategyResult {
        StrategyResult::new(
            options.strategy,
            report,
            &options.scenario,
            (options.seed, options.days),
            &options.strategies,
            model,
        )
    }

    /// Reads a run's report into the strategy's figures.
    pub fn new(
        strategy: Strategy,
        report: &Report,
        scenario: &Scenario,
        (seed, days): (u64, u32),
        strategies: &Strategies,
        model: &CostModel,
    ) -> StrategyResult {
        let mut countries: BTreeMap<String, (Figures, Vec<Cost>)> = BTreeMap::new();
        let mut totals = (Figures::default(), Vec::new());
        for d in &report.devices {
            let f = device_figures(d, strategy, seed, days, strategies, model);
            let c = countries.entry(d.country.clone()).or_default();
            add(&mut c.0, &f, &mut c.1);
            add(&mut totals.0, &f, &mut totals.1);
        }
        let finish = |(mut f, costs): (Figures, Vec<Cost>)| {
            f.cost = Cost::mean(&costs);
            f
        };
        StrategyResult {
            strategy,
            countries: countries.into_iter().map(|(k, v)| (k, finish(v))).collect(),
            totals: finish(totals),
            events: scenario
                .events
                .iter()
                .map(|e| event_outcome(e, &report.devices))
                .collect(),
            guarantees_held: report.guarantees.iter().all(|c| c.passed),
        }
    }
}

/// The rows of the side-by-side table: a label and how to read the figure.
type Row = (&'static str, fn(&Figures) -> String);

const ROWS: [Row; 12] = [
    ("blocked", |f| f.blocked.to_string()),
    ("throttled", |f| f.throttled.to_string()),
    ("exposed at end", |f| f.exposed.to_string()),
    ("gaps", |f| f.gaps.to_string()),
    ("gap time", |f| duration(f.gap_seconds)),
    ("OTA operations", |f| f.ota_operations.to_string()),
    ("downloads", |f| f.downloads.to_string()),
    ("failures", |f| f.failures.to_string()),
    ("$/device/month", |f| format!("{:.2}", f.cost.total)),
    ("ledger settled", |f| money(f, |s| s.settled)),
    ("clearing house", |f| money(f, |s| s.clearing_house)),
    ("saving", |f| money(f, |s| s.saving)),
];

/// A settlement figure in dollars, `-` without a ledger.
fn money(f: &Figures, read: fn(&Settlement) -> f64) -> String {
    f.settlement
        .as_ref()
        .map_or_else(|| "-".into(), |s| format!("${:.2}", read(s)))
}

/// `95 s`, `3.2 h`, `12.5 d`.
pub fn duration(s: u64) -> String {
    match s {
        0..3600 => format!("{s} s"),
        3600..86_400 => format!("{:.1} h", s as f64 / 3600.0),
        _ => format!("{:.1} d", s as f64 / 86_400.0),
    }
}

/// The comparison for the terminal: per country and in total, strategies side by side;
/// then each scenario event and who absorbed it.
pub fn table(results: &[StrategyResult]) -> String {
    let mut out = String::new();
    let _ = write!(out, "{:<8} {:<15}", "country", "");
    for r in results {
        let _ = write!(out, " {:>16}", r.strategy.name());
    }
    out.push('\n');
    let mut scopes: Vec<String> = results
        .first()
        .map(|r| r.countries.keys().cloned().collect())
        .unwrap_or_default();
    scopes.push("total".into());
    for scope in &scopes {
        for (i, (label, read)) in ROWS.iter().enumerate() {
            let name = if i == 0 { scope.as_str() } else { "" };
            let _ = write!(out, "{name:<8} {label:<15}");
            for r in results {
                let f = if scope == "total" {
                    Some(&r.totals)
                } else {
                    r.countries.get(scope)
                };
                let v = f.map(read).unwrap_or_else(|| "-".into());
                let _ = write!(out, " {v:>16}");
            }
            out.push('\n');
        }
    }
    let events = results.first().map_or(0, |r| r.events.len());
    for i in 0..events {
        let _ = writeln!(out, "\nevent: {}", results[0].events[i].event);
        let _ = write!(out, "{:<8} {:<15}", "", "hit / unresolved");
        for r in results {
            let e = &r.events[i];
            let mark = if e.absorbed { "absorbed" } else { "NOT" };
            let v = format!("{}/{} {mark}", e.hit, e.unresolved);
            let _ = write!(out, " {v:>16}");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::devices::device::HistoryEntry;

    fn device(country: &str, events: &[(u32, &'static str)]) -> DeviceReport {
        let mut d = Report::new(Vec::new());
        d.devices.clear();
        DeviceReport {
            eid: format!("E{country}{}", events.len()),
            country: country.into(),
            enabled_iccid: None,
            enabled_profile_type: None,
            fallback_iccid: None,
            serving: crate::report::ServingReport::Roaming,
            attached: true,
            localized: false,
            attempts: 1,
            rollbacks: 0,
            attention: None,
            history: events
                .iter()
                .map(|(day, e)| HistoryEntry {
                    day: *day,
                    event: e,
                    detail: String::new(),
                })
                .collect(),
            localize_seconds: None,
            exposed_before: false,
            exposed_after: false,
            exposed_days: None,
            exposed_without_from: None,
            home_days: 10,
            roaming_days: 20,
            quirks: Vec::new(),
        }
    }

    #[test]
    fn figures_add_up_and_events_are_judged_on_the_end_state() {
        let report = Report::new(vec![
            device("AU", &[(0, "attached-roaming"), (60, "roaming-blocked")]),
            device(
                "AU",
                &[(0, "attached-roaming"), (50, "downloaded"), (50, "enabled")],
            ),
            device("DE", &[(0, "imsi-switched"), (0, "attached-home")]),
        ]);
        let scenario = Scenario::from_toml(
            "[[event]]\nday = 60\ncountry = \"AU\"\nroaming = \"block\"\nlimit_days = 30\n",
        )
        .unwrap();
        let s = Strategies::shipped();
        let m = CostModel::shipped();
        let r = StrategyResult::new(Strategy::Localize, &report, &scenario, (1, 90), &s, &m);
        assert_eq!(r.totals.devices, 3);
        assert_eq!(r.countries["AU"].blocked, 1);
        assert_eq!(r.totals.ota_operations, 2);
        assert_eq!(
            r.totals.gaps, 3,
            "one outage, one eUICC and one IMSI switch"
        );
        assert_eq!(r.countries["AU"].outage_seconds, 30 * 86_400);
        assert_eq!(r.events[0].hit, 1);
        assert!(!r.events[0].absorbed);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["strategy"], "localize");
        for k in [
            "blocked",
            "throttled",
            "exposed",
            "gaps",
            "gap_seconds",
            "cost",
        ] {
            assert!(json["totals"].get(k).is_some(), "{k}");
        }
        assert!(table(&[r]).contains("$/device/month"));
    }
}
