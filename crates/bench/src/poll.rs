//! `rsp-lab bench poll`: ESipa polls of IoT devices (software eUICCs with their IPAs in this
//! process, one HTTPS client shared by all of them as the IPAs of one gateway would share
//! their keep-alive connections) against the eIM started on a runtime of its own.
//!
//! Two kinds of poll: `idle` — GetEimPackage with nothing queued (the eIM records the
//! poll and answers noEimPackageAvailable); `package` — a queued PSMO (listProfileInfo) is
//! delivered signed with the next counterValue, the eUICC verifies and runs it, and the IPA
//! returns the signed result with ProvideEimPackageResult, which the eIM verifies and
//! acknowledges (two requests; counted as one poll).
//!
//! Bindings of ESipa: `https` (one client shared by the devices, its TLS connections kept
//! alive), `coap` (SGP.32's CoAP binding on DTLS: each device its own socket and PSK, its
//! DTLS association kept between polls) and `coap-sleep` (the same, with a sleep after
//! each poll — close_notify, as a constrained device does before it powers its radio
//! down — so that each poll resumes the DTLS session with an abbreviated handshake,
//! RFC 7925 10). Each
//! level counts the octets the devices' clients put on the wire and took from it (TLS or
//! DTLS records; UDP/TCP/IP headers not counted), datagrams and retransmissions for CoAP,
//! and handshakes.
//!
//! The floor of a poll: an idle poll has no public-key operation on the eIM (over HTTPS the
//! kept connection's AES-GCM records, over CoAP a PSK handshake's HMACs and AES-CCM
//! records); a package poll has one ECDSA signature (eimSignature, SGP.32 v1.2 2.11.1.1) and
//! one verification (euiccSignEPR of the result, 2.11.2.1), timed in the same run.

use std::collections::HashMap;
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
use super::crypto::{self, Primitive};
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

/// Which binding of ESipa the devices poll over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Binding {
    Https,
    Coap,
    CoapSleep,
}

impl Binding {
    /// The name on the command line and in the table.
    pub fn name(self) -> &'static str {
        match self {
            Binding::Https => "https",
            Binding::Coap => "coap",
            Binding::CoapSleep => "coap-sleep",
        }
    }
}

/// What to run.
#[derive(Clone, Debug)]
pub struct PollOptions {
    /// Bindings measured, one after the other against the same eIM.
    pub bindings: Vec<Binding>,
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
    pub binding: Binding,
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
    /// Octets the devices sent and received per poll (records, handshakes included).
    pub octets_per_poll: f64,
    /// Datagrams per poll, both ways (CoAP; 0 over HTTPS).
    pub datagrams_per_poll: f64,
    /// Confirmable messages sent again (CoAP).
    pub retransmissions: u64,
    /// Handshakes per poll (TLS connections opened; DTLS handshakes), and how many of the
    /// DTLS ones resumed a session.
    pub handshakes_per_poll: f64,
    pub resumed_per_poll: f64,
    /// The eIM's cryptographic floor of this kind of poll (module documentation).
    pub floor_ms_per_poll: f64,
}

/// The whole sweep.
#[derive(Clone, Debug, Serialize)]
pub struct PollReport {
    pub devices: usize,
    /// ECDSA P-256 sign and verify as timed in this run (µs).
    pub sign_us: f64,
    pub verify_us: f64,
    pub levels: Vec<PollLevel>,
}

/// A device: its IPA, and the client it polls with (shared by the devices over HTTPS).
#[derive(Clone)]
struct Device {
    ipa: Arc<Mutex<Ipa<Euicc>>>,
    esipa: EsipaClient,
}

/// The PSK identity and key of device `i` (CoAP).
fn psk(i: usize) -> (Vec<u8>, Vec<u8>) {
    let identity = format!("bench-device-{i}").into_bytes();
    // 16 octets, distinct and reproducible: a benchmark's key, not a secret
    let mut key = [0x5au8; 16];
    key[..8].copy_from_slice(&(i as u64).to_be_bytes());
    (identity, key.to_vec())
}

