//! CoAP over DTLS 1.2 (RFC 7252 9.1, RFC 6347; RFC 7925 for constrained devices) with
//! OpenSSL: pre-shared keys (RFC 4279; `TLS_PSK_WITH_AES_128_CCM_8`, RFC 7252 9.1.3.1's
//! mandatory suite) and certificates (`TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8`, 9.1.3.3), a
//! HelloVerifyRequest cookie (RFC 6347 4.2.1) bound to the peer's address before the
//! handshake goes on, records of at most [`MTU`] octets, a session cache for abbreviated
//! handshakes (RFC 7925 10: a device that slept resumes), close_notify at the end of an
//! association (OpenSSL drops from its cache the session of one freed without it).
//!
//! Each peer's datagrams reach its association through a channel: one read is one
//! datagram, one write one datagram. OpenSSL retransmits a lost handshake flight when the
//! handshake is driven again after its timer ran out; the openssl crate's BIO does not tell
//! the task when that is, so the handshake reads the timer (`DTLSv1_get_timeout`) and wakes
//! itself then.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Duration;

use openssl::error::ErrorStack;
use openssl::ex_data::Index;
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;
use openssl::ssl::{
    Ssl, SslContext, SslContextBuilder, SslMethod, SslOptions, SslRef, SslSessionCacheMode,
    SslVersion,
};
use openssl::x509::X509;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio_openssl::SslStream;

use crate::server::{CoapServer, Datagrams, Handler, Hello, Link, Security, ServerConfig};

/// The largest DTLS record this side sends (RFC 7925 11: below the path MTU; a 1,024-octet
/// block and its headers fit).
pub const MTU: u32 = 1152;
/// DTLS sessions the server keeps for resumption.
const SESSION_CACHE: i32 = 20_000;
/// RFC 7252 9.1.3.1 (PSK) and 9.1.3.3 (certificates) mandatory suites.
const CIPHERS: &str = "PSK-AES128-CCM8:ECDHE-ECDSA-AES128-CCM8";

/// The server's DTLS credentials.
#[derive(Clone, Default)]
pub struct DtlsConfig {
    /// PSK identities and their keys, as provisioned with the devices.
    pub psks: HashMap<Vec<u8>, Vec<u8>>,
    /// The certificate chain (DER, the server's first) and its private key (PEM) for the
    /// certificate suite; PSK only without.
    pub certificate: Option<(Vec<Vec<u8>>, Vec<u8>)>,
}

