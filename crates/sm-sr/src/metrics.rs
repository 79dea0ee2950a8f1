//! The SM-SR's Prometheus metrics, prefixed `smsr_`: the ones every role has
//! ([`server::ServerMetrics`]) and, read at scrape time, the EISs managed and the
//! operations not finished.

use std::future::Future;
use std::pin::Pin;

use infra::metrics::{Registry, Scrape};
use prometheus_client::metrics::gauge::Gauge;
use server::ServerMetrics;

use crate::store::{Db, StoreError};

/// Every metric of one SM-SR.
pub(crate) struct SmSrMetrics {
    /// Requests, TLS handshakes and database time, and the registry.
    pub core: ServerMetrics,
    store: Db,
    eis: Gauge,
    operations_open: Gauge,
}

impl SmSrMetrics {
    /// `counting`: whether requests are counted (only when the metrics are served).
    pub(crate) fn new(store: Db, counting: bool) -> SmSrMetrics {
        let mut m = SmSrMetrics {
            core: ServerMetrics::new("smsr", counting),
            store,
            eis: Gauge::default(),
            operations_open: Gauge::default(),
        };
        let r = &mut m.core.registry;
        r.register("eis", "eUICC Information Sets managed", m.eis.clone());
        r.register(
            "operations_open",
            "ES4/ES3 operations sending or awaiting their notification",
            m.operations_open.clone(),
        );
        m
    }

    async fn read_gauges(&self) -> Result<(), StoreError> {
        let (eis, open) = self
            .store
            .read(|tx| {
                let (eis,): (i64,) = tx.query_one("SELECT COUNT(*) FROM eis", &[])?;
                let (open,): (i64,) = tx.query_one(
                    "SELECT COUNT(*) FROM operations \
                     WHERE state IN ('sending', 'awaiting_notification')",
                    &[],
                )?;
                Ok::<_, StoreError>((eis, open))
            })
            .await?;
        self.eis.set(eis);
        self.operations_open.set(open);
        Ok(())
    }
}

impl Scrape for SmSrMetrics {
    fn registry(&self) -> &Registry {
        &self.core.registry
    }

    fn refresh(
        &self,
    ) -> Pin<Box<dyn Future<Output = Result<(), infra::metrics::RefreshError>> + Send + '_>> {
        Box::pin(async move { Ok(self.read_gauges().await?) })
    }
}
