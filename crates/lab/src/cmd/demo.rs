//! `rsp-lab demo`: the localization lab in one command. Starts the SM-DP+ and the eIM on
//! loopback, deploys a fleet of software eUICCs on their bootstrap profile, lives simulated
//! days in which the policy localizes devices over the air, and prints a table per
//! country, the permanent-roaming exposure before and after, and the guarantees checked
//! against the end state (exit status 1 when one fails).

use std::path::{Path, PathBuf};

use eim::policy::Policy;
use fleet::compare::{StrategyResult, table};
use fleet::ledger::LedgerOptions;
use fleet::ledger::report::LedgerReport;
use fleet::run::options::{
    DEFAULT_ATTACH_FAILURE_RATE, DEFAULT_DAYS, DEFAULT_DEVICES, DEFAULT_DROP_RATE, DEFAULT_SEED,
    DemoOptions, parse_countries,
};
use fleet::run::progress::Progress;
use fleet::run::{DemoOutcome, run};
use fleet::servers::outside::OutsideSmdp;
use fleet::world::cost::CostModel;
use fleet::world::outage::{Delivery, Outage};
use fleet::world::scenario::Scenario;
use fleet::world::strategy::{Strategies, Strategy};

use super::demo_error::DemoError;

/// Options of `rsp-lab demo`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// Devices in the fleet.
    #[arg(long, default_value_t = DEFAULT_DEVICES)]
    devices: u32,
    /// Countries to deploy in, comma-separated ISO codes (default: every modelled one:
    /// CN,BR,IN,TR,DE,BE,US,CA,AU,JP,FR,MX).
    #[arg(long)]
    countries: Option<String>,
    /// Simulated days.
    #[arg(long, default_value_t = DEFAULT_DAYS)]
    days: u32,
    /// Share of local profiles that cannot attach (0 to 1).
    #[arg(long, default_value_t = DEFAULT_ATTACH_FAILURE_RATE)]
    attach_failure_rate: f64,
    /// Share of answers (ESipa, ES9+) devices lose after the server processed them.
    #[arg(long, default_value_t = DEFAULT_DROP_RATE)]
    drop_rate: f64,
    /// Share of local profiles whose network attaches but does not reach the eIM for hours
    /// after their enable, longer than the IPA waits: it rolls back (0 to 1, default 0).
    #[arg(long, value_name = "RATE", default_value_t = 0.0)]
    eim_unreachable_after_enable: f64,
    /// Same seed, same run.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Write the JSON report there.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Data directory: the PKI (generated once, kept) and the databases (fresh each run).
    #[arg(long, default_value = "rsp-lab-data")]
    data: PathBuf,
    /// Localization policy (TOML) replacing the shipped one (crates/eim/policy/default.toml).
    #[arg(long)]
    policy: Option<PathBuf>,
    /// Write every message of every interface to files there.
    #[arg(long)]
    trace_dir: Option<PathBuf>,
    /// Both roles' databases on this PostgreSQL server (`postgres://user@host/db`) instead
    /// of SQLite files; the run recreates `rsp_lab_demo_smdp` and `rsp_lab_demo_eim` there.
    #[arg(long)]
    database: Option<String>,
    /// SM-DP+ and eIM instances over those databases (more than one needs --database).
    #[arg(long, default_value_t = 1)]
    instances: usize,
    /// Write the report as one self-contained HTML page with charts there.
    #[arg(long)]
    html: Option<PathBuf>,
    /// Serve the eIM's fleet dashboard during the run and keep the servers and the
    /// dashboard up after it until Ctrl-C (its URL with the access token is printed).
    #[arg(long)]
    serve: bool,
    /// The dashboard's address (default with --serve: 127.0.0.1:8447; port 0: any). Without
    /// --serve the dashboard is up during the run only.
    #[arg(long)]
    web_listen: Option<std::net::SocketAddr>,
    /// Keep the roaming ledger of the run (seed 002) in this folder: one database per
    /// partner, one log per partner pair; adds a ledger section to the output and `ledger`
    /// to the JSON report. Without it (and without --fraud-rate) nothing changes.
    #[arg(long)]
    ledger: Option<PathBuf>,
    /// Share of devices given one out-of-policy case (voice, streaming, data beyond the
    /// allowance, another TAC, an undeployed country, a download burst); implies the
    /// ledger, in DATA/ledger unless --ledger says where.
    #[arg(long, default_value_t = 0.0)]
    fraud_rate: f64,
    /// How the fleet stays connected: roaming, multi-imsi, localize (default), tiered or
    /// multi-imsi+euicc (`compare`: a comma-separated list, default all).
    #[arg(long)]
    pub strategy: Option<String>,
    /// The multi-IMSI IMSIs, switching gaps and tiers (TOML) replacing the shipped
    /// crates/lab/models/strategies.toml.
    #[arg(long)]
    strategies: Option<PathBuf>,
    /// Dated changes of regulation and carriers (TOML, see examples/scenarios/).
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Cost model (TOML) replacing the shipped crates/lab/models/cost-model.toml.
    #[arg(long)]
    pub cost_model: Option<PathBuf>,
    /// How localizations reach the devices: eim (the default: the eIM's policy, packages
    /// over ESipa), smds (no eIM: ES2+ orders announced at the root SM-DS, found by each
    /// device's LPAd) or sgp02 (M2M eUICCs: ES2 orders to the SGP.02 SM-DP, downloaded and
    /// enabled through the SM-SR over the lab's SMSC). `compare`: a comma-separated list
    /// compares deliveries instead of strategies.
    #[arg(long)]
    pub delivery: Option<String>,
    /// A server unreachable on some simulated days, ROLE:FROM-TO (both days included; ROLE
    /// smdp, smds with --delivery smds, or smsr with --delivery sgp02: stopped, then
    /// started again on its database). Repeatable.
    #[arg(long, value_name = "ROLE:FROM-TO")]
    pub outage: Vec<String>,
    /// Run against an SM-DP+ outside the lab: its ES9+ (https://HOST[:PORT], HOST its SM-DP+
    /// address), loaded beforehand with the run's inventory (--print-inventory); the eIM
    /// and the devices stay the lab's, on the PKI in --data that SM-DP+ trusts.
    #[arg(long, value_name = "URL", requires = "es2")]
    smdp: Option<String>,
    /// The outside SM-DP+'s ES2+ (https://HOST:PORT).
    #[arg(long, value_name = "URL", requires = "smdp")]
    es2: Option<String>,
    /// Connect to this address for the --smdp and --es2 host instead of resolving it.
    #[arg(long, value_name = "IP", requires = "smdp")]
    smdp_connect: Option<std::net::IpAddr>,
    /// Print the `rsp-lab smdp inventory add` commands that load this run's local profiles
    /// into an SM-DP+ (for --smdp), then exit.
    #[arg(long)]
    print_inventory: bool,
    /// Mix field-quirk devices into the fleet: TOML giving quirks for every device and
    /// each quirk's share of the devices, drawn by --seed (see the guide's "Field quirks").
    #[arg(long, value_name = "FILE")]
    quirks: Option<PathBuf>,
    /// How the devices reach the eIM with --delivery eim: https (the default) or coap
    /// (ESipa over CoAP on DTLS, the eIM's certificate checked as over HTTPS, on each
    /// country's lossy network). compare takes both, https,coap: the bindings side by side.
    #[arg(long, value_name = "BINDING", value_parser = parse_esipa)]
    esipa: Option<String>,
    /// With --esipa coap, the share of the devices on CoAP (drawn by --seed); the others
    /// poll over HTTPS: a mixed fleet (default 1).
    #[arg(long, value_name = "FRACTION", requires = "esipa", value_parser = parse_share)]
    coap_share: Option<f64>,
}

