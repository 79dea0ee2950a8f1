//! What the tests share: one eUICC's identity and key, and loopback PSK-TLS pairs.

use std::net::SocketAddr;
use std::time::Duration;

use scp81::admin::server::{
    AdminHandler, AdminPost, AdminServerConfig, Next, SessionReport, serve_session,
};
use scp81::tls::TlsStream;
use scp81::{CipherSuite, Eid, Psk, PskAcceptor, PskConnector, PskIdentity, TlsConfig, TlsError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The test eUICC's EID.
pub(crate) const EID: Eid = [
    0x89, 0x04, 0x90, 0x32, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34,
];
/// Its ISD-R SCP81 key, KVN 40, key 01.
pub(crate) const KEY: [u8; 16] =
    *b"\x11\x22\x33\x44\x55\x66\x77\x88\x99\xAA\xBB\xCC\xDD\xEE\xFF\x00";

/// The identity of [`KEY`].
pub(crate) fn identity() -> PskIdentity {
    PskIdentity::isd_r(EID, 0x40, 0x01)
}

/// A configuration of `suites` with a safety-net time limit.
pub(crate) fn config(suites: &[CipherSuite]) -> TlsConfig {
    TlsConfig {
        suites: suites.to_vec(),
        handshake_timeout: Duration::from_secs(20),
    }
}

/// An SM-SR acceptor that knows [`KEY`] under [`identity`] only.
pub(crate) fn acceptor(suites: &[CipherSuite]) -> PskAcceptor {
    PskAcceptor::sgp02(&config(suites), |id| {
        (*id == identity()).then(|| Psk::new(&KEY).unwrap())
    })
    .unwrap()
}

/// The card's connector with `key` under `identity`.
pub(crate) fn connector(suites: &[CipherSuite], identity: &[u8], key: &[u8]) -> PskConnector {
    PskConnector::new(&config(suites), identity, Psk::new(key).unwrap()).unwrap()
}

/// A listener on a free loopback port.
pub(crate) async fn listen() -> (TcpListener, SocketAddr) {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    (l, addr)
}

/// Both ends of one handshake: the server's and the client's.
pub(crate) async fn handshake(
    acceptor: &PskAcceptor,
    connector: &PskConnector,
) -> (
    Result<TlsStream<TcpStream>, TlsError>,
    Result<TlsStream<TcpStream>, TlsError>,
) {
    let (listener, addr) = listen().await;
    let server = async {
        let (tcp, _) = listener.accept().await.unwrap();
        acceptor.accept(tcp).await
    };
    let client = async {
        let tcp = TcpStream::connect(addr).await.unwrap();
        connector.connect(tcp).await
    };
    tokio::join!(server, client)
}

/// A card connected to `addr` with the test key.
pub(crate) async fn card_stream(addr: SocketAddr) -> TlsStream<TcpStream> {
    let tcp = TcpStream::connect(addr).await.unwrap();
    connector(&CipherSuite::SGP02, identity().to_text().as_bytes(), &KEY)
        .connect(tcp)
        .await
        .unwrap()
}

/// One HTTP response as read off the wire: its head, and its body as framed.
pub(crate) struct WireResponse {
    /// Status line and headers, lower-cased.
    pub(crate) head: String,
    /// The body octets exactly as sent (chunk framing included).
    pub(crate) raw_body: Vec<u8>,
}

impl WireResponse {
    /// The status code.
    pub(crate) fn status(&self) -> u16 {
        self.head
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    /// Whether the head has the header line `line` (lower case).
    pub(crate) fn has(&self, line: &str) -> bool {
        self.head.lines().any(|l| l.trim() == line)
    }
}

/// Writes `request` and reads one response: up to the end of its framing.
pub(crate) async fn exchange_raw<S>(stream: &mut S, request: &[u8]) -> WireResponse
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    stream.write_all(request).await.unwrap();
    stream.flush().await.unwrap();
    let mut buf = Vec::new();
    let split = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        assert!(
            read_more(stream, &mut buf).await,
            "connection closed inside a head"
        );
    };
    let head = String::from_utf8_lossy(&buf[..split]).to_lowercase();
    let mut raw_body = buf.split_off(split);
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse::<usize>().unwrap());
    let chunked = head
        .lines()
        .any(|l| l.trim() == "transfer-encoding: chunked");
    while !body_complete(&raw_body, length, chunked) {
        if !read_more(stream, &mut raw_body).await {
            break;
        }
    }
    WireResponse { head, raw_body }
}

fn body_complete(body: &[u8], length: Option<usize>, chunked: bool) -> bool {
    match (length, chunked) {
        (Some(l), _) => body.len() >= l,
        (None, true) => body.ends_with(b"0\r\n\r\n"),
        (None, false) => true,
    }
}

async fn read_more<S: tokio::io::AsyncRead + Unpin>(stream: &mut S, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut chunk))
        .await
        .expect("safety net: the peer went silent")
        .unwrap_or(0);
    buf.extend_from_slice(&chunk[..n]);
    n > 0
}

/// The body of a chunked message, unframed (single-digit-hex-free parsing of each size line).
pub(crate) fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..eol]).unwrap().trim(), 16).unwrap();
        raw = &raw[eol + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// A handler that answers with `scripts` in turn, then `204`, and keeps every POST.
#[derive(Debug, Default)]
pub(crate) struct Scripted {
    pub(crate) scripts: std::collections::VecDeque<Next>,
    pub(crate) seen: Vec<AdminPost>,
}

impl Scripted {
    pub(crate) fn new(scripts: impl IntoIterator<Item = Next>) -> Scripted {
        Scripted {
            scripts: scripts.into_iter().collect(),
            seen: Vec::new(),
        }
    }
}

impl AdminHandler for Scripted {
    fn on_post(&mut self, post: AdminPost) -> impl Future<Output = Next> + Send {
        self.seen.push(post);
        std::future::ready(self.scripts.pop_front().unwrap_or(Next::Done))
    }
}

/// An admin server for one session on a fresh port: its address and its report.
pub(crate) async fn admin_server<H: AdminHandler + 'static>(
    config: AdminServerConfig,
    handler: H,
) -> (
    SocketAddr,
    tokio::task::JoinHandle<Result<SessionReport<H>, scp81::admin::AdminError>>,
) {
    let (listener, addr) = listen().await;
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let stream = acceptor(&CipherSuite::SGP02).accept(tcp).await?;
        serve_session(stream, &config, handler).await
    });
    (addr, task)
}

/// A script: an expanded-format command (ETSI TS 102 226 5.2.2) of one C-APDU.
pub(crate) fn script(apdu: &[u8]) -> Vec<u8> {
    let mut s = vec![0xAE, 0x80, 0x22, apdu.len() as u8];
    s.extend_from_slice(apdu);
    s.extend_from_slice(&[0x00, 0x00]);
    s
}

/// The first POST of a session, as a card writes it.
pub(crate) const FIRST_POST: &str = "POST /gp/admin HTTP/1.1\r\nHost: smsr\r\n\
    X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n\
    X-Admin-From: //se-id/eid/89049032123456789012345678901234;//aa-id/aid/A000000559/1010FFFFFFFF8900000100\r\n\
    Content-Length: 0\r\n\r\n";
