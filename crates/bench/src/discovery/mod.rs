//! `rsp-lab bench discovery`: event retrieval at an SM-DS (SGP.22 3.6.3, ES11 of 5.8) by
//! software eUICCs with the device LPA over TLS on loopback, against the SM-DS started in
//! this process on a runtime of its own, for an EID with no Event Record (the empty list of
//! 5.8.2) and an EID with one, at each concurrency level. Each session is a fresh device
//! (its own TLS connection, kept alive from InitiateAuthentication to AuthenticateClient), as
//! a device discovering at boot.
//!
//! Beside them, in the same run, the two operations a discovery is compared with: idle ESipa
//! polls at the eIM ([`crate::poll`]) and complete ES9+ downloads at the SM-DP+
//! ([`crate::download`]), a small fixed number of each at the same levels. The three are
//! run in rounds, in alternating order (discoveries, polls, downloads; then backward), and
//! the ratio of the SM-DS's CPU per session to the eIM's per idle poll and the SM-DP+'s per
//! download is taken per round, reported as the median with its range (BENCHMARKING.md,
//! "The method"). Then the growth with the Event Records held ([`Growth`]).

mod growth;
mod sessions;

use serde::Serialize;

pub use growth::{Growth, GrowthSize};
pub use sessions::{Kind, SERVER_THREAD_PREFIXES};

use crate::download::{DownloadOptions, DownloadReport};
use crate::error::DiscoveryError;
use crate::poll::{PollKind, PollOptions, PollReport};
use crate::server::{BenchPki, RoleRuntime, SMDP_THREADS, SMDS_THREAD};
use crate::stats::{Percentiles, Spread, ms};
use fleet::servers::SMDP_FQDN;
use sessions::{Measured, Target, devices};

/// Idle polls per level and round measured beside the discoveries.
pub const BESIDE_IDLE_POLLS: usize = 200;
/// Downloads per level and round measured beside the discoveries.
pub const BESIDE_DOWNLOADS: usize = 16;

/// What to run.
#[derive(Clone, Debug)]
pub struct DiscoveryOptions {
    /// Sessions in flight at once, per level.
    pub concurrency: Vec<usize>,
    /// Sessions per kind, level and round; also the growth's discoveries per size and round.
    pub sessions: usize,
    /// Event Records the SM-DS holds at each size of the growth.
    pub events: Vec<u64>,
    /// Rounds (at least one; three for medians).
    pub rounds: usize,
}

impl DiscoveryOptions {
    /// Discoveries the run makes in all (what a progress bar counts to).
    pub fn total(&self) -> usize {
        self.sessions * self.rounds * (2 * self.concurrency.len() + self.events.len())
    }
}

/// One kind and concurrency level, over the rounds.
#[derive(Clone, Debug, Serialize)]
pub struct DiscoveryLevel {
    pub kind: Kind,
    pub concurrency: usize,
    pub sessions: usize,
    pub errors: usize,
    pub error_samples: Vec<String>,
    /// Event entries the sessions received: none for an empty discovery, one each for a
    /// non-empty one.
    pub events_found: usize,
    /// TLS connections the devices opened: one per session.
    pub connections: u64,
    pub sessions_per_s: Spread,
    /// Over all rounds.
    pub session: Percentiles,
    pub server_cpu_ms_per_session: Spread,
    pub client_cpu_ms_per_session: Spread,
    /// The SM-DS's CPU per session over the eIM's per idle poll, per round.
    pub per_idle_poll: Spread,
    /// The SM-DS's CPU per session over the SM-DP+'s per download, per round.
    pub per_download: Spread,
}

/// The operations measured beside, at one level, over the rounds.
#[derive(Clone, Debug, Serialize)]
pub struct Beside {
    pub concurrency: usize,
    pub idle_polls: usize,
    pub downloads: usize,
    pub errors: usize,
    pub error_samples: Vec<String>,
    pub idle_poll_server_cpu_ms: Spread,
    pub download_server_cpu_ms: Spread,
}

/// The whole run.
#[derive(Clone, Debug, Serialize)]
pub struct DiscoveryReport {
    pub rounds: usize,
    /// Sessions per kind, level and round.
    pub sessions_per_round: usize,
    pub levels: Vec<DiscoveryLevel>,
    pub beside: Vec<Beside>,
    pub growth: Growth,
}

impl DiscoveryReport {
    /// Sessions, polls and downloads that ended in an error.
    pub fn errors(&self) -> usize {
        self.levels.iter().map(|l| l.errors).sum::<usize>()
            + self.beside.iter().map(|b| b.errors).sum::<usize>()
            + self.growth.sizes.iter().map(|s| s.errors).sum::<usize>()
    }
}

