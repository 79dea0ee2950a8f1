//! Prometheus metrics of a server (the guide's "Metrics"), with the `prometheus-client` crate:
//! each server instance owns its [`Registry`] (tests run several servers in one process, so
//! nothing is global), registers what it counts, and serves it with [`serve_metrics`] on a
//! plain-HTTP listener of its own, loopback unless allowed otherwise ([`check_listen`]).
//!
//! - [`requests`]: a layer over a listener's router counting requests by interface,
//!   binding, function and result (the spec's subject/reason code or error value), with a
//!   latency histogram per function.
//! - [`TlsMetrics`]: TLS handshakes done by listener, and failed ones by listener and
//!   cause ([`crate::serve::HandshakeFailure`]).
//! - [`DbMetrics`]: how long database transactions take (read or write).
//! - [`gauges`]: counts per state and ages read from the database at scrape time.
//! - [`exposition`]: the Prometheus text format (0.0.4) from prometheus-client's
//!   OpenMetrics text, content negotiation, and a checker/parser of the format for tests.
//!
//! Names follow the Prometheus conventions: a role prefix (`smdp_`, `eim_`), base units in
//! the name (`_seconds`), `_total` on counters.

pub mod exposition;
pub mod faults;
pub mod gauges;
mod listen;
pub mod requests;
mod server;

use std::time::Duration;

pub use prometheus_client;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
pub use prometheus_client::registry::Registry;

pub use listen::{RemoteMetrics, check_listen};
pub use requests::RequestMetrics;
pub use server::{RefreshError, Scrape, serve_metrics};

use crate::serve::{Handshake, HandshakeFailure, HandshakeHook};

/// Latency buckets in seconds: 1 ms to 10 s (an ES9+ call is a few ms on loopback, a
/// relayed ESipa call or a database under load can take seconds).
pub const LATENCY_BUCKETS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Database transaction buckets in seconds: 0.1 ms to 2.5 s.
pub const DB_BUCKETS: [f64; 12] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5,
];

/// A family of histograms made by a plain function (the bucket set).
pub type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TlsLabels {
    listener: &'static str,
    cause: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ListenerLabel {
    listener: &'static str,
}

/// TLS handshakes: `tls_handshakes_total{listener}` (done: the TLS connections a listener
/// served) and `tls_handshake_failures_total{listener, cause}`.
#[derive(Clone, Default)]
pub struct TlsMetrics {
    done: Family<ListenerLabel, Counter>,
    failures: Family<TlsLabels, Counter>,
}

impl TlsMetrics {
    /// Registers the families in `registry`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "tls_handshakes",
            "TLS handshakes done (new TLS connections), by listener",
            self.done.clone(),
        );
        registry.register(
            "tls_handshake_failures",
            "TLS handshakes that failed, by listener and cause",
            self.failures.clone(),
        );
    }

    /// The hook for the listener named `listener` (every count starts at zero).
    pub fn hook(&self, listener: &'static str) -> HandshakeHook {
        let done = self.done.get_or_create(&ListenerLabel { listener }).clone();
        for cause in HandshakeFailure::ALL {
            let _ = self.failures.get_or_create(&TlsLabels {
                listener,
                cause: cause.as_str(),
            });
        }
        let failures = self.failures.clone();
        std::sync::Arc::new(move |outcome: Handshake| match outcome {
            Handshake::Done => {
                done.inc();
            }
            Handshake::Failed(cause) => {
                failures
                    .get_or_create(&TlsLabels {
                        listener,
                        cause: cause.as_str(),
                    })
                    .inc();
            }
        })
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DbLabels {
    access: &'static str,
}

/// Database transaction time: `db_transaction_duration_seconds{access}` (from the
/// transaction's start on its database thread to its commit or rollback, retries included).
#[derive(Clone)]
pub struct DbMetrics {
    transactions: HistogramFamily<DbLabels>,
}

impl Default for DbMetrics {
    fn default() -> Self {
        DbMetrics {
            transactions: Family::new_with_constructor(|| Histogram::new(DB_BUCKETS)),
        }
    }
}

impl DbMetrics {
    /// Registers the family in `registry`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "db_transaction_duration_seconds",
            "Time database transactions held their database thread, by access (read, write)",
            self.transactions.clone(),
        );
    }

    /// Records one transaction (`access`: `read` or `write`).
    pub fn observe(&self, access: &'static str, took: Duration) {
        self.transactions
            .get_or_create(&DbLabels { access })
            .observe(took.as_secs_f64());
    }
}