/// `--coap-share`: a fraction above 0, at most 1.
fn parse_share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(f) if f > 0.0 && f <= 1.0 => Ok(f),
        _ => Err(format!("{s:?}: a fraction above 0, at most 1")),
    }
}

/// `--esipa`: `https`, `coap`, or both separated by a comma.
fn parse_esipa(s: &str) -> Result<String, String> {
    let names: Vec<&str> = s.split(',').map(str::trim).collect();
    if names.iter().any(|n| !matches!(*n, "https" | "coap")) {
        return Err(format!("{s:?}: https, coap or https,coap"));
    }
    if names.len() > 2 || (names.len() == 2 && names[0] == names[1]) {
        return Err(format!("{s:?}: each binding once"));
    }
    Ok(names.join(","))
}

fn read(path: &Path) -> Result<String, DemoError> {
    std::fs::read_to_string(path).map_err(|source| DemoError::Read {
        path: path.to_path_buf(),
        source,
    })
}

impl Args {
    /// The cost model of the run.
    pub(crate) fn cost_model(&self) -> Result<CostModel, DemoError> {
        match &self.cost_model {
            Some(p) => CostModel::from_toml(&read(p)?).map_err(|source| DemoError::CostModel {
                path: p.clone(),
                source,
            }),
            None => Ok(CostModel::shipped()),
        }
    }

