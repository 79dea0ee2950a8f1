//! A CoAP client for an IPA's ESipa over CoAP: confirmable requests retransmitted on RFC
//! 7252 4.2's timers (ACK_TIMEOUT 2 s, ACK_RANDOM_FACTOR 1.5, MAX_RETRANSMIT 4), responses
//! piggybacked or separate (5.2.2), request bodies in Block1 and responses in Block2 blocks
//! (RFC 7959), over plain UDP or a DTLS 1.2 association (PSK or the server's certificate)
//! that is kept for the next request to the same server.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use coap_lite::{CoapOption, MessageClass, MessageType, Packet, RequestType, ResponseType};
use openssl::ssl::{
    Ssl, SslContext, SslContextBuilder, SslMethod, SslSession, SslVerifyMode, SslVersion,
};
use openssl::x509::X509;
use openssl::x509::store::X509StoreBuilder;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::UdpSocket;
use tokio_openssl::SslStream;

use crate::block::{Block, MAX_SZX};
use crate::dtls::{MTU, Role, handshake};
use crate::exchange::Response;

/// RFC 7252 4.8 transmission parameters.
const ACK_TIMEOUT: Duration = Duration::from_secs(2);
const MAX_RETRANSMIT: u32 = 4;
/// How long a separate response may take after its empty ACK.
const SEPARATE: Duration = Duration::from_secs(60);
/// How long a DTLS handshake may take by default (OpenSSL's flights go again after 1, 2,
/// 4, 8 and 16 s).
const HANDSHAKE: Duration = Duration::from_secs(32);
/// The largest message read.
const MAX_MESSAGE: usize = 16 * 1024;
/// The largest response body put together from blocks.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// How the client secures its requests.
#[derive(Clone)]
pub enum ClientSecurity {
    /// Plain CoAP (`coap://`).
    Plain,
    /// DTLS with a pre-shared key (`TLS_PSK_WITH_AES_128_CCM_8`).
    Psk {
        /// The PSK identity the server knows the device by.
        identity: Vec<u8>,
        /// The key.
        key: Vec<u8>,
    },
    /// DTLS with the server's certificate (`TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8`), which
    /// must chain to these roots (DER) and carry the host name each request names.
    Certificate {
        /// The roots.
        roots: Vec<Vec<u8>>,
    },
}

impl std::fmt::Debug for ClientSecurity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientSecurity::Plain => f.write_str("Plain"),
            ClientSecurity::Psk { identity, .. } => f
                .debug_struct("Psk")
                .field("identity", &String::from_utf8_lossy(identity))
                .finish_non_exhaustive(),
            ClientSecurity::Certificate { roots } => f
                .debug_struct("Certificate")
                .field("roots", &roots.len())
                .finish(),
        }
    }
}

