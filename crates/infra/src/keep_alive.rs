//! A device's HTTPS connection, kept alive across the requests of a session: the LPA's ES9+
//! calls of one download (SGP.22 3.1.3: InitiateAuthentication to HandleNotification) go
//! over one TLS connection, as a device keeps its connection between calls. A client many
//! tasks share (the ESipa client of a fleet's IPAs) keeps up to `max_idle` of them, and each
//! request takes the one put back last.
//!
//! Why not the pooled client (`reqwest`): when a request follows the previous answer at
//! once, that pool may not have its connection back yet (it is handed back by a task of its
//! own once the connection is idle), and it then opens a second connection — TCP, TLS
//! handshake, certificate chain — while the first one comes free. Under load that is most
//! calls: `bench download` at concurrency 64 made 1,835 connections for 1,024 downloads.
//! Here a connection taken for a request is put back by the request itself, and the next
//! request waits until it is ready instead of racing a new one against it.
//!
//! Each exchange is bounded: the whole request by `timeout`, the TCP connection by
//! `connect_timeout`, the answer's body by `max_body` octets. At most `max_idle` connections
//! wait for a next request, none longer than `idle_limit`: a server closes a connection
//! left idle (ours after 30 s, `infra::serve::limits`), and a request written just as it
//! does would be lost with it, so the client gives such a connection up first. A server
//! may close sooner; its close can then have arrived without the runtime having read it
//! yet (it reads sockets at its next poll of them), and hyper would write the next request
//! on the closed connection and fail it (`connection closed before message completed`),
//! never sending it again, since the server might have read it. So a connection idle for
//! [`PROBE_AFTER`] or longer is first probed: a look at its socket without reading
//! (`recv` with `MSG_PEEK`, on a duplicate of the socket kept for this) that finds the
//! peer's close, or any octet a server sent unasked (its TLS close_notify), has the request
//! take another connection instead.

use std::net::SocketAddr;
#[cfg(unix)]
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{Request, Uri};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use rustls::ClientConfig;
use rustls_pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use crate::client::error_chain;
use crate::counted::{Counted, Octets};

/// Idle connections kept by default (a device's session, or a client a few tasks share,
/// e.g. a relay's upstream).
pub const MAX_IDLE: usize = 4;

/// An idle connection this old is probed for a close before a request takes it (younger
/// ones, the connections of busy clients, are taken without a system call more).
pub const PROBE_AFTER: Duration = Duration::from_millis(250);

/// How long an idle connection is kept by default: below the 30 s after which our servers
/// close one.
pub const IDLE_LIMIT: Duration = Duration::from_secs(20);

/// The default bound on an answer's body: a bound profile package of a large profile
/// stays far below it.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// How a [`KeepAlive`] connects.
#[derive(Clone)]
pub struct KeepAliveOptions {
    pub tls: Arc<ClientConfig>,
    /// `(host, address)`: connections to `host` go to `address`; with port 0, to the
    /// URL's port at that address (reqwest's `resolve` takes the URL's port whatever the
    /// address names).
    pub resolve: Vec<(String, SocketAddr)>,
    /// The whole exchange: connecting, sending, the answer's head and body.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Largest answer body accepted.
    pub max_body: usize,
    /// Idle connections kept for the next requests (a client a fleet shares keeps one per
    /// session it runs at once).
    pub max_idle: usize,
    /// An idle connection older than this is closed instead of used.
    pub idle_limit: Duration,
}

impl KeepAliveOptions {
    /// Options for `tls`: no address overrides, 30 s per exchange, 10 s to connect,
    /// [`MAX_BODY`], [`MAX_IDLE`], [`IDLE_LIMIT`].
    pub fn new(tls: Arc<ClientConfig>) -> KeepAliveOptions {
        KeepAliveOptions {
            tls,
            resolve: Vec::new(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body: MAX_BODY,
            max_idle: MAX_IDLE,
            idle_limit: IDLE_LIMIT,
        }
    }
}

/// An answer: status and body.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Bytes,
}

/// Why an exchange failed. Nothing is retried: a request that may have reached the server
/// is not sent again.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExchangeError {
    #[error("not an https URL: {0}")]
    Url(String),
    #[error("no address for {host}: {detail}")]
    Resolve { host: String, detail: String },
    #[error("connect to {addr}: {detail}")]
    Connect { addr: SocketAddr, detail: String },
    #[error("TLS handshake with {host}: {detail}")]
    Tls { host: String, detail: String },
    #[error("HTTP: {0}")]
    Http(String),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("answer body larger than {0} octets")]
    TooLarge(usize),
}

/// An open connection, where it goes and since when it is idle.
struct Open {
    authority: String,
    sender: SendRequest<Full<Bytes>>,
    idle_since: Instant,
    /// The connection's socket, shared with hyper's side (a duplicate descriptor), for
    /// [`Open::closed_by_peer`]; `None` where it could not be duplicated.
    probe: Option<std::net::TcpStream>,
}