/// Registered devices with their IPAs.
/// How the devices reach the eIM.
struct Reach {
    options: EsipaOptions,
    /// The shared HTTPS client.
    https: EsipaClient,
    eim_host: String,
    coap_port: u16,
}

impl Reach {
    /// The client device `i` polls with and the eIM URL it polls.
    fn client(&self, binding: Binding, i: usize) -> Result<(EsipaClient, String), PollError> {
        match binding {
            Binding::Https => Ok((self.https.clone(), String::new())),
            Binding::Coap | Binding::CoapSleep => {
                let mut o = self.options.clone();
                o.psk = Some(psk(i));
                let url = format!("coaps://{}:{}", self.eim_host, self.coap_port);
                Ok((EsipaClient::new(&o).map_err(PollError::Esipa)?, url))
            }
        }
    }
}

async fn fleet(
    pki: &BenchPki,
    fleet: &Fleet,
    reach: &Reach,
    binding: Binding,
    n: usize,
    skip: usize,
) -> Result<Vec<Device>, PollError> {
    let mut eim = EimConfig::from_asn1(&fleet.eim_configuration(0));
    eim.association_token = Some(1);
    let b64 = |d: &[u8]| base64::engine::general_purpose::STANDARD.encode(d);
    let mut out = Vec::with_capacity(n);
    for (i, creds) in issue(&pki.pki, skip + n)
        .map_err(PollError::Credentials)?
        .into_iter()
        .enumerate()
        .skip(skip)
    {
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
        let (esipa, url) = reach.client(binding, i)?;
        let options = IpaOptions {
            eim_url: (!url.is_empty()).then_some(url),
            ..IpaOptions::default()
        };
        let ipa = Ipa::new(euicc, esipa.clone(), options).map_err(PollError::Ipa)?;
        out.push(Device {
            ipa: Arc::new(Mutex::new(ipa)),
            esipa,
        });
    }
    Ok(out)
}