/// Why a request got no response.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The socket failed.
    #[error("CoAP socket: {0}")]
    Io(#[from] io::Error),
    /// The DTLS association could not be set up.
    #[error("DTLS: {0}")]
    Dtls(String),
    /// Neither an ACK nor a response came (RFC 7252 4.2: the request was given up).
    #[error("no answer after {0} transmissions")]
    Timeout(u32),
    /// The exchange broke off: a reset, or blocks that do not make a body.
    #[error("CoAP exchange: {0}")]
    Blocks(&'static str),
}

/// The client; cheap to clone, its associations shared by the clones.
#[derive(Clone)]
pub struct CoapClient {
    security: ClientSecurity,
    context: Option<SslContext>,
    szx: u8,
    handshake_timeout: Duration,
    /// ACK_TIMEOUT (RFC 7252 4.8): 2 s unless changed (4.8.1).
    ack_timeout: Duration,
    /// Datagrams lost on purpose, as a lossy network would ([`CoapClient::with_loss`]).
    loss: Option<Arc<Loss>>,
    /// Where its sockets are bound; any port of any address without.
    local: Option<SocketAddr>,
    connections: Arc<Mutex<HashMap<SocketAddr, Arc<tokio::sync::Mutex<Conn>>>>>,
    /// The last DTLS session with each server, offered again when a new association is set
    /// up (an abbreviated handshake, RFC 5246 7.3; RFC 7925 10).
    sessions: Arc<Mutex<HashMap<SocketAddr, SslSession>>>,
    counts: Arc<Counts>,
}

/// How the client's DTLS associations were set up, and what went over its sockets.
#[derive(Default)]
struct Counts {
    handshakes: AtomicU64,
    resumed: AtomicU64,
    datagrams_sent: AtomicU64,
    datagrams_received: AtomicU64,
    octets_sent: AtomicU64,
    octets_received: AtomicU64,
    retransmissions: AtomicU64,
    lost: AtomicU64,
}

/// What a client put on the wire and took from it: UDP payloads (DTLS records with
/// DTLS, handshakes included; the UDP/IP headers, 28 octets a datagram over IPv4, are
/// not counted), and the confirmable messages it sent again (RFC 7252 4.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Traffic {
    /// Datagrams sent.
    pub datagrams_sent: u64,
    /// Datagrams received.
    pub datagrams_received: u64,
    /// Octets of the datagrams sent.
    pub octets_sent: u64,
    /// Octets of the datagrams received.
    pub octets_received: u64,
    /// Confirmable messages sent again after their ACK did not come in time.
    pub retransmissions: u64,
    /// Datagrams the modelled network lost ([`CoapClient::with_loss`]), either way; those
    /// sent are counted as sent, those received are not counted as received.
    pub lost: u64,
}

impl std::ops::Add for Traffic {
    type Output = Traffic;

    fn add(self, o: Traffic) -> Traffic {
        Traffic {
            datagrams_sent: self.datagrams_sent + o.datagrams_sent,
            datagrams_received: self.datagrams_received + o.datagrams_received,
            octets_sent: self.octets_sent + o.octets_sent,
            octets_received: self.octets_received + o.octets_received,
            retransmissions: self.retransmissions + o.retransmissions,
            lost: self.lost + o.lost,
        }
    }
}

impl CoapClient {
    /// A client securing its requests with `security`; request blocks of at most `2^(szx+4)`
    /// octets (1,024 at most).
    pub fn new(security: ClientSecurity, szx: u8) -> Result<CoapClient, ClientError> {
        let context = match &security {
            ClientSecurity::Plain => None,
            s => Some(context(s).map_err(|e| ClientError::Dtls(e.to_string()))?),
        };
        Ok(CoapClient {
            security,
            context,
            szx: szx.min(MAX_SZX),
            handshake_timeout: HANDSHAKE,
            ack_timeout: ACK_TIMEOUT,
            loss: None,
            local: None,
            connections: Arc::default(),
            sessions: Arc::default(),
            counts: Arc::default(),
        })
    }

    /// The same configuration with no association or session of its own yet (a device of
    /// its own: its own socket); it counts into the same [`CoapClient::traffic`] and
    /// [`CoapClient::handshakes`] as this one, so that a fleet's are summed where they came
    /// from.
    pub fn fresh(&self) -> CoapClient {
        CoapClient {
            connections: Arc::default(),
            sessions: Arc::default(),
            ..self.clone()
        }
    }

    /// DTLS handshakes made, and how many of them resumed a session.
    pub fn handshakes(&self) -> (u64, u64) {
        (
            self.counts.handshakes.load(Ordering::Relaxed),
            self.counts.resumed.load(Ordering::Relaxed),
        )
    }

    /// What this client's sockets carried so far.
    pub fn traffic(&self) -> Traffic {
        let c = &self.counts;
        Traffic {
            datagrams_sent: c.datagrams_sent.load(Ordering::Relaxed),
            datagrams_received: c.datagrams_received.load(Ordering::Relaxed),
            octets_sent: c.octets_sent.load(Ordering::Relaxed),
            octets_received: c.octets_received.load(Ordering::Relaxed),
            retransmissions: c.retransmissions.load(Ordering::Relaxed),
            lost: c.lost.load(Ordering::Relaxed),
        }
    }