impl Open {
    /// Whether the server closed the connection, or sent something while it was idle
    /// (which a server does before closing, and never in an idle HTTP/1.1 exchange). The
    /// socket is non-blocking (tokio's), so the look returns at once.
    fn closed_by_peer(&self) -> bool {
        let Some(probe) = &self.probe else {
            return false;
        };
        let mut octet = [0u8; 1];
        match probe.peek(&mut octet) {
            Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
            // The close (0), or octets nobody asked for.
            Ok(_) => true,
        }
    }
}

/// HTTPS requests over kept-alive connections; a request waits for its idle connection
/// rather than opening another.
pub struct KeepAlive {
    options: KeepAliveOptions,
    tls: TlsConnector,
    idle: Mutex<Vec<Open>>,
    /// Connections opened (TLS handshakes done).
    opened: AtomicU64,
    /// Idle connections a probe found closed by their server.
    found_closed: AtomicU64,
    /// What the connections carried (TLS records, the TCP payload).
    octets: Arc<Octets>,
}

impl std::fmt::Debug for KeepAlive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeepAlive")
            .field("resolve", &self.options.resolve)
            .field("timeout", &self.options.timeout)
            .finish_non_exhaustive()
    }
}

/// Where a URL's request goes.
struct Target {
    host: String,
    port: u16,
    authority: String,
    path: String,
}

fn target(url: &str) -> Result<Target, ExchangeError> {
    let bad = || ExchangeError::Url(url.to_string());
    let uri: Uri = url.parse().map_err(|_| bad())?;
    if uri.scheme_str() != Some("https") {
        return Err(bad());
    }
    let authority = uri.authority().ok_or_else(bad)?;
    let host = authority
        .host()
        .trim_start_matches('[')
        .trim_end_matches(']');
    if host.is_empty() {
        return Err(bad());
    }
    let port = authority.port_u16().unwrap_or(443);
    Ok(Target {
        host: host.to_ascii_lowercase(),
        port,
        authority: authority.as_str().to_string(),
        path: uri
            .path_and_query()
            .map_or_else(|| "/".to_string(), |p| p.as_str().to_string()),
    })
}

impl KeepAlive {
    pub fn new(options: KeepAliveOptions) -> KeepAlive {
        KeepAlive {
            tls: TlsConnector::from(options.tls.clone()),
            options,
            idle: Mutex::new(Vec::new()),
            opened: AtomicU64::new(0),
            found_closed: AtomicU64::new(0),
            octets: Arc::default(),
        }
    }

    /// How this client connects.
    pub fn options(&self) -> &KeepAliveOptions {
        &self.options
    }

    /// How many connections this client opened (each a TCP connection and a TLS
    /// handshake): one for a session whose server kept it open.
    pub fn connections(&self) -> u64 {
        self.opened.load(Ordering::Relaxed)
    }

    /// How many idle connections were found closed by their server when a request was
    /// about to take them ([`PROBE_AFTER`]), and so not used.
    pub fn found_closed(&self) -> u64 {
        self.found_closed.load(Ordering::Relaxed)
    }

    /// The octets this client's connections sent and received: TLS records, handshakes
    /// included (the TCP payload; TCP/IP headers are not counted).
    pub fn octets(&self) -> &Octets {
        &self.octets
    }

    /// POSTs `body` to `url` with `headers` (Host and Content-Length are added).
    pub async fn post(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<Answer, ExchangeError> {
        let target = target(url)?;
        let mut request = Request::post(target.path.as_str());
        for (name, value) in headers {
            let invalid = || ExchangeError::Http(format!("header {name}: invalid"));
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            request = request.header(name, value);
        }
        let request = request
            .header(header::HOST, target.authority.as_str())
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| ExchangeError::Http(e.to_string()))?;
        let limit = self.options.timeout;
        tokio::time::timeout(limit, self.exchange(&target, request))
            .await
            .map_err(|_| ExchangeError::Timeout(limit))?
    }

    async fn exchange(
        &self,
        target: &Target,
        request: Request<Full<Bytes>>,
    ) -> Result<Answer, ExchangeError> {
        let mut open = match self.ready_idle(&target.authority).await {
            Some(o) => o,
            // Boxed: a new connection is rare, and its future (the TLS handshake) would
            // otherwise make every exchange's future 2.5 KiB larger.
            None => Box::pin(self.connect(target)).await?,
        };
        let response = open
            .sender
            .send_request(request)
            .await
            .map_err(|e| ExchangeError::Http(error_chain(&e)))?;
        let status = response.status().as_u16();
        let body = Limited::new(response.into_body(), self.options.max_body)
            .collect()
            .await
            .map_err(|e| {
                if e.downcast_ref::<LengthLimitError>().is_some() {
                    ExchangeError::TooLarge(self.options.max_body)
                } else {
                    ExchangeError::Http(error_chain(e.as_ref()))
                }
            })?
            .to_bytes();
        // The whole answer is read: the connection serves the next request once its task
        // has seen the end (which `ready_idle` waits for).
        self.put_back(open);
        Ok(Answer { status, body })
    }

