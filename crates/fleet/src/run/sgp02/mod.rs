//! Localization through SGP.02 (`rsp-lab demo --delivery sgp02`): no eIM, no LPA. Each
//! device is an M2M eUICC in an M2M device's modem on the lab's SMSC, managed by the
//! SM-SR; the operator localizes a device with ES2.DownloadProfile at the SGP.02 SM-DP
//! (SGP.02 3.1): the SM-DP reads the EIS and has the SM-SR create an ISD-P (ES3), sets up
//! the ISD-P's keys with the ECASD and downloads the profile in SCP03t segments relayed by
//! the SM-SR over SMS (ES8 through ES5), then has the SM-SR enable it (3.2). A profile that
//! finds no network is rolled back by the card itself (3.2.2); the operator then deletes it
//! and orders the next type. The faults are the radio's (MT short messages lost, PoRs
//! delayed: `--drop-rate`), the profiles that cannot attach (`--attach-failure-rate`) and
//! SM-SR outages (`--outage smsr:FROM-TO`: stopped, then restarted on its database).
//!
//! - [`crate::servers::m2m`]: the SMSC, the SM-SR and the SM-DP+ with its SGP.02 SM-DP;
//! - [`operator`]: the operator's side: when to localize (the policy file the eIM reads),
//!   its ES2 requests and what comes back;
//! - [`crate::devices::m2m`]: one device;
//! - this module: the whole run in simulated days, the short messages counted, the end
//!   state and the guarantees.

pub mod operator;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use certs::CertRole;

use crate::devices::deploy::{DeployError, DeviceError};
use crate::devices::m2m::{M2mDevice, M2mParts, by_imsi, loss, unable_imsis};
use crate::report::checks::{EndState, SmsrDevice, check_sgp02};
use crate::report::{DeviceReport, Report, daily};
use crate::run::error::RunError;
use crate::run::gather::{Told, Who, end_of, read_smdp};
use crate::run::options::DemoOptions;
use crate::run::outcome::{Counts, DemoOutcome, Sgp02Facts, Timing};
use crate::run::plan::{FleetPlan, inventory_plan};
use crate::run::progress::{Progress, Tally};
use crate::servers::m2m::M2mServers;
use crate::servers::{Layout, error::SetupError, lab_pki};
use crate::world::World;
use operator::{Action, Operator, Seen};

/// How long the operator waits with nothing arriving before it gives up on a day's
/// answers (a safety net; a lost short message costs the SM-SR's PoR timeout).
const PATIENCE: Duration = Duration::from_secs(60);
/// Mornings after the last day with every server up, for what is still owed.
const DRAIN_ROUNDS: usize = 3;
/// Each device's PoRs are held this long when its radio is slow (one device in
/// [`SLOW_RADIO_EVERY`]).
const SLOW_POR: Duration = Duration::from_millis(300);
const SLOW_RADIO_EVERY: usize = 10;

/// Runs the lab through SGP.02 (`options.delivery` is
/// [`crate::world::outage::Delivery::Sgp02`]).
pub(crate) async fn run(
    options: &DemoOptions,
    progress: &Progress,
) -> Result<DemoOutcome, RunError> {
    let started = Instant::now();
    let mut timing = Timing::default();
    progress.phase("setting up: PKI, SMSC, SM-SR, SM-DP and inventory");
    let pki = lab_pki(&options.data_dir)?;
    let types = inventory_plan(options, &pki)?;
    let mut layout = Layout::new(options.data_dir.clone(), options.trace_dir.clone(), None).await?;
    let mut operator = Operator::start(&pki, &types).await?;
    let endpoints = (operator.owners().into_iter())
        .map(|o| (o, operator.endpoint.clone()))
        .collect();
    let devices_n = options.devices as usize;
    let mut servers = M2mServers::start(&mut layout, pki, &types, devices_n, endpoints).await?;
    operator.connect(servers.sgp02_addr, &servers.catalog);
    timing.setup = started.elapsed();

    progress.phase("making the fleet: M2M eUICCs, EIS at the SM-SR, modems");
    let t = Instant::now();
    let (mut devices, world) = deploy(options, &servers).await?;
    let imsis = by_imsi(&world);
    timing.deploy = t.elapsed();

    let t = Instant::now();
    let view = servers.smdp.view();
    for day in 0..options.days {
        world.day.store(day, std::sync::atomic::Ordering::Relaxed);
        servers.set_day(day, &options.outages).await?;
        for d in devices.iter_mut().filter(|d| d.deploy_day == day) {
            if let Err(e) = d.switch_on().await {
                d.log.note(day, "switch-on-failed", e.to_string());
            } else {
                d.log
                    .note(day, "deployed", format!("in {}", d.country.name));
            }
        }
        day_of(&mut devices, &mut operator, &view, day, &world, &imsis).await;
        progress.day_done(day, &Tally::of(devices.iter().map(|d| &d.log)));
    }
    timing.days = t.elapsed();

    progress.phase("letting the last downloads and deletions finish");
    let t = Instant::now();
    let last_day = options.days - 1;
    servers.set_day(options.days, &[]).await?;
    for _ in 0..DRAIN_ROUNDS {
        for problem in operator.delete_left_over().await {
            tracing::warn!(%problem, "deleting a rolled-back profile");
        }
        operator.settle(PATIENCE).await;
        operator.review(&view).await;
        note_events(&mut devices, &mut operator, last_day);
        if operator.waiting() == 0 && operator.nothing_to_delete() {
            break;
        }
    }
    timing.drain = t.elapsed();

    progress.phase("reading the end state, checking the guarantees");
    let t = Instant::now();
    let (reports, end) = end_state(&mut devices, &world, &operator, &servers, last_day).await?;
    let unfinished = (view.sgp02_downloads().await)
        .map(|rows| rows.iter().filter(|d| !ended(d)).count())
        .unwrap_or(usize::MAX);
    let checks = check_sgp02(&end, unfinished);
    let counts = counts(&devices, &reports);
    let facts = facts(&devices, &operator, &servers, options);
    let info = options.run_info();
    let mut report = Report::new(reports);
    report.run = Some(info.clone());
    report.guarantees = checks.clone();
    report.daily = daily(&report.devices, options.days);
    report.sgp02 = Some(facts.clone());
    timing.checks = t.elapsed();
    let listed = servers.endpoints();
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
        endpoints: listed,
        servers: None,
        ledger: None,
        discovery: None,
        sgp02: Some(facts),
    })
}