    /// Ends every association with close_notify, as a device going to sleep does; the
    /// sessions are kept, so the next request resumes one (OpenSSL keeps a session
    /// resumable only after a shutdown).
    pub async fn sleep(&self) {
        let all: Vec<_> = (self
            .connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner))
        .drain()
        .map(|(_, c)| c)
        .collect();
        for conn in all {
            if let Conn::Dtls(stream) = &mut *conn.lock().await {
                let _ = stream.shutdown().await;
            }
        }
    }

    /// The same client giving up a DTLS handshake after `timeout` (a wrong PSK gets no
    /// alert, only silence: RFC 6347 4.1.2.7 drops what does not authenticate).
    pub fn with_handshake_timeout(mut self, timeout: Duration) -> CoapClient {
        self.handshake_timeout = timeout;
        self
    }

    /// The same client waiting `timeout` for a first ACK before sending a confirmable
    /// message again (ACK_TIMEOUT, 2 s by default). RFC 7252 4.8.1 lets an application
    /// with a better idea of its network change it: a lab on loopback that models losses
    /// with time scaled down.
    pub fn with_ack_timeout(mut self, timeout: Duration) -> CoapClient {
        self.ack_timeout = timeout;
        self
    }

    /// The same client on a lossy network: each datagram, either way, lost with
    /// probability `rate`, drawn from a generator seeded with `seed` (the lab's model of a
    /// device's radio network). A lost handshake flight is sent again on DTLS's timer (RFC
    /// 6347 4.2.4), a lost CoAP message on CoAP's (RFC 7252 4.2).
    pub fn with_loss(mut self, rate: f64, seed: u64) -> CoapClient {
        self.loss = (rate > 0.0).then(|| {
            Arc::new(Loss {
                rate: rate.min(1.0),
                state: Mutex::new(seed | 1),
            })
        });
        self
    }

    /// The same client binding its sockets to `local` (a device whose port is fixed, or
    /// that a NAT gives the same port again).
    pub fn with_local_addr(mut self, local: SocketAddr) -> CoapClient {
        self.local = Some(local);
        self
    }

    /// POSTs `body` to `path` at `server`, known as `host` (the name its certificate must
    /// carry), and waits for the whole response.
    pub async fn post(
        &self,
        server: SocketAddr,
        host: &str,
        path: &str,
        body: &[u8],
    ) -> Result<Response, ClientError> {
        let conn = self.connection(server, host).await?;
        let mut conn = conn.lock().await;
        let result = request(&mut conn, path, body, self.szx, self.ack_timeout).await;
        if result.is_err() {
            // a broken association is not kept: the next request sets up a new one
            drop(conn);
            let mut all = self
                .connections
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            all.remove(&server);
        }
        result
    }

    async fn connection(
        &self,
        server: SocketAddr,
        host: &str,
    ) -> Result<Arc<tokio::sync::Mutex<Conn>>, ClientError> {
        if let Some(c) = (self
            .connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner))
        .get(&server)
        {
            return Ok(c.clone());
        }
        let any = if server.is_ipv4() {
            SocketAddr::from(([0, 0, 0, 0], 0))
        } else {
            SocketAddr::from(([0u16; 8], 0))
        };
        let socket = UdpSocket::bind(self.local.unwrap_or(any)).await?;
        socket.connect(server).await?;
        let mut first = [0u8; 2];
        openssl::rand::rand_bytes(&mut first).map_err(|e| ClientError::Dtls(e.to_string()))?;
        let socket = Udp {
            socket,
            counts: self.counts.clone(),
            next_mid: AtomicU16::new(u16::from_be_bytes(first)),
            loss: self.loss.clone(),
        };
        let conn = match &self.context {
            None => Conn::Plain(socket),
            Some(ctx) => Conn::Dtls(self.associate(ctx, socket, server, host).await?),
        };
        let conn = Arc::new(tokio::sync::Mutex::new(conn));
        let mut all = self
            .connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Ok(all.entry(server).or_insert(conn).clone())
    }

    async fn associate(
        &self,
        ctx: &SslContext,
        socket: Udp,
        server: SocketAddr,
        host: &str,
    ) -> Result<Pin<Box<SslStream<Udp>>>, ClientError> {
        let dtls = |e: &dyn std::fmt::Display| ClientError::Dtls(e.to_string());
        let mut ssl = Ssl::new(ctx).map_err(|e| dtls(&e))?;
        ssl.set_mtu(MTU).map_err(|e| dtls(&e))?;
        let kept = (self.sessions.lock().unwrap_or_else(PoisonError::into_inner))
            .get(&server)
            .cloned();
        if let Some(session) = kept {
            // SAFETY: `set_session` requires a session of an SSL made from the same
            // context; every kept session comes from an association of this client's
            // `context` (and only of this client: the map is not shared with another).
            #[allow(unsafe_code)]
            unsafe {
                ssl.set_session(&session).map_err(|e| dtls(&e))?;
            }
        }
        if let ClientSecurity::Certificate { .. } = &self.security {
            ssl.set_hostname(host).map_err(|e| dtls(&e))?;
            ssl.param_mut().set_host(host).map_err(|e| dtls(&e))?;
        }
        let stream = SslStream::new(ssl, socket).map_err(|e| dtls(&e))?;
        let mut stream = Box::pin(stream);
        match tokio::time::timeout(
            self.handshake_timeout,
            handshake(stream.as_mut(), Role::Client),
        )
        .await
        {
            Ok(Ok(())) => {
                self.counts.handshakes.fetch_add(1, Ordering::Relaxed);
                if stream.ssl().session_reused() {
                    self.counts.resumed.fetch_add(1, Ordering::Relaxed);
                }
                if let Some(s) = stream.ssl().session() {
                    let mut kept = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
                    kept.insert(server, s.to_owned());
                }
                Ok(stream)
            }
            Ok(Err(e)) => Err(dtls(&e)),
            Err(_) => Err(ClientError::Dtls("handshake not finished in time".into())),
        }
    }
}

