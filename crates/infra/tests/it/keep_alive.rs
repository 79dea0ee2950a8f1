//! `infra::keep_alive` against the HTTPS server on loopback: the requests of a session go
//! over one connection however busy the runtime is, a connection the server closed is
//! replaced, one idle past the client's own limit is given up before the server closes it,
//! a client many tasks share keeps at most `max_idle` connections and reuses them, and an
//! answer that is too large, too slow, or from an untrusted server is an error of its own,
//! an address override without a port takes the URL's, and a connection the server closed
//! while the client was too busy to read the close is not used.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::routing::post;
use axum::{Extension, Router};
use infra::keep_alive::{self, ExchangeError, KeepAlive, KeepAliveOptions};
use infra::serve::{ConnectionState, Limits};
use infra::tls::{ServerTrust, client_config};

use crate::support;
use support::{Ca, ca, serve};

const DNS: &str = "keepalive.example.test";

/// The number of the connection a request came on, given per connection in turn.
#[derive(Clone, Copy)]
struct ConnectionNumber(u64);

fn router() -> Router {
    let next = Arc::new(AtomicU64::new(1));
    Router::new()
        .route(
            "/which",
            post(move |Extension(state): Extension<ConnectionState>| {
                let next = next.clone();
                async move {
                    let n = match state.get::<ConnectionNumber>() {
                        Some(n) => n.0,
                        None => {
                            let n = next.fetch_add(1, Ordering::Relaxed);
                            state.set(ConnectionNumber(n));
                            n
                        }
                    };
                    n.to_string()
                }
            }),
        )
        .route(
            "/close",
            post(|| async { ([(http::header::CONNECTION, "close")], "bye") }),
        )
        .route("/large", post(|| async { "x".repeat(2000) }))
        .route(
            "/pause",
            post(|| async {
                tokio::time::sleep(Duration::from_millis(200)).await;
                "paused"
            }),
        )
        .route(
            "/slow",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
}

async fn start(root: &Ca, limits: Limits) -> SocketAddr {
    serve(root, DNS, router(), limits).await
}

fn options(root: &Ca, addr: SocketAddr, timeout: Duration) -> KeepAliveOptions {
    let tls = client_config(&ServerTrust::roots(vec![root.der.clone()]), None).unwrap();
    KeepAliveOptions {
        resolve: vec![(DNS.into(), addr)],
        timeout,
        connect_timeout: Duration::from_secs(5),
        max_body: 1000,
        ..KeepAliveOptions::new(Arc::new(tls))
    }
}

fn client(root: &Ca, addr: SocketAddr, timeout: Duration) -> KeepAlive {
    KeepAlive::new(options(root, addr, timeout))
}

fn url(path: &str) -> String {
    format!("https://{DNS}{path}")
}

async fn which(c: &KeepAlive) -> u64 {
    let a = c.post(&url("/which"), &[], b"{}".to_vec()).await.unwrap();
    assert_eq!(a.status, 200);
    std::str::from_utf8(&a.body).unwrap().parse().unwrap()
}

/// 32 devices at once on a 2-worker runtime kept busy by the devices' own work between
/// requests (as an eUICC computes between ES9+ calls): each device's 8 requests arrive on
/// one connection of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_keeps_one_connection_under_load() {
    let root = ca("keep-alive CA");
    let addr = start(&root, Limits::default()).await;
    let mut devices = Vec::new();
    for _ in 0..32 {
        let c = client(&root, addr, Duration::from_secs(30));
        devices.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            for _ in 0..8 {
                seen.push(which(&c).await);
                // Work between calls, without yielding.
                let until = std::time::Instant::now() + Duration::from_millis(2);
                while std::time::Instant::now() < until {
                    std::hint::spin_loop();
                }
            }
            seen
        }));
    }
    let mut all = std::collections::BTreeSet::new();
    for d in devices {
        let seen = d.await.unwrap();
        assert!(
            seen.iter().all(|n| *n == seen[0]),
            "one device, several connections: {seen:?}"
        );
        all.insert(seen[0]);
    }
    assert_eq!(all.len(), 32, "each device has a connection of its own");
}

/// The server ends a connection after an answer with `Connection: close`, and one idle
/// past its idle timeout: the next request opens a new one.
#[tokio::test]
async fn a_connection_closed_by_the_server_is_replaced() {
    let root = ca("keep-alive CA");
    let limits = Limits {
        idle_timeout: Duration::from_millis(200),
        ..Limits::default()
    };
    let addr = start(&root, limits).await;
    let c = client(&root, addr, Duration::from_secs(30));
    let first = which(&c).await;
    assert_eq!(which(&c).await, first);
    let bye = c.post(&url("/close"), &[], Vec::new()).await.unwrap();
    assert_eq!(&bye.body[..], b"bye");
    let second = which(&c).await;
    assert_ne!(
        second, first,
        "the server closed the connection after its answer"
    );
    assert_eq!(which(&c).await, second);
    // Idle past the server's idle timeout: closed, and replaced.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let third = which(&c).await;
    assert!(
        third != second && third != first,
        "the idle connection was closed"
    );
}

/// A connection idle longer than `idle_limit` is not used again (the server, whose idle
/// timeout is longer, would still have answered on it).
#[tokio::test]
async fn a_connection_idle_past_the_clients_limit_is_not_used() {
    let root = ca("keep-alive CA");
    let addr = start(&root, Limits::default()).await;
    let c = KeepAlive::new(KeepAliveOptions {
        idle_limit: Duration::from_millis(150),
        ..options(&root, addr, Duration::from_secs(30))
    });
    let first = which(&c).await;
    assert_eq!(which(&c).await, first, "within the limit: kept");
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_ne!(which(&c).await, first, "past the limit: a new connection");
    assert_eq!(c.connections(), 2);
}

