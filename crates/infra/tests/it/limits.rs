//! The listener limits against real sockets on loopback (issue 11, item 2): clients that
//! finish TLS and then send a partial head, or drip it a byte at a time, are closed after the
//! header timeout; a plain TCP client that never starts TLS after the handshake timeout; an
//! idle keep-alive connection after the idle timeout; at `max_connections` further clients
//! wait and are served once a slot frees; a body over the limit reaches the handler as a
//! refusal it can answer in its own format.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use infra::serve::{BodyFault, Limits, RequestBody};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support;
use support::{ca, client_config, connect, serve};

const DNS: &str = "limits.example.test";

/// Answers `ok <length>` for a body taken, `refused <fault>` for one the limits refused.
fn router() -> Router {
    Router::new().route(
        "/echo",
        post(|RequestBody(body): RequestBody| async move {
            match body {
                Ok(b) => format!("ok {}", b.len()),
                Err(e) => match e.fault {
                    BodyFault::TooLarge { limit } => format!("refused too-large {limit}"),
                    BodyFault::TimedOut { .. } => "refused timed-out".into(),
                    BodyFault::Broken(_) => "refused broken".into(),
                },
            }
        }),
    )
}

fn short_limits() -> Limits {
    Limits {
        handshake_timeout: Duration::from_millis(300),
        header_timeout: Duration::from_millis(300),
        body_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_millis(300),
        max_connections: 4,
        max_body_bytes: 1000,
        ..Limits::default()
    }
}

struct Server {
    addr: SocketAddr,
    client: std::sync::Arc<rustls::ClientConfig>,
}

async fn start(limits: Limits) -> Server {
    let root = ca("limits CA");
    let addr = serve(&root, DNS, router(), limits).await;
    Server {
        addr,
        client: client_config(&root),
    }
}

fn request(body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST /echo HTTP/1.1\r\nHost: {DNS}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// Reads one response (headers and a Content-Length body) from `io`; `None` at EOF/reset.
async fn response<T: AsyncReadExt + Unpin>(io: &mut T) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return Some(String::from_utf8_lossy(&buf[end + 4..end + 4 + length]).into());
            }
        }
        match io.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether the server closes `io` (EOF or reset) before `within`, reading whatever comes.
async fn closed_by_server<T: AsyncReadExt + Unpin>(io: &mut T, within: Duration) -> bool {
    let mut sink = [0u8; 1024];
    tokio::time::timeout(within, async {
        loop {
            match io.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn a_partial_head_after_tls_is_closed_after_the_header_timeout() {
    let s = start(short_limits()).await;
    let mut tls = connect(&s.client, s.addr, DNS).await;
    tls.write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    assert!(
        closed_by_server(&mut tls, Duration::from_secs(10)).await,
        "a connection holding a partial head must be closed"
    );
}

#[tokio::test]
async fn a_head_dripped_a_byte_at_a_time_is_cut_off_however_steady() {
    let s = start(short_limits()).await;
    let mut tls = connect(&s.client, s.addr, DNS).await;
    let head = b"POST /echo HTTP/1.1\r\nHost: limits.example.test\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
    let mut cut = false;
    for b in head.iter() {
        if tls.write_all(&[*b]).await.is_err() || tls.flush().await.is_err() {
            cut = true;
            break;
        }
        // 100 bytes at 50 ms each: 5 s, far past the 300 ms header timeout.
        let mut probe = [0u8; 64];
        if let Ok(r) = tokio::time::timeout(Duration::from_millis(50), tls.read(&mut probe)).await {
            if matches!(r, Ok(0) | Err(_)) {
                cut = true;
                break;
            }
        }
    }
    assert!(
        cut,
        "a dripping client must be cut off before its head is complete"
    );
}

#[tokio::test]
async fn plain_tcp_that_never_starts_tls_is_closed_after_the_handshake_timeout() {
    let s = start(short_limits()).await;
    let mut tcp = TcpStream::connect(s.addr).await.unwrap();
    assert!(closed_by_server(&mut tcp, Duration::from_secs(10)).await);
}

#[tokio::test]
async fn keep_alive_serves_requests_and_closes_when_idle() {
    let s = start(short_limits()).await;
    let mut tls = connect(&s.client, s.addr, DNS).await;
    for n in [3usize, 10] {
        tls.write_all(&request(&vec![b'x'; n])).await.unwrap();
        assert_eq!(
            response(&mut tls).await.as_deref(),
            Some(&*format!("ok {n}"))
        );
    }
    assert!(
        closed_by_server(&mut tls, Duration::from_secs(10)).await,
        "an idle keep-alive connection must be closed"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_reaches_the_handler_as_a_refusal() {
    let s = start(short_limits()).await;
    let mut tls = connect(&s.client, s.addr, DNS).await;
    tls.write_all(&request(&vec![b'x'; 1001])).await.unwrap();
    assert_eq!(
        response(&mut tls).await.as_deref(),
        Some("refused too-large 1000")
    );
    // A body announced and then not sent times out in the handler's hands too.
    let mut tls = connect(&s.client, s.addr, DNS).await;
    tls.write_all(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nabc")
        .await
        .unwrap();
    assert_eq!(
        response(&mut tls).await.as_deref(),
        Some("refused timed-out")
    );
}

#[tokio::test]
async fn at_max_connections_a_client_waits_and_is_served_when_a_slot_frees() {
    let limits = Limits {
        max_connections: 2,
        header_timeout: Duration::from_millis(500),
        ..short_limits()
    };
    let s = start(limits).await;
    // Two clients that finished TLS and hold a partial head take both slots.
    let mut holders = Vec::new();
    for _ in 0..2 {
        let mut tls = connect(&s.client, s.addr, DNS).await;
        tls.write_all(b"POST /echo HTTP/1.1\r\n").await.unwrap();
        holders.push(tls);
    }
    // A legitimate client waits in the listen backlog (its TCP connect succeeds, its TLS
    // handshake is not answered) and is served once the holders are cut off.
    let client = s.client.clone();
    let legit = tokio::spawn(async move {
        let mut tls = connect(&client, s.addr, DNS).await;
        tls.write_all(&request(b"hello")).await.unwrap();
        response(&mut tls).await
    });
    let answer = tokio::time::timeout(Duration::from_secs(20), legit)
        .await
        .expect("the waiting client must be served once a slot frees")
        .unwrap();
    assert_eq!(answer.as_deref(), Some("ok 5"));
    for mut h in holders {
        assert!(closed_by_server(&mut h, Duration::from_secs(5)).await);
    }
}