/// One simulated day: the morning's attaches, the operator's deletions and orders, their
/// answers awaited, the evening's attaches (a device localized today shows it today).
async fn day_of(
    devices: &mut [M2mDevice],
    operator: &mut Operator,
    view: &sm_dp::SmDpView,
    day: u32,
    world: &World,
    imsis: &HashMap<String, String>,
) {
    for d in devices.iter_mut() {
        d.attach(day, world, imsis);
    }
    for problem in operator.delete_left_over().await {
        tracing::info!(%problem, "deleting a rolled-back profile");
    }
    for d in devices.iter_mut().filter(|d| d.is_on()) {
        let attached = d.log.last_attach.is_some_and(|a| a.is_attached());
        let foreign = attached && d.log.foreign_since.is_some();
        let seen = Seen {
            eid: &d.eid,
            country: d.country.code,
            foreign_days: foreign.then(|| d.log.foreign_days(day)),
            rule: world.rule(d.country.code),
        };
        match operator.consider(seen, &d.local_msisdn, day).await {
            Action::None => {}
            Action::Ordered {
                iccid,
                profile_type,
            } => d
                .log
                .note(day, "ordered", format!("{iccid} ({profile_type}) over ES2")),
            Action::Failed(why) => d.log.note(day, "order-failed", why),
        }
    }
    if !operator.settle(PATIENCE).await {
        tracing::warn!(
            day,
            waiting = operator.waiting(),
            "answers still owed at the end of the day"
        );
    }
    operator.review(view).await;
    note_events(devices, operator, day);
    for d in devices.iter_mut() {
        d.attach(day, world, imsis);
    }
}

/// Writes what the operator heard of each device into its history.
fn note_events(devices: &mut [M2mDevice], operator: &mut Operator, day: u32) {
    let events = operator.events();
    if events.is_empty() {
        return;
    }
    let index: HashMap<String, usize> = (devices.iter().enumerate())
        .map(|(i, d)| (d.eid.clone(), i))
        .collect();
    for (eid, event, detail) in events {
        if let Some(&i) = index.get(&eid) {
            devices[i].log.note(day, event, detail);
        }
    }
}

/// Makes every device of the plan (its card, its EIS at the SM-SR, its modem), switched
/// off until its deployment day.
async fn deploy(
    options: &DemoOptions,
    servers: &M2mServers,
) -> Result<(Vec<M2mDevice>, std::sync::Arc<World>), RunError> {
    let plan = FleetPlan::new(options, &servers.pki, &servers.catalog)?;
    let world = plan.world.clone();
    let (_, eum) = (servers.pki.require_key(CertRole::Eum))
        .map_err(|e| RunError::Setup(SetupError::Pki(e.to_string())))?;
    let smsr = servers
        .smsr()
        .ok_or_else(|| RunError::Setup(SetupError::Smsr("not running".into())))?;
    let view = servers.smdp.view();
    let smsc = servers.smsc_addr();
    let mut unable: HashMap<&'static str, Vec<String>> = HashMap::new();
    let mut devices = Vec::with_capacity(options.devices as usize);
    for (index, creds, place, bootstrap) in plan.items() {
        let err = |source: DeviceError| DeployError { index, source };
        let package = view
            .manufacture(&bootstrap, creds.eid().as_str())
            .await
            .map_err(|e| err(DeviceError::Bootstrap(e)))?;
        let imsi = (world.profile(&bootstrap))
            .map(|p| p.imsi.clone())
            .unwrap_or_default();
        let unable = unable
            .entry(place.country.code)
            .or_insert_with(|| unable_imsis(&world, place.country));
        let por_delay = if index % SLOW_RADIO_EVERY == SLOW_RADIO_EVERY - 1 {
            SLOW_POR
        } else {
            Duration::ZERO
        };
        let parts = M2mParts {
            index,
            creds,
            country: place.country,
            deploy_day: place.deploy_day,
            partner: place.country.operators[place.partner % place.country.operators.len()],
            bootstrap: (&bootstrap, &imsi, package),
            unable,
            radio: m2m_device::Radio::new(
                loss(options.seed, index as u64, options.drop_rate),
                por_delay,
            ),
        };
        let device = M2mDevice::make(parts, eum, smsr, &smsc)
            .await
            .map_err(err)?;
        devices.push(device);
    }
    Ok((devices, world))
}

