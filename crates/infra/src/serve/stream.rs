//! The two TLS stacks' streams as one ([`TlsConn`]), over a TCP stream that gives back the
//! octets read to choose between them first ([`Replayed`]).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// A stream whose first reads return `prefix` (what was read off it already).
pub(crate) struct Replayed<S> {
    prefix: Vec<u8>,
    at: usize,
    io: S,
}

impl<S> Replayed<S> {
    pub(crate) fn new(prefix: Vec<u8>, io: S) -> Replayed<S> {
        Replayed { prefix, at: 0, io }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Replayed<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.at < this.prefix.len() {
            let left = &this.prefix[this.at..];
            let n = left.len().min(buf.remaining());
            buf.put_slice(&left[..n]);
            this.at += n;
            if this.at == this.prefix.len() {
                this.prefix = Vec::new();
                this.at = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.io).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Replayed<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// The TCP stream of a connection, its chosen prefix replayed.
pub(crate) type Tcp = Replayed<TcpStream>;

/// A connection after its TLS handshake, on whichever stack served it.
pub(crate) enum TlsConn {
    /// NIST P-256 (rustls).
    Rustls(Box<tokio_rustls::server::TlsStream<Tcp>>),
    /// brainpoolP256r1 (OpenSSL).
    OpenSsl(Box<tokio_openssl::SslStream<Tcp>>),
}

impl TlsConn {
    /// The certificate chain the client presented (leaf first, DER); empty without one (the
    /// brainpool side asks for none).
    pub(crate) fn client_chain(&self) -> Vec<Vec<u8>> {
        match self {
            TlsConn::Rustls(s) => s
                .get_ref()
                .1
                .peer_certificates()
                .map(|c| c.iter().map(|d| d.to_vec()).collect())
                .unwrap_or_default(),
            TlsConn::OpenSsl(_) => Vec::new(),
        }
    }
}

impl AsyncRead for TlsConn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            TlsConn::Rustls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
            TlsConn::OpenSsl(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for TlsConn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            TlsConn::Rustls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
            TlsConn::OpenSsl(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            TlsConn::Rustls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
            TlsConn::OpenSsl(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            TlsConn::Rustls(s) => s.is_write_vectored(),
            TlsConn::OpenSsl(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            TlsConn::Rustls(s) => Pin::new(s.as_mut()).poll_flush(cx),
            TlsConn::OpenSsl(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            TlsConn::Rustls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
            TlsConn::OpenSsl(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}