    /// The report's path, if any.
    pub(crate) fn report(&self) -> Option<&Path> {
        self.report.as_deref()
    }

    /// The ESipa bindings `--esipa` names (none without it).
    pub(crate) fn esipa_bindings(&self) -> Vec<&str> {
        self.esipa
            .as_deref()
            .map_or_else(Vec::new, |s| s.split(',').collect())
    }

    pub(crate) fn options(&self) -> Result<DemoOptions, DemoError> {
        let mut o = DemoOptions {
            devices: self.devices,
            days: self.days,
            attach_failure_rate: self.attach_failure_rate,
            drop_rate: self.drop_rate,
            eim_unreachable_after_enable: self.eim_unreachable_after_enable,
            seed: self.seed,
            data_dir: self.data.clone(),
            trace_dir: self.trace_dir.clone(),
            database: self.database.clone(),
            instances: self.instances,
            web_listen: (self.serve || self.web_listen.is_some()).then(|| {
                self.web_listen
                    .unwrap_or_else(|| std::net::SocketAddr::from(([127, 0, 0, 1], 8447)))
            }),
            keep_serving: self.serve,
            ..DemoOptions::default()
        };
        if self.ledger.is_some() || self.fraud_rate != 0.0 {
            o.ledger = Some(LedgerOptions {
                dir: self
                    .ledger
                    .clone()
                    .unwrap_or_else(|| self.data.join("ledger")),
                fraud_rate: self.fraud_rate,
            });
        }
        if let Some(list) = &self.countries {
            o.countries = parse_countries(list)?;
        }
        if let Some(path) = &self.policy {
            o.policy = Policy::from_toml(&read(path)?).map_err(|source| DemoError::Policy {
                path: path.clone(),
                source,
            })?;
        }
        if let Some(p) = &self.strategies {
            o.strategies =
                Strategies::from_toml(&read(p)?).map_err(|source| DemoError::Strategies {
                    path: p.clone(),
                    source,
                })?;
        }
        // A list (`compare`) is checked run by run below, each with the outages in its
        // path; each run sets its own.
        let mut deliveries = Vec::new();
        if let Some(list) = &self.delivery {
            for d in list.split(',').filter(|d| !d.trim().is_empty()) {
                deliveries.push(Delivery::parse(d)?);
            }
        }
        if let Some(first) = deliveries.first() {
            o.delivery = *first;
        }
        for text in &self.outage {
            o.outages.push(Outage::parse(text)?);
        }
        if let (Some(es9), Some(es2)) = (&self.smdp, &self.es2) {
            o.outside_smdp = Some(OutsideSmdp {
                es9_url: es9.clone(),
                es2_url: es2.clone(),
                connect: self.smdp_connect,
            });
        }
        if let Some(p) = &self.scenario {
            o.scenario = Scenario::from_toml(&read(p)?).map_err(|source| DemoError::Scenario {
                path: p.clone(),
                source,
            })?;
        }
        if let Some(p) = &self.quirks {
            o.quirks = Some(lpa::quirks::QuirksFile::load(p)?);
        }
        o.esipa_coap = self.esipa.as_deref() == Some("coap");
        if self.coap_share.is_some() && !o.esipa_coap {
            return Err(DemoError::CoapShareWithoutCoap);
        }
        o.esipa_coap_share = self.coap_share.unwrap_or(1.0);
        if deliveries.len() > 1 {
            for d in deliveries {
                delivered_by(&o, d).check()?;
            }
        } else {
            o.check()?;
        }
        Ok(o)
    }
}

