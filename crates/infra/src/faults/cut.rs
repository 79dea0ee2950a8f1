//! An answer body that ends the connection: the first octets of the answer (none, for an
//! answer lost), a pause so that they leave the server, then an error, on which hyper
//! drops the connection without closing the HTTP message (its length is not announced, so
//! the answer goes chunked and the client sees no last chunk). The request metrics layer
//! passes such a body on unread: its length has no upper bound.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::Sleep;

/// How long the written part is given to leave before the connection is dropped.
const PAUSE: Duration = Duration::from_millis(50);

/// Why the body ended: told to hyper, which then drops the connection.
#[derive(Debug, thiserror::Error)]
#[error("connection closed on purpose (fault injected)")]
pub struct Cut;

struct CutBody {
    part: Option<Bytes>,
    total: u64,
    pause: Pin<Box<Sleep>>,
}

impl HttpBody for CutBody {
    type Data = Bytes;
    type Error = Cut;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Cut>>> {
        if let Some(part) = self.part.take() {
            self.pause
                .as_mut()
                .reset(tokio::time::Instant::now() + PAUSE);
            return Poll::Ready(Some(Ok(Frame::data(part))));
        }
        match self.pause.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(Cut))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn size_hint(&self) -> SizeHint {
        let mut hint = SizeHint::new();
        hint.set_lower(self.total);
        hint
    }
}

/// An answer never sent: the connection is dropped when the head would go out.
pub fn lost() -> Response {
    answer(Bytes::new(), 0)
}

/// The first `written` octets of `full`, then the connection dropped.
pub fn cut_short(full: Bytes, written: usize) -> Response {
    let total = full.len() as u64;
    answer(full.slice(..written.min(full.len())), total)
}

fn answer(part: Bytes, total: u64) -> Response {
    let part = (!part.is_empty()).then_some(part);
    let pause = Box::pin(tokio::time::sleep(if part.is_some() {
        PAUSE
    } else {
        Duration::ZERO
    }));
    Response::new(Body::new(CutBody { part, total, pause }))
}
