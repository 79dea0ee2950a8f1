//! The growth of a discovery with the SM-DS's Event Records: an SM-DS per size, filled with
//! Event Records for other EIDs ([`sm_ds::SmDsHandle::seed_events`], batched transactions)
//! plus one for a probe device, whose non-empty discoveries (SGP.22 5.8.2) are timed at
//! every size in alternating order (the sizes forward in even rounds, backward in odd
//! ones). The events' key starts with the EID, so a discovery reads one key range whatever
//! the table's size: the ratio of the largest size's median to the smallest's should stay
//! near 1.0.

use std::time::{Duration, Instant};

use proto::ids::Eid;
use serde::Serialize;

use super::sessions::{Device, Kind, SERVER_THREAD_PREFIXES, Target, connections, devices};
use crate::cpu::CpuMark;
use crate::error::DiscoveryError;
use crate::server::{BenchPki, BenchSmds, RoleRuntime};
use crate::stats::{Percentiles, Spread, ms};
use fleet::servers::SMDP_FQDN;

/// The first 8 digits of the filler EIDs: an issuer no device of the benchmark has, so no
/// device finds a filler event.
const FILLER_PREFIX: &str = "89049099";

/// One size's figures.
#[derive(Clone, Debug, Serialize)]
pub struct GrowthSize {
    /// Event Records the SM-DS held (read back after seeding).
    pub events: i64,
    /// Time taken to seed them.
    pub seed_s: f64,
    pub discoveries: usize,
    pub errors: usize,
    pub error_samples: Vec<String>,
    /// Over all rounds.
    pub discovery: Percentiles,
    /// The SM-DS's CPU per discovery, over the rounds.
    pub server_cpu_ms_per_discovery: Spread,
    /// TLS connections the probe device opened (it keeps one alive across discoveries).
    pub connections: u64,
}

/// Every size, and the growth.
#[derive(Clone, Debug, Serialize)]
pub struct Growth {
    pub sizes: Vec<GrowthSize>,
    /// Median discovery time at the largest size over that at the smallest: 1.0 is no
    /// growth.
    pub ratio: f64,
}

/// An SM-DS of one size with its probe device.
struct Sized {
    smds: BenchSmds,
    probe: Device,
    size: GrowthSize,
    times: Vec<Duration>,
    cpu_ms: Vec<f64>,
}

/// `count` EIDs under [`FILLER_PREFIX`], in key order.
fn filler_eids(count: u64) -> impl Iterator<Item = Eid> {
    (0..count).filter_map(|i| Eid::from_prefix(&format!("{FILLER_PREFIX}{i:022}")).ok())
}

/// Starts an SM-DS on `rt` holding `events` Event Records, one of them the probe's.
async fn start(rt: &RoleRuntime, pki: &BenchPki, events: u64) -> Result<Sized, DiscoveryError> {
    let smds = rt.start_smds(pki).await?;
    let target = Target::of(pki, &smds.handle)?;
    let mut probe = devices(fleet::devices::deploy::issue(&pki.pki, 1)?, &target)?
        .pop()
        .ok_or(DiscoveryError::Seeded {
            wanted: events,
            held: 0,
        })?;
    let started = Instant::now();
    let eids = filler_eids(events.saturating_sub(1)).chain(std::iter::once(probe.eid.clone()));
    smds.handle.seed_events(eids, SMDP_FQDN).await?;
    let seed_s = started.elapsed().as_secs_f64();
    let held = smds.handle.event_count().await?;
    if u64::try_from(held).ok() != Some(events.max(1)) {
        return Err(DiscoveryError::Seeded {
            wanted: events.max(1),
            held,
        });
    }
    // The first discovery opens the connection and warms the caches; it is not counted.
    let _ = super::sessions::session(&mut probe, Kind::NonEmpty).await;
    Ok(Sized {
        smds,
        probe,
        size: GrowthSize {
            events: held,
            seed_s,
            discoveries: 0,
            errors: 0,
            error_samples: Vec::new(),
            discovery: Percentiles::default(),
            server_cpu_ms_per_discovery: Spread::default(),
            connections: 0,
        },
        times: Vec::new(),
        cpu_ms: Vec::new(),
    })
}

/// `per_round` discoveries at `s`.
async fn batch(s: &mut Sized, per_round: usize, tick: &mut dyn FnMut()) {
    let cpu = CpuMark::now(SERVER_THREAD_PREFIXES);
    for _ in 0..per_round {
        let done = super::sessions::session(&mut s.probe, Kind::NonEmpty).await;
        s.size.discoveries += 1;
        match done.error {
            None => s.times.push(done.took),
            Some(e) => {
                s.size.errors += 1;
                if s.size.error_samples.len() < 3 {
                    s.size.error_samples.push(e);
                }
            }
        }
        tick();
    }
    let (server, _) = CpuMark::now(SERVER_THREAD_PREFIXES).since(&cpu);
    s.cpu_ms.push(ms(server) / per_round.max(1) as f64);
}

/// The growth over `sizes` (Event Records per SM-DS), `per_round` discoveries per size in
/// each of `rounds` rounds; `tick` is told after each discovery.
pub(super) async fn run(
    rt: &RoleRuntime,
    pki: &BenchPki,
    sizes: &[u64],
    per_round: usize,
    rounds: usize,
    tick: &mut dyn FnMut(),
) -> Result<Growth, DiscoveryError> {
    let mut all = Vec::with_capacity(sizes.len());
    for &events in sizes {
        all.push(start(rt, pki, events).await?);
    }
    for round in 0..rounds {
        let order: Vec<usize> = if round % 2 == 0 {
            (0..all.len()).collect()
        } else {
            (0..all.len()).rev().collect()
        };
        for i in order {
            batch(&mut all[i], per_round, tick).await;
        }
    }
    let mut out = Vec::with_capacity(all.len());
    for s in all {
        let Sized {
            smds,
            probe,
            mut size,
            mut times,
            cpu_ms,
        } = s;
        size.discovery = Percentiles::of(&mut times);
        size.server_cpu_ms_per_discovery = Spread::of(&cpu_ms);
        size.connections = connections(&probe);
        // The probe's kept-alive connection closes before the SM-DS waits for its own.
        drop(probe);
        rt.stop_smds(smds).await;
        out.push(size);
    }
    let median = |pick: fn(&GrowthSize, &GrowthSize) -> bool| {
        out.iter()
            .reduce(|a, b| if pick(a, b) { a } else { b })
            .map_or(f64::NAN, |s| s.discovery.p50_ms)
    };
    let ratio = median(|a, b| a.events >= b.events) / median(|a, b| a.events <= b.events);
    Ok(Growth { sizes: out, ratio })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_eids_are_valid_distinct_and_no_devices() {
        let eids: Vec<Eid> = filler_eids(3).collect();
        assert_eq!(eids.len(), 3);
        for e in &eids {
            assert!(e.has_valid_check_digits(), "{e}");
            assert!(e.starts_with(FILLER_PREFIX));
            assert!(!e.starts_with(certs::generate::DEFAULT_EUM_PREFIX));
        }
        assert!(eids[0] != eids[1] && eids[1] != eids[2]);
    }
}
