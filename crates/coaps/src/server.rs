//! A CoAP server on one UDP socket: datagrams are sorted by peer into sessions, each with
//! its [`Exchanges`] and, over DTLS ([`crate::dtls`]), its own DTLS association; whole
//! requests go to the application's [`Handler`], each in a task of its own.
//!
//! Bounds: at most [`ServerConfig::max_peers`] sessions (datagrams from further peers are
//! dropped), at most [`MAX_PENDING`] requests of one peer with the application (more are
//! answered 5.03), a session ends after [`ServerConfig::idle`] without a datagram.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use coap_lite::ResponseType;
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, watch};

use crate::exchange::{Exchanges, Incoming, Limits, Pending, Request, Response};
use crate::faults::{Fate, Message, MessageFaults};

/// Requests of one peer with the application at once.
pub const MAX_PENDING: usize = 8;
/// Datagrams queued for one session before further ones are dropped.
const QUEUE: usize = 64;
/// The largest datagram read (RFC 7252 4.6: a message fits one datagram).
const MAX_DATAGRAM: usize = 2048;

/// Who sent a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Peer {
    /// The peer's address.
    pub addr: SocketAddr,
    /// The PSK identity it authenticated with over DTLS, if it did.
    pub identity: Option<Vec<u8>>,
    /// This session's number (a new DTLS association is a new session).
    pub session: u64,
}

/// The application: a response for each whole request.
pub trait Handler: Clone + Send + Sync + 'static {
    /// Answers `request` from `peer`.
    fn handle(&self, peer: Peer, request: Request) -> impl Future<Output = Response> + Send;
}

/// The server's bounds, and the faults it serves.
#[derive(Clone)]
pub struct ServerConfig {
    /// What one peer may make a session keep.
    pub limits: Limits,
    /// Sessions at once.
    pub max_peers: usize,
    /// A session without a datagram for this long ends.
    pub idle: Duration,
    /// Messages lost or sessions dropped on purpose ([`crate::faults`]); none by default.
    pub faults: Option<Arc<dyn MessageFaults>>,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("limits", &self.limits)
            .field("max_peers", &self.max_peers)
            .field("idle", &self.idle)
            .field("faults", &self.faults.is_some())
            .finish()
    }
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            limits: Limits::default(),
            max_peers: 4096,
            idle: Duration::from_secs(300),
            faults: None,
        }
    }
}

/// A running server.
pub struct CoapServer {
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl CoapServer {
    /// Where it listens.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops taking datagrams and ends every session.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// What carries one session's messages: the peer's datagrams as they come (plain CoAP), or
/// a DTLS association over them.
pub(crate) trait Link: Send + 'static {
    /// The next message, `None` when the session is over.
    fn recv(&mut self) -> impl Future<Output = Option<Vec<u8>>> + Send;
    /// Sends one message.
    fn send(&mut self, message: &[u8]) -> impl Future<Output = io::Result<()>> + Send;
    /// Ends the session (DTLS: close_notify, which keeps its session resumable).
    fn close(&mut self) -> impl Future<Output = ()> + Send {
        async {}
    }
}

/// Whether a datagram opens a handshake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hello {
    /// No: a message of the session.
    No,
    /// A ClientHello without a valid cookie.
    Bare,
    /// A ClientHello with the cookie this server gives the peer's address: the peer has
    /// shown it receives at that address.
    WithCookie,
}

/// How a new peer's session is set up over its datagrams.
pub(crate) trait Security: Clone + Send + Sync + 'static {
    type Link: Link;
    /// Whether `datagram` from `peer` opens a handshake (never without a handshake).
    fn hello(&self, _datagram: &[u8], _peer: &SocketAddr) -> Hello {
        Hello::No
    }
    /// The session's link and the identity the peer authenticated with; `None` when the
    /// peer did not get through (a failed or abandoned handshake).
    fn open(
        &self,
        datagrams: Datagrams,
    ) -> impl Future<Output = Option<(Self::Link, Option<Vec<u8>>)>> + Send;
}

/// One peer's datagrams, as the socket task sorts them, and the way back.
pub(crate) struct Datagrams {
    pub(crate) rx: mpsc::Receiver<Vec<u8>>,
    pub(crate) socket: Arc<UdpSocket>,
    pub(crate) peer: SocketAddr,
}

/// Plain CoAP (RFC 7252 9: NoSec): the datagrams are the messages.
#[derive(Clone)]
pub(crate) struct NoSec;

impl Link for Datagrams {
    async fn recv(&mut self) -> Option<Vec<u8>> {
        self.rx.recv().await
    }

    async fn send(&mut self, message: &[u8]) -> io::Result<()> {
        self.socket.send_to(message, self.peer).await.map(|_| ())
    }
}

impl Security for NoSec {
    type Link = Datagrams;

    async fn open(&self, datagrams: Datagrams) -> Option<(Datagrams, Option<Vec<u8>>)> {
        Some((datagrams, None))
    }
}