fn context(security: &ClientSecurity) -> Result<SslContext, openssl::error::ErrorStack> {
    let mut b = SslContextBuilder::new(SslMethod::dtls())?;
    b.set_min_proto_version(Some(SslVersion::DTLS1_2))?;
    b.set_max_proto_version(Some(SslVersion::DTLS1_2))?;
    match security {
        ClientSecurity::Psk { identity, key } => {
            b.set_cipher_list("PSK-AES128-CCM8")?;
            let (identity, key) = (identity.clone(), key.clone());
            b.set_psk_client_callback(move |_, _hint, id_out, key_out| {
                // the identity goes NUL-terminated; both must fit OpenSSL's buffers
                if identity.len() >= id_out.len() || key.len() > key_out.len() {
                    return Ok(0);
                }
                id_out[..identity.len()].copy_from_slice(&identity);
                id_out[identity.len()] = 0;
                key_out[..key.len()].copy_from_slice(&key);
                Ok(key.len())
            });
        }
        ClientSecurity::Certificate { roots } => {
            b.set_cipher_list("ECDHE-ECDSA-AES128-CCM8")?;
            let mut store = X509StoreBuilder::new()?;
            for r in roots {
                store.add_cert(X509::from_der(r)?)?;
            }
            b.set_verify_cert_store(store.build())?;
            b.set_verify(SslVerifyMode::PEER);
        }
        ClientSecurity::Plain => {}
    }
    Ok(b.build())
}