/// Why the DTLS server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DtlsError {
    /// OpenSSL refused a setting or a credential.
    #[error("DTLS: {0}")]
    OpenSsl(#[from] ErrorStack),
    /// The socket could not be bound.
    #[error("DTLS socket: {0}")]
    Io(#[from] io::Error),
    /// Neither a PSK nor a certificate: no client could get through.
    #[error("DTLS needs at least one PSK or a certificate")]
    NoCredentials,
}

/// Serves CoAP over DTLS on `addr`.
pub async fn serve<H: Handler>(
    addr: &str,
    config: ServerConfig,
    dtls: DtlsConfig,
    handler: H,
) -> Result<CoapServer, DtlsError> {
    let mut secret = [0u8; 32];
    openssl::rand::rand_bytes(&mut secret)?;
    let security = Dtls {
        context: context(dtls, secret)?,
        handshake_timeout: config.idle.min(Duration::from_secs(60)),
        secret,
    };
    Ok(crate::server::serve(addr, config, security, handler).await?)
}

/// The peer's address, kept on each association for the cookie callbacks.
fn peer_index() -> Result<Index<Ssl, SocketAddr>, ErrorStack> {
    static INDEX: OnceLock<Index<Ssl, SocketAddr>> = OnceLock::new();
    if let Some(i) = INDEX.get() {
        return Ok(*i);
    }
    let i = Ssl::new_ex_index()?;
    Ok(*INDEX.get_or_init(|| i))
}

/// The cookie for `peer`: HMAC-SHA-256 of its address under this server's secret.
fn cookie(secret: &[u8], peer: &SocketAddr) -> Result<Vec<u8>, ErrorStack> {
    let key = PKey::hmac(secret)?;
    let mut s = Signer::new(MessageDigest::sha256(), &key)?;
    s.update(peer.to_string().as_bytes())?;
    s.sign_to_vec()
}

fn context(dtls: DtlsConfig, secret: [u8; 32]) -> Result<SslContext, DtlsError> {
    if dtls.psks.is_empty() && dtls.certificate.is_none() {
        return Err(DtlsError::NoCredentials);
    }
    let index = peer_index()?;
    let mut b = SslContextBuilder::new(SslMethod::dtls())?;
    b.set_min_proto_version(Some(SslVersion::DTLS1_2))?;
    b.set_max_proto_version(Some(SslVersion::DTLS1_2))?;
    b.set_cipher_list(CIPHERS)?;
    b.set_options(SslOptions::COOKIE_EXCHANGE | SslOptions::NO_TICKET);
    // RFC 5246 7.3 abbreviated handshakes from the server's session cache: a device that
    // slept comes back without a full handshake (RFC 7925 10)
    b.set_session_id_context(b"rsp-lab-coaps")?;
    b.set_session_cache_mode(SslSessionCacheMode::SERVER);
    b.set_session_cache_size(SESSION_CACHE);
    let psks = dtls.psks;
    b.set_psk_server_callback(move |_, identity, out| {
        // an unknown identity: 0 octets, and OpenSSL alerts unknown_psk_identity
        match identity.and_then(|i| psks.get(i)) {
            Some(key) if key.len() <= out.len() => {
                out[..key.len()].copy_from_slice(key);
                Ok(key.len())
            }
            _ => Ok(0),
        }
    });
    b.set_cookie_generate_cb(move |ssl, out| {
        let Some(peer) = ssl.ex_data(index) else {
            return Err(ErrorStack::get());
        };
        let c = cookie(&secret, peer)?;
        let n = c.len().min(out.len());
        out[..n].copy_from_slice(&c[..n]);
        Ok(n)
    });
    b.set_cookie_verify_cb(move |ssl, got| {
        let expected = ssl.ex_data(index).map(|peer| cookie(&secret, peer));
        matches!(expected, Some(Ok(c)) if c.len() == got.len() && openssl::memcmp::eq(&c, got))
    });
    if let Some((chain, key)) = dtls.certificate {
        let mut certs = chain.iter().map(|der| X509::from_der(der));
        if let Some(leaf) = certs.next() {
            let leaf = leaf?;
            b.set_certificate(&leaf)?;
        }
        for c in certs {
            b.add_extra_chain_cert(c?)?;
        }
        let key = PKey::private_key_from_pem(&key)?;
        b.set_private_key(&key)?;
        b.check_private_key()?;
    }
    Ok(b.build())
}

/// DTLS over each peer's datagrams.
#[derive(Clone)]
struct Dtls {
    context: SslContext,
    handshake_timeout: Duration,
    /// The cookies' secret (as the context's callbacks have it).
    secret: [u8; 32],
}

/// A ClientHello in its own record at epoch 0 (RFC 6347 4.1, 4.2.2): the record's content
/// type 22, epoch 0, a handshake message of type 1; with the cookie it carries.
fn client_hello(datagram: &[u8]) -> Option<&[u8]> {
    // record header: type(1) version(2) epoch(2) sequence(6) length(2); handshake header:
    // type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3); then
    // client_version(2) random(32) session_id<0..32> cookie<0..2^8-1>
    if datagram.len() < 13 + 12 + 35 || datagram[0] != 22 || datagram[3..5] != [0, 0] {
        return None;
    }
    if datagram[13] != 1 {
        return None;
    }
    let body = &datagram[25..];
    let session_id = usize::from(*body.get(34)?);
    let at = 35 + session_id;
    let len = usize::from(*body.get(at)?);
    body.get(at + 1..at + 1 + len)
}

impl Security for Dtls {
    type Link = DtlsLink;

    fn hello(&self, datagram: &[u8], peer: &SocketAddr) -> Hello {
        match client_hello(datagram) {
            None => Hello::No,
            Some(got) => match cookie(&self.secret, peer) {
                Ok(c) if c.len() == got.len() && openssl::memcmp::eq(&c, got) => Hello::WithCookie,
                _ => Hello::Bare,
            },
        }
    }

    async fn open(&self, datagrams: Datagrams) -> Option<(DtlsLink, Option<Vec<u8>>)> {
        let peer = datagrams.peer;
        let stream = async {
            let mut ssl = Ssl::new(&self.context).ok()?;
            ssl.set_ex_data(peer_index().ok()?, peer);
            ssl.set_mtu(MTU).ok()?;
            SslStream::new(ssl, Channel(datagrams)).ok()
        }
        .await?;
        let mut stream = Box::pin(stream);
        match tokio::time::timeout(
            self.handshake_timeout,
            handshake(stream.as_mut(), Role::Server),
        )
        .await
        {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::debug!(%peer, error = %e, "DTLS handshake failed");
                return None;
            }
            Err(_) => {
                tracing::debug!(%peer, "DTLS handshake not finished in time");
                return None;
            }
        }
        let identity = stream.ssl().psk_identity().map(<[u8]>::to_vec);
        Some((DtlsLink { stream }, identity))
    }
}

