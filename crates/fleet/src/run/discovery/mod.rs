//! Localization by discovery (`rsp-lab demo --delivery smds`): no eIM in the path. Each
//! device is an SGP.22 LPAd on its eUICC that asks the root SM-DS for events (SGP.22 3.6.3,
//! ES11) on arrival, on a change of network and weekly; the operator localizes a device by
//! an ES2+ order whose ConfirmOrder names that SM-DS (SGP.22 5.3.2 `smdsAddress`), which the
//! SM-DP+ registers there (ES12, 5.9.1); the device finds the event, downloads the profile
//! with the EventID as Matching ID (3.1.3), enables it and falls back to its bootstrap when
//! the new profile cannot attach.
//!
//! - [`crate::servers::smds`]: the SM-DP+ and the root SM-DS on loopback, each behind
//!   [`crate::servers::gate::Gate`]s that the run's [`Outage`]s close;
//! - [`operator`]: the operator's side: when to localize (the same policy file the eIM
//!   reads), its ES2+ orders, and what the SM-DP+ reports back;
//! - [`crate::devices::lpad`]: one device and its day;
//! - this module: the whole run, its end state and guarantees, in the report `demo` prints;
//! - [`crate::compare::delivery`]: the eIM and discovery side by side
//!   (`rsp-lab compare --delivery`).

pub mod operator;

use std::sync::Arc;
use std::sync::atomic::AtomicU32;
use std::time::{Duration, Instant};

use euicc_sim::{Euicc, EuiccOptions};
use lpa::{Es9Options, LpaOptions, Resolve, ServerTrust};

use crate::devices::deploy::{DeployError, DeviceError, Placement, preload_bootstrap};
use crate::devices::device::DeviceLog;
use crate::devices::lpad::Lpad;
use crate::report::checks::{DeviceEnd, EndState, check_discovery};
use crate::report::{DeviceReport, Report, daily};
use crate::run::discovery::operator::{Action, Operator, OperatorCounts, Seen};
use crate::run::error::RunError;
use crate::run::gather::{Told, Who, end_of, read_smdp};
use crate::run::joined::bounded;
use crate::run::options::DemoOptions;
use crate::run::outcome::{Counts, DemoOutcome, DiscoveryFacts, Timing};
use crate::run::plan::{FleetPlan, inventory_plan};
use crate::run::progress::{Progress, Tally};
use crate::servers::smds::{DsServers, SMDS_FQDN};
use crate::servers::{Layout, SMDP_FQDN, error::SetupError, lab_pki};
use crate::world::World;
use crate::world::faults::answer_loss;
use crate::world::outage::{Outage, Role};

/// Rounds of the drain: devices with an event still waiting ask the SM-DS again.
const DRAIN_ROUNDS: usize = 6;

/// Runs the lab by discovery (`options.delivery` is [`crate::world::outage::Delivery::Smds`]).
pub(crate) async fn run(
    options: &DemoOptions,
    progress: &Progress,
) -> Result<DemoOutcome, RunError> {
    let started = Instant::now();
    let mut timing = Timing::default();
    progress.phase("setting up: PKI, SM-DS, SM-DP+ and inventory");
    let pki = lab_pki(&options.data_dir)?;
    let types = inventory_plan(options, &pki)?;
    let mut layout = Layout::new(options.data_dir.clone(), options.trace_dir.clone(), None).await?;
    let servers = DsServers::start(&mut layout, pki, &types).await?;
    let mut operator = Operator::new(&servers.pki, servers.es2_addr(), &types)?;
    let endpoints = servers.endpoints();
    timing.setup = started.elapsed();

    progress.phase("deploying the fleet");
    let t = Instant::now();
    let (devices, world) = deploy(options, &servers).await?;
    timing.deploy = t.elapsed();

    let t = Instant::now();
    let view = servers.smdp.view();
    let days = Days {
        options,
        servers: &servers,
        view: &view,
        world: &world,
    };
    let devices = days.live(devices, &mut operator, progress).await?;
    timing.days = t.elapsed();

    progress.phase("letting the last downloads finish");
    let t = Instant::now();
    let mut devices = days.drain(devices, &mut operator).await?;
    let events = events_left(&servers).await;
    timing.drain = t.elapsed();

    progress.phase("reading the end state, checking the guarantees");
    let t = Instant::now();
    let last_day = options.days - 1;
    let (reports, end) = end_state(&mut devices, &world, &operator, &servers, last_day).await?;
    let checks = check_discovery(&end, events);
    let counts = counts(&devices, &reports);
    let facts = facts(&devices, operator.counts, &options.outages);
    let info = options.run_info();
    let mut report = Report::new(reports);
    report.run = Some(info.clone());
    report.guarantees = checks.clone();
    report.daily = daily(&report.devices, options.days);
    timing.checks = t.elapsed();
    drop(devices);
    servers.shutdown().await;
    timing.total = started.elapsed();
    progress.finish();
    Ok(DemoOutcome {
        report,
        info,
        checks,
        timing,
        counts,
        endpoints,
        servers: None,
        ledger: None,
        discovery: Some(facts),
        sgp02: None,
    })
}