/// The transport of one server: a connected socket, or a DTLS association over it.
enum Conn {
    Plain(Udp),
    Dtls(Pin<Box<SslStream<Udp>>>),
}

impl Conn {
    async fn send(&mut self, message: &[u8]) -> io::Result<()> {
        match self {
            Conn::Plain(s) => s.send(message).await,
            Conn::Dtls(s) => s.write_all(message).await,
        }
    }

    async fn recv(&mut self) -> io::Result<Vec<u8>> {
        let mut buf = vec![0u8; MAX_MESSAGE];
        let n = match self {
            Conn::Plain(s) => s.recv(&mut buf).await?,
            Conn::Dtls(s) => s.read(&mut buf).await?,
        };
        if n == 0 && matches!(self, Conn::Dtls(_)) {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "DTLS closed"));
        }
        buf.truncate(n);
        Ok(buf)
    }

    /// The Message ID of the next exchange on this association.
    fn next_mid(&self) -> u16 {
        let udp = match self {
            Conn::Plain(s) => s,
            Conn::Dtls(s) => s.get_ref(),
        };
        udp.next_mid.fetch_add(1, Ordering::Relaxed)
    }

    /// Counts a confirmable message sent again.
    fn retransmitted(&self) {
        let counts = match self {
            Conn::Plain(s) => &s.counts,
            Conn::Dtls(s) => &s.get_ref().counts,
        };
        counts.retransmissions.fetch_add(1, Ordering::Relaxed);
    }
}

/// The modelled network's losses: a seeded xorshift64* draw per datagram.
struct Loss {
    rate: f64,
    state: Mutex<u64>,
}

impl Loss {
    /// Whether the next datagram is lost.
    fn lose(&self) -> bool {
        let mut x = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        *x ^= *x >> 12;
        *x ^= *x << 25;
        *x ^= *x >> 27;
        let draw = x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        (draw as f64) / ((1u64 << 53) as f64) < self.rate
    }
}

/// A connected UDP socket as the stream OpenSSL reads and writes (one datagram each), or
/// the plain transport; it counts what it carries.
struct Udp {
    socket: UdpSocket,
    counts: Arc<Counts>,
    /// The next Message ID from this endpoint: sequential from a random start, so that no
    /// ID comes again within EXCHANGE_LIFETIME (RFC 7252 4.4).
    next_mid: AtomicU16,
    loss: Option<Arc<Loss>>,
}

impl Udp {
    /// Whether the modelled network loses the next datagram (counted when it does).
    fn lost(&self) -> bool {
        let lost = self.loss.as_ref().is_some_and(|l| l.lose());
        if lost {
            self.counts.lost.fetch_add(1, Ordering::Relaxed);
        }
        lost
    }

    fn sent(&self, n: usize) {
        self.counts.datagrams_sent.fetch_add(1, Ordering::Relaxed);
        (self.counts.octets_sent).fetch_add(n as u64, Ordering::Relaxed);
    }

    fn received(&self, n: usize) {
        self.counts
            .datagrams_received
            .fetch_add(1, Ordering::Relaxed);
        (self.counts.octets_received).fetch_add(n as u64, Ordering::Relaxed);
    }

    async fn send(&self, message: &[u8]) -> io::Result<()> {
        if self.lost() {
            self.sent(message.len());
            return Ok(());
        }
        let n = self.socket.send(message).await?;
        self.sent(n);
        Ok(())
    }

    async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.socket.recv(buf).await?;
            if !self.lost() {
                self.received(n);
                return Ok(n);
            }
        }
    }
}

impl AsyncRead for Udp {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        loop {
            let polled = self.socket.poll_recv(cx, buf);
            if let Poll::Ready(Ok(())) = polled {
                if self.lost() {
                    // dropped on the way in: read the next one (or wait for it)
                    buf.set_filled(before);
                    continue;
                }
                self.received(buf.filled().len() - before);
            }
            return polled;
        }
    }
}

