//! The steps the servers take to start and stop (`SmDp::start`, `Eim::start`,
//! `SmDs::start`, `rsp-lab smdp|eim|smds serve`): checking the listeners' limits, creating the data and trace
//! directories, building TLS configurations, binding listeners, and running until SIGINT or
//! SIGTERM. Each role's `StartError` wraps [`SetupError`].

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use rustls::ServerConfig;
use tokio::net::{TcpListener, TcpSocket};

use crate::serve::Limits;
use crate::tls::Identity;
use crate::trace::TraceDir;

/// Why a server could not set itself up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("TLS: {0}")]
    Tls(String),
    /// A setting that cannot work (named in the message).
    #[error("{0}")]
    Invalid(String),
    /// A listener's limits cannot be served.
    #[error(transparent)]
    Limits(#[from] crate::serve::limits::LimitsError),
    /// A metrics listener beyond loopback without `metrics_allow_remote`.
    #[cfg(feature = "metrics")]
    #[error(transparent)]
    RemoteMetrics(#[from] crate::metrics::RemoteMetrics),
}

impl SetupError {
    /// A setting that cannot work, named in `why`.
    pub fn invalid(why: impl Into<String>) -> SetupError {
        SetupError::Invalid(why.into())
    }

    fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> SetupError {
        let what = what.into();
        move |source| SetupError::Io { what, source }
    }
}

/// Checks each listener's limits (named as in the `[limits.<name>]` sections) and warns
/// when their connections together could exhaust the process's file descriptors.
pub fn check_limits(server: &str, listeners: &[(&str, &Limits)]) -> Result<(), SetupError> {
    for (name, l) in listeners {
        l.check().map_err(|e| e.of_listener(name))?;
    }
    let all: Vec<&Limits> = listeners.iter().map(|(_, l)| *l).collect();
    crate::serve::limits::check_descriptors(server, &all);
    Ok(())
}

/// What every server checks before it opens anything: each listener's limits
/// ([`check_limits`]), that `/metrics` is served on loopback unless allowed elsewhere, and
/// that the data directory exists ([`data_dir`]).
#[cfg(feature = "metrics")]
pub fn preflight(
    server: &str,
    listeners: &[(&str, &Limits)],
    metrics_listen: Option<SocketAddr>,
    metrics_allow_remote: bool,
    data: &Path,
) -> Result<(), SetupError> {
    check_limits(server, listeners)?;
    if let Some(a) = metrics_listen {
        crate::metrics::check_listen(a, metrics_allow_remote)?;
    }
    data_dir(data)
}

/// Creates the data directory (and its parents) when missing.
pub fn data_dir(dir: &Path) -> Result<(), SetupError> {
    std::fs::create_dir_all(dir).map_err(SetupError::io(format!("creating {}", dir.display())))
}

/// The trace directory every message is kept in, when one is configured.
pub fn trace_dir(dir: Option<&Path>) -> Result<Option<TraceDir>, SetupError> {
    dir.map(|d| {
        TraceDir::new(d).map_err(SetupError::io(format!(
            "creating trace directory {}",
            d.display()
        )))
    })
    .transpose()
}

/// A listener's TLS configuration ([`crate::tls::server_config`]); with `client_cas`, mutual
/// TLS whose client certificates chain to them.
pub fn tls(
    identity: &Identity,
    client_cas: Option<&[Vec<u8>]>,
) -> Result<Arc<ServerConfig>, SetupError> {
    crate::tls::server_config(identity, client_cas).map_err(|e| SetupError::Tls(e.to_string()))
}

pub use crate::serve::limits::LISTEN_BACKLOG;

/// Binds a listener with a listen backlog of `backlog` (its [`Limits::listen_backlog`]);
/// the error names it (`what`) and the address.
pub async fn bind(addr: SocketAddr, what: &str, backlog: u32) -> Result<TcpListener, SetupError> {
    let listen = || {
        let socket = match addr {
            SocketAddr::V4(_) => TcpSocket::new_v4(),
            SocketAddr::V6(_) => TcpSocket::new_v6(),
        }?;
        // As the standard library does on Unix: a restarted server may bind while the
        // last run's connections are in TIME_WAIT.
        #[cfg(unix)]
        socket.set_reuseaddr(true)?;
        socket.bind(addr)?;
        socket.listen(backlog)
    };
    listen().map_err(SetupError::io(format!(
        "binding the {what} listener on {addr}"
    )))
}

/// Binds a listener that is off unless configured (the metrics and dashboard listeners,
/// which have no `[limits]` of their own), with the default backlog.
pub async fn bind_optional(
    addr: Option<SocketAddr>,
    what: &str,
) -> Result<Option<TcpListener>, SetupError> {
    match addr {
        Some(a) => Ok(Some(bind(a, what, LISTEN_BACKLOG).await?)),
        None => Ok(None),
    }
}

/// The address a listener is bound to (the port the system chose for `:0`).
pub fn local_addr(listener: &TcpListener) -> Result<SocketAddr, SetupError> {
    listener
        .local_addr()
        .map_err(SetupError::io("reading a listener address"))
}

/// `rsp-lab <role> serve`: installs the SIGINT/SIGTERM handlers first (a signal right after
/// the start line still stops the server cleanly), starts the server, waits for a signal,
/// then stops it.
pub async fn run_until_terminated<H, E, S, Fut>(
    start: impl Future<Output = Result<H, E>>,
    stop: S,
) -> Result<(), E>
where
    E: From<SetupError>,
    S: FnOnce(H) -> Fut,
    Fut: Future<Output = ()>,
{
    let terminated =
        crate::signals::termination().map_err(SetupError::io("installing the signal handlers"))?;
    let handle = start.await?;
    terminated.await;
    tracing::info!("stopping");
    stop(handle).await;
    Ok(())
}

/// A random number from the standard library's per-call hasher keys (no cryptographic use:
/// it spreads port draws).
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}