/// Serves plain CoAP on `addr` (for tests and for a network that secures the link itself;
/// SGP.32's binding asks for DTLS: [`crate::dtls::serve`]).
pub async fn serve_plain<H: Handler>(
    addr: &str,
    config: ServerConfig,
    handler: H,
) -> io::Result<CoapServer> {
    serve(addr, config, NoSec, handler).await
}

pub(crate) async fn serve<S: Security, H: Handler>(
    addr: &str,
    config: ServerConfig,
    security: S,
    handler: H,
) -> io::Result<CoapServer> {
    let socket = Arc::new(UdpSocket::bind(addr).await?);
    let addr = socket.local_addr()?;
    let (stop, stopping) = watch::channel(false);
    let task = tokio::spawn(receive(socket, config, security, handler, stopping));
    Ok(CoapServer { addr, stop, task })
}

/// A peer's session in the socket task's table; while it is established, a new handshake
/// from the same address (a device that lost its state, or a new socket given the same
/// port) gets a session of its own in `next`, which takes over once the peer has returned
/// the cookie (RFC 6347 4.2.8: the old association is not destroyed before the client
/// has shown it receives at its address).
struct Entry {
    number: u64,
    tx: mpsc::Sender<Vec<u8>>,
    established: Arc<AtomicBool>,
    next: Option<Box<Entry>>,
}

type Sessions = Arc<Mutex<HashMap<SocketAddr, Entry>>>;

/// Reads the socket and hands each datagram to its peer's session, starting one for a new
/// peer.
async fn receive<S: Security, H: Handler>(
    socket: Arc<UdpSocket>,
    config: ServerConfig,
    security: S,
    handler: H,
    mut stopping: watch::Receiver<bool>,
) {
    let sessions: Sessions = Arc::default();
    let max_peers = config.max_peers;
    let shared = Shared {
        config,
        security,
        handler,
        sessions: sessions.clone(),
        stopping: stopping.clone(),
    };
    let security = &shared.security;
    let mut buf = vec![0u8; MAX_DATAGRAM];
    let mut next_session = 0u64;
    loop {
        let (n, from) = tokio::select! {
            r = socket.recv_from(&mut buf) => match r {
                Ok(r) => r,
                Err(e) => {
                    tracing::debug!(error = %e, "CoAP socket");
                    continue;
                }
            },
            _ = stopping.changed() => break,
        };
        let datagram = buf[..n].to_vec();
        let mut table = sessions.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = table.get_mut(&from) {
            let hello = match entry.established.load(Ordering::Relaxed) {
                true => security.hello(&datagram, &from),
                false => Hello::No,
            };
            let tx = match (hello, &mut entry.next) {
                (Hello::No, _) => entry.tx.clone(),
                (Hello::WithCookie, Some(_)) => {
                    // the new handshake takes over; the old session's queue closes
                    let next = entry.next.take().map(|n| *n);
                    if let Some(next) = next {
                        *entry = next;
                    }
                    entry.tx.clone()
                }
                (_, Some(next)) => next.tx.clone(),
                (_, None) => {
                    next_session += 1;
                    let (next, datagrams) = open_entry(&socket, from, next_session);
                    let _ = next.tx.try_send(datagram);
                    let established = next.established.clone();
                    if hello == Hello::WithCookie {
                        *entry = next;
                    } else {
                        entry.next = Some(Box::new(next));
                    }
                    drop(table);
                    shared.spawn(next_session, established, datagrams);
                    continue;
                }
            };
            // a full queue drops the datagram, as the network may
            let _ = tx.try_send(datagram);
            continue;
        }
        if table.len() >= max_peers {
            tracing::debug!(%from, "CoAP: too many peers, datagram dropped");
            continue;
        }
        next_session += 1;
        let (entry, datagrams) = open_entry(&socket, from, next_session);
        let _ = entry.tx.try_send(datagram);
        let established = entry.established.clone();
        table.insert(from, entry);
        drop(table);
        shared.spawn(next_session, established, datagrams);
    }
}

/// What every session of a server shares.
struct Shared<S, H> {
    config: ServerConfig,
    security: S,
    handler: H,
    sessions: Sessions,
    stopping: watch::Receiver<bool>,
}

impl<S: Security, H: Handler> Shared<S, H> {
    /// Runs session `number` over `datagrams` in a task of its own.
    fn spawn(&self, number: u64, established: Arc<AtomicBool>, datagrams: Datagrams) {
        let session = Session {
            config: self.config.clone(),
            security: self.security.clone(),
            handler: self.handler.clone(),
            sessions: self.sessions.clone(),
            number,
            established,
            stopping: self.stopping.clone(),
        };
        tokio::spawn(session.run(datagrams));
    }
}