/// The report entries and the end state: each eUICC read back from its modem, the SM-DP's
/// local profiles, the SM-SR's EIS of each.
async fn end_state(
    devices: &mut [M2mDevice],
    world: &World,
    operator: &Operator,
    servers: &M2mServers,
    end_day: u32,
) -> Result<(Vec<DeviceReport>, EndState), RunError> {
    let mut end = EndState::default();
    let mut reports = Vec::with_capacity(devices.len());
    for d in devices.iter_mut() {
        if let Some(smsr) = servers.smsr()
            && let Ok(eis) = smsr.eis(&d.eid).await
        {
            end.smsr.push(SmsrDevice::of(&eis));
        }
        let localized_on = (d.log.history.iter())
            .rfind(|h| h.event == "localized")
            .map(|h| h.day);
        let told = Told {
            attempts: operator.attempts(&d.eid),
            rollbacks: operator.rollbacks(&d.eid),
            failure: operator.failure(&d.eid),
            localize_seconds: None,
        };
        let (eid, country, deploy_day) = (d.eid.clone(), d.country, d.deploy_day);
        let bootstrap = d.bootstrap_iccid.clone();
        let mut log = std::mem::take(&mut d.log);
        let Some(card) = d.stop().await else {
            return Err(RunError::EndState(crate::run::gather::GatherError::Device(
                eid,
            )));
        };
        let local_now =
            (card.state().enabled_profile()).is_some_and(|p| world.is_local(&p.iccid, country));
        let localize_seconds = match (localized_on, operator.decided_on(&eid)) {
            (Some(done), Some(from)) if local_now => {
                Some(f64::from(done.saturating_sub(from)) * 86_400.0)
            }
            _ => None,
        };
        let who = Who {
            eid: &eid,
            country,
            deploy_day,
            bootstrap_iccid: &bootstrap,
        };
        let told = Told {
            localize_seconds,
            ..told
        };
        let (r, e) = end_of(card, &mut log, false, who, world, told, end_day);
        reports.push(r);
        end.devices.push(e);
        d.log = log;
    }
    read_smdp(&mut end, world, &servers.smdp.view())
        .await
        .map_err(RunError::EndState)?;
    Ok((reports, end))
}

/// The run's traffic, from the devices and their report entries.
fn counts(devices: &[M2mDevice], reports: &[DeviceReport]) -> Counts {
    Counts {
        polls: 0,
        downloads: reports.iter().map(|r| u64::from(r.attempts)).sum(),
        rollbacks: reports.iter().map(|r| u64::from(r.rollbacks)).sum(),
        rollbacks_eim_unreachable: 0,
        lost_answers: devices.iter().map(|d| d.radio.counts().lost).sum(),
    }
}

fn facts(
    devices: &[M2mDevice],
    operator: &Operator,
    servers: &M2mServers,
    options: &DemoOptions,
) -> Sgp02Facts {
    let radio: Vec<_> = devices.iter().map(|d| d.radio.counts()).collect();
    let o = operator.counts;
    Sgp02Facts {
        sms_mt: radio.iter().map(|r| r.mt).sum(),
        sms_mo: radio.iter().map(|r| r.mo).sum(),
        sms_lost: radio.iter().map(|r| r.lost).sum(),
        sms_octets: radio.iter().map(|r| r.mt_octets + r.mo_octets).sum(),
        es2_requests: o.requests,
        es2_received: o.received,
        orders: o.orders,
        order_failures: o.order_failures,
        downloads_done: o.downloads_done,
        downloads_failed: o.downloads_failed,
        enables_rolled_back: o.enables_rolled_back,
        deletes: o.deletes,
        notifications: o.notifications,
        smsr_restarts: servers.smsr_restarts,
        outages: options.outages.clone(),
    }
}

/// Whether an SGP.02 download has ended: enabled, failed, or installed when no enable was
/// asked for.
fn ended(d: &sm_dp::Sgp02Download) -> bool {
    match d.state {
        sm_dp::Sgp02State::Enabled | sm_dp::Sgp02State::Failed => true,
        sm_dp::Sgp02State::Installed => !d.enable_profile,
        _ => false,
    }
}
