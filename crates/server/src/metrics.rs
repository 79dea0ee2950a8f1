//! The Prometheus metrics every role has, registered first in its registry (prefixed with
//! the role's name): requests per interface, function and result with their latency; TLS
//! handshake failures; database transaction time. The role registers its own after them.

use std::sync::Arc;

use infra::metrics::{DbMetrics, Registry, RequestMetrics, TlsMetrics};

/// The metrics every role has, and the registry the role adds its own to.
pub struct ServerMetrics {
    /// The role's registry (`<prefix>_…`).
    pub registry: Registry,
    /// Requests per interface (the router layer of [`crate::Launch::serve`]).
    pub requests: RequestMetrics,
    /// TLS handshake failures per interface.
    pub tls: TlsMetrics,
    /// Database transaction time ([`ServerMetrics::observe`]).
    pub db: DbMetrics,
}

impl ServerMetrics {
    /// A registry prefixed `prefix` with the three families registered; `counting`: whether
    /// requests are counted (only when the metrics are served).
    pub fn new(prefix: &str, counting: bool) -> ServerMetrics {
        ServerMetrics::with_requests(prefix, RequestMetrics::default().counting(counting))
    }

    /// [`ServerMetrics::new`] with the role's own request counting (a hook that derives a
    /// role's counter from every answered request, say).
    pub fn with_requests(prefix: &str, requests: RequestMetrics) -> ServerMetrics {
        let mut m = ServerMetrics {
            registry: Registry::with_prefix(prefix),
            requests,
            tls: TlsMetrics::default(),
            db: DbMetrics::default(),
        };
        m.requests.register(&mut m.registry);
        m.tls.register(&mut m.registry);
        m.db.register(&mut m.registry);
        m
    }

    /// Times every transaction of `store` into [`ServerMetrics::db`].
    pub fn observe(&self, store: &storage::Db) {
        let db = self.db.clone();
        store.observe_transactions(Arc::new(move |access, took| {
            db.observe(access.as_str(), took)
        }));
    }
}
