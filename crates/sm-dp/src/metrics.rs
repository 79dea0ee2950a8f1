//! The SM-DP+'s Prometheus metrics (the guide's "Metrics"), prefixed `smdp_`: one registry per
//! running SM-DP+, served on its own listener (`metrics_listen`) by
//! [`infra::metrics::serve_metrics`].
//!
//! Counted as they happen: requests per interface (`es9plus`, `es2plus`), function and
//! result with their latency; downloads started (AuthenticateClient matched an order),
//! completed and failed (an installation result with an error, or a CancelSession of an
//! authenticated session); TLS handshake failures; database transaction time. Read from the
//! database at scrape time, one query each in one read transaction: open sessions by step,
//! orders by status, profiles by state, the outbox of HandleDownloadProgressInfo calls
//! (depth, age of the oldest).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use infra::metrics::gauges::{ByState, age_seconds, set_by_state};
use infra::metrics::{Registry, Scrape};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use server::ServerMetrics;

use crate::state::ProfileState;
use crate::store::{OrderStatus, SessionStep, Store, StoreError, Tx, now_ms};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CauseLabel {
    cause: &'static str,
}

/// Why a download failed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum DownloadFailure {
    /// The eUICC reported an installation error (ProfileInstallationResult errorResult).
    Installation,
    /// The session was cancelled (ES9+.CancelSession).
    Cancelled,
}

impl DownloadFailure {
    fn as_str(self) -> &'static str {
        match self {
            DownloadFailure::Installation => "installation_error",
            DownloadFailure::Cancelled => "cancelled",
        }
    }
}

/// Every metric of one SM-DP+.
pub(crate) struct SmDpMetrics {
    /// Requests, TLS handshakes and database time, and the registry.
    pub core: ServerMetrics,
    store: Store,
    downloads_started: Counter,
    downloads_completed: Counter,
    downloads_failed: Family<CauseLabel, Counter>,
    sessions_open: ByState,
    orders: ByState,
    profiles: ByState,
    outbox_depth: Gauge,
    outbox_oldest: Gauge,
}

impl SmDpMetrics {
    /// `counting`: whether requests are counted (only when the metrics are served).
    pub(crate) fn new(store: Store, counting: bool, faults: &infra::faults::Faults) -> SmDpMetrics {
        let mut m = SmDpMetrics {
            core: ServerMetrics::new("smdp", counting),
            store,
            downloads_started: Counter::default(),
            downloads_completed: Counter::default(),
            downloads_failed: Family::default(),
            sessions_open: Family::default(),
            orders: Family::default(),
            profiles: Family::default(),
            outbox_depth: Gauge::default(),
            outbox_oldest: Gauge::default(),
        };
        for f in [DownloadFailure::Installation, DownloadFailure::Cancelled] {
            let _ = m
                .downloads_failed
                .get_or_create(&CauseLabel { cause: f.as_str() });
        }
        m.register();
        infra::metrics::faults::register(&mut m.core.registry, faults);
        m
    }

    fn register(&mut self) {
        let r = &mut self.core.registry;
        r.register(
            "downloads_started",
            "Downloads started: AuthenticateClient matched an order to an eUICC",
            self.downloads_started.clone(),
        );
        r.register(
            "downloads_completed",
            "Downloads completed: a successful ProfileInstallationResult was applied",
            self.downloads_completed.clone(),
        );
        r.register(
            "downloads_failed",
            "Downloads failed, by cause (installation_error, cancelled)",
            self.downloads_failed.clone(),
        );
        r.register(
            "sessions_open",
            "ES9+ sessions neither closed nor expired, by step",
            self.sessions_open.clone(),
        );
        r.register("orders", "Download orders by status", self.orders.clone());
        r.register(
            "profiles",
            "Profiles by state (SGP.22 5.3)",
            self.profiles.clone(),
        );
        r.register(
            "outbox_depth",
            "HandleDownloadProgressInfo calls not yet accepted by their operator",
            self.outbox_depth.clone(),
        );
        r.register(
            "outbox_oldest_age_seconds",
            "Age of the oldest undelivered HandleDownloadProgressInfo call (0 when none)",
            self.outbox_oldest.clone(),
        );
    }

    pub(crate) fn download_started(&self) {
        self.downloads_started.inc();
    }

    pub(crate) fn download_completed(&self) {
        self.downloads_completed.inc();
    }

    pub(crate) fn download_failed(&self, why: DownloadFailure) {
        self.downloads_failed
            .get_or_create(&CauseLabel {
                cause: why.as_str(),
            })
            .inc();
    }

    async fn read_gauges(&self) -> Result<(), StoreError> {
        let now = now_ms();
        let g = self.store.read(move |tx| Gauges::read(tx, now)).await?;
        set_by_state(&self.sessions_open, &session_steps(), &g.sessions);
        set_by_state(&self.orders, &order_states(), &g.orders);
        set_by_state(&self.profiles, &profile_states(), &g.profiles);
        self.outbox_depth.set(g.outbox_depth);
        self.outbox_oldest.set(age_seconds(now, g.outbox_oldest));
        Ok(())
    }
}

fn session_steps() -> [&'static str; 3] {
    [
        SessionStep::Initiated,
        SessionStep::Authenticated,
        SessionStep::Bound,
    ]
    .map(|s| s.as_str())
}

fn order_states() -> [&'static str; 4] {
    [
        OrderStatus::Open,
        OrderStatus::Done,
        OrderStatus::Cancelled,
        OrderStatus::Failed,
    ]
    .map(|s| s.as_str())
}

fn profile_states() -> [&'static str; 12] {
    ProfileState::ALL.map(|s| s.as_str())
}

/// What the gauges show, read in one transaction.
struct Gauges {
    sessions: Vec<(String, i64)>,
    orders: Vec<(String, i64)>,
    profiles: Vec<(String, i64)>,
    outbox_depth: i64,
    outbox_oldest: Option<i64>,
}

impl Gauges {
    fn read(tx: &mut Tx<'_>, now: i64) -> Result<Gauges, StoreError> {
        let sessions = tx.query(
            "SELECT step, COUNT(*) FROM sessions WHERE step <> 'closed' AND expires_at > $1 \
             GROUP BY step",
            &[&now],
        )?;
        let orders = tx.query("SELECT status, COUNT(*) FROM orders GROUP BY status", &[])?;
        let profiles = tx.query("SELECT state, COUNT(*) FROM profiles GROUP BY state", &[])?;
        let (outbox_depth, outbox_oldest): (i64, Option<i64>) = tx.query_one(
            "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE delivered_at IS NULL",
            &[],
        )?;
        Ok(Gauges {
            sessions,
            orders,
            profiles,
            outbox_depth,
            outbox_oldest,
        })
    }
}

impl Scrape for SmDpMetrics {
    fn registry(&self) -> &Registry {
        &self.core.registry
    }

    fn refresh(
        &self,
    ) -> Pin<Box<dyn Future<Output = Result<(), infra::metrics::RefreshError>> + Send + '_>> {
        Box::pin(async move { Ok(self.read_gauges().await?) })
    }
}

/// The metrics of a running SM-DP+, shared by its handlers.
pub(crate) type Metrics = Arc<SmDpMetrics>;
