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

#[cfg(test)]
mod tests {
    use super::*;
    use hyper_util::rt::TokioIo;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// What a client reads, to the connection's end, of the answer `answer()` served by
    /// hyper over one plain TCP connection.
    async fn served(answer: fn() -> Response) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let service = hyper::service::service_fn(move |_req| async move {
                Ok::<_, std::convert::Infallible>(answer())
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(b"POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n")
            .await
            .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.unwrap();
        String::from_utf8_lossy(&raw).into_owned()
    }

    #[tokio::test]
    async fn a_cut_answer_gives_its_first_part_and_no_end() {
        let got = served(|| cut_short(Bytes::from_static(b"0123456789abcdefghij"), 10)).await;
        let (head, body) = got.split_once("\r\n\r\n").expect("the head went out");
        assert!(head.contains("transfer-encoding: chunked"), "{head}");
        assert!(body.contains("0123456789"), "{body:?}");
        assert!(!body.contains('a'), "nothing after the cut: {body:?}");
        assert!(!body.ends_with("0\r\n\r\n"), "no last chunk: {body:?}");
    }

    #[tokio::test]
    async fn a_lost_answer_gives_no_body_and_no_end() {
        let got = served(lost).await;
        assert!(!got.ends_with("0\r\n\r\n"), "no last chunk: {got:?}");
        assert!(!got.contains("content-length"), "{got:?}");
    }
}