/// `options` run with `delivery`, with the outages of the servers in its path only.
pub(crate) fn delivered_by(options: &DemoOptions, delivery: Delivery) -> DemoOptions {
    let mut o = options.clone();
    o.delivery = delivery;
    o.outages.retain(|x| x.role.concerns(delivery));
    o
}

fn percent(p: f64) -> String {
    format!("{}%", (p * 1000.0).round() / 10.0)
}

/// `1 device`, `2 devices`.
fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn print(outcome: &DemoOutcome, options: &DemoOptions) {
    let i = &outcome.info;
    println!();
    println!("{}", outcome.report.table());
    let t = &outcome.report.totals;
    println!(
        "permanent-roaming exposure (devices resident on a foreign IMSI longer than their \
         country allows at day {}): {} without localization, {} with it",
        i.days, t.exposed_before, t.exposed_after
    );
    println!();
    println!("guarantees:");
    for c in &outcome.checks {
        let mark = if c.passed { "PASS" } else { "FAIL" };
        println!("  {mark}  {}: {}", c.guarantee, c.detail);
    }
    if options.outside_smdp.is_some() {
        println!("  {}", fleet::report::checks::NOT_CHECKED_OUTSIDE);
    }
    print_counts(outcome);
    print_extras(outcome, options);
    print_where(options);
}

/// The run's counts and where its time went.
fn print_counts(outcome: &DemoOutcome) {
    let i = &outcome.info;
    let tm = &outcome.timing;
    let n = &outcome.counts;
    println!();
    println!(
        "{}, {}, {}, {} lost; {:.1} s: set-up {:.1} s, deployment {:.1} s, {} days {:.1} s, \
         drain {:.1} s, checks {:.1} s",
        count(n.polls, "poll"),
        count(n.downloads, "download"),
        count(n.rollbacks, "rollback"),
        count(n.lost_answers, "answer"),
        tm.total.as_secs_f64(),
        tm.setup.as_secs_f64(),
        tm.deploy.as_secs_f64(),
        i.days,
        tm.days.as_secs_f64(),
        tm.drain.as_secs_f64(),
        tm.checks.as_secs_f64()
    );
    if let Some(w) = &outcome.report.esipa_wire {
        let datagrams = if w.datagrams > 0 {
            format!(
                ", {} datagrams ({} lost), {} sent again",
                w.datagrams, w.lost, w.retransmissions
            )
        } else {
            String::new()
        };
        println!(
            "ESipa over {}: {} octets sent, {} received ({:.0} per poll), {}{datagrams}",
            w.binding,
            w.octets_sent,
            w.octets_received,
            w.octets_per_poll,
            count(w.handshakes, "handshake"),
        );
    }
}

