//! A run whose localizations reach the devices through the eIM (SGP.32): each device's
//! IPA polls the eIM over ESipa, which hands it the eUICC packages of the policy's
//! localizations.
//!
//! Each day's sessions run in [`crate::run::rounds`]: every device that polls that day at once
//! (bounded), the ES2+ orders of localizations placed between rounds in device order, so
//! that the SM-DP+ hands out each country's inventory in the same order in every run and
//! the same seed gives the same report.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::devices::deploy::Factory;
use crate::devices::device::{DayContext, SimDevice};
use crate::devices::route::Route;
use crate::ledger::live::LiveLedger;
use crate::report::checks::{Check, check_all};
use crate::report::{EsipaWire, Report, RollbacksByCause, RunInfo, daily};
use crate::run::day_parts::{DayPart, DayParts};
use crate::run::error::RunError;
use crate::run::gather::gather;
use crate::run::joined::bounded;
use crate::run::options::DemoOptions;
use crate::run::outcome::{Counts, DemoOutcome, Timing};
use crate::run::plan::{FleetPlan, inventory_plan};
use crate::run::progress::{Progress, Tally};
use crate::run::react::react;
use crate::run::rounds::{Group, Slot, sessions};
use crate::servers::observe::Work;
use crate::servers::{Layout, Servers, lab_pki};
use crate::world::World;
use crate::world::inventory::TypePlan;

/// Runs `f` on every group at once and gives the groups back in their order, with the
/// places in each of the devices `f` chose (those with a session to run).
async fn each_group<F, Fut>(groups: Vec<Group>, f: F) -> Result<(Vec<Group>, Vec<Slot>), RunError>
where
    F: Fn(Group) -> Fut,
    Fut: Future<Output = (Group, Vec<usize>)> + Send + 'static,
{
    let mut set = JoinSet::new();
    for (n, g) in groups.into_iter().enumerate() {
        let work = f(g);
        set.spawn(async move { (n, work.await) });
    }
    let mut out = Vec::new();
    while let Some(done) = set.join_next().await {
        out.push(done.map_err(|e| RunError::task("a country's task", e))?);
    }
    out.sort_by_key(|(n, _)| *n);
    let mut chosen = Vec::new();
    let groups = out
        .into_iter()
        .map(|(n, (g, places))| {
            chosen.extend(places.into_iter().map(|p| (n, p)));
            g
        })
        .collect();
    Ok((groups, chosen))
}

/// Every device of the fleet, country by country.
fn all_devices(groups: &[Group]) -> Vec<&SimDevice> {
    groups.iter().flat_map(|(_, ds)| ds).map(|d| &**d).collect()
}

fn tally(groups: &[Group]) -> Tally {
    Tally::of(groups.iter().flat_map(|(_, ds)| ds).map(|d| &d.log))
}

/// Devices made at once during deployment. Each registers at the eIM and has its bootstrap
/// profile claimed at the SM-DP+, a write transaction each: with more of them waiting, each
/// role's writer commits them in larger groups (`storage::group`), writing each page of the
/// growing tables once per group instead of once per few devices; 256 deployed the
/// fastest of the widths measured (BENCHMARKING.md, lessons).
const DEPLOY_CONCURRENCY: usize = 256;

/// Deploys the fleet: credentials, bootstrap, registration, IPA per device.
async fn deploy(
    options: &DemoOptions,
    servers: &Servers,
    trace: Option<&std::path::Path>,
) -> Result<(Vec<Group>, Arc<World>, Arc<[Route]>), RunError> {
    let plan = FleetPlan::new(options, &servers.pki, &servers.catalog)?;
    let world = plan.world.clone();
    let factory = Factory::new(
        servers,
        world.clone(),
        trace,
        options.seed,
        options.drop_rate,
    )?;
    let coap_share = if options.esipa_coap {
        options.esipa_coap_share
    } else {
        0.0
    };
    let factory = Factory {
        quirks: options.quirks.clone(),
        coap_share,
        ..factory
    };
    let routes = factory.routes.clone();
    // Devices are made concurrently (both roles and the eUICCs share the cores); their
    // order, and so every later step, stays that of their index.
    let factory = Arc::new(factory);
    let items = plan.items();
    let made = bounded(
        items,
        DEPLOY_CONCURRENCY,
        "the deployment's tasks",
        move |(i, c, place, bootstrap)| {
            let factory = factory.clone();
            async move { (i, factory.device(i, c, place, &bootstrap).await) }
        },
    )
    .await?;
    let mut made = (made.into_iter())
        .map(|(i, d)| Ok((i, d?)))
        .collect::<Result<Vec<_>, RunError>>()?;
    made.sort_by_key(|(i, _)| *i);
    let mut by_country: HashMap<&str, Vec<Box<SimDevice>>> = HashMap::new();
    for (_, d) in made {
        by_country
            .entry(d.country.code)
            .or_default()
            .push(Box::new(d));
    }
    let groups = options
        .countries
        .iter()
        .map(|c| (*c, by_country.remove(c.code).unwrap_or_default()))
        .collect();
    Ok((groups, world, routes))
}

