//! The fleet at a glance, for the dashboard and the lab: counts per country (home, roaming,
//! localized, permanent-roaming exposure, attention needed), a filtered page of the device
//! list, and the daily samples that draw exposure over time. Exposure is the policy's own
//! ([`crate::policy::is_exposed`]): roaming in a country longer than its rule tolerates.

use serde::Serialize;

use crate::clock::DAY_MS;
use crate::context::Context;
use crate::engine::EngineError;
use crate::fleet::Fleet;
use crate::policy::CountryRule;
use crate::store::dashboard::{self, Cutoffs};
pub use crate::store::dashboard::{
    CountryCounts, DeviceRow, Filter, Page, ProfileFilter, StateFilter,
};

/// The whole fleet now.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// Per country, by code (`""`: no network reported yet).
    pub countries: Vec<CountryCounts>,
    pub totals: CountryCounts,
    /// Operations by kind and state.
    pub operations: Vec<OperationCount>,
    /// The eIM's clock (Unix ms) and its day number.
    pub now: i64,
    pub day: i64,
}

/// How many operations of a kind are in a state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OperationCount {
    pub kind: String,
    pub state: String,
    pub count: i64,
}

/// A sample of the fleet being counted and written ([`Fleet::start_sample`]).
#[must_use = "a sample's outcome is known once it is finished"]
pub struct Sampling(tokio::task::JoinHandle<Result<(), EngineError>>);

impl Sampling {
    /// Waits until the sample is counted and written.
    pub async fn finish(self) -> Result<(), EngineError> {
        self.0.await.map_err(|e| {
            EngineError::Store(crate::store::StoreError::Sql(format!(
                "sampling the fleet: {e}"
            )))
        })?
    }
}

/// One day of the fleet's history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DaySample {
    pub day: i64,
    pub countries: Vec<CountryCounts>,
}

/// The cutoff of `since` beyond which a roaming device is exposed under `rule`.
fn cutoff(rule: &CountryRule, now: i64) -> Option<i64> {
    match rule.limit_days {
        None => None,
        Some(0) => Some(i64::MAX),
        Some(days) => Some(now.saturating_sub((i64::from(days) + 1).saturating_mul(DAY_MS))),
    }
}

fn cutoffs(ctx: &Context, now: i64) -> Cutoffs {
    let policy = &ctx.localization.policy;
    Cutoffs {
        countries: policy
            .countries
            .iter()
            .map(|(c, rule)| (c.clone(), cutoff(rule, now)))
            .collect(),
        default: cutoff(&policy.default, now),
    }
}

fn totals(countries: &[CountryCounts]) -> CountryCounts {
    let mut t = CountryCounts::default();
    for c in countries {
        t.devices += c.devices;
        t.home += c.home;
        t.roaming += c.roaming;
        t.localized += c.localized;
        t.exposed += c.exposed;
        t.attention += c.attention;
    }
    t
}

impl Fleet {
    /// Counts per country and of operations, at the eIM clock's now.
    pub async fn overview(&self) -> Result<Overview, EngineError> {
        let now = self.ctx.now();
        let c = cutoffs(&self.ctx, now);
        let (countries, ops) = self
            .ctx
            .store
            .read(move |tx| {
                let countries = dashboard::counts(tx, &c)?;
                let ops = crate::store::operations::counts(tx)?;
                Ok::<_, crate::store::StoreError>((countries, ops))
            })
            .await?;
        Ok(Overview {
            totals: totals(&countries),
            countries,
            operations: ops
                .into_iter()
                .map(|(kind, state, count)| OperationCount { kind, state, count })
                .collect(),
            now,
            day: now.div_euclid(DAY_MS),
        })
    }

    /// A page of the device list (every operator's devices), by EID.
    pub async fn device_page(&self, filter: &Filter) -> Result<Page, EngineError> {
        let c = cutoffs(&self.ctx, self.ctx.now());
        let f = filter.clone();
        let mut page = self
            .ctx
            .store
            .read(move |tx| dashboard::page(tx, &f, &c))
            .await?;
        for r in &mut page.rows {
            r.last_seen = self.ctx.seen.latest(&r.eid, r.last_seen);
        }
        Ok(page)
    }

    /// The countries devices are in, by code.
    pub async fn countries(&self) -> Result<Vec<String>, EngineError> {
        Ok(self.ctx.store.read(dashboard::countries).await?)
    }

    /// Samples the fleet for the current day of the eIM's clock (the last sample of a day
    /// replaces the earlier ones). The eIM samples on its own every minute; the lab also
    /// samples at the end of each simulated day.
    pub async fn record_sample(&self) -> Result<(), EngineError> {
        self.start_sample().await.finish().await
    }

    /// Starts a sample of the fleet as it is now ([`Fleet::record_sample`]): returns once
    /// the read transaction that counts it holds its snapshot, so that what commits after
    /// this returns is not counted, while the count (a scan of every device) and the write
    /// of the sample go on in a task of their own. The lab so lets the next simulated day
    /// begin while the last one is counted.
    ///
    /// The fleet is counted in a read transaction, so the scan does not hold up the writer
    /// (the polls' commits); the sample is then written, replacing only an older one of the
    /// day. Should the read be retried (its connection lost), the retry counts the fleet
    /// as it is then.
    pub async fn start_sample(&self) -> Sampling {
        let now = self.ctx.now();
        let c = cutoffs(&self.ctx, now);
        let (held, snapshot) = tokio::sync::oneshot::channel();
        let ctx = self.ctx.clone();
        let task = tokio::spawn(async move {
            let mut held = Some(held);
            let counts = ctx
                .store
                .read(move |tx| {
                    dashboard::hold_snapshot(tx)?;
                    if let Some(h) = held.take() {
                        let _ = h.send(());
                    }
                    dashboard::counts(tx, &c)
                })
                .await?;
            ctx.store
                .write(move |tx| dashboard::record_sample(tx, now.div_euclid(DAY_MS), &counts, now))
                .await?;
            Ok(())
        });
        // Dropped unsent when the read failed first: the task's outcome then says why.
        let _ = snapshot.await;
        Sampling(task)
    }

    /// The daily samples of the last `days` days sampled, oldest first.
    pub async fn samples(&self, days: i64) -> Result<Vec<DaySample>, EngineError> {
        let rows = self
            .ctx
            .store
            .read(move |tx| dashboard::samples(tx, days))
            .await?;
        let mut out: Vec<DaySample> = Vec::new();
        for (day, c) in rows {
            match out.last_mut() {
                Some(s) if s.day == day => s.countries.push(c),
                _ => out.push(DaySample {
                    day,
                    countries: vec![c],
                }),
            }
        }
        Ok(out)
    }
}

/// Samples the fleet every `interval` until `stop` (started with the eIM).
pub(crate) async fn sampler(
    fleet: Fleet,
    interval: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        if let Err(e) = fleet.record_sample().await {
            tracing::warn!(error = %e, "sampling the fleet failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stop.changed() => return,
        }
    }
}