    /// An idle connection to `authority` that is ready for a request; closed ones, and
    /// those idle longer than `idle_limit`, are dropped on the way.
    async fn ready_idle(&self, authority: &str) -> Option<Open> {
        loop {
            let mut open = {
                let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
                let (now, limit) = (Instant::now(), self.options.idle_limit);
                idle.retain(|o| now.saturating_duration_since(o.idle_since) <= limit);
                let at = idle.iter().rposition(|o| o.authority == authority)?;
                idle.swap_remove(at)
            };
            if open.idle_since.elapsed() >= PROBE_AFTER && open.closed_by_peer() {
                self.found_closed.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            if open.sender.ready().await.is_ok() {
                return Some(open);
            }
        }
    }

    fn put_back(&self, mut open: Open) {
        if self.options.max_idle == 0 {
            return;
        }
        open.idle_since = Instant::now();
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() >= self.options.max_idle {
            // The one idle the longest.
            if let Some(oldest) = (0..idle.len()).min_by_key(|&i| idle[i].idle_since) {
                idle.swap_remove(oldest);
            }
        }
        idle.push(open);
    }

    /// A new connection: TCP to the override or the host's addresses in turn, TLS with
    /// the host's name, HTTP/1.1.
    async fn connect(&self, target: &Target) -> Result<Open, ExchangeError> {
        let addresses = self.addresses(target).await?;
        let mut failure = None;
        let mut tcp = None;
        for addr in addresses {
            let connecting = TcpStream::connect(addr);
            match tokio::time::timeout(self.options.connect_timeout, connecting).await {
                Ok(Ok(s)) => {
                    tcp = Some(s);
                    break;
                }
                Ok(Err(e)) => failure = Some((addr, e.to_string())),
                Err(_) => failure = Some((addr, "timed out".to_string())),
            }
        }
        let tcp = match (tcp, failure) {
            (Some(s), _) => s,
            (None, Some((addr, detail))) => return Err(ExchangeError::Connect { addr, detail }),
            (None, None) => {
                return Err(ExchangeError::Resolve {
                    host: target.host.clone(),
                    detail: "no address".into(),
                });
            }
        };
        let _ = tcp.set_nodelay(true);
        #[cfg(unix)]
        let probe = (tcp.as_fd().try_clone_to_owned().ok()).map(std::net::TcpStream::from);
        #[cfg(not(unix))]
        let probe = None;
        let tls_failed = |detail: String| ExchangeError::Tls {
            host: target.host.clone(),
            detail,
        };
        let name = ServerName::try_from(target.host.clone())
            .map_err(|e| tls_failed(format!("server name: {e}")))?;
        let tls = self
            .tls
            .connect(name, Counted::new(tcp, self.octets.clone()))
            .await
            .map_err(|e| tls_failed(error_chain(&e)))?;
        let (sender, connection) = http1::handshake(TokioIo::new(tls))
            .await
            .map_err(|e| ExchangeError::Http(error_chain(&e)))?;
        self.opened.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "HTTPS connection ended");
            }
        });
        Ok(Open {
            authority: target.authority.clone(),
            sender,
            idle_since: Instant::now(),
            probe,
        })
    }

    async fn addresses(&self, target: &Target) -> Result<Vec<SocketAddr>, ExchangeError> {
        let overridden = self
            .options
            .resolve
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(&target.host));
        if let Some((_, addr)) = overridden {
            let port = match addr.port() {
                0 => target.port,
                port => port,
            };
            return Ok(vec![SocketAddr::new(addr.ip(), port)]);
        }
        let found = tokio::net::lookup_host((target.host.as_str(), target.port))
            .await
            .map_err(|e| ExchangeError::Resolve {
                host: target.host.clone(),
                detail: e.to_string(),
            })?;
        Ok(found.collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_of_urls() {
        let t =
            target("https://SMDP.example:8443/gsma/rsp2/es9plus/initiateAuthentication").unwrap();
        assert_eq!(
            (
                t.host.as_str(),
                t.port,
                t.authority.as_str(),
                t.path.as_str()
            ),
            (
                "smdp.example",
                8443,
                "SMDP.example:8443",
                "/gsma/rsp2/es9plus/initiateAuthentication"
            )
        );
        let t = target("https://smdp.example/x?y=1").unwrap();
        assert_eq!((t.port, t.path.as_str()), (443, "/x?y=1"));
        let t = target("https://[::1]:9/").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 9));
        for bad in [
            "http://smdp.example/x",
            "smdp.example/x",
            "https:///x",
            "not a url",
        ] {
            assert!(matches!(target(bad), Err(ExchangeError::Url(_))), "{bad}");
        }
    }
}
