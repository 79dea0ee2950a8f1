//! The `/metrics` listener: plain HTTP/1.1 (axum's own server), `GET /metrics` only. Before
//! each scrape the server's [`Scrape::refresh`] sets the gauges that come from its database
//! (one cheap query each), then the registry is encoded in the format the scraper asked for
//! ([`super::exposition::negotiate`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;

use super::exposition;

/// What a server exposes.
pub trait Scrape: Send + Sync + 'static {
    /// Its registry.
    fn registry(&self) -> &Registry;

    /// Brings the gauges computed at scrape time up to date (an error is logged and the
    /// scrape answered with the values as they were).
    fn refresh(&self) -> Pin<Box<dyn Future<Output = Result<(), RefreshError>> + Send + '_>>;
}

/// Why the gauges computed at scrape time could not be read (the role's storage error,
/// kept as it is).
pub type RefreshError = Box<dyn std::error::Error + Send + Sync>;

/// Serves `GET /metrics` from `source` on `listener` until `shutdown` completes.
pub async fn serve_metrics(
    listener: TcpListener,
    source: Arc<dyn Scrape>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let router = Router::new()
        .route("/metrics", get(scrape))
        .with_state(source);
    if let Err(e) = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
    {
        tracing::error!(error = %e, "the metrics listener stopped");
    }
}

async fn scrape(State(source): State<Arc<dyn Scrape>>, headers: HeaderMap) -> Response {
    if let Err(e) = source.refresh().await {
        tracing::warn!(error = %e, "metrics: the database gauges could not be read");
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match exposition::negotiate(source.registry(), accept) {
        Ok((content_type, body)) => {
            let mut r = body.into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "encoding the metrics");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
