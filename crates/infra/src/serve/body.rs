//! Request bodies read under the listener's limits ([`RequestBody`]): at most
//! `max_body_bytes`, complete within `body_timeout`. Unlike axum's `Bytes` extractor, which
//! refuses with a plain-text 413 of its own, the handler receives the refusal as a
//! [`BodyError`] and answers it in its interface's format.
//!
//! A body found too large is read on and discarded, up to [`drain_cap`] and the body timeout,
//! before the handler answers, so that the client, still sending, is not reset before it can
//! read the answer (nginx's lingering close, done before the answer). A declared length past
//! the cap, or `Expect: 100-continue` (the client waits before sending), is refused unread.

use std::convert::Infallible;
use std::fmt;
use std::pin::Pin;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, header};
use bytes::BytesMut;
use tokio::time::Instant;

use super::Limits;

/// How many leading octets of a refused body are kept, to tell its function by its tag.
pub const HEAD_OCTETS: usize = 64;

/// The body limits of a listener, put into each request's extensions by the accept loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyLimits {
    pub max_bytes: usize,
    pub timeout: Duration,
}

impl From<&Limits> for BodyLimits {
    fn from(l: &Limits) -> BodyLimits {
        BodyLimits {
            max_bytes: l.max_body_bytes,
            timeout: l.body_timeout,
        }
    }
}

impl Default for BodyLimits {
    fn default() -> BodyLimits {
        BodyLimits::from(&Limits::default())
    }
}

/// Why a request body was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyFault {
    /// Longer than the listener's `max_body_bytes`.
    TooLarge { limit: usize },
    /// Not complete within the listener's `body_timeout`.
    TimedOut { after: Duration },
    /// The stream broke off (the client closed or reset the connection).
    Broken(String),
}

/// A request body that was refused, with its first octets as far as they were read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyError {
    pub fault: BodyFault,
    /// Up to [`HEAD_OCTETS`] leading octets of the body.
    pub head: Bytes,
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fault {
            BodyFault::TooLarge { limit } => {
                write!(f, "request body larger than the {limit}-octet limit")
            }
            BodyFault::TimedOut { after } => write!(
                f,
                "request body not complete within {} ms",
                after.as_millis()
            ),
            BodyFault::Broken(e) => write!(f, "request body broke off: {e}"),
        }
    }
}

impl std::error::Error for BodyError {}

/// The request body, or why it was refused; an extractor that never rejects.
#[derive(Debug)]
pub struct RequestBody(pub Result<Bytes, BodyError>);

impl<S: Send + Sync> FromRequest<S> for RequestBody {
    type Rejection = Infallible;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Infallible> {
        let limits = req
            .extensions()
            .get::<BodyLimits>()
            .copied()
            .unwrap_or_default();
        let (parts, body) = req.into_parts();
        Ok(RequestBody(read(&parts.headers, body, limits).await))
    }
}

/// Octets read in all from a body found too large before giving up on draining it.
pub fn drain_cap(limits: BodyLimits) -> usize {
    limits.max_bytes.saturating_mul(4).max(1 << 20)
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn expects_continue(headers: &HeaderMap) -> bool {
    headers
        .get(header::EXPECT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("100-continue"))
}

/// Reads `body` under `limits`.
pub async fn read(
    headers: &HeaderMap,
    mut body: Body,
    limits: BodyLimits,
) -> Result<Bytes, BodyError> {
    let deadline = Instant::now() + limits.timeout;
    let too_large = |head: &[u8]| BodyError {
        fault: BodyFault::TooLarge {
            limit: limits.max_bytes,
        },
        head: Bytes::copy_from_slice(&head[..head.len().min(HEAD_OCTETS)]),
    };
    let declared = declared_length(headers);
    if declared.is_some_and(|n| n > limits.max_bytes as u64)
        && (expects_continue(headers) || declared.is_some_and(|n| n > drain_cap(limits) as u64))
    {
        return Err(too_large(&[]));
    }
    let capacity = declared.map_or(0, |n| n.min(limits.max_bytes as u64) as usize);
    let mut buf = BytesMut::with_capacity(capacity);
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx));
        let data = match tokio::time::timeout_at(deadline, frame).await {
            Err(_) => {
                return Err(BodyError {
                    fault: BodyFault::TimedOut {
                        after: limits.timeout,
                    },
                    head: buf.split_to(buf.len().min(HEAD_OCTETS)).freeze(),
                });
            }
            Ok(None) => return Ok(buf.freeze()),
            Ok(Some(Err(e))) => {
                return Err(BodyError {
                    fault: BodyFault::Broken(e.to_string()),
                    head: buf.split_to(buf.len().min(HEAD_OCTETS)).freeze(),
                });
            }
            Ok(Some(Ok(frame))) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue, // trailers
            },
        };
        if buf.len() + data.len() > limits.max_bytes {
            let mut head = buf[..buf.len().min(HEAD_OCTETS)].to_vec();
            head.extend_from_slice(&data[..data.len().min(HEAD_OCTETS - head.len())]);
            drain(
                &mut body,
                buf.len() + data.len(),
                deadline,
                drain_cap(limits),
            )
            .await;
            return Err(too_large(&head));
        }
        buf.extend_from_slice(&data);
    }
}

