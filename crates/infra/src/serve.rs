//! The HTTPS accept loop: TLS with tokio-rustls (and tokio-openssl for the brainpoolP256r1
//! clients of a listener that has a brainpool identity: [`ServerTls`]), HTTP/1.1 with
//! hyper, requests handed to an axum router. The client's certificate chain (mutual TLS) is put into each request's
//! extensions as [`PeerCertificates`], the listener's body limits as [`BodyLimits`], and the
//! [`ConnectionState`] its requests share.
//!
//! Every listener runs under its [`Limits`]: a connection slot is taken before `accept`, so
//! at `max_connections` further clients wait in the kernel's listen backlog; the TLS
//! handshake, each request head and body, and keep-alive idleness are timed
//! (the `connection` module); failing accepts back off instead of spinning (the `backoff` module).

mod accept;
pub mod answer;
mod backoff;
pub mod body;
mod connection;
pub mod handshake;
pub mod limits;
mod stream;

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::{HttpService, service_fn};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tower::ServiceExt;

pub use accept::ServerTls;
pub use body::{BodyError, BodyFault, BodyLimits, RequestBody};
pub use handshake::{Handshake, HandshakeFailure, HandshakeHook};
pub use limits::Limits;

use backoff::Backoff;
use connection::{Activity, Expiry, InFlight, Tracked, Watched};
use stream::TlsConn;

/// The certificate chain the TLS client presented (leaf first, DER); empty without mTLS.
#[derive(Clone, Debug, Default)]
pub struct PeerCertificates(pub Arc<Vec<Vec<u8>>>);

/// How long requests in flight may take to finish once the server stops.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// How often reaching `max_connections` is logged at most.
const FULL_REPORT_EVERY: Duration = Duration::from_secs(60);

/// What the requests of one TLS connection share, for as long as the connection lives (each
/// request's extensions hold it). A role keeps there what ties a connection's requests
/// together: the eIM, the device an SGP.32 v1.0 IPA polled for, whose result comes next on
/// the same connection without an EID.
#[derive(Clone, Default)]
pub struct ConnectionState(Arc<Mutex<http::Extensions>>);

impl ConnectionState {
    /// The value of type `T` kept for this connection.
    pub fn get<T: Clone + Send + Sync + 'static>(&self) -> Option<T> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get::<T>().cloned()
    }

    /// Keeps `value` for this connection (replacing the previous `T`).
    pub fn set<T: Clone + Send + Sync + 'static>(&self, value: T) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(value);
    }
}

impl std::fmt::Debug for ConnectionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionState").finish_non_exhaustive()
    }
}

/// Completes once `stop` says true (or its sender is gone): the shutdown future the servers
/// hand to [`serve_tls`] and their background tasks.
pub async fn until_stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopped| *stopped).await;
}

/// [`serve_tls_with`] under the default [`Limits`].
pub async fn serve_tls(
    listener: TcpListener,
    tls: impl Into<ServerTls>,
    router: Router,
    shutdown: impl Future<Output = ()>,
) {
    serve_tls_with(listener, tls, router, Limits::default(), shutdown).await
}

/// Serves `router` over TLS on `listener` under `limits` until `shutdown` completes; then
/// idle keep-alive connections are closed at once and requests in flight are given a moment
/// to finish.
pub async fn serve_tls_with(
    listener: TcpListener,
    tls: impl Into<ServerTls>,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    serve_tls_observed(listener, tls, router, limits, None, shutdown).await
}

/// [`serve_tls_with`], reporting how every TLS handshake ended to `on_handshake`.
pub async fn serve_tls_observed(
    listener: TcpListener,
    tls: impl Into<ServerTls>,
    router: Router,
    limits: Limits,
    on_handshake: Option<HandshakeHook>,
    shutdown: impl Future<Output = ()>,
) {
    let local = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let limits = Arc::new(limits);
    let tls: ServerTls = tls.into();
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    let mut backoff = Backoff::default();
    let mut full = FullReports::default();
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        // A slot before accepting: at the limit the listener is left alone and new clients
        // wait in the listen backlog (their handshake timeout starts once accepted).
        let slot = match slots.clone().try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                full.reached(&local, limits.max_connections);
                tokio::select! {
                    _ = &mut shutdown => break,
                    slot = slots.clone().acquire_owned() => match slot {
                        Ok(slot) => slot,
                        Err(_) => break,
                    },
                }
            }
        };
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, peer)) => {
                    if let Some(report) = backoff.succeeded(std::time::Instant::now()) {
                        backoff::log(&local, report);
                    }
                    let _ = tcp.set_nodelay(true);
                    connections.spawn(handle(Connection {
                        tls: tls.clone(),
                        tcp,
                        peer,
                        router: router.clone(),
                        limits: limits.clone(),
                        on_handshake: on_handshake.clone(),
                        stopping: stopping.clone(),
                        _slot: slot,
                    }));
                }
                Err(e) if backoff::concerns_one_connection(&e) => {
                    tracing::debug!(listener = %local, error = %e, "a queued connection failed");
                }
                Err(e) => {
                    drop(slot);
                    let (wait, report) = backoff.failed(&e, std::time::Instant::now());
                    if let Some(report) = report {
                        backoff::log(&local, report);
                    }
                    tokio::select! {
                        _ = &mut shutdown => break,
                        _ = tokio::time::sleep(wait) => {}
                    }
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    let _ = stop.send(true);
    let drain = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(STOP_GRACE, drain).await;
}

/// Logs reaching `max_connections` at most once per [`FULL_REPORT_EVERY`], with how often
/// it was reached since the last line.
#[derive(Default)]
struct FullReports {
    last: Option<Instant>,
    since: u64,
}

