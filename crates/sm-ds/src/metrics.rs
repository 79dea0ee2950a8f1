//! The SM-DS's Prometheus metrics, prefixed `smds_`: one registry per running SM-DS, served on
//! its own listener (`metrics_listen`) by [`infra::metrics::serve_metrics`].
//!
//! Counted as they happen: requests per interface (`es11`, `es12`), function and result with
//! their latency; discoveries (ES11 AuthenticateClient answered) by whether they found
//! events; TLS handshake failures; database transaction time. Read at scrape time in one
//! read transaction: Event Records held, ES11 sessions open, and the ES15 outbox (depth, age
//! of the oldest entry).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use infra::metrics::gauges::age_seconds;
use infra::metrics::{Registry, Scrape};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use server::ServerMetrics;

use crate::store::{Db, StoreError, now_ms};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FoundLabel {
    found: &'static str,
}

/// Every metric of one SM-DS.
pub(crate) struct SmDsMetrics {
    /// Requests, TLS handshakes and database time, and the registry.
    pub core: ServerMetrics,
    store: Db,
    discoveries: Family<FoundLabel, Counter>,
    events: Gauge,
    sessions_open: Gauge,
    forward_depth: Gauge,
    forward_oldest: Gauge,
}

impl SmDsMetrics {
    /// `counting`: whether requests are counted (only when the metrics are served).
    pub(crate) fn new(store: Db, counting: bool) -> SmDsMetrics {
        let mut m = SmDsMetrics {
            core: ServerMetrics::new("smds", counting),
            store,
            discoveries: Family::default(),
            events: Gauge::default(),
            sessions_open: Gauge::default(),
            forward_depth: Gauge::default(),
            forward_oldest: Gauge::default(),
        };
        for found in ["none", "some"] {
            let _ = m.discoveries.get_or_create(&FoundLabel { found });
        }
        let r = &mut m.core.registry;
        r.register(
            "discoveries",
            "ES11 event retrievals answered, by whether the eUICC had events (none, some)",
            m.discoveries.clone(),
        );
        r.register("events", "Event Records held", m.events.clone());
        r.register(
            "sessions_open",
            "ES11 sessions initiated, neither answered nor expired",
            m.sessions_open.clone(),
        );
        r.register(
            "forward_outbox_depth",
            "ES15 calls to the root SM-DS not yet delivered (failed ones excluded)",
            m.forward_depth.clone(),
        );
        r.register(
            "forward_outbox_oldest_age_seconds",
            "Age of the oldest undelivered ES15 call (0 when none)",
            m.forward_oldest.clone(),
        );
        m
    }

    /// One ES11 discovery answered with `entries` events.
    pub(crate) fn discovery(&self, entries: usize) {
        let found = if entries == 0 { "none" } else { "some" };
        self.discoveries.get_or_create(&FoundLabel { found }).inc();
    }

    async fn read_gauges(&self) -> Result<(), StoreError> {
        let now = now_ms();
        let (events, sessions, depth, oldest) = self
            .store
            .read(move |tx| {
                let (events,): (i64,) = tx.query_one("SELECT COUNT(*) FROM events", &[])?;
                let (sessions,): (i64,) = tx.query_one(
                    "SELECT COUNT(*) FROM sessions WHERE expires_at > $1",
                    &[&now],
                )?;
                let (depth, oldest): (i64, Option<i64>) = tx.query_one(
                    "SELECT COUNT(*), MIN(created_at) FROM forward_outbox WHERE failed = 0",
                    &[],
                )?;
                Ok::<_, StoreError>((events, sessions, depth, oldest))
            })
            .await?;
        self.events.set(events);
        self.sessions_open.set(sessions);
        self.forward_depth.set(depth);
        self.forward_oldest.set(age_seconds(now, oldest));
        Ok(())
    }
}

impl Scrape for SmDsMetrics {
    fn registry(&self) -> &Registry {
        &self.core.registry
    }

    fn refresh(
        &self,
    ) -> Pin<Box<dyn Future<Output = Result<(), infra::metrics::RefreshError>> + Send + '_>> {
        Box::pin(async move { Ok(self.read_gauges().await?) })
    }
}

/// The metrics of a running SM-DS, shared by its handlers.
pub(crate) type Metrics = Arc<SmDsMetrics>;
