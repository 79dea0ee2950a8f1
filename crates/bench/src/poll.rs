//! `rsp-lab bench poll`: ESipa polls of IoT devices (software eUICCs with their IPAs in this
//! process, one HTTPS client shared by all of them as the IPAs of one gateway would share
//! their keep-alive connections) against the eIM started on a runtime of its own.
//!
//! Two kinds of poll: `idle` — GetEimPackage with nothing queued (the eIM records the
//! poll and answers noEimPackageAvailable); `package` — a queued PSMO (listProfileInfo) is
//! delivered signed with the next counterValue, the eUICC verifies and runs it, and the IPA
//! returns the signed result with ProvideEimPackageResult, which the eIM verifies and
//! acknowledges (two requests; counted as one poll).

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use eim::{Fleet, OperationRequest, Registration};
use euicc_sim::state::EimConfig;
use euicc_sim::{Euicc, EuiccOptions};
use ipa::{EsipaClient, EsipaOptions, Ipa, IpaOptions, PollOutcome};
use lpa::ServerTrust;
use serde::Serialize;
use tokio::sync::Mutex;

use super::cpu::CpuMark;
use super::error::PollError;
use super::paced;
use super::server::{BenchPki, EIM_THREAD, RoleRuntime};
use super::stats::{Percentiles, ms};
use fleet::devices::deploy::issue;

/// Threads whose CPU time is the eIM's.
pub const SERVER_THREAD_PREFIXES: &[&str] = &[EIM_THREAD, "eim-db"];

/// Which poll.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PollKind {
    Idle,
    Package,
}

/// What to run.
#[derive(Clone, Debug)]
pub struct PollOptions {
    pub devices: usize,
    /// Polls in flight at once (each device polls one at a time).
    pub concurrency: Vec<usize>,
    /// Polls per level.
    pub polls: usize,
    pub kinds: Vec<PollKind>,
}

/// One level's figures.
#[derive(Clone, Debug, Serialize)]
pub struct PollLevel {
    pub kind: PollKind,
    pub concurrency: usize,
    pub polls: usize,
    pub errors: usize,
    pub error_samples: Vec<String>,
    pub wall_s: f64,
    pub polls_per_s: f64,
    pub poll: Percentiles,
    pub server_cpu_ms_per_poll: f64,
    pub client_cpu_ms_per_poll: f64,
}

/// The whole sweep.
#[derive(Clone, Debug, Serialize)]
pub struct PollReport {
    pub devices: usize,
    pub levels: Vec<PollLevel>,
}

type Device = Arc<Mutex<Ipa<Euicc>>>;

/// Registered devices with their IPAs.
async fn fleet(
    pki: &BenchPki,
    fleet: &Fleet,
    esipa: &EsipaClient,
    n: usize,
) -> Result<Vec<Device>, PollError> {
    let mut eim = EimConfig::from_asn1(&fleet.eim_configuration(0));
    eim.association_token = Some(1);
    let b64 = |d: &[u8]| base64::engine::general_purpose::STANDARD.encode(d);
    let mut out = Vec::with_capacity(n);
    for creds in issue(&pki.pki, n).map_err(PollError::Credentials)? {
        let registration = Registration {
            eid: creds.eid().as_str().to_string(),
            euicc_certificate: Some(b64(creds.euicc_certificate())),
            eum_certificate: Some(b64(creds.eum_certificate())),
            counter_value: Some(0),
            association_token: Some(1),
            eim_id: None,
            bootstrap_iccid: None,
        };
        fleet
            .register(&registration)
            .await
            .map_err(PollError::Registration)?;
        let euicc = Euicc::in_memory(creds, EuiccOptions::iot_with_eim(eim.clone()))
            .map_err(PollError::Euicc)?;
        let ipa = Ipa::new(euicc, esipa.clone(), IpaOptions::default()).map_err(PollError::Ipa)?;
        out.push(Arc::new(Mutex::new(ipa)));
    }
    Ok(out)
}