/// A table entry for session `number` of `peer`, and the datagrams it reads.
fn open_entry(socket: &Arc<UdpSocket>, peer: SocketAddr, number: u64) -> (Entry, Datagrams) {
    let (tx, rx) = mpsc::channel(QUEUE);
    let entry = Entry {
        number,
        tx,
        established: Arc::default(),
        next: None,
    };
    let datagrams = Datagrams {
        rx,
        socket: socket.clone(),
        peer,
    };
    (entry, datagrams)
}

/// How a session's exchanges ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ended {
    /// The peer went quiet, the link failed or the server stops: closed as usual.
    Closed,
    /// Dropped on purpose: forgotten without a word.
    Dropped,
}

struct Session<S, H> {
    config: ServerConfig,
    security: S,
    handler: H,
    sessions: Sessions,
    number: u64,
    /// Set once the handshake is done.
    established: Arc<AtomicBool>,
    stopping: watch::Receiver<bool>,
}

impl<S: Security, H: Handler> Session<S, H> {
    async fn run(mut self, datagrams: Datagrams) {
        let addr = datagrams.peer;
        let opened = tokio::time::timeout(self.config.idle, self.security.open(datagrams)).await;
        if let Ok(Some((mut link, identity))) = opened {
            self.established.store(true, Ordering::Relaxed);
            let peer = Peer {
                addr,
                identity,
                session: self.number,
            };
            if self.exchange(&mut link, peer).await == Ended::Closed {
                link.close().await;
            }
        }
        // this session's entry only: the address may have another session by now
        let mut table = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = table.get_mut(&addr) {
            if entry.number == self.number {
                match entry.next.take() {
                    Some(next) => *entry = *next,
                    None => {
                        table.remove(&addr);
                    }
                }
            } else if entry.next.as_ref().is_some_and(|n| n.number == self.number) {
                entry.next = None;
            }
        }
    }

    /// The fate of `message` of `peer` ([`crate::faults`]).
    fn fate(&self, peer: &Peer, message: Message<'_>) -> Fate {
        match &self.config.faults {
            Some(f) => f.fate(peer, message),
            None => Fate::Pass,
        }
    }

    /// Sends `reply` unless it is lost on purpose; `Err` ends the session (the link failed,
    /// or the session is dropped).
    async fn send(
        &self,
        link: &mut S::Link,
        peer: &Peer,
        message: Message<'_>,
        reply: &[u8],
    ) -> Result<(), Ended> {
        match self.fate(peer, message) {
            Fate::Pass => link.send(reply).await.map_err(|_| Ended::Closed),
            Fate::Lose => Ok(()),
            Fate::DropSession => Err(Ended::Dropped),
        }
    }

    async fn exchange(&mut self, link: &mut S::Link, peer: Peer) -> Ended {
        // RFC 7252 4.4: this side's Message IDs start at a random value
        let mut first = [0u8; 2];
        if openssl::rand::rand_bytes(&mut first).is_err() {
            first = (self.number as u16).to_be_bytes();
        }
        let first_id = u16::from_be_bytes(first);
        let mut exchanges = Exchanges::new(self.config.limits, first_id);
        let (done, mut answered) = mpsc::channel::<(Pending, Response)>(MAX_PENDING);
        let mut pending = 0usize;
        loop {
            tokio::select! {
                message = tokio::time::timeout(self.config.idle, link.recv()) => {
                    let Ok(Some(message)) = message else { return Ended::Closed };
                    match self.fate(&peer, Message::In(&message)) {
                        Fate::Pass => {}
                        Fate::Lose => continue,
                        Fate::DropSession => return Ended::Dropped,
                    }
                    let reply = match exchanges.receive(&message) {
                        Incoming::Reply(reply) => reply,
                        Incoming::Nothing => continue,
                        Incoming::Request(p) if pending >= MAX_PENDING => {
                            exchanges.respond(p, Response::empty(ResponseType::ServiceUnavailable))
                        }
                        Incoming::Request(p) => {
                            pending += 1;
                            let (handler, peer, done) = (self.handler.clone(), peer.clone(), done.clone());
                            tokio::spawn(async move {
                                let request = p.request.clone();
                                let handled = tokio::spawn(async move { handler.handle(peer, request).await });
                                // a handler that panics is answered 5.00, its slot freed
                                let response = handled.await.unwrap_or_else(|_| {
                                    Response::empty(ResponseType::InternalServerError)
                                });
                                let _ = done.send((p, response)).await;
                            });
                            continue;
                        }
                    };
                    if let Err(end) = self.send(link, &peer, Message::Other(&reply), &reply).await {
                        return end;
                    }
                }
                Some((p, response)) = answered.recv() => {
                    pending -= 1;
                    let request = p.request.clone();
                    let reply = exchanges.respond(p, response);
                    let message = Message::Answer { request: &request, message: &reply };
                    if let Err(end) = self.send(link, &peer, message, &reply).await {
                        return end;
                    }
                }
                _ = self.stopping.changed() => return Ended::Closed,
            }
        }
    }
}
