//! Serving a role: its HTTPS listeners (each with its TLS configuration, router and limits,
//! counted in the [`ServerMetrics`]), its background tasks and the metrics listener, all
//! stopped together by [`Running::stop`].

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use infra::metrics::Scrape;
use infra::serve::{Limits, ServerTls, serve_tls_observed, until_stopped};
use infra::startup::{self, SetupError};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::metrics::ServerMetrics;

/// A listener bound before it is served, with the address it got (the port the system
/// chose for `:0`).
pub struct Bound {
    /// The listener.
    pub listener: TcpListener,
    /// Its address.
    pub addr: SocketAddr,
}

impl Bound {
    /// Binds `addr` with the listen backlog of `limits`; errors name the listener (`what`).
    pub async fn listen(
        addr: SocketAddr,
        what: &str,
        limits: &Limits,
    ) -> Result<Bound, SetupError> {
        Bound::from(startup::bind(addr, what, limits.listen_backlog).await?)
    }

    /// Binds a listener that is off unless configured (metrics, a dashboard), with the
    /// default backlog.
    pub async fn optional(
        addr: Option<SocketAddr>,
        what: &str,
    ) -> Result<Option<Bound>, SetupError> {
        match startup::bind_optional(addr, what).await? {
            Some(l) => Ok(Some(Bound::from(l)?)),
            None => Ok(None),
        }
    }

    fn from(listener: TcpListener) -> Result<Bound, SetupError> {
        let addr = startup::local_addr(&listener)?;
        Ok(Bound { listener, addr })
    }
}

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

    /// Serves `router` on `bound` over TLS within `limits`, its requests and handshake
    /// failures counted under `interface` (e.g. `es9plus`).
    pub fn serve(
        &mut self,
        bound: Bound,
        tls: impl Into<ServerTls> + Send + 'static,
        interface: &'static str,
        router: axum::Router,
        limits: &Limits,
        metrics: &ServerMetrics,
    ) {
        self.spawn(serve_tls_observed(
            bound.listener,
            tls,
            metrics.requests.layer(interface, router),
            limits.clone(),
            Some(metrics.tls.hook(interface)),
            until_stopped(self.stopping()),
        ));
    }

    /// Serves `GET /metrics` of `source` on `bound`, when there is one.
    pub fn serve_metrics(&mut self, bound: Option<Bound>, source: Arc<dyn Scrape>) {
        if let Some(b) = bound {
            let stopped = until_stopped(self.stopping());
            self.spawn(infra::metrics::serve_metrics(b.listener, source, stopped));
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
