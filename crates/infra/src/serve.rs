//! The HTTPS accept loop: TLS with tokio-rustls, HTTP/1.1 with hyper-util, requests handed to
//! an axum router. The client's certificate chain (mutual TLS) is put into each request's
//! extensions as [`PeerCertificates`], and the [`ConnectionState`] its requests share.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use rustls::ServerConfig;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

/// The certificate chain the TLS client presented (leaf first, DER); empty without mTLS.
#[derive(Clone, Debug, Default)]
pub struct PeerCertificates(pub Arc<Vec<Vec<u8>>>);

/// What the requests of one TLS connection share, for as long as the connection lives (each
/// request's extensions hold it). A role keeps there what ties a connection's requests
/// together: the eIM, the device an SGP.32 v1.0 IPA polled for, whose result comes next on
/// the same connection without an EID.
#[derive(Clone, Default)]
pub struct ConnectionState(Arc<Mutex<axum::http::Extensions>>);

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

/// The TLS handshake must finish within this time; slow or silent clients are dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Completes once `stop` says true (or its sender is gone): the shutdown future the servers
/// hand to [`serve_tls`] and their background tasks.
pub async fn until_stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopped| *stopped).await;
}

/// Serves `router` over TLS on `listener` until `shutdown` completes; then idle keep-alive
/// connections are closed at once and requests in flight are given a moment to finish.
pub async fn serve_tls(
    listener: TcpListener,
    tls: Arc<ServerConfig>,
    router: Router,
    shutdown: impl Future<Output = ()>,
) {
    let acceptor = TlsAcceptor::from(tls);
    let mut connections = JoinSet::new();
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let (tcp, peer) = match accepted {
                    Ok(v) => v,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = tcp.set_nodelay(true);
                connections.spawn(handle(
                    acceptor.clone(),
                    tcp,
                    peer,
                    router.clone(),
                    stopping.clone(),
                ));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    let _ = stop.send(true);
    let drain = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(Duration::from_secs(2), drain).await;
}

async fn handle(
    acceptor: TlsAcceptor,
    tcp: tokio::net::TcpStream,
    peer: SocketAddr,
    router: Router,
    mut stopping: watch::Receiver<bool>,
) {
    let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
        Ok(Ok(tls)) => tls,
        Ok(Err(e)) => {
            tracing::debug!(%peer, error = %e, "TLS handshake failed");
            return;
        }
        Err(_) => {
            tracing::debug!(%peer, "TLS handshake timed out");
            return;
        }
    };
    let certs = tls
        .get_ref()
        .1
        .peer_certificates()
        .map(|c| c.iter().map(|d| d.to_vec()).collect())
        .unwrap_or_default();
    let router = router
        .layer(axum::Extension(PeerCertificates(Arc::new(certs))))
        .layer(axum::Extension(ConnectionState::default()));
    let service = TowerToHyperService::new(router);
    let builder = Builder::new(TokioExecutor::new()).http1_only();
    let connection = builder.serve_connection(TokioIo::new(tls), service);
    tokio::pin!(connection);
    let ended = tokio::select! {
        ended = connection.as_mut() => ended,
        _ = async { stopping.wait_for(|stop| *stop).await.is_ok() } => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(e) = ended {
        tracing::debug!(%peer, error = %e, "connection ended with an error");
    }
}