/// The ports [`free_loopback_port`] hands out.
const NAMED_PORTS: std::ops::Range<u16> = 20_000..32_000;

/// A loopback address free now, for a listener that must be named before it is bound (two
/// servers that name each other). Its port lies below Linux's ephemeral range (32768 and
/// up), so a socket bound to port 0 meanwhile cannot be handed it; drawn at random from
/// 20000–31999 and checked free, so concurrent callers rarely meet.
///
/// # Errors
///
/// No port of the range was free in 64 draws.
pub fn free_loopback_port() -> std::io::Result<SocketAddr> {
    let span = u32::from(NAMED_PORTS.end - NAMED_PORTS.start);
    for _ in 0..64 {
        let draw = u32::try_from(random() % u64::from(span)).unwrap_or_default();
        let port = NAMED_PORTS.start + u16::try_from(draw).unwrap_or_default();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        if std::net::TcpListener::bind(addr).is_ok() {
            return Ok(addr);
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        "no free loopback port in 20000-31999",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_taken_port_is_named_in_the_error() {
        let first = bind("127.0.0.1:0".parse().unwrap(), "ES9+", LISTEN_BACKLOG)
            .await
            .unwrap();
        let addr = local_addr(&first).unwrap();
        let e = bind(addr, "ES9+", LISTEN_BACKLOG)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(&format!("binding the ES9+ listener on {addr}: ")),
            "{e}"
        );
        assert!(bind_optional(None, "metrics").await.unwrap().is_none());
    }

    /// A burst of clients larger than the standard library's backlog of 128, none of them
    /// accepted yet: the kernel completes every connection at once (with 128, the 130th
    /// client's SYN is dropped and its connect waits a second for the retransmission).
    #[tokio::test]
    async fn a_burst_of_clients_is_queued_while_none_is_accepted() {
        let cap = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok());
        if cap.is_some_and(|c| c < 300) {
            eprintln!("skipped: net.core.somaxconn {cap:?} caps the backlog below 300");
            return;
        }
        let backlog = Limits::default().listen_backlog;
        let listener = bind("127.0.0.1:0".parse().unwrap(), "ES9+", backlog)
            .await
            .unwrap();
        let addr = local_addr(&listener).unwrap();
        let mut clients = tokio::task::JoinSet::new();
        for _ in 0..300 {
            clients.spawn(tokio::time::timeout(
                std::time::Duration::from_millis(700),
                tokio::net::TcpStream::connect(addr),
            ));
        }
        let mut waiting = 0;
        while let Some(c) = clients.join_next().await {
            if !matches!(c, Ok(Ok(Ok(_)))) {
                waiting += 1;
            }
        }
        assert_eq!(waiting, 0, "{waiting} of 300 clients not connected");
        drop(listener);
    }

    #[test]
    fn limits_are_checked_per_listener() {
        let bad = Limits {
            max_connections: 0,
            ..Limits::default()
        };
        let e = check_limits("smdp", &[("es9", &Limits::default()), ("es2", &bad)])
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("limits.es2: "), "{e}");
    }

    #[test]
    fn a_named_port_lies_below_the_ephemeral_range_and_can_be_bound() {
        let a = free_loopback_port().unwrap();
        assert!(a.ip().is_loopback());
        assert!(NAMED_PORTS.contains(&a.port()), "{a}");
        std::net::TcpListener::bind(a).expect("free");
    }
}