/// Runs the sweep; `progress` is told after each poll.
pub async fn run(
    options: &PollOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<PollReport, PollError> {
    let pki = BenchPki::new()?;
    let rt = RoleRuntime::new(EIM_THREAD, 2)?;
    let eim = rt.start_eim(&pki).await?;
    let host = eim
        .handle
        .eim_address()
        .rsplit_once(':')
        .map_or(eim.handle.eim_address(), |(h, _)| h)
        .to_string();
    let mut esipa = EsipaOptions::new(ServerTrust::roots(vec![pki.ci_der.clone()]));
    esipa.resolve = vec![(host, eim.handle.esipa_addr())];
    let esipa = EsipaClient::new(&esipa).map_err(PollError::Esipa)?;
    let f = eim.handle.fleet();
    let devices = fleet(&pki, &f, &esipa, options.devices.max(1)).await?;
    let mut levels = Vec::new();
    let mut done = 0;
    for &kind in &options.kinds {
        for &concurrency in &options.concurrency {
            if kind == PollKind::Package {
                queue(&f, &devices, options.polls).await?;
            }
            let tick = |n: usize| progress(done + n);
            levels.push(level(kind, concurrency, options.polls, &devices, &tick).await);
            done += options.polls;
        }
    }
    rt.stop_eim(eim).await;
    Ok(PollReport {
        devices: devices.len(),
        levels,
    })
}

/// Queues `polls` listProfileInfo PSMOs spread over the devices.
async fn queue(fleet: &Fleet, devices: &[Device], polls: usize) -> Result<(), PollError> {
    for i in 0..polls {
        let eid = devices[i % devices.len()].lock().await.eid().to_string();
        fleet
            .queue(&eid, &OperationRequest::ListProfiles)
            .await
            .map_err(PollError::Queue)?;
    }
    Ok(())
}

/// One poll of a device: its time and what went wrong, if anything.
async fn poll(device: Device, kind: PollKind) -> (Duration, Option<String>) {
    let mut ipa = device.lock().await;
    let started = Instant::now();
    let outcome = ipa.poll(None).await;
    let took = started.elapsed();
    let error = match (kind, outcome) {
        (PollKind::Idle, Ok(PollOutcome::NoPackage)) => None,
        (PollKind::Package, Ok(PollOutcome::Package(p))) if !p.delivery.acknowledged.is_empty() => {
            None
        }
        (_, Ok(other)) => Some(format!("unexpected outcome: {}", other.kind())),
        (_, Err(e)) => Some(e.to_string()),
    };
    (took, error)
}

async fn level(
    kind: PollKind,
    concurrency: usize,
    polls: usize,
    devices: &[Device],
    tick: &(dyn Fn(usize) + Sync),
) -> PollLevel {
    let cpu = CpuMark::now(SERVER_THREAD_PREFIXES);
    let started = Instant::now();
    let mut times = Vec::with_capacity(polls);
    let mut errors = Vec::new();
    let jobs = (0..polls).map(|i| devices[i % devices.len()].clone());
    paced::each(
        concurrency,
        jobs,
        |device| poll(device, kind),
        |r| {
            match r {
                Ok((t, None)) => times.push(t),
                Ok((_, Some(e))) => errors.push(e),
                Err(e) => errors.push(format!("task: {e}")),
            }
            tick(times.len() + errors.len());
        },
    )
    .await;
    let wall = started.elapsed();
    let (server, client) = CpuMark::now(SERVER_THREAD_PREFIXES).since(&cpu);
    let per = |d: Duration| ms(d) / polls.max(1) as f64;
    PollLevel {
        kind,
        concurrency,
        polls,
        errors: errors.len(),
        error_samples: errors.into_iter().take(3).collect(),
        wall_s: wall.as_secs_f64(),
        polls_per_s: polls as f64 / wall.as_secs_f64().max(1e-9),
        poll: Percentiles::of(&mut times),
        server_cpu_ms_per_poll: per(server),
        client_cpu_ms_per_poll: per(client),
    }
}