/// What the simulated days and the drain of a run by discovery need.
struct Days<'a> {
    options: &'a DemoOptions,
    servers: &'a DsServers,
    view: &'a sm_dp::SmDpView,
    world: &'a Arc<World>,
}

impl Days<'_> {
    /// The simulated days: each morning the outages of the day, the devices due to ask
    /// the SM-DS and the operator's orders, then the day's sessions.
    async fn live(
        &self,
        mut devices: Vec<Lpad>,
        operator: &mut Operator,
        progress: &Progress,
    ) -> Result<Vec<Lpad>, RunError> {
        let (options, servers, world) = (self.options, self.servers, self.world);
        for day in 0..options.days {
            world.day.store(day, std::sync::atomic::Ordering::Relaxed);
            let down = servers.set_day(day, &options.outages);
            if !down.contains(&Role::Smds) {
                settle_deletions(servers).await;
            }
            let mut due = Vec::new();
            for (i, d) in devices.iter_mut().enumerate() {
                if d.morning(day, options.poll_interval_days, world) {
                    due.push(i);
                }
            }
            operator_morning(operator, self.view, &mut devices, day, world).await;
            devices = sessions(devices, &due, day, world, options.parallel_sessions).await?;
            progress.day_done(day, &tally(&devices));
        }
        Ok(devices)
    }

    /// After the last day, with every server up: the devices whose download is still
    /// awaited ask again, then the orders still open are cancelled.
    async fn drain(
        &self,
        mut devices: Vec<Lpad>,
        operator: &mut Operator,
    ) -> Result<Vec<Lpad>, RunError> {
        let last_day = self.options.days - 1;
        self.servers.set_day(self.options.days, &[]);
        for _ in 0..DRAIN_ROUNDS {
            let _ = operator.refresh(self.view).await;
            let due: Vec<usize> = (devices.iter().enumerate())
                .filter(|(_, d)| last_day >= d.deploy_day && operator.awaits_download(&d.eid))
                .map(|(i, _)| i)
                .collect();
            if due.is_empty() {
                break;
            }
            let parallel = self.options.parallel_sessions;
            devices = sessions(devices, &due, last_day, self.world, parallel).await?;
        }
        let _ = operator.refresh(self.view).await;
        for problem in operator.cancel_open().await {
            tracing::warn!(%problem, "cancelling an open order");
        }
        Ok(devices)
    }
}

/// The run's traffic, from the devices' logs and their report entries.
fn counts(devices: &[Lpad], reports: &[DeviceReport]) -> Counts {
    Counts {
        polls: devices.iter().map(|d| d.log.polls).sum(),
        downloads: reports.iter().map(|r| u64::from(r.attempts)).sum(),
        rollbacks: reports.iter().map(|r| u64::from(r.rollbacks)).sum(),
        // no eIM on this path, so no eIM to miss after an enable
        rollbacks_eim_unreachable: 0,
        lost_answers: devices.iter().map(|d| u64::from(d.lost_answers())).sum(),
    }
}

fn facts(devices: &[Lpad], o: OperatorCounts, outages: &[Outage]) -> DiscoveryFacts {
    DiscoveryFacts {
        smds_polls: devices.iter().map(|d| d.smds_polls).sum(),
        smds_unanswered: devices.iter().map(|d| d.smds_failures).sum(),
        orders: o.orders,
        order_failures: o.order_failures,
        confirm_failures: o.confirm_failures,
        cancelled: o.cancelled,
        outages: outages.to_vec(),
    }
}

/// Waits (ten seconds at most) until the SM-DP+ has sent the DeleteEvents it holds: those
/// of orders that ended the day before, or held back by an SM-DS outage. A day so starts
/// with the SM-DS holding the events of open orders only, whatever the speed of the
/// SM-DP+'s outbox worker against the simulated days, and the same seed gives the same run.
async fn settle_deletions(servers: &DsServers) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let view = servers.smdp.view();
    while Instant::now() < deadline {
        match view.outbox().await {
            Ok(o) if o.iter().any(|e| e.delivered_at.is_none()) => {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            _ => return,
        }
    }
}