impl AsyncWrite for Udp {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.lost() {
            // lost on the way: it left the device, and is counted as sent
            self.sent(buf.len());
            return Poll::Ready(Ok(buf.len()));
        }
        let polled = self.socket.poll_send(cx, buf);
        if let Poll::Ready(Ok(n)) = polled {
            self.sent(n);
        }
        polled
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// The whole request: its body in blocks when it needs more than one, the response's
/// blocks fetched until the last.
async fn request(
    conn: &mut Conn,
    path: &str,
    body: &[u8],
    mut szx: u8,
    ack_timeout: Duration,
) -> Result<Response, ClientError> {
    // RFC 9175 3: one Request-Tag for the blocks of this body, so that a server does not
    // mix them with another body's to the same resource
    let mut tag = [0u8; 4];
    openssl::rand::rand_bytes(&mut tag).map_err(|e| ClientError::Dtls(e.to_string()))?;
    let mut sent = 0usize;
    let mut answer = loop {
        let size = 1usize << (usize::from(szx) + 4);
        let block1 = (body.len() > size || sent > 0).then(|| {
            let num = (sent / size) as u32;
            let more = sent + size < body.len();
            Block { num, more, szx }
        });
        let chunk = match block1 {
            Some(b) => &body[sent..(sent + b.size()).min(body.len())],
            None => body,
        };
        let mut packet = post_packet(path, chunk, block1, None)?;
        if block1.is_some() {
            packet.add_option(
                CoapOption::Unknown(crate::exchange::REQUEST_TAG),
                tag.to_vec(),
            );
        }
        let answer = exchange(conn, packet, ack_timeout).await?;
        let Some(b) = block1.filter(|b| b.more) else {
            break answer;
        };
        if code(&answer) != Some(ResponseType::Continue) {
            break answer;
        }
        sent += chunk.len();
        // RFC 7959 2.5: the server may ask for smaller blocks; the next one starts where
        // the body got to
        if let Some(echo) = option_block(&answer, CoapOption::Block1).filter(|e| e.szx < b.szx) {
            szx = echo.szx;
            if sent % echo.size() != 0 {
                return Err(ClientError::Blocks("a block size the body cannot go on in"));
            }
        }
    };
    let mut payload = std::mem::take(&mut answer.payload);
    while let Some(b2) = option_block(&answer, CoapOption::Block2).filter(|b| b.more) {
        if payload.len() > MAX_BODY {
            return Err(ClientError::Blocks("a response past the client's limit"));
        }
        let next = Block {
            num: b2.num + 1,
            more: false,
            szx: b2.szx,
        };
        let mut packet = post_packet(path, &[], None, Some(next))?;
        if sent > 0 {
            // the same request as the one whose body went in blocks
            packet.add_option(
                CoapOption::Unknown(crate::exchange::REQUEST_TAG),
                tag.to_vec(),
            );
        }
        answer = exchange(conn, packet, ack_timeout).await?;
        match option_block(&answer, CoapOption::Block2) {
            Some(got) if got.num == next.num => payload.extend_from_slice(&answer.payload),
            _ => return Err(ClientError::Blocks("a response block out of order")),
        }
    }
    Ok(Response {
        code: code(&answer).unwrap_or(ResponseType::UnKnown),
        content_format: answer
            .get_option(CoapOption::ContentFormat)
            .and_then(|v| v.front())
            .map(|v| {
                v.iter()
                    .fold(0u16, |a, b| a.wrapping_shl(8) | u16::from(*b))
            }),
        payload,
    })
}

fn post_packet(
    path: &str,
    payload: &[u8],
    block1: Option<Block>,
    block2: Option<Block>,
) -> Result<Packet, ClientError> {
    let mut p = Packet::new();
    p.header.set_type(MessageType::Confirmable);
    p.header.code = MessageClass::Request(RequestType::Post);
    for segment in path.trim_start_matches('/').split('/') {
        p.add_option(CoapOption::UriPath, segment.as_bytes().to_vec());
    }
    if let Some(b) = block1 {
        p.add_option(CoapOption::Block1, b.encode());
    }
    if let Some(b) = block2 {
        p.add_option(CoapOption::Block2, b.encode());
    }
    p.payload = payload.to_vec();
    Ok(p)
}

/// One confirmable exchange (RFC 7252 4.2, 5.2): sent again after ACK_TIMEOUT (randomized,
/// doubled each time) until MAX_RETRANSMIT; the response piggybacked on the ACK, or a
/// separate one after an empty ACK, which is acknowledged.
async fn exchange(
    conn: &mut Conn,
    mut packet: Packet,
    ack_timeout: Duration,
) -> Result<Packet, ClientError> {
    let mut ids = [0u8; 9];
    openssl::rand::rand_bytes(&mut ids).map_err(|e| ClientError::Dtls(e.to_string()))?;
    let mid = conn.next_mid();
    let token = ids[..8].to_vec();
    packet.header.message_id = mid;
    packet.set_token(token.clone());
    let bytes = packet
        .to_bytes_unlimited()
        .map_err(|_| ClientError::Blocks("a request that does not encode"))?;
    // ACK_TIMEOUT to ACK_TIMEOUT * ACK_RANDOM_FACTOR (1.5)
    let mut wait = ack_timeout + ack_timeout * u32::from(ids[8] % 128) / 256;
    for attempt in 0..=MAX_RETRANSMIT {
        if attempt > 0 {
            conn.retransmitted();
        }
        conn.send(&bytes).await?;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let Ok(got) = tokio::time::timeout_at(deadline, conn.recv()).await else {
                break;
            };
            let Ok(reply) = Packet::from_bytes(&got?) else {
                continue;
            };
            match reply.header.get_type() {
                MessageType::Acknowledgement if reply.header.message_id == mid => {
                    if reply.header.code != MessageClass::Empty {
                        return Ok(reply);
                    }
                    return separate(conn, &token).await;
                }
                MessageType::Reset if reply.header.message_id == mid => {
                    return Err(ClientError::Blocks("the server reset the request"));
                }
                MessageType::Confirmable | MessageType::NonConfirmable
                    if reply.get_token() == token.as_slice() =>
                {
                    acknowledge(conn, &reply).await?;
                    return Ok(reply);
                }
                _ => {}
            }
        }
        wait *= 2;
    }
    Err(ClientError::Timeout(MAX_RETRANSMIT + 1))
}