/// What the run had beyond the table: quirks, rollback causes, instances, discovery.
fn print_extras(outcome: &DemoOutcome, options: &DemoOptions) {
    let i = &outcome.info;
    for q in &outcome.report.quirks {
        println!(
            "quirk {}: {}, {} localized, {} needing attention ({})",
            q.quirk,
            count(q.devices, "device"),
            q.localized,
            q.attention,
            q.citation
        );
    }
    if let Some(r) = &outcome.report.rollbacks_by_cause {
        println!(
            "rollbacks by cause: {} no attach with the new profile, {} eIM unreachable after \
             the enable ({} of local profiles)",
            r.no_attach,
            r.eim_unreachable,
            percent(options.eim_unreachable_after_enable)
        );
    }
    if !i.instance_polls.is_empty() {
        let spread: Vec<String> = i
            .instance_polls
            .iter()
            .enumerate()
            .map(|(k, n)| format!("instance {}: {n}", k + 1))
            .collect();
        println!(
            "{} SM-DP+ and {} eIM instances over PostgreSQL; polls per eIM instance (each \
             device moves to the next instance every day): {}",
            options.instances,
            options.instances,
            spread.join(", ")
        );
    }
    if let Some(f) = &outcome.discovery {
        println!("localization by discovery at the root SM-DS, no eIM:");
        print!("{}", fleet::compare::delivery::facts_text(f));
    }
    if let Some(f) = &outcome.sgp02 {
        println!("localization through the SGP.02 SM-DP and SM-SR over SMS, no eIM:");
        print!("{}", fleet::compare::delivery::sgp02_text(f));
    }
}

/// Where the run's data and traces are.
fn print_where(options: &DemoOptions) {
    match &options.database {
        None if options.outside_smdp.is_some() => println!(
            "data: {} (PKI kept; database eim.db of this run; the SM-DP+'s is its own)",
            options.data_dir.display()
        ),
        None if options.delivery == Delivery::Smds => println!(
            "data: {} (PKI kept; databases smdp.db and smds.db of this run)",
            options.data_dir.display()
        ),
        None if options.delivery == Delivery::Sgp02 => println!(
            "data: {} (PKI kept; databases smdp.db and smsr.db of this run)",
            options.data_dir.display()
        ),
        None => println!(
            "data: {} (PKI kept; databases smdp.db and eim.db of this run)",
            options.data_dir.display()
        ),
        Some(url) => println!(
            "data: {} (PKI kept); databases rsp_lab_demo_smdp and rsp_lab_demo_eim on {}",
            options.data_dir.display(),
            storage::url_for_display(url)
        ),
    }
    if let Some(t) = &options.trace_dir {
        println!(
            "traces: {}/smdp, {}/eim (server side), {}/devices/<EID> (each device's IPA and LPA)",
            t.display(),
            t.display(),
            t.display()
        );
    }
}

/// Keeps the servers of the run up until Ctrl-C or SIGTERM.
async fn keep_serving(servers: fleet::servers::Servers) -> Result<(), DemoError> {
    let stop = infra::signals::termination().map_err(DemoError::Signals)?;
    println!(
        "serving: eIM ESipa {}, operator API {}, SM-DP+ ES9+ {}",
        servers.eim.esipa_addr(),
        servers.eim.api_addr(),
        servers.smdp_addrs().0
    );
    if let Some(url) = servers.eim.web_url() {
        println!("dashboard: {url}");
    }
    println!("press Ctrl-C to stop");
    stop.await;
    servers.shutdown().await;
    Ok(())
}

/// The JSON report; with the ledger, its section under `ledger` (without it, the report
/// exactly as before).
fn report_json(
    outcome: &DemoOutcome,
    ledger: Option<&LedgerReport>,
) -> Result<Vec<u8>, serde_json::Error> {
    #[derive(serde::Serialize)]
    struct WithLedger<'a, R: serde::Serialize> {
        #[serde(flatten)]
        report: &'a R,
        ledger: &'a LedgerReport,
    }
    match ledger {
        None => serde_json::to_vec_pretty(&outcome.report),
        Some(ledger) => serde_json::to_vec_pretty(&WithLedger {
            report: &outcome.report,
            ledger,
        }),
    }
}