/// The retransmission timer of a handshake in progress (`DTLSv1_get_timeout`), if set.
#[allow(unsafe_code)]
fn retransmit_in(ssl: &SslRef) -> Option<Duration> {
    use foreign_types::ForeignTypeRef;
    const DTLS_CTRL_GET_TIMEOUT: libc::c_int = 73;
    let mut tv = libc::timeval {
        tv_sec: 0,
        tv_usec: 0,
    };
    // SAFETY: `ssl` is a live SSL object for the duration of the call, and
    // DTLS_CTRL_GET_TIMEOUT writes one `struct timeval` through the pointer, which points
    // at `tv` on this stack frame. The openssl crate does not wrap this control.
    let set = unsafe {
        openssl_sys::SSL_ctrl(
            ssl.as_ptr(),
            DTLS_CTRL_GET_TIMEOUT,
            0,
            (&mut tv as *mut libc::timeval).cast(),
        )
    };
    let secs = u64::try_from(tv.tv_sec).unwrap_or(0);
    let micros = u64::try_from(tv.tv_usec).unwrap_or(0);
    (set == 1).then(|| Duration::from_secs(secs) + Duration::from_micros(micros))
}

/// Which end of the handshake this side is.
#[derive(Clone, Copy)]
pub(crate) enum Role {
    Server,
    Client,
}

/// Drives the handshake, waking when OpenSSL's retransmission timer runs out so that it
/// sends its last flight again (RFC 6347 4.2.4).
pub(crate) async fn handshake<S: AsyncRead + AsyncWrite>(
    mut stream: Pin<&mut SslStream<S>>,
    role: Role,
) -> Result<(), openssl::ssl::Error> {
    let mut timer: Option<Pin<Box<tokio::time::Sleep>>> = None;
    std::future::poll_fn(|cx| {
        let r = match role {
            Role::Server => stream.as_mut().poll_accept(cx),
            Role::Client => stream.as_mut().poll_connect(cx),
        };
        if r.is_ready() {
            return r;
        }
        match retransmit_in(stream.ssl()) {
            Some(d) if d.is_zero() => cx.waker().wake_by_ref(),
            Some(d) => {
                let mut t = Box::pin(tokio::time::sleep(d));
                if t.as_mut().poll(cx).is_ready() {
                    cx.waker().wake_by_ref();
                }
                timer = Some(t);
            }
            None => timer = None,
        }
        Poll::Pending
    })
    .await
}

/// One peer's datagrams as the stream OpenSSL reads and writes.
struct Channel(Datagrams);

impl AsyncRead for Channel {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.0.rx.poll_recv(cx) {
            Poll::Ready(Some(d)) => {
                let n = d.len().min(buf.remaining());
                buf.put_slice(&d[..n]);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(None) => Poll::Ready(Ok(())),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncWrite for Channel {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        // one write is one datagram: OpenSSL may put several records in it
        let Datagrams { socket, peer, .. } = &self.0;
        socket.poll_send_to(cx, buf, *peer)
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// An association's application records: one record, one CoAP message.
pub(crate) struct DtlsLink {
    stream: Pin<Box<SslStream<Channel>>>,
}

/// The largest record plaintext read.
const MAX_RECORD: usize = 16 * 1024;

impl Link for DtlsLink {
    async fn recv(&mut self) -> Option<Vec<u8>> {
        let mut buf = vec![0u8; MAX_RECORD];
        match self.stream.read(&mut buf).await {
            Ok(0) | Err(_) => None,
            Ok(n) => {
                buf.truncate(n);
                Some(buf)
            }
        }
    }

    async fn send(&mut self, message: &[u8]) -> io::Result<()> {
        self.stream.write_all(message).await
    }

    /// close_notify (RFC 6347 4.1 over RFC 5246 7.2.1): OpenSSL drops the session of an
    /// association freed without it from its cache, and the device could not resume it.
    async fn close(&mut self) {
        let _ = self.stream.shutdown().await;
    }
}
