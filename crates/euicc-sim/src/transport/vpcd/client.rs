//! Connecting to vpcd, serving its messages, reconnecting, shutting down.

use std::io;
use std::net::{Shutdown as NetShutdown, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::control;
use super::frame::{FrameReader, Polled, write_frame};
use crate::Es10Processor;
use crate::apdu::Card;

/// Bound on one TCP connection attempt.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Where vpcd is and how patiently to wait for it.
#[derive(Clone, Debug)]
pub struct VpcdOptions {
    /// `host:port` of vpcd, by default `127.0.0.1:35963`.
    pub address: String,
    /// First pause after a failed connection attempt; doubled up to `max_backoff`.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// How often a blocked read or pause looks at the shutdown flag.
    pub poll_interval: Duration,
    /// Give up after this many failed connection attempts in a row (`None`: never).
    pub max_attempts: Option<u32>,
}

impl Default for VpcdOptions {
    fn default() -> Self {
        Self {
            address: format!("127.0.0.1:{}", super::VPCD_PORT),
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(5),
            poll_interval: Duration::from_millis(200),
            max_attempts: None,
        }
    }
}

impl VpcdOptions {
    pub fn with_address(address: impl Into<String>) -> Self {
        Self {
            address: address.into(),
            ..Self::default()
        }
    }
}

/// A flag that stops [`run`] from another thread (a signal handler, a test).
#[derive(Clone, Default, Debug)]
pub struct Shutdown(Arc<AtomicBool>);

impl Shutdown {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn trigger(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_triggered(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Why a connection ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SessionEnd {
    /// vpcd closed the connection (pcscd stopped, reader driver unloaded).
    Closed,
    /// The shutdown flag was raised.
    Shutdown,
}

/// Serves vpcd at `options.address` until `shutdown` is triggered: connects, answers vpcd's
/// messages, and when vpcd is not up or goes away, tries again after a pause that grows from
/// `initial_backoff` to `max_backoff`. A lost connection is a card removal: the card is
/// powered off. Errors only when `max_attempts` connection attempts failed in a row.
pub fn run<P: Es10Processor>(
    card: &mut Card<P>,
    options: &VpcdOptions,
    shutdown: &Shutdown,
) -> io::Result<()> {
    let mut backoff = options.initial_backoff;
    let mut failures: u32 = 0;
    while !shutdown.is_triggered() {
        match connect(&options.address, CONNECT_TIMEOUT) {
            Ok(stream) => {
                if failures > 0 {
                    tracing::info!(address = %options.address, "vpcd: connected");
                } else {
                    tracing::debug!(address = %options.address, "vpcd: connected");
                }
                failures = 0;
                backoff = options.initial_backoff;
                match serve_connection(card, stream, shutdown, options.poll_interval) {
                    Ok(SessionEnd::Shutdown) => return Ok(()),
                    Ok(SessionEnd::Closed) => tracing::info!("vpcd: connection closed"),
                    Err(e) => tracing::warn!("vpcd: connection lost: {e}"),
                }
                card.power_off();
            }
            Err(e) => {
                failures = failures.saturating_add(1);
                if failures == 1 {
                    tracing::info!(
                        address = %options.address,
                        "vpcd: not reachable ({e}); retrying"
                    );
                } else {
                    tracing::debug!(address = %options.address, failures, "vpcd: not reachable ({e})");
                }
                if options.max_attempts.is_some_and(|max| failures >= max) {
                    return Err(io::Error::new(
                        e.kind(),
                        format!(
                            "vpcd at {} not reachable after {failures} attempts: {e}",
                            options.address
                        ),
                    ));
                }
                pause(backoff, options.poll_interval, shutdown);
                backoff = (backoff * 2).min(options.max_backoff);
            }
        }
    }
    Ok(())
}

fn connect(address: &str, timeout: Duration) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "address resolves to nothing");
    for addr in address.to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn pause(total: Duration, step: Duration, shutdown: &Shutdown) {
    let step = step.max(Duration::from_millis(1));
    let mut left = total;
    while !left.is_zero() && !shutdown.is_triggered() {
        let now = left.min(step);
        std::thread::sleep(now);
        left = left.saturating_sub(now);
    }
}

/// Answers vpcd's messages on one connection until it closes or `shutdown` is triggered.
pub fn serve_connection<P: Es10Processor>(
    card: &mut Card<P>,
    mut stream: TcpStream,
    shutdown: &Shutdown,
    poll_interval: Duration,
) -> io::Result<SessionEnd> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(poll_interval.max(Duration::from_millis(1))))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = FrameReader::default();
    loop {
        if shutdown.is_triggered() {
            let _ = stream.shutdown(NetShutdown::Both);
            return Ok(SessionEnd::Shutdown);
        }
        let message = match reader.poll(&mut stream)? {
            Polled::Frame(message) => message,
            Polled::Idle => continue,
            Polled::Closed => return Ok(SessionEnd::Closed),
        };
        if let Some(answer) = handle(card, &message) {
            write_frame(&mut stream, &answer)?;
        }
    }
}

/// One vpcd message; returns the answer to send, if any.
fn handle<P: Es10Processor>(card: &mut Card<P>, message: &[u8]) -> Option<Vec<u8>> {
    match *message {
        [] => None,
        [control::POWER_OFF] => {
            tracing::debug!("vpcd: power off");
            card.power_off();
            None
        }
        [control::POWER_ON] => {
            tracing::debug!("vpcd: power on");
            card.power_on();
            None
        }
        [control::RESET] => {
            tracing::debug!("vpcd: reset");
            card.reset();
            None
        }
        [control::GET_ATR] => Some(card.atr().to_vec()),
        [other] => {
            tracing::warn!("vpcd: unknown control message {other:02X}, ignored");
            None
        }
        _ => Some(card.transmit(message)),
    }
}
