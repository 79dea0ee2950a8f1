//! A stream that counts the octets it carries: what a client put on the wire and read from
//! it (for TLS, the records: the TCP payload), for the lab's and the benchmarks' figures.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Octets sent and received, shared by the streams that count into it.
#[derive(Debug, Default)]
pub struct Octets {
    sent: AtomicU64,
    received: AtomicU64,
}

impl Octets {
    /// Octets written so far.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Octets read so far.
    pub fn received(&self) -> u64 {
        self.received.load(Ordering::Relaxed)
    }
}

/// `S`, counting into an [`Octets`].
pub struct Counted<S> {
    inner: S,
    octets: Arc<Octets>,
}

impl<S> Counted<S> {
    pub fn new(inner: S, octets: Arc<Octets>) -> Counted<S> {
        Counted { inner, octets }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Counted<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        let read = buf.filled().len() - before;
        self.octets
            .received
            .fetch_add(read as u64, Ordering::Relaxed);
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Counted<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = polled {
            self.octets.sent.fetch_add(n as u64, Ordering::Relaxed);
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = polled {
            self.octets.sent.fetch_add(n as u64, Ordering::Relaxed);
        }
        polled
    }

    /// As the stream counted: TLS writes its records in one call where the stream can.
    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn counts_what_goes_each_way() {
        let (a, mut b) = tokio::io::duplex(64);
        let octets = Arc::new(Octets::default());
        let mut counted = Counted::new(a, octets.clone());
        counted.write_all(b"hel").await.unwrap();
        let bufs = [io::IoSlice::new(b"l"), io::IoSlice::new(b"o")];
        let mut vectored = 0;
        while vectored < 2 {
            vectored += counted.write_vectored(&bufs[vectored..]).await.unwrap();
        }
        b.write_all(b"world!").await.unwrap();
        let mut got = [0u8; 6];
        counted.read_exact(&mut got).await.unwrap();
        let mut echoed = [0u8; 5];
        b.read_exact(&mut echoed).await.unwrap();
        assert_eq!((octets.sent(), octets.received()), (5, 6));
    }
}