/// The separate response carrying `token` (RFC 7252 5.2.2), acknowledged if confirmable.
async fn separate(conn: &mut Conn, token: &[u8]) -> Result<Packet, ClientError> {
    let deadline = tokio::time::Instant::now() + SEPARATE;
    loop {
        let Ok(got) = tokio::time::timeout_at(deadline, conn.recv()).await else {
            return Err(ClientError::Timeout(1));
        };
        let Ok(reply) = Packet::from_bytes(&got?) else {
            continue;
        };
        if reply.get_token() == token && matches!(reply.header.code, MessageClass::Response(_)) {
            acknowledge(conn, &reply).await?;
            return Ok(reply);
        }
    }
}

async fn acknowledge(conn: &mut Conn, reply: &Packet) -> Result<(), ClientError> {
    if reply.header.get_type() == MessageType::Confirmable {
        let [hi, lo] = reply.header.message_id.to_be_bytes();
        conn.send(&[0x60, 0x00, hi, lo]).await?;
    }
    Ok(())
}

fn code(p: &Packet) -> Option<ResponseType> {
    match p.header.code {
        MessageClass::Response(r) => Some(r),
        _ => None,
    }
}

fn option_block(p: &Packet, o: CoapOption) -> Option<Block> {
    Block::decode(p.get_option(o)?.front()?).ok()
}