/// Reads and discards the rest of a body, until it ends, breaks, passes `cap` octets in all
/// or the deadline passes.
async fn drain(body: &mut Body, mut read: usize, deadline: Instant, cap: usize) {
    while read <= cap {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx));
        match tokio::time::timeout_at(deadline, frame).await {
            Ok(Some(Ok(frame))) => {
                read += frame.data_ref().map_or(0, Bytes::len);
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_bytes: usize) -> BodyLimits {
        BodyLimits {
            max_bytes,
            timeout: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn a_body_within_the_limit_is_taken_whole() {
        let got = read(&HeaderMap::new(), Body::from(vec![7u8; 100]), limits(100)).await;
        assert_eq!(got.unwrap().len(), 100);
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_with_its_head() {
        let mut body = vec![0xA2, 0x82, 0x01, 0x00, 0xBF, 0x3B];
        body.resize(101, 0);
        let err = read(&HeaderMap::new(), Body::from(body), limits(100))
            .await
            .unwrap_err();
        assert_eq!(err.fault, BodyFault::TooLarge { limit: 100 });
        assert_eq!(&err.head[..6], &[0xA2, 0x82, 0x01, 0x00, 0xBF, 0x3B]);
        assert_eq!(err.head.len(), HEAD_OCTETS);
        assert_eq!(
            err.to_string(),
            "request body larger than the 100-octet limit"
        );
    }

    #[tokio::test]
    async fn a_declared_length_past_the_drain_cap_is_refused_unread() {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_LENGTH, "1000000000".parse().unwrap());
        // The body itself would hang: it is never polled.
        let (_tx, body) = channel();
        let err = read(&h, body, limits(100)).await.unwrap_err();
        assert_eq!(err.fault, BodyFault::TooLarge { limit: 100 });
    }

    #[tokio::test]
    async fn a_body_that_stalls_times_out_with_what_arrived() {
        let (tx, body) = channel();
        tx.send(Bytes::from_static(b"{\"a\"")).await.unwrap();
        let l = BodyLimits {
            max_bytes: 100,
            timeout: Duration::from_millis(50),
        };
        let err = read(&HeaderMap::new(), body, l).await.unwrap_err();
        assert_eq!(
            err.fault,
            BodyFault::TimedOut {
                after: Duration::from_millis(50)
            }
        );
        assert_eq!(&err.head[..], b"{\"a\"");
        drop(tx);
    }

    /// A body whose chunks come from a channel; it ends when the sender is dropped.
    struct ChannelBody(tokio::sync::mpsc::Receiver<Bytes>);

    impl HttpBody for ChannelBody {
        type Data = Bytes;
        type Error = Infallible;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Infallible>>> {
            self.0
                .poll_recv(cx)
                .map(|chunk| chunk.map(|b| Ok(hyper::body::Frame::data(b))))
        }
    }

    fn channel() -> (tokio::sync::mpsc::Sender<Bytes>, Body) {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        (tx, Body::new(ChannelBody(rx)))
    }
}