/// What the rounds gathered for one kind and level.
#[derive(Default)]
struct Gathered {
    rounds: Vec<Measured>,
}

/// What the rounds gathered beside, per level: the server's CPU per operation.
#[derive(Default)]
struct BesideGathered {
    polls: Vec<f64>,
    downloads: Vec<f64>,
    counts: (usize, usize),
    errors: Vec<String>,
    failed: usize,
}

/// A part of a round.
#[derive(Clone, Copy)]
enum Part {
    Discoveries,
    IdlePolls,
    Downloads,
}

/// Runs the benchmark; `progress` is told how many discoveries are done.
pub async fn run(
    options: &DiscoveryOptions,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<DiscoveryReport, DiscoveryError> {
    let pki = BenchPki::new()?;
    let rt = RoleRuntime::new(SMDS_THREAD, SMDP_THREADS)?;
    let smds = rt.start_smds(&pki).await?;
    let target = Target::of(&pki, &smds.handle)?;
    let template = crate::minimal_template()?;
    let kinds = [Kind::Empty, Kind::NonEmpty];
    let levels = options.concurrency.len();
    let mut gathered: Vec<Gathered> = (0..2 * levels).map(|_| Gathered::default()).collect();
    let mut beside: Vec<BesideGathered> = (0..levels).map(|_| BesideGathered::default()).collect();
    let mut done = 0;
    // Every session a device of its own, none with an EID another session had: the EIDs
    // of the non-empty sessions hold their events for the rest of the run.
    let mut credentials =
        fleet::devices::deploy::issue(&pki.pki, options.sessions * 2 * levels * options.rounds)?
            .into_iter();
    for round in 0..options.rounds {
        let mut parts = [Part::Discoveries, Part::IdlePolls, Part::Downloads];
        if round % 2 == 1 {
            parts.reverse();
        }
        for part in parts {
            match part {
                Part::Discoveries => {
                    let mut order = kinds;
                    if round % 2 == 1 {
                        order.reverse();
                    }
                    for kind in order {
                        for (i, &concurrency) in options.concurrency.iter().enumerate() {
                            let batch =
                                devices(credentials.by_ref().take(options.sessions), &target)?;
                            if kind == Kind::NonEmpty {
                                let eids: Vec<_> = batch.iter().map(|d| d.eid.clone()).collect();
                                smds.handle.seed_events(eids, SMDP_FQDN).await?;
                            }
                            let tick = |n: usize| progress(done + n);
                            let m = sessions::level(concurrency, batch, kind, &tick).await;
                            done += m.sessions.len();
                            gathered[kind_index(kind) * levels + i].rounds.push(m);
                        }
                    }
                }
                Part::IdlePolls => idle_polls_beside(options, &mut beside).await?,
                Part::Downloads => downloads_beside(options, &template, &mut beside).await?,
            }
        }
    }
    rt.stop_smds(smds).await;
    let mut tick = || {
        done += 1;
        progress(done);
    };
    let growth = growth::run(
        &rt,
        &pki,
        &options.events,
        options.sessions,
        options.rounds,
        &mut tick,
    )
    .await?;
    let levels = summaries(&kinds, &options.concurrency, &gathered, &beside);
    Ok(DiscoveryReport {
        rounds: options.rounds,
        sessions_per_round: options.sessions,
        levels,
        beside: options
            .concurrency
            .iter()
            .zip(beside)
            .map(|(&concurrency, b)| b.summary(concurrency))
            .collect(),
        growth,
    })
}

/// Each kind's row at each concurrency level, in the report's order.
fn summaries(
    kinds: &[Kind],
    concurrency: &[usize],
    gathered: &[Gathered],
    beside: &[BesideGathered],
) -> Vec<DiscoveryLevel> {
    let levels = concurrency.len();
    kinds
        .iter()
        .flat_map(|&kind| {
            concurrency
                .iter()
                .enumerate()
                .map(move |(i, &c)| (kind, i, c))
        })
        .map(|(kind, i, c)| {
            summarize(
                kind,
                c,
                &gathered[kind_index(kind) * levels + i],
                &beside[i],
            )
        })
        .collect()
}

/// One round of idle polls at the eIM beside the discoveries, added to each level's figures.
async fn idle_polls_beside(
    options: &DiscoveryOptions,
    beside: &mut [BesideGathered],
) -> Result<(), DiscoveryError> {
    let polls = idle_polls(options).await?;
    for (b, l) in beside.iter_mut().zip(&polls.levels) {
        b.polls.push(l.server_cpu_ms_per_poll);
        b.counts.0 += l.polls;
        b.failed += l.errors;
        b.errors.extend(l.error_samples.iter().cloned());
    }
    Ok(())
}

/// One round of downloads at the SM-DP+ beside the discoveries, added to each level's figures.
async fn downloads_beside(
    options: &DiscoveryOptions,
    template: &[u8],
    beside: &mut [BesideGathered],
) -> Result<(), DiscoveryError> {
    let downloads = downloads(options, template).await?;
    for (b, l) in beside.iter_mut().zip(&downloads.levels) {
        b.downloads
            .push(l.server_cpu_ms_per_download.unwrap_or(f64::NAN));
        b.counts.1 += l.downloads;
        b.failed += l.errors;
        b.errors.extend(l.error_samples.iter().cloned());
    }
    Ok(())
}

impl BesideGathered {
    /// What the report says of one concurrency level's idle polls and downloads.
    fn summary(self, concurrency: usize) -> Beside {
        Beside {
            concurrency,
            idle_polls: self.counts.0,
            downloads: self.counts.1,
            errors: self.failed,
            error_samples: self.errors.into_iter().take(3).collect(),
            idle_poll_server_cpu_ms: Spread::of(&self.polls),
            download_server_cpu_ms: Spread::of(&self.downloads),
        }
    }
}

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Empty => 0,
        Kind::NonEmpty => 1,
    }
}

