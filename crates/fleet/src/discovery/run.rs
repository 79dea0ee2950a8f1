//! A whole run by discovery: the servers, the fleet of LPAd devices, the simulated days
//! (each morning the gates of the day's outages, the SM-DP+'s event deletions sent, the
//! devices' attach, the operator's orders; then the day's sessions at the SM-DS, at most
//! `parallel_sessions` at once), the drain (devices with an event waiting ask once more,
//! orders still open are cancelled and their events deleted), then the end state read
//! from the eUICCs, the SM-DP+ and the SM-DS into the report `demo` prints and the
//! guarantees.

use std::sync::Arc;
use std::sync::atomic::AtomicU32;
use std::time::{Duration, Instant};

use euicc_sim::{Euicc, EuiccOptions};
use lpa::{Es9Options, LpaOptions, Resolve, ServerTrust};
use serde::Serialize;

use super::Outage;
use super::lpad::Lpad;
use super::operator::{Action, Operator, OperatorCounts, Seen};
use super::servers::{DsServers, SMDS_FQDN};
use crate::checks::{DeviceEnd, EndState, check_discovery};
use crate::deploy::{DeployError, DeviceError, preload_bootstrap};
use crate::device::DeviceLog;
use crate::error::RunError;
use crate::faults::answer_loss;
use crate::joined::bounded;
use crate::options::DemoOptions;
use crate::outcome::{Told, Who, end_of, read_smdp};
use crate::progress::{Progress, Tally};
use crate::report::{DeviceReport, Report, daily};
use crate::run::{Counts, DemoOutcome, FleetPlan, Timing, inventory_plan};
use crate::servers::{Layout, SMDP_FQDN, SetupError, lab_pki};
use crate::world::World;

/// Rounds of the drain: devices with an event still waiting ask the SM-DS again.
const DRAIN_ROUNDS: usize = 6;

/// What the SM-DS, the operator and the outages did in a run by discovery.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DiscoveryFacts {
    /// Event retrievals the devices asked the root SM-DS for, and those unanswered.
    pub smds_polls: u64,
    pub smds_unanswered: u64,
    pub orders: u64,
    pub order_failures: u64,
    pub confirm_failures: u64,
    /// Orders cancelled at the end of the run (their devices never found them).
    pub cancelled: u64,
    pub outages: Vec<Outage>,
}

/// Runs the lab by discovery (`options.delivery` is [`super::Delivery::Smds`]).
pub async fn run(options: &DemoOptions, progress: &Progress) -> Result<DemoOutcome, RunError> {
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
    let (mut devices, world) = deploy(options, &servers).await?;
    timing.deploy = t.elapsed();

    let t = Instant::now();
    let view = servers.smdp.view();
    for day in 0..options.days {
        world.day.store(day, std::sync::atomic::Ordering::Relaxed);
        let down = servers.set_day(day, &options.outages);
        if !down.contains(&super::Role::Smds) {
            settle_deletions(&servers).await;
        }
        let mut due = Vec::new();
        for (i, d) in devices.iter_mut().enumerate() {
            if d.morning(day, options.poll_interval_days, &world) {
                due.push(i);
            }
        }
        operator_morning(&mut operator, &view, &mut devices, day, &world).await;
        devices = sessions(devices, &due, day, &world, options.parallel_sessions).await?;
        progress.day_done(day, &tally(&devices));
    }
    timing.days = t.elapsed();

    progress.phase("letting the last downloads finish");
    let t = Instant::now();
    let last_day = options.days - 1;
    servers.set_day(options.days, &[]);
    for _ in 0..DRAIN_ROUNDS {
        let _ = operator.refresh(&view).await;
        let due: Vec<usize> = (devices.iter().enumerate())
            .filter(|(_, d)| last_day >= d.deploy_day && operator.awaits_download(&d.eid))
            .map(|(i, _)| i)
            .collect();
        if due.is_empty() {
            break;
        }
        devices = sessions(devices, &due, last_day, &world, options.parallel_sessions).await?;
    }
    let _ = operator.refresh(&view).await;
    for problem in operator.cancel_open().await {
        tracing::warn!(%problem, "cancelling an open order");
    }
    let events = events_left(&servers).await;
    timing.drain = t.elapsed();

    progress.phase("reading the end state, checking the guarantees");
    let t = Instant::now();
    let (reports, end) = end_state(&mut devices, &world, &operator, &servers, last_day).await?;
    let checks = check_discovery(&end, events);
    let counts = Counts {
        polls: devices.iter().map(|d| d.log.polls).sum(),
        downloads: reports.iter().map(|r| u64::from(r.attempts)).sum(),
        rollbacks: reports.iter().map(|r| u64::from(r.rollbacks)).sum(),
        // no eIM on this path, so no eIM to miss after an enable
        rollbacks_eim_unreachable: 0,
        lost_answers: devices.iter().map(|d| u64::from(d.lost_answers())).sum(),
    };
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
    })
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
    let ci = servers
        .pki
        .require(certs::CertRole::Ci)
        .map_err(|e| SetupError::Pki(e.to_string()))?
        .cert_der
        .clone();
    let lpa = LpaOptions {
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
    };
    let shared = Arc::new((servers.smdp.view(), lpa, options.clone()));
    let items = plan.items();
    let made = bounded(
        items,
        DEPLOY_CONCURRENCY,
        "the deployment's tasks",
        move |(index, creds, place, bootstrap)| {
            let shared = shared.clone();
            async move {
                let (view, lpa, options) = &*shared;
                let err = |source: DeviceError| DeployError { index, source };
                let eu = EuiccOptions {
                    iot: true,
                    root_ds_address: SMDS_FQDN.into(),
                    default_dp_address: Some(SMDP_FQDN.into()),
                    ..EuiccOptions::default()
                };
                let mut euicc =
                    Euicc::in_memory(creds, eu).map_err(|e| err(DeviceError::Euicc(e)))?;
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
                Ok::<_, DeployError>(Lpad {
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
        },
    )
    .await?;
    let mut devices = made.into_iter().collect::<Result<Vec<_>, DeployError>>()?;
    devices.sort_by_key(|d| d.index);
    Ok((devices, world))
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