/// Waits (at most 30 s) for the eIM's worker to send the CancelOrders it owes; whether
/// there were any.
async fn cancels_settled(ctx: &DayContext) -> bool {
    if !matches!(ctx.fleet.cancels_pending().await, Ok(n) if n > 0) {
        return false;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match ctx.fleet.cancels_pending().await {
            Ok(0) | Err(_) => break,
            Ok(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    true
}

/// At most this many rounds of the drain. Each lets every busy device poll once; a device
/// whose downloads all fail (a field quirk the SM-DP+ refuses) takes one round per target
/// the eIM tries for it, and a round with no busy device ends the drain.
const DRAIN_ROUNDS: usize = 40;

/// Lets the devices finish what the eIM still holds for them, then the eIM forward the
/// last notifications to the SM-DP+.
async fn drain(
    groups: Vec<Group>,
    ctx: Arc<DayContext>,
    day: u32,
    parallel: usize,
) -> Result<Vec<Group>, RunError> {
    let mut groups = groups;
    for _ in 0..DRAIN_ROUNDS {
        let (mut again, due) = each_group(groups, |(c, ds)| {
            let ctx = ctx.clone();
            async move {
                let mut busy = Vec::new();
                for (p, d) in ds.iter().enumerate().filter(|(_, d)| day >= d.deploy_day) {
                    let attached = d.log.last_attach.is_some_and(|a| a.is_attached());
                    if attached
                        && (d.log.pending
                            || !matches!(ctx.fleet.work(&d.eid).await, Ok(Work::None)))
                    {
                        busy.push(p);
                    }
                }
                ((c, ds), busy)
            }
        })
        .await?;
        let idle = due.is_empty();
        // The drain is timed as a whole: its rounds are not the days'.
        sessions(
            &mut again,
            due,
            day,
            &ctx,
            parallel,
            &mut DayParts::default(),
        )
        .await?;
        groups = again;
        // With no device busy, the eIM's worker may still owe a CancelOrder, after which a
        // localization orders its next target: another round then.
        if idle && !cancels_settled(&ctx).await {
            break;
        }
    }
    // The eIM's worker forwards them on its own round.
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        match ctx.fleet.notifications_to_forward().await {
            Ok(0) | Err(_) => break,
            Ok(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    Ok(groups)
}

/// Runs the lab through the eIM: set-up, deployment, the simulated days, the drain, the
/// end state.
pub(crate) async fn run(
    options: &DemoOptions,
    progress: &Progress,
) -> Result<DemoOutcome, RunError> {
    let started = Instant::now();
    let mut timing = Timing::default();
    progress.phase("setting up: PKI, SM-DP+ and inventory, eIM");
    let (servers, types) = set_up(options).await?;
    if let Some(url) = servers.eim.web_url() {
        progress.note(&format!("dashboard: {url}"));
    }
    let endpoints = servers.endpoints();
    timing.setup = started.elapsed();

    progress.phase("deploying the fleet");
    let t = Instant::now();
    let (groups, world, routes) = deploy(options, &servers, options.trace_dir.as_deref()).await?;
    timing.deploy = t.elapsed();

    let ctx = Arc::new(DayContext {
        world: world.clone(),
        fleet: servers.eim.fleet(),
        poll_interval_days: options.poll_interval_days,
    });
    let mut live = open_ledger(options, &groups, &servers, &types).await?;
    let t = Instant::now();
    let days = Days {
        options,
        servers: &servers,
        world: &world,
        ctx: &ctx,
        types: &types,
    };
    let groups = days
        .live(groups, live.as_mut(), progress, &mut timing.day_parts)
        .await?;
    timing.days = t.elapsed();

    progress.phase("letting the last operations finish");
    let t = Instant::now();
    servers.set_day(options.days, &[]);
    let last_day = options.days - 1;
    let groups = drain(groups, ctx.clone(), last_day, options.parallel_sessions).await?;
    timing.drain = t.elapsed();

    progress.phase("reading the end state, checking the guarantees");
    let t = Instant::now();
    let mut devices: Vec<Box<SimDevice>> = groups.into_iter().flat_map(|(_, ds)| ds).collect();
    devices.sort_by_key(|d| d.index);
    // The ledger's last day reads the devices after the end state.
    let keep = live.is_some();
    let (mut end, devices) = end_state(options, devices, keep, &world, &ctx, &servers).await?;
    // every device's client came from its route's: the routes hold the fleet's counts
    let wire = routes
        .iter()
        .flat_map(Route::clients)
        .map(|c| c.wire())
        .sum();
    let binding = match (options.esipa_coap, options.esipa_coap_share) {
        (false, _) => "https",
        (true, s) if s >= 1.0 => "coap",
        (true, _) => "https+coap",
    };
    end.report.esipa_wire = Some(EsipaWire::of(binding, wire, end.counts.polls));
    timing.checks = t.elapsed();
    let ledger = match live {
        Some(l) => {
            let devices: Vec<&SimDevice> = devices.iter().map(|d| &**d).collect();
            Some(finish_ledger(l, last_day, &devices, &ctx, &servers).await?)
        }
        None => None,
    };
    drop(devices);
    let kept = keep_or_shut_down(options, servers).await;
    timing.total = started.elapsed();
    progress.finish();
    Ok(DemoOutcome {
        report: end.report,
        info: end.info,
        checks: end.checks,
        timing,
        counts: end.counts,
        endpoints,
        servers: kept,
        ledger,
        discovery: None,
        sgp02: None,
    })
}

/// The live ledger of the run, opened on the deployed fleet (with `options.ledger` only).
async fn open_ledger(
    options: &DemoOptions,
    groups: &[Group],
    servers: &Servers,
    types: &[TypePlan],
) -> Result<Option<LiveLedger>, RunError> {
    let Some(l) = &options.ledger else {
        return Ok(None);
    };
    let devices: Vec<&SimDevice> = all_devices(groups);
    let opened = LiveLedger::open(&devices, l, options.seed, servers, types).await;
    Ok(Some(opened?))
}

/// The servers, still running, when the options ask to keep serving; shut down otherwise.
async fn keep_or_shut_down(options: &DemoOptions, servers: Servers) -> Option<Servers> {
    if options.keep_serving {
        Some(servers)
    } else {
        servers.shutdown().await;
        None
    }
}

/// Writes the ledger's last day (after the drain, with what it finished) and settles it.
async fn finish_ledger(
    mut live: LiveLedger,
    last_day: u32,
    devices: &[&SimDevice],
    ctx: &DayContext,
    servers: &Servers,
) -> Result<crate::ledger::report::LedgerReport, RunError> {
    // A run with the ledger has the lab's own SM-DP+ (`DemoOptions::check`).
    if let Some(view) = servers.smdp_view() {
        live.day(last_day, devices, ctx, &view, true).await?;
    }
    Ok(live.finish().await?)
}

/// The lab PKI, the inventory plan (each country's share of the devices) and the servers.
async fn set_up(options: &DemoOptions) -> Result<(Servers, Vec<TypePlan>), RunError> {
    let pki = lab_pki(&options.data_dir)?;
    let types = inventory_plan(options, &pki)?;
    let mut layout = Layout::new(
        options.data_dir.clone(),
        options.trace_dir.clone(),
        options.database.as_deref(),
    )
    .await?;
    let eim_policy = options
        .strategies
        .eim_policy(options.strategy, &options.policy);
    layout.web_listen = options.web_listen;
    layout.gate_smdp = !options.outages.is_empty();
    layout.outside_smdp = options.outside_smdp.clone();
    layout.esipa_coap = options.esipa_coap;
    let servers = Servers::start(&layout, pki, &types, &eim_policy, options.instances).await?;
    Ok((servers, types))
}

/// What the simulated days need.
struct Days<'a> {
    options: &'a DemoOptions,
    servers: &'a Servers,
    world: &'a World,
    ctx: &'a Arc<DayContext>,
    types: &'a [TypePlan],
}

impl Days<'_> {
    /// Lives every simulated day: the scenario's reactions, each device's day (countries
    /// concurrently), the fleet sample, and the ledger's day (the last one is written after
    /// the drain, with what it finished).
    async fn live(
        &self,
        mut groups: Vec<Group>,
        mut live: Option<&mut LiveLedger>,
        progress: &Progress,
        parts: &mut DayParts,
    ) -> Result<Vec<Group>, RunError> {
        let (options, ctx) = (self.options, self.ctx);
        let smdp_view = self.servers.smdp_view();
        let mut moves = HashMap::new();
        let mut sampling = None;
        for day in 0..options.days {
            let morning = DayParts::mark();
            self.servers.set_day(day, &options.outages);
            self.servers.clock.set_day(day);
            self.world
                .day
                .store(day, std::sync::atomic::Ordering::Relaxed);
            if options.strategy.downloads() {
                react(
                    &options.scenario,
                    day,
                    &mut groups,
                    self.types,
                    ctx,
                    &mut moves,
                )
                .await;
            }
            let (mut today, due) = each_group(groups, |(c, mut ds)| {
                let ctx = ctx.clone();
                async move {
                    let due = (ds.iter_mut().enumerate())
                        .filter_map(|(p, d)| d.morning(day, &ctx).then_some(p))
                        .collect();
                    ((c, ds), due)
                }
            })
            .await?;
            parts.add(DayPart::Morning, morning);
            sessions(&mut today, due, day, ctx, options.parallel_sessions, parts).await?;
            groups = today;
            let close = DayParts::mark();
            // The day's fleet sample holds its snapshot now and is counted while the next
            // day begins (a scan of every device, off the day's critical path).
            finish_sample(sampling.take()).await;
            sampling = Some(ctx.fleet.start_sample().await);
            let ledger = live.as_deref_mut().filter(|_| day + 1 < options.days);
            if let (Some(l), Some(view)) = (ledger, &smdp_view) {
                let devices: Vec<&SimDevice> = all_devices(&groups);
                l.day(day, &devices, ctx, view, false).await?;
            }
            progress.day_done(day, &tally(&groups));
            parts.add(DayPart::Close, close);
        }
        let close = DayParts::mark();
        finish_sample(sampling).await;
        parts.add(DayPart::Close, close);
        Ok(groups)
    }
}

/// Waits for a day's fleet sample; a failure is logged (the dashboard's chart misses a
/// day, nothing else depends on it).
async fn finish_sample(sampling: Option<eim::overview::Sampling>) {
    if let Some(s) = sampling
        && let Err(e) = s.finish().await
    {
        tracing::warn!(error = %e, "sampling the fleet failed");
    }
}

/// The end state read into the report, the guarantees checked, and the run's counts.
struct EndState {
    report: Report,
    info: RunInfo,
    checks: Vec<Check>,
    counts: Counts,
}

/// Reads the end state and checks it; the devices are dropped as they are read unless
/// `keep`, and given back then.
#[allow(
    clippy::vec_box,
    reason = "the fleet's devices stay boxed from the rounds to the end state: moved, not copied"
)]
async fn end_state(
    options: &DemoOptions,
    devices: Vec<Box<SimDevice>>,
    keep: bool,
    world: &World,
    ctx: &DayContext,
    servers: &Servers,
) -> Result<(EndState, Vec<Box<SimDevice>>), RunError> {
    let mut counts = Counts::default();
    let mut instance_polls = vec![0u64; options.instances];
    for d in &devices {
        counts.polls += d.log.polls;
        counts.lost_answers += u64::from(d.lost.load(std::sync::atomic::Ordering::Relaxed));
        counts.rollbacks_eim_unreachable += u64::from(d.log.rollbacks_eim_unreachable);
        for (k, n) in d.log.instance_polls.iter().enumerate() {
            if let Some(sum) = instance_polls.get_mut(k) {
                *sum += n;
            }
        }
    }
    if options.instances <= 1 {
        instance_polls.clear();
    }
    let gathered = gather(
        devices,
        keep,
        world,
        &ctx.fleet,
        servers.smdp_view().as_ref(),
        options.days,
    )
    .await?;
    let (reports, end) = (gathered.reports, gathered.end);
    let checks = check_all(&end);
    for d in &reports {
        counts.downloads += u64::from(d.attempts);
        counts.rollbacks += u64::from(d.rollbacks);
    }
    let info = RunInfo {
        instance_polls,
        ..options.run_info()
    };
    let mut report = Report::new(reports);
    report.run = Some(info.clone());
    report.guarantees = checks.clone();
    report.daily = daily(&report.devices, options.days);
    if options.eim_unreachable_after_enable > 0.0 {
        let eim_unreachable = counts.rollbacks_eim_unreachable.min(counts.rollbacks);
        report.rollbacks_by_cause = Some(RollbacksByCause {
            no_attach: counts.rollbacks - eim_unreachable,
            eim_unreachable,
        });
    }
    let end = EndState {
        report,
        info,
        checks,
        counts,
    };
    Ok((end, gathered.devices))
}