/// Idle polls at every level (the eIM of [`crate::poll`], started for them).
async fn idle_polls(options: &DiscoveryOptions) -> Result<PollReport, DiscoveryError> {
    let polls = PollOptions {
        bindings: vec![crate::poll::Binding::Https],
        devices: options.concurrency.iter().copied().max().unwrap_or(1),
        concurrency: options.concurrency.clone(),
        polls: BESIDE_IDLE_POLLS,
        kinds: vec![PollKind::Idle],
    };
    Ok(crate::poll::run(&polls, &|_| {}).await?)
}

/// Downloads at every level (the SM-DP+ of [`crate::download`], started for them).
async fn downloads(
    options: &DiscoveryOptions,
    template: &[u8],
) -> Result<DownloadReport, DiscoveryError> {
    let downloads = DownloadOptions {
        concurrency: options.concurrency.clone(),
        downloads: BESIDE_DOWNLOADS,
        template: template.to_vec(),
        template_name: "built-in minimal profile".into(),
        external: None,
    };
    Ok(crate::download::run(&downloads, &|_| {}).await?)
}

/// One kind and level over the rounds, with its ratios to what was measured beside.
fn summarize(kind: Kind, concurrency: usize, g: &Gathered, b: &BesideGathered) -> DiscoveryLevel {
    let per = |m: &Measured, d: std::time::Duration| ms(d) / m.sessions.len().max(1) as f64;
    let server: Vec<f64> = g.rounds.iter().map(|m| per(m, m.server_cpu)).collect();
    let ratio = |beside: &[f64]| {
        let r: Vec<f64> = server.iter().zip(beside).map(|(s, b)| s / b).collect();
        Spread::of(&r)
    };
    let mut times: Vec<_> = g
        .rounds
        .iter()
        .flat_map(|m| m.sessions.iter())
        .filter(|s| s.error.is_none())
        .map(|s| s.took)
        .collect();
    let errors: Vec<&String> = g
        .rounds
        .iter()
        .flat_map(|m| m.sessions.iter())
        .filter_map(|s| s.error.as_ref())
        .collect();
    let rate: Vec<f64> = g
        .rounds
        .iter()
        .map(|m| m.sessions.len() as f64 / m.wall.as_secs_f64().max(1e-9))
        .collect();
    let client: Vec<f64> = g.rounds.iter().map(|m| per(m, m.client_cpu)).collect();
    DiscoveryLevel {
        kind,
        concurrency,
        sessions: g.rounds.iter().map(|m| m.sessions.len()).sum(),
        errors: errors.len(),
        error_samples: errors.into_iter().take(3).cloned().collect(),
        events_found: g
            .rounds
            .iter()
            .flat_map(|m| m.sessions.iter())
            .map(|s| s.events)
            .sum(),
        connections: g.rounds.iter().map(|m| m.connections).sum(),
        sessions_per_s: Spread::of(&rate),
        session: Percentiles::of(&mut times),
        server_cpu_ms_per_session: Spread::of(&server),
        client_cpu_ms_per_session: Spread::of(&client),
        per_idle_poll: ratio(&b.polls),
        per_download: ratio(&b.downloads),
    }
}