/// Runs the sweep; `progress` is told after each poll.
pub async fn run(
    options: &PollOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<PollReport, PollError> {
    let pki = BenchPki::new()?;
    let n = options.devices.max(1);
    // the devices of binding k are those numbered k·n to (k+1)·n - 1
    let psks: HashMap<_, _> = (options.bindings.iter().enumerate())
        .filter(|(_, b)| **b != Binding::Https)
        .flat_map(|(k, _)| (k * n..(k + 1) * n).map(psk))
        .collect();
    let psks = (!psks.is_empty()).then_some(psks);
    let rt = RoleRuntime::new(EIM_THREAD, 2)?;
    let eim = rt.start_eim(&pki, psks).await?;
    let host = eim
        .handle
        .eim_address()
        .rsplit_once(':')
        .map_or(eim.handle.eim_address(), |(h, _)| h)
        .to_string();
    let mut esipa = EsipaOptions::new(ServerTrust::roots(vec![pki.ci_der.clone()]));
    esipa.resolve = vec![(host.clone(), eim.handle.esipa_addr())];
    let reach = Reach {
        https: EsipaClient::new(&esipa).map_err(PollError::Esipa)?,
        options: esipa,
        eim_host: host,
        coap_port: eim.handle.esipa_coap_addr().map_or(0, |a| a.port()),
    };
    let f = eim.handle.fleet();
    // timed only where a package poll needs them beside it
    let (sign_us, verify_us) = if options.kinds.contains(&PollKind::Package) {
        signature_times()?
    } else {
        (0.0, 0.0)
    };
    let mut levels = Vec::new();
    let (mut done, mut registered) = (0, 0);
    for &binding in &options.bindings {
        // each binding its own devices (an EID is registered once)
        let devices = fleet(&pki, &f, &reach, binding, n, registered).await?;
        registered += n;
        for &kind in &options.kinds {
            let floor_ms = match kind {
                PollKind::Idle => 0.0,
                PollKind::Package => (sign_us + verify_us) / 1e3,
            };
            for &concurrency in &options.concurrency {
                if kind == PollKind::Package {
                    queue(&f, &devices, options.polls).await?;
                }
                let tick = |n: usize| progress(done + n);
                let run = Level {
                    binding,
                    kind,
                    concurrency,
                    polls: options.polls,
                    floor_ms,
                };
                levels.push(run.measure(&devices, &tick).await);
                done += options.polls;
            }
        }
    }
    rt.stop_eim(eim).await;
    Ok(PollReport {
        devices: n,
        sign_us,
        verify_us,
        levels,
    })
}

/// ECDSA P-256 sign and verify, µs each, as `bench crypto` times them.
fn signature_times() -> Result<(f64, f64), PollError> {
    let timings = crypto::time(&[Primitive::Sign, Primitive::Verify], 500, &[])
        .map_err(|e| PollError::Floor(e.to_string()))?;
    Ok((timings[0].us_per_op, timings[1].us_per_op))
}

/// Queues `polls` listProfileInfo PSMOs spread over the devices.
async fn queue(fleet: &Fleet, devices: &[Device], polls: usize) -> Result<(), PollError> {
    for i in 0..polls {
        let eid = devices[i % devices.len()]
            .ipa
            .lock()
            .await
            .eid()
            .to_string();
        fleet
            .queue(&eid, &OperationRequest::ListProfiles)
            .await
            .map_err(PollError::Queue)?;
    }
    Ok(())
}

/// One poll of a device: its time and what went wrong, if anything. Over CoAP the device
/// sleeps after it (its DTLS association closed, its session kept).
async fn poll(device: Device, kind: PollKind, binding: Binding) -> (Duration, Option<String>) {
    let mut ipa = device.ipa.lock().await;
    let started = Instant::now();
    let outcome = ipa.poll(None).await;
    let took = started.elapsed();
    if binding == Binding::CoapSleep {
        device.esipa.sleep().await;
    }
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

/// One level of the sweep.
struct Level {
    binding: Binding,
    kind: PollKind,
    concurrency: usize,
    polls: usize,
    floor_ms: f64,
}

/// What the devices' clients carried so far (each client once).
fn wire(devices: &[Device], binding: Binding) -> ipa::Wire {
    let clients: &[Device] = match binding {
        Binding::Https => &devices[..1],
        Binding::Coap | Binding::CoapSleep => devices,
    };
    clients.iter().map(|d| d.esipa.wire()).sum()
}

impl Level {
    async fn measure(&self, devices: &[Device], tick: &(dyn Fn(usize) + Sync)) -> PollLevel {
        let Level {
            binding,
            kind,
            concurrency,
            polls,
            floor_ms,
        } = *self;
        let before = wire(devices, binding);
        let cpu = CpuMark::now(SERVER_THREAD_PREFIXES);
        let started = Instant::now();
        let mut times = Vec::with_capacity(polls);
        let mut errors = Vec::new();
        let jobs = (0..polls).map(|i| devices[i % devices.len()].clone());
        paced::each(
            concurrency,
            jobs,
            |device| poll(device, kind, binding),
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
        let after = wire(devices, binding);
        let n = polls.max(1) as f64;
        PollLevel {
            binding,
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
            octets_per_poll: (octets(&after) - octets(&before)) as f64 / n,
            datagrams_per_poll: (datagrams(&after) - datagrams(&before)) as f64 / n,
            retransmissions: after.coap.retransmissions - before.coap.retransmissions,
            handshakes_per_poll: (handshakes(&after) - handshakes(&before)) as f64 / n,
            resumed_per_poll: (after.dtls_handshakes.1 - before.dtls_handshakes.1) as f64 / n,
            floor_ms_per_poll: floor_ms,
        }
    }
}

fn octets(w: &ipa::Wire) -> u64 {
    w.https_octets_sent + w.https_octets_received + w.coap.octets_sent + w.coap.octets_received
}

fn datagrams(w: &ipa::Wire) -> u64 {
    w.coap.datagrams_sent + w.coap.datagrams_received
}

fn handshakes(w: &ipa::Wire) -> u64 {
    w.https_connections + w.dtls_handshakes.0
}
