//! Discovery sessions (SGP.22 3.6.3): fresh devices, each a software eUICC with the device
//! LPA, running the LPA's event retrieval against the SM-DS, one level at a time.
//!
//! A session is the LPA's whole ES11 exchange: ES10b.GetEUICCChallenge and GetEUICCInfo1,
//! ES11.InitiateAuthentication (5.8.1), ES10b.AuthenticateServer, ES11.AuthenticateClient
//! (5.8.2) answering the eUICC's event entries, on one TLS connection the LPA keeps alive
//! between the two ES11 calls.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use euicc_sim::apdu::Card;
use euicc_sim::{Credentials, Euicc, EuiccOptions};
use lpa::Lpa;
use proto::ids::SmdpAddress;
use serde::Serialize;
use sm_ds::SmDsHandle;

use crate::cpu::CpuMark;
use crate::error::DiscoveryError;
use crate::paced;
use crate::server::{BenchPki, SMDS_THREAD};

/// Threads whose CPU time is the SM-DS's.
pub const SERVER_THREAD_PREFIXES: &[&str] = &[SMDS_THREAD, "smds-db"];

/// What the SM-DS holds for the devices of a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// No Event Record for the EID: AuthenticateClient answers an empty list.
    Empty,
    /// One Event Record for the EID: AuthenticateClient answers it.
    NonEmpty,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Empty => "empty",
            Kind::NonEmpty => "non-empty",
        }
    }
}

/// Where the devices discover: the SM-DS's address (its CERT.DS.TLS dNSName, what the
/// eUICC's serverSigned1 check compares) reached at its ES11 listener.
#[derive(Clone)]
pub(super) struct Target {
    ci_der: Vec<u8>,
    address: SmdpAddress,
    es11_addr: SocketAddr,
}

impl Target {
    pub(super) fn of(pki: &BenchPki, smds: &SmDsHandle) -> Result<Target, DiscoveryError> {
        let address =
            SmdpAddress::parse(smds.address()).map_err(|source| DiscoveryError::Address {
                address: smds.address().to_string(),
                source,
            })?;
        Ok(Target {
            ci_der: pki.ci_der.clone(),
            address,
            es11_addr: smds.es11_addr(),
        })
    }
}

/// A device: its LPA over its own eUICC, and its EID.
pub(super) struct Device {
    lpa: Lpa<Card<Euicc>>,
    pub(super) eid: proto::ids::Eid,
    address: SmdpAddress,
}

/// A device per credential, each with its own LPA (its own TLS connection).
pub(super) fn devices(
    credentials: impl IntoIterator<Item = Credentials>,
    target: &Target,
) -> Result<Vec<Device>, DiscoveryError> {
    let options =
        crate::download::lpa_options(&target.ci_der, target.address.as_str(), target.es11_addr);
    credentials
        .into_iter()
        .map(|creds| {
            let eid = creds.eid().clone();
            let euicc = Euicc::in_memory(creds, EuiccOptions::default())?;
            Ok(Device {
                lpa: Lpa::open(Card::new(euicc), options.clone())?,
                eid,
                address: target.address.clone(),
            })
        })
        .collect()
}

/// What one session measured.
pub(super) struct Session {
    pub(super) took: Duration,
    /// Event entries AuthenticateClient answered.
    pub(super) events: usize,
    pub(super) error: Option<String>,
}

/// One event retrieval of `device`, checked against what the SM-DS holds for it: nothing
/// ([`Kind::Empty`]) or the one seeded event ([`Kind::NonEmpty`]).
pub(super) async fn session(device: &mut Device, kind: Kind) -> Session {
    let started = Instant::now();
    let result = device.lpa.discover(Some(&device.address)).await;
    let took = started.elapsed();
    let (events, error) = match result {
        Err(e) => (0, Some(e.to_string())),
        Ok(found) => {
            let wanted = sm_ds::seeded_event_id(device.eid.as_str());
            let right = match kind {
                Kind::Empty => found.events.is_empty(),
                Kind::NonEmpty => {
                    found.events.len() == 1 && found.events.iter().all(|e| e.event_id == wanted)
                }
            };
            let error = (!right).then(|| format!("{} discovery answered: {found}", kind.name()));
            (found.events.len(), error)
        }
    };
    Session {
        took,
        events,
        error,
    }
}

/// TLS connections the device's LPA opened.
pub(super) fn connections(device: &Device) -> u64 {
    device.lpa.es9().map_or(0, |c| c.connections())
}

/// One level: the sessions, the wall time, and the SM-DS's and the clients' CPU.
pub(super) struct Measured {
    pub(super) sessions: Vec<Session>,
    pub(super) connections: u64,
    pub(super) wall: Duration,
    pub(super) server_cpu: Duration,
    pub(super) client_cpu: Duration,
}

/// Runs a session per device, `concurrency` at a time.
pub(super) async fn level(
    concurrency: usize,
    devices: Vec<Device>,
    kind: Kind,
    tick: &(dyn Fn(usize) + Sync),
) -> Measured {
    let cpu = CpuMark::now(SERVER_THREAD_PREFIXES);
    let started = Instant::now();
    let mut sessions = Vec::with_capacity(devices.len());
    let mut opened = 0;
    let run = move |mut device: Device| async move {
        let s = session(&mut device, kind).await;
        (s, connections(&device))
    };
    paced::each(concurrency, devices, run, |done| {
        match done {
            Ok((s, c)) => {
                sessions.push(s);
                opened += c;
            }
            Err(e) => sessions.push(Session {
                took: Duration::ZERO,
                events: 0,
                error: Some(format!("task: {e}")),
            }),
        }
        tick(sessions.len());
    })
    .await;
    let wall = started.elapsed();
    let (server_cpu, client_cpu) = CpuMark::now(SERVER_THREAD_PREFIXES).since(&cpu);
    Measured {
        sessions,
        connections: opened,
        wall,
        server_cpu,
        client_cpu,
    }
}