impl FullReports {
    fn reached(&mut self, local: &str, max: usize) {
        self.since += 1;
        if self.last.is_some_and(|t| t.elapsed() < FULL_REPORT_EVERY) {
            return;
        }
        tracing::warn!(
            listener = local,
            max_connections = max,
            times = self.since,
            "max_connections reached: new clients wait in the listen backlog until a \
             connection ends"
        );
        self.last = Some(Instant::now());
        self.since = 0;
    }
}

/// One accepted connection and what serving it needs.
struct Connection {
    tls: ServerTls,
    tcp: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Arc<Limits>,
    on_handshake: Option<HandshakeHook>,
    stopping: watch::Receiver<bool>,
    /// The listener's connection slot, given back when the connection ends.
    _slot: OwnedSemaphorePermit,
}

/// Serves one accepted connection: the TLS handshake, then its HTTP/1.1 requests until it
/// ends, times out or the server stops.
async fn handle(c: Connection) {
    let Connection {
        tls,
        tcp,
        peer,
        router,
        limits,
        on_handshake,
        mut stopping,
        _slot,
    } = c;
    let Some(tls) = accept_tls(&tls, tcp, peer, &limits, on_handshake.as_ref()).await else {
        return;
    };
    let per_request = PerRequest {
        router,
        peer_certs: PeerCertificates(Arc::new(tls.client_chain())),
        body_limits: BodyLimits::from(&*limits),
        shared: ConnectionState::default(),
    };
    let activity = Activity::new();
    let watched = activity.clone();
    let service =
        service_fn(move |req: hyper::Request<Incoming>| per_request.answer(req, watched.begin()));
    // hyper's own head timeout is off: it would also cut idle keep-alive connections (see
    // `connection`); the watch below times heads and idleness apart.
    let mut http = http1::Builder::new();
    http.keep_alive(true)
        .header_read_timeout(None)
        .max_buf_size(limits.max_header_bytes.max(limits::MIN_HEADER_BYTES));
    let connection =
        http.serve_connection(TokioIo::new(Watched::new(tls, activity.clone())), service);
    tokio::pin!(connection);
    serve_until_end(connection, &activity, &limits, &mut stopping, peer).await;
}

/// The TLS handshake within `handshake_timeout`, reported to the listener's hook; a
/// failure is logged and closes the connection.
async fn accept_tls(
    tls: &ServerTls,
    tcp: TcpStream,
    peer: SocketAddr,
    limits: &Limits,
    on_handshake: Option<&HandshakeHook>,
) -> Option<TlsConn> {
    let report = |outcome| {
        if let Some(hook) = on_handshake {
            hook(outcome)
        }
    };
    match tokio::time::timeout(limits.handshake_timeout, tls.handshake(tcp)).await {
        Ok(Ok(tls)) => {
            report(Handshake::Done);
            Some(tls)
        }
        Ok(Err((cause, e))) => {
            tracing::debug!(%peer, error = %e, "TLS handshake failed");
            report(Handshake::Failed(cause));
            None
        }
        Err(_) => {
            tracing::debug!(%peer, "TLS handshake not done within handshake_timeout: closed");
            report(Handshake::Failed(HandshakeFailure::Timeout));
            None
        }
    }
}

/// What every request of a connection carries into the router.
struct PerRequest {
    router: Router,
    peer_certs: PeerCertificates,
    body_limits: BodyLimits,
    shared: ConnectionState,
}

impl PerRequest {
    /// Puts the connection's facts into `req`'s extensions and has the router answer it; the
    /// answer's body holds `in_flight` until it is sent.
    fn answer(
        &self,
        mut req: hyper::Request<Incoming>,
        in_flight: InFlight,
    ) -> impl Future<Output = Result<hyper::Response<Tracked>, Infallible>> + use<> {
        req.extensions_mut().insert(self.peer_certs.clone());
        req.extensions_mut().insert(self.body_limits);
        req.extensions_mut().insert(self.shared.clone());
        let router = self.router.clone();
        async move {
            let response = match router.oneshot(req).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            Ok::<_, Infallible>(response.map(|b| Tracked::new(b, in_flight)))
        }
    }
}

/// Runs the HTTP connection until it ends; closes it when a request head is not complete
/// within `header_timeout` or it sits idle for `idle_timeout` ([`connection`]), and shuts it
/// down gracefully when the server stops.
async fn serve_until_end<S>(
    mut connection: Pin<&mut http1::Connection<TokioIo<Watched<TlsConn>>, S>>,
    activity: &Activity,
    limits: &Limits,
    stopping: &mut watch::Receiver<bool>,
    peer: SocketAddr,
) where
    S: HttpService<Incoming, ResBody = Tracked, Error = Infallible>,
{
    let ended = tokio::select! {
        ended = connection.as_mut() => ended,
        expired = activity.expiry(limits) => {
            match expired {
                Expiry::Header => {
                    // No request was dispatched on it since: dropping loses nothing.
                    tracing::debug!(%peer, "request head not complete within header_timeout: closed");
                    return;
                }
                Expiry::Idle => {
                    tracing::debug!(%peer, "keep-alive connection idle for idle_timeout: closed");
                    connection.as_mut().graceful_shutdown();
                    match tokio::time::timeout(STOP_GRACE, connection.as_mut()).await {
                        Ok(ended) => ended,
                        Err(_) => return,
                    }
                }
            }
        }
        _ = async { stopping.wait_for(|stop| *stop).await.is_ok() } => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(e) = ended {
        tracing::debug!(%peer, error = %e, "connection ended with an error");
    }
}
