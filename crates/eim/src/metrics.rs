//! The eIM's Prometheus metrics (the guide's "Metrics"), prefixed `eim_`: one registry per running
//! eIM, served on its own listener (`metrics_listen`) by [`infra::metrics::serve_metrics`].
//!
//! Counted as they happen: requests per interface (`esipa`, `operator_api`), function and
//! result with their latency; polls (ESipa GetEimPackage) by outcome (`package`,
//! `no_package`, `refused`), read from the same answers; TLS handshake failures; database
//! transaction time. Read from the database at scrape time, one query each in one read
//! transaction: operations by state, eIM Packages pending (queued, sent), and the forward
//! queue of notifications to SM-DP+s (depth, age of the oldest, on the eIM's clock).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use infra::metrics::gauges::{ByState, age_seconds, set_by_state};
use infra::metrics::requests::Observed;
use infra::metrics::{Registry, RequestMetrics, Scrape};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use server::ServerMetrics;

use crate::clock::SharedClock;
use crate::store::operations::OperationState;
use crate::store::packages::PackageState;
use crate::store::{Store, StoreError, Tx};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

/// Outcomes of a poll.
const POLL_OUTCOMES: [&str; 3] = ["package", "no_package", "refused"];

/// Every metric of one eIM.
pub(crate) struct EimMetrics {
    /// Requests, TLS handshakes and database time, and the registry.
    pub core: ServerMetrics,
    store: Store,
    clock: SharedClock,
    operations: ByState,
    packages_pending: ByState,
    forward_depth: Gauge,
    forward_oldest: Gauge,
}

impl EimMetrics {
    /// `counting`: whether requests are counted (only when the metrics are served).
    pub(crate) fn new(
        store: Store,
        clock: SharedClock,
        counting: bool,
        faults: &infra::faults::Faults,
    ) -> EimMetrics {
        let polls: Family<OutcomeLabel, Counter> = Family::default();
        for outcome in POLL_OUTCOMES {
            let _ = polls.get_or_create(&OutcomeLabel { outcome });
        }
        let counted = polls.clone();
        let requests = RequestMetrics::default()
            .counting(counting)
            .with_hook(Arc::new(move |o: &Observed| {
                if let Some(outcome) = poll_outcome(o) {
                    counted.get_or_create(&OutcomeLabel { outcome }).inc();
                }
            }));
        let mut m = EimMetrics {
            core: ServerMetrics::with_requests("eim", requests),
            store,
            clock,
            operations: Family::default(),
            packages_pending: Family::default(),
            forward_depth: Gauge::default(),
            forward_oldest: Gauge::default(),
        };
        let r = &mut m.core.registry;
        infra::metrics::faults::register(r, faults);
        r.register(
            "polls",
            "ESipa GetEimPackage calls by outcome (package, no_package, refused)",
            polls,
        );
        r.register(
            "operations",
            "Operator and policy operations by state",
            m.operations.clone(),
        );
        r.register(
            "packages_pending",
            "eIM Packages not yet answered, by state (queued, sent)",
            m.packages_pending.clone(),
        );
        r.register(
            "forward_queue_depth",
            "Notifications waiting to be forwarded to their SM-DP+",
            m.forward_depth.clone(),
        );
        r.register(
            "forward_queue_oldest_age_seconds",
            "Age of the oldest notification waiting to be forwarded (0 when none)",
            m.forward_oldest.clone(),
        );
        m
    }

    async fn read_gauges(&self) -> Result<(), StoreError> {
        let g = self.store.read(Gauges::read).await?;
        set_by_state(
            &self.operations,
            &OperationState::ALL.map(|s| s.as_str()),
            &g.operations,
        );
        set_by_state(
            &self.packages_pending,
            &[PackageState::Queued, PackageState::Sent].map(|s| s.as_str()),
            &g.packages,
        );
        self.forward_depth.set(g.forward_depth);
        let now = self.clock.now_ms();
        self.forward_oldest.set(age_seconds(now, g.forward_oldest));
        Ok(())
    }
}

/// A poll's outcome from how its answer was classified: an eIM Package, the
/// `noEimPackageAvailable(1)` error value, or any other refusal.
fn poll_outcome(o: &Observed) -> Option<&'static str> {
    if o.interface != "esipa" || o.function != "getEimPackage" {
        return None;
    }
    Some(match (o.result, o.code.as_str()) {
        ("ok", _) => "package",
        ("failed", "1") => "no_package",
        _ => "refused",
    })
}

/// What the gauges show, read in one transaction.
struct Gauges {
    operations: Vec<(String, i64)>,
    packages: Vec<(String, i64)>,
    forward_depth: i64,
    forward_oldest: Option<i64>,
}

impl Gauges {
    fn read(tx: &mut Tx<'_>) -> Result<Gauges, StoreError> {
        let operations = tx.query("SELECT state, COUNT(*) FROM operations GROUP BY state", &[])?;
        let packages = tx.query(
            "SELECT state, COUNT(*) FROM packages WHERE state IN ('queued', 'sent') \
             GROUP BY state",
            &[],
        )?;
        let (forward_depth, forward_oldest): (i64, Option<i64>) = tx.query_one(
            "SELECT COUNT(*), MIN(received_at) FROM notifications WHERE forward_state = 'pending'",
            &[],
        )?;
        Ok(Gauges {
            operations,
            packages,
            forward_depth,
            forward_oldest,
        })
    }
}

impl Scrape for EimMetrics {
    fn registry(&self) -> &Registry {
        &self.core.registry
    }

    fn refresh(
        &self,
    ) -> Pin<Box<dyn Future<Output = Result<(), infra::metrics::RefreshError>> + Send + '_>> {
        Box::pin(async move { Ok(self.read_gauges().await?) })
    }
}
