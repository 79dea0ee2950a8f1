//! Serving a role: its HTTPS listeners (each with its TLS configuration, router and limits,
//! counted in the [`ServerMetrics`]), its background tasks and the metrics listener, all
//! stopped together by [`Running::stop`].

use std::future::Future;
use std::sync::Arc;

use infra::metrics::Scrape;
use infra::serve::{Limits, ServerTls, serve_tls_observed, until_stopped};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::metrics::ServerMetrics;

/// The tasks of a role being started; [`Launch::running`] hands them over to the handle
/// that stops them.
pub struct Launch {
    shutdown: watch::Sender<bool>,
    stopping: watch::Receiver<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Default for Launch {
    fn default() -> Self {
        Launch::new()
    }
}

impl Launch {
    /// No task yet.
    pub fn new() -> Launch {
        let (shutdown, stopping) = watch::channel(false);
        Launch {
            shutdown,
            stopping,
            tasks: Vec::new(),
        }
    }

    /// Turns true when the role stops: for the background tasks the role spawns.
    pub fn stopping(&self) -> watch::Receiver<bool> {
        self.stopping.clone()
    }

    /// Serves `router` on `listener` over TLS within `limits`, its requests and handshake
    /// failures counted under `interface` (e.g. `es9plus`).
    pub fn serve(
        &mut self,
        listener: TcpListener,
        tls: impl Into<ServerTls> + Send + 'static,
        interface: &'static str,
        router: axum::Router,
        limits: &Limits,
        metrics: &ServerMetrics,
    ) {
        self.spawn(serve_tls_observed(
            listener,
            tls,
            metrics.requests.layer(interface, router),
            limits.clone(),
            Some(metrics.tls.hook(interface)),
            until_stopped(self.stopping()),
        ));
    }

    /// Serves `GET /metrics` of `source` on `listener`, when there is one.
    pub fn serve_metrics(&mut self, listener: Option<TcpListener>, source: Arc<dyn Scrape>) {
        if let Some(l) = listener {
            let stopped = until_stopped(self.stopping());
            self.spawn(infra::metrics::serve_metrics(l, source, stopped));
        }
    }

    /// Runs `task` until it ends; [`Running::stop`] waits for it.
    pub fn spawn(&mut self, task: impl Future<Output = ()> + Send + 'static) {
        self.tasks.push(tokio::spawn(task));
    }

    /// The handle that stops what was launched.
    pub fn running(self) -> Running {
        Running {
            shutdown: self.shutdown,
            tasks: self.tasks,
        }
    }
}

/// The tasks of a running role. Dropping it without [`Running::stop`] also stops the
/// listeners (their shutdown signal closes).
pub struct Running {
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    /// Stops accepting, lets open connections finish and waits for every task to end.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}