/// Eight requests at once on a client sharing at most 4 idle connections, each answer
/// 200 ms late so that none can reuse another's connection: eight connections. Of those 4
/// are kept; the next eight at once reuse them and open 4 more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_client_keeps_at_most_max_idle_connections() {
    let root = ca("keep-alive CA");
    let addr = start(&root, Limits::default()).await;
    let c = Arc::new(KeepAlive::new(KeepAliveOptions {
        max_idle: 4,
        ..options(&root, addr, Duration::from_secs(30))
    }));
    let eight_at_once = || async {
        let wave: Vec<_> = (0..8)
            .map(|_| {
                let c = c.clone();
                tokio::spawn(async move {
                    let a = c.post(&url("/pause"), &[], Vec::new()).await.unwrap();
                    assert_eq!(a.status, 200);
                })
            })
            .collect();
        for w in wave {
            w.await.unwrap();
        }
    };
    eight_at_once().await;
    assert_eq!(c.connections(), 8);
    eight_at_once().await;
    assert_eq!(c.connections(), 12, "4 connections kept, 4 opened");
    // One at a time: the connection put back is taken again.
    let first = which(&c).await;
    for _ in 0..5 {
        assert_eq!(which(&c).await, first);
    }
    assert_eq!(c.connections(), 12);
}

#[tokio::test]
async fn too_large_too_slow_untrusted_and_unreachable_are_errors() {
    let root = ca("keep-alive CA");
    let addr = start(&root, Limits::default()).await;

    let c = client(&root, addr, Duration::from_secs(30));
    let e = c.post(&url("/large"), &[], Vec::new()).await.unwrap_err();
    assert!(matches!(e, ExchangeError::TooLarge(1000)), "{e}");
    // The connection of the refused answer is not used again; the next request works.
    which(&c).await;

    let c = client(&root, addr, Duration::from_millis(300));
    let e = c.post(&url("/slow"), &[], Vec::new()).await.unwrap_err();
    assert!(matches!(e, ExchangeError::Timeout(_)), "{e}");

    let other = ca("another CA");
    let c = client(&other, addr, Duration::from_secs(30));
    let e = c.post(&url("/which"), &[], Vec::new()).await.unwrap_err();
    assert!(matches!(e, ExchangeError::Tls { .. }), "{e}");

    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let c = client(&root, closed, Duration::from_secs(30));
    let e = c.post(&url("/which"), &[], Vec::new()).await.unwrap_err();
    assert!(matches!(e, ExchangeError::Connect { .. }), "{e}");

    let e = c
        .post("http://plain.example/x", &[], Vec::new())
        .await
        .unwrap_err();
    assert!(matches!(e, ExchangeError::Url(_)), "{e}");
}

/// An address override without a port (port 0) sends each request to the port of its URL:
/// one override serves a host's several listeners.
#[tokio::test]
async fn an_override_without_a_port_takes_the_urls_port() {
    let root = ca("keep-alive CA");
    let addr = start(&root, Limits::default()).await;
    let mut o = options(&root, addr, Duration::from_secs(30));
    o.resolve = vec![(DNS.into(), SocketAddr::new(addr.ip(), 0))];
    let c = KeepAlive::new(o);
    let a = c
        .post(
            &format!("https://{DNS}:{}/which", addr.port()),
            &[],
            Vec::new(),
        )
        .await
        .unwrap();
    assert_eq!(a.status, 200);
    // Without a port in the URL, 443 at the overridden address: nothing listens there.
    let e = c.post(&url("/which"), &[], Vec::new()).await.unwrap_err();
    match e {
        ExchangeError::Connect { addr: to, .. } => {
            assert_eq!(to, SocketAddr::new(addr.ip(), 443))
        }
        other => panic!("{other}"),
    }
}

/// The race a kept connection meets when its server closes idle connections sooner than the
/// client gives them up: the close has arrived, but the runtime has not read it yet (here
/// its thread is kept busy meanwhile, as a loaded device's may be). Without a look at the
/// socket, hyper wrote the next request on the closed connection and failed it ("connection
/// closed before message completed"). The probe finds the close, and the request goes on
/// a new connection.
#[test]
fn a_connection_closed_while_the_client_was_busy_is_not_used() {
    let root = Arc::new(ca("keep-alive CA"));
    // The server on a thread of its own, closing connections idle for 100 ms.
    let (ready, address) = std::sync::mpsc::channel();
    let server_root = root.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            let limits = Limits {
                idle_timeout: Duration::from_millis(100),
                ..Limits::default()
            };
            ready.send(start(&server_root, limits).await).unwrap();
            std::future::pending::<()>().await
        })
    });
    let addr = address.recv().unwrap();
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    client_rt.block_on(async {
        let c = client(&root, addr, Duration::from_secs(30));
        let first = which(&c).await;
        // Busy without yielding while the server closes the idle connection.
        std::thread::sleep(keep_alive::PROBE_AFTER + Duration::from_millis(900));
        let second = which(&c).await;
        assert_ne!(second, first, "answered on a new connection");
        assert_eq!(c.found_closed(), 1, "the probe found the close");
        assert_eq!(c.connections(), 2);
        // A connection in use moments ago is taken without a probe, and works.
        assert_eq!(which(&c).await, second);
        assert_eq!(c.found_closed(), 1);
    });
}
