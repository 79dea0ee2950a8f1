//! The header and idle timeouts of one connection, after its TLS handshake. hyper's own
//! `header_read_timeout` starts when hyper begins waiting for a request head, which on a
//! keep-alive connection is the moment the previous response went out: it cannot tell a
//! client that drips a head from one that sits idle between two requests. So the connection
//! is watched here instead:
//!
//! - the octets read from the client ([`Watched`]: the first one after a response starts a
//!   request head),
//! - the requests hyper dispatched and whose responses are not yet sent ([`InFlight`], held
//!   by the response body until hyper drops it).
//!
//! With no request in flight, the deadline is `header_timeout` after the first octet of a head
//! (or after the handshake, for the first request), else `idle_timeout` after the last
//! response. While a request is in flight there is none: its body has `body_timeout` (see
//! [`super::body`]) and the handler takes the time it takes.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::Limits;

/// Why a connection was closed by its watch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expiry {
    /// A request head (or the first one) did not arrive within `header_timeout`.
    Header,
    /// No request followed the last response within `idle_timeout`.
    Idle,
}

#[derive(Debug)]
struct State {
    in_flight: usize,
    requests: u64,
    /// When the last response was sent (at first: when the handshake ended).
    idle_since: Instant,
    /// The first octet read since then, if any.
    head_started: Option<Instant>,
}

/// What one connection is doing.
#[derive(Debug)]
pub(crate) struct Activity {
    state: Mutex<State>,
    /// Signalled when the last request in flight has been answered.
    settled: Notify,
}

impl Activity {
    pub(crate) fn new() -> Arc<Activity> {
        Arc::new(Activity {
            state: Mutex::new(State {
                in_flight: 0,
                requests: 0,
                idle_since: Instant::now(),
                head_started: None,
            }),
            settled: Notify::new(),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding this lock cannot leave the counters half-written.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn read(&self) {
        let mut s = self.state();
        if s.in_flight == 0 && s.head_started.is_none() {
            s.head_started = Some(Instant::now());
        }
    }

    /// hyper dispatched a request.
    pub(crate) fn begin(self: &Arc<Self>) -> InFlight {
        let mut s = self.state();
        s.in_flight += 1;
        s.requests += 1;
        s.head_started = None;
        InFlight(self.clone())
    }

    fn deadline(&self, limits: &Limits) -> Option<(Instant, Expiry)> {
        let s = self.state();
        if s.in_flight > 0 {
            return None;
        }
        Some(match (s.head_started, s.requests) {
            (Some(t), _) => (t + limits.header_timeout, Expiry::Header),
            (None, 0) => (s.idle_since + limits.header_timeout, Expiry::Header),
            (None, _) => (s.idle_since + limits.idle_timeout, Expiry::Idle),
        })
    }

    /// Completes when the connection has passed one of its deadlines. A response that
    /// settles the connection may bring its deadline forward (an `idle_timeout` shorter
    /// than the `header_timeout` being waited for), so the wait ends on either.
    pub(crate) async fn expiry(&self, limits: &Limits) -> Expiry {
        loop {
            match self.deadline(limits) {
                None => self.settled.notified().await,
                Some((at, why)) if at <= Instant::now() => return why,
                Some((at, _)) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(at) => {}
                        _ = self.settled.notified() => {}
                    }
                }
            }
        }
    }
}

/// A request dispatched and not yet answered; dropped when hyper is done with its response.
#[derive(Debug)]
pub(crate) struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut s = self.0.state();
        s.in_flight = s.in_flight.saturating_sub(1);
        if s.in_flight == 0 {
            s.idle_since = Instant::now();
            s.head_started = None;
            drop(s);
            self.0.settled.notify_one();
        }
    }
}

/// A response body that keeps its request in flight until hyper drops it.
pub(crate) struct Tracked {
    body: axum::body::Body,
    _in_flight: InFlight,
}

impl Tracked {
    pub(crate) fn new(body: axum::body::Body, in_flight: InFlight) -> Tracked {
        Tracked {
            body,
            _in_flight: in_flight,
        }
    }
}

impl HttpBody for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The connection's stream, noting every read that brought octets.
pub(crate) struct Watched<T> {
    io: T,
    activity: Arc<Activity>,
}

impl<T> Watched<T> {
    pub(crate) fn new(io: T, activity: Arc<Activity>) -> Watched<T> {
        Watched { io, activity }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.io).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.read();
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn limits() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            ..Limits::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_follows_the_connection_through_its_phases() {
        let a = Activity::new();
        let t0 = Instant::now();
        assert_eq!(
            a.deadline(&limits()),
            Some((t0 + Duration::from_secs(10), Expiry::Header)),
            "first request: header timeout from the handshake"
        );
        tokio::time::advance(Duration::from_secs(2)).await;
        a.read();
        let r = a.begin();
        assert_eq!(a.deadline(&limits()), None, "no deadline while in flight");
        tokio::time::advance(Duration::from_secs(100)).await;
        a.read(); // body octets do not start a head
        drop(r);
        let t1 = Instant::now();
        assert_eq!(
            a.deadline(&limits()),
            Some((t1 + Duration::from_secs(30), Expiry::Idle))
        );
        tokio::time::advance(Duration::from_secs(5)).await;
        a.read();
        let t2 = Instant::now();
        tokio::time::advance(Duration::from_secs(1)).await;
        a.read(); // dripping does not move the deadline
        assert_eq!(
            a.deadline(&limits()),
            Some((t2 + Duration::from_secs(10), Expiry::Header))
        );
        assert_eq!(a.expiry(&limits()).await, Expiry::Header);
        assert_eq!(Instant::now(), t2 + Duration::from_secs(10));
    }
}