/// The first line of a run: what it is asked to do.
pub(crate) fn headline(command: &str, options: &DemoOptions) -> String {
    let mut line = format!(
        "rsp-lab {command}: {} in {}, {} days, seed {}, {} of local profiles cannot \
         attach, {} of answers lost",
        count(options.devices, "device"),
        options
            .countries
            .iter()
            .map(|c| c.code)
            .collect::<Vec<_>>()
            .join(","),
        options.days,
        options.seed,
        percent(options.attach_failure_rate),
        percent(options.drop_rate)
    );
    if options.eim_unreachable_after_enable > 0.0 {
        line.push_str(&format!(
            ", {} of local profiles cannot reach the eIM after their enable",
            percent(options.eim_unreachable_after_enable)
        ));
    }
    line
}

/// `--print-inventory`: the commands that load the run's local profiles into an SM-DP+.
fn print_inventory(options: &DemoOptions) -> Result<(), DemoError> {
    for line in fleet::run::plan::inventory_plan_commands(options)? {
        println!("{line}");
    }
    Ok(())
}

pub(crate) fn run_demo(args: Args) -> Result<(), DemoError> {
    if args.esipa_bindings().len() > 1 {
        return Err(DemoError::Bindings);
    }
    let mut options = args.options()?;
    if args.print_inventory {
        return print_inventory(&options);
    }
    if let Some(s) = &args.strategy {
        options.strategy = Strategy::parse(s)?;
    }
    // The default run prints what it always printed; a strategy or a scenario adds its line.
    let extra = args.strategy.is_some() || args.scenario.is_some();
    let model = args.cost_model()?;
    println!("{}", headline("demo", &options));
    if let Some(o) = &options.outside_smdp {
        println!(
            "SM-DP+ outside the lab: ES9+ {}, ES2+ {} (the eIM and the devices are the lab's)",
            o.es9_url, o.es2_url
        );
    }
    if options.delivery == Delivery::Smds {
        println!("delivery: ES2+ orders announced at the root SM-DS, found by each device's LPAd");
    }
    if options.delivery == Delivery::Sgp02 {
        println!(
            "delivery: ES2 orders to the SGP.02 SM-DP, downloaded and enabled through the SM-SR \
             over SMS to M2M eUICCs"
        );
    }
    if extra {
        println!(
            "strategy {}, {} scenario event(s)",
            options.strategy.name(),
            options.scenario.events.len()
        );
    }
    let progress = Progress::new(options.days, true);
    let runtime = crate::runtime()?;
    let mut outcome = runtime.block_on(run(&options, &progress))?;
    print(&outcome, &options);
    let ledger = outcome.ledger.take();
    if let Some(r) = &ledger {
        println!("\n{}", r.text());
    }
    if extra {
        let mut r = StrategyResult::of(&options, &outcome.report, &model);
        if let Some(l) = &ledger {
            r = r.with_ledger(l);
        }
        println!();
        print!("{}", table(std::slice::from_ref(&r)));
    }
    if let Some(path) = &args.report {
        let json = report_json(&outcome, ledger.as_ref())?;
        std::fs::write(path, json).map_err(|source| DemoError::Write {
            path: path.clone(),
            source,
        })?;
        println!("report: {}", path.display());
    }
    if let Some(path) = &args.html {
        std::fs::write(path, fleet::report::html::render(&outcome.report)).map_err(|source| {
            DemoError::Write {
                path: path.clone(),
                source,
            }
        })?;
        println!("HTML report: {}", path.display());
    }
    if let Some(servers) = outcome.servers.take() {
        runtime.block_on(keep_serving(servers))?;
    }
    if let Some(problems) = ledger
        .as_ref()
        .map(|l| l.verification.problems)
        .filter(|&n| n > 0)
    {
        return Err(DemoError::LedgerProblems(problems));
    }
    if outcome.passed() {
        Ok(())
    } else {
        let failed = outcome.checks.iter().filter(|c| !c.passed).count();
        Err(DemoError::Guarantees(failed))
    }
}