/// The events still at the SM-DS once the SM-DP+ has sent its DeleteEvents (SGP.22 5.9.2;
/// from its outbox, within a minute).
async fn events_left(servers: &DsServers) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(60);
    let view = servers.smdp.view();
    loop {
        let events = servers.smds.event_count().await.unwrap_or(i64::MAX);
        let undelivered = match view.outbox().await {
            Ok(o) => o.iter().filter(|e| e.delivered_at.is_none()).count(),
            Err(_) => 0,
        };
        if (events == 0 && undelivered == 0) || Instant::now() >= deadline {
            return events;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The operator's morning: each deployed device as the network sees it, in device order
/// (so each type's inventory is handed out in the same order in every run).
async fn operator_morning(
    operator: &mut Operator,
    view: &sm_dp::SmDpView,
    devices: &mut [Lpad],
    day: u32,
    world: &World,
) {
    if let Err(e) = operator.refresh(view).await {
        tracing::warn!(error = %e, "reading the SM-DP+'s orders");
        return;
    }
    for d in devices.iter_mut().filter(|d| day >= d.deploy_day) {
        let attached = d.log.last_attach.is_some_and(|a| a.is_attached());
        let foreign = attached && d.log.foreign_since.is_some();
        let seen = Seen {
            eid: &d.eid,
            country: d.country.code,
            foreign_days: foreign.then(|| d.log.foreign_days(day)),
            rule: world.rule(d.country.code),
        };
        match operator.consider(seen).await {
            Action::None => {}
            Action::Ordered {
                iccid,
                profile_type,
            } => {
                operator.note_decision(&d.eid, day);
                tracing::debug!(eid = %d.eid, %iccid, %profile_type, "ordered");
            }
            Action::Failed(why) => tracing::info!(eid = %d.eid, %why, "order not placed"),
        }
    }
}

/// The sessions of the devices at `due`, at most `parallel` at once; the devices back in
/// their order.
async fn sessions(
    devices: Vec<Lpad>,
    due: &[usize],
    day: u32,
    world: &Arc<World>,
    parallel: usize,
) -> Result<Vec<Lpad>, RunError> {
    if due.is_empty() {
        return Ok(devices);
    }
    let mut slots: Vec<Option<Lpad>> = devices.into_iter().map(Some).collect();
    let items: Vec<(usize, Lpad)> = due
        .iter()
        .filter_map(|&i| slots[i].take().map(|d| (i, d)))
        .collect();
    let world = world.clone();
    let done = bounded(
        items,
        parallel,
        "a day's SM-DS sessions",
        move |(i, mut d)| {
            let world = world.clone();
            async move {
                Box::pin(d.session(day, &world)).await;
                (i, d)
            }
        },
    )
    .await?;
    for (i, d) in done {
        slots[i] = Some(d);
    }
    Ok(slots.into_iter().flatten().collect())
}

fn tally(devices: &[Lpad]) -> Tally {
    Tally::of(devices.iter().map(|d| &d.log))
}

/// Devices made at once during deployment.
const DEPLOY_CONCURRENCY: usize = 64;

/// Deploys the fleet: credentials, eUICC with the bootstrap, LPAd per device.
async fn deploy(
    options: &DemoOptions,
    servers: &DsServers,
) -> Result<(Vec<Lpad>, Arc<World>), RunError> {
    let plan = FleetPlan::new(options, &servers.pki, &servers.catalog)?;
    let world = plan.world.clone();
    let shared = Arc::new((servers.smdp.view(), lpa_options(servers)?, options.clone()));
    let items = plan.items();
    let made = bounded(
        items,
        DEPLOY_CONCURRENCY,
        "the deployment's tasks",
        move |(index, creds, place, bootstrap)| {
            let shared = shared.clone();
            async move {
                let (view, lpa, options) = &*shared;
                let made = Made {
                    index,
                    creds,
                    place,
                    bootstrap,
                };
                made.lpad(view, lpa, options).await
            }
        },
    )
    .await?;
    let mut devices = made.into_iter().collect::<Result<Vec<_>, DeployError>>()?;
    devices.sort_by_key(|d| d.index);
    Ok((devices, world))
}

/// The LPA settings every device starts from: the lab's CI as the only trusted root, the
/// SM-DP+ and the root SM-DS resolved to their loopback listeners.
fn lpa_options(servers: &DsServers) -> Result<LpaOptions, SetupError> {
    let ci = servers
        .pki
        .require(certs::CertRole::Ci)
        .map_err(|e| SetupError::Pki(e.to_string()))?
        .cert_der
        .clone();
    Ok(LpaOptions {
        es9: Es9Options {
            trust: Some(ServerTrust::roots(vec![ci])),
            resolve: vec![
                Resolve {
                    host: SMDP_FQDN.into(),
                    port: None,
                    addr: servers.es9_addr(),
                },
                Resolve {
                    host: SMDS_FQDN.into(),
                    port: None,
                    addr: servers.es11_addr(),
                },
            ],
            timeout: Duration::from_secs(30),
            ..Es9Options::default()
        },
        refresh_flag: false,
        process_notifications: true,
        ..LpaOptions::default()
    })
}

/// One device of the plan as it leaves the factory: its index, credentials, placement and
/// bootstrap ICCID.
struct Made {
    index: usize,
    creds: euicc_sim::Credentials,
    place: Placement,
    bootstrap: String,
}

impl Made {
    /// The device's eUICC with the bootstrap pre-loaded, and its LPAd with its own
    /// answer-loss draw and trace directory.
    async fn lpad(
        self,
        view: &sm_dp::SmDpView,
        lpa: &LpaOptions,
        options: &DemoOptions,
    ) -> Result<Lpad, DeployError> {
        let Made {
            index,
            creds,
            place,
            bootstrap,
        } = self;
        let err = |source: DeviceError| DeployError { index, source };
        let eu = EuiccOptions {
            iot: true,
            root_ds_address: SMDS_FQDN.into(),
            default_dp_address: Some(SMDP_FQDN.into()),
            ..EuiccOptions::default()
        };
        let mut euicc = Euicc::in_memory(creds, eu).map_err(|e| err(DeviceError::Euicc(e)))?;
        preload_bootstrap(Some(view), &mut euicc, &bootstrap, index)
            .await
            .map_err(err)?;
        let lost = Arc::new(AtomicU32::new(0));
        let mut lpa = lpa.clone();
        lpa.es9.lose_answer =
            answer_loss(options.seed, index as u64, options.drop_rate, lost.clone());
        let eid = euicc.eid().to_string();
        if let Some(t) = &options.trace_dir {
            lpa.es9.trace_dir = Some(t.join("devices").join(&eid));
        }
        Ok(Lpad {
            index,
            eid,
            country: place.country,
            deploy_day: place.deploy_day,
            partner: place.country.operators[place.partner % place.country.operators.len()],
            bootstrap_iccid: bootstrap,
            euicc,
            lpa,
            lost,
            log: DeviceLog::default(),
            smds_polls: 0,
            smds_failures: 0,
        })
    }
}

/// The report entries and the end state: each eUICC's profiles, the SM-DP+'s local
/// profiles and orders.
async fn end_state(
    devices: &mut [Lpad],
    world: &World,
    operator: &Operator,
    servers: &DsServers,
    end_day: u32,
) -> Result<(Vec<DeviceReport>, EndState), RunError> {
    let mut end = EndState::default();
    let mut reports = Vec::with_capacity(devices.len());
    for d in devices.iter_mut() {
        let (r, e) = device_end(d, world, operator, end_day);
        reports.push(r);
        end.devices.push(e);
    }
    read_smdp(&mut end, world, &servers.smdp.view())
        .await
        .map_err(RunError::EndState)?;
    Ok((reports, end))
}

/// One device at the end of day `end_day` (its history moves into the report).
fn device_end(
    d: &mut Lpad,
    world: &World,
    operator: &Operator,
    end_day: u32,
) -> (DeviceReport, DeviceEnd) {
    let localized_on = (d.log.history.iter())
        .rfind(|h| h.event == "localized")
        .map(|h| h.day);
    let local_now =
        (d.euicc.state().enabled_profile()).is_some_and(|p| world.is_local(&p.iccid, d.country));
    let localize_seconds = match (localized_on, operator.decided_on(&d.eid)) {
        (Some(done), Some(from)) if local_now => {
            Some(f64::from(done.saturating_sub(from)) * 86_400.0)
        }
        _ => None,
    };
    let told = Told {
        attempts: d.log.attempts,
        rollbacks: d.log.rollbacks,
        failure: None,
        localize_seconds,
    };
    let who = Who {
        eid: &d.eid,
        country: d.country,
        deploy_day: d.deploy_day,
        bootstrap_iccid: &d.bootstrap_iccid,
    };
    end_of(&d.euicc, &mut d.log, false, who, world, told, end_day)
}
