//! The admin server's side (the SM-SR): one admin session on one accepted PSK-TLS
//! connection, served with hyper's HTTP/1.1 server connection.
//!
//! Each POST goes to the caller's [`AdminHandler`], which answers with the next script or
//! the end of the session ([`Next`]). A POST the protocol does not allow gets no script:
//! `405` for another method, `400` for a missing or bad admin header, `404` for a POST to
//! another URI than the Next-URI handed out, `413` for a body over the limit; the
//! connection then closes.

mod request;
mod response;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Mutex;

use super::{AdminBody, AdminError, DEFAULT_MAX_BODY, ScriptStatus};
use crate::aid::Aid;
use crate::identity::PskIdentity;
use crate::tls::{TlsStream, peer_identity};

/// How the server frames the scripts it sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// With a `Content-Length`.
    ContentLength,
    /// With `Transfer-Encoding: chunked`.
    Chunked,
}

/// The admin server's settings.
#[derive(Clone, Debug)]
pub struct AdminServerConfig {
    /// The Next-URIs handed out are this prefix and a step number.
    pub next_uri_prefix: String,
    /// The largest request body read.
    pub max_body: usize,
    /// How the scripts are framed.
    pub framing: Framing,
    /// The longest wait for a request's head or body (a safety net).
    pub idle_timeout: Duration,
    /// The longest a whole session may last (a safety net).
    pub session_timeout: Duration,
}

impl Default for AdminServerConfig {
    fn default() -> Self {
        AdminServerConfig {
            next_uri_prefix: "/gp/next/".to_owned(),
            max_body: DEFAULT_MAX_BODY,
            framing: Framing::Chunked,
            idle_timeout: Duration::from_secs(60),
            session_timeout: Duration::from_secs(600),
        }
    }
}

/// One POST of the agent, as the handler sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminPost {
    /// The PSK identity of the TLS peer, as it sent it.
    pub peer_identity: Vec<u8>,
    /// The request's path and query.
    pub uri: String,
    /// `true` for the session's first POST (to the admin URI).
    pub first: bool,
    /// `X-Admin-From`.
    pub from: String,
    /// `X-Admin-Script-Status`, on POSTs that report a script.
    pub script_status: Option<ScriptStatus>,
    /// `X-Admin-Resume: true`.
    pub resume: bool,
    /// The Default Notification of a `?msg=<hex>` query (SGP.02 3.15.2), decoded.
    pub notification: Option<Vec<u8>>,
    /// The body: the previous script's response.
    pub body: Bytes,
}

impl AdminPost {
    /// The peer's identity read as SGP.02's (2.4.4 Table 4), if it is one.
    pub fn psk_identity(&self) -> Option<PskIdentity> {
        PskIdentity::parse(&self.peer_identity).ok()
    }
}

/// The handler's answer to a POST.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// `200` with a script and a Next-URI: the session goes on.
    Script {
        /// The remote command script (ETSI TS 102 226 expanded format).
        body: Vec<u8>,
        /// The security domain it is for, when not the one holding the PSK (an ISD-P).
        targeted_application: Option<Aid>,
    },
    /// `200` with a script and no Next-URI: the script runs, the session ends, its result
    /// is not reported (Amendment B 3.4, the Next-URI rule).
    LastScript {
        /// The remote command script.
        body: Vec<u8>,
        /// The security domain it is for, when not the one holding the PSK.
        targeted_application: Option<Aid>,
    },
    /// `204 No Content`: the session ends.
    Done,
}

/// What the admin server asks of its caller: the next script for each POST.
pub trait AdminHandler: Send {
    /// The answer to `post`.
    fn on_post(&mut self, post: AdminPost) -> impl Future<Output = Next> + Send;
}

/// An [`AdminHandler`] made of a synchronous closure.
#[derive(Debug)]
pub struct FnHandler<F>(pub F);

impl<F> AdminHandler for FnHandler<F>
where
    F: FnMut(AdminPost) -> Next + Send,
{
    fn on_post(&mut self, post: AdminPost) -> impl Future<Output = Next> + Send {
        std::future::ready((self.0)(post))
    }
}

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEnd {
    /// The server sent `204 No Content`.
    Done,
    /// The server sent a last script without a Next-URI.
    LastScript,
    /// The server refused a POST with this status and closed the connection.
    Refused(u16),
    /// The agent closed the connection before the server ended the session.
    PeerClosed,
    /// The session outlasted [`AdminServerConfig::session_timeout`], or the agent stayed
    /// silent longer than [`AdminServerConfig::idle_timeout`] inside a request.
    TimedOut,
}

/// The outcome of [`serve_session`].
#[derive(Debug)]
pub struct SessionReport<H> {
    /// The handler, with whatever it kept of the session.
    pub handler: H,
    /// How the session ended.
    pub end: SessionEnd,
    /// The POSTs answered, refusals included.
    pub posts: usize,
}

/// The largest request head read, in octets (hyper's smallest buffer).
const MAX_HEAD: usize = 8192;
/// The most header fields read in a request.
const MAX_HEADERS: usize = 32;

/// The state the POSTs of one session share.
struct Session<H> {
    handler: H,
    peer_identity: Vec<u8>,
    /// The Next-URI handed out last; `None` before the first POST.
    expected_uri: Option<String>,
    step: u64,
    posts: usize,
    end: Option<SessionEnd>,
}

/// Serves one admin session on the accepted connection `stream`, until the handler ends
/// it, a POST is refused, or the agent goes away.
pub async fn serve_session<S, H>(
    stream: TlsStream<S>,
    config: &AdminServerConfig,
    handler: H,
) -> Result<SessionReport<H>, AdminError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send,
    H: AdminHandler,
{
    let session = Arc::new(Mutex::new(Session {
        handler,
        peer_identity: peer_identity(&stream).unwrap_or_default().to_vec(),
        expected_uri: None,
        step: 0,
        posts: 0,
        end: None,
    }));
    let service = {
        let session = Arc::clone(&session);
        let config = config.clone();
        hyper::service::service_fn(move |req| {
            let session = Arc::clone(&session);
            let config = config.clone();
            async move { Ok::<_, std::convert::Infallible>(answer(req, &config, &session).await) }
        })
    };
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(config.idle_timeout)
        .max_buf_size(MAX_HEAD)
        .max_headers(MAX_HEADERS)
        .auto_date_header(false)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service);
    let served = tokio::time::timeout(config.session_timeout, connection).await;
    let session = Arc::into_inner(session)
        .ok_or(AdminError::Body("session still shared".into()))?
        .into_inner();
    let end = match served {
        Err(_) => SessionEnd::TimedOut,
        Ok(Err(e)) if e.is_timeout() => SessionEnd::TimedOut,
        Ok(Err(e)) if session.end.is_none() => return Err(e.into()),
        Ok(_) => session.end.unwrap_or(SessionEnd::PeerClosed),
    };
    Ok(SessionReport {
        handler: session.handler,
        end,
        posts: session.posts,
    })
}

/// The response to one request.
async fn answer<H: AdminHandler>(
    req: http::Request<Incoming>,
    config: &AdminServerConfig,
    session: &Mutex<Session<H>>,
) -> http::Response<AdminBody> {
    let mut s = session.lock().await;
    s.posts += 1;
    let post = request::read(req, config, &s.peer_identity, s.expected_uri.as_deref()).await;
    let post = match post {
        Ok(post) => post,
        Err(status) => {
            tracing::debug!(%status, "admin POST refused");
            s.end = Some(SessionEnd::Refused(status.as_u16()));
            return response::refusal(status);
        }
    };
    let next = s.handler.on_post(post).await;
    s.step += 1;
    let next_uri = format!("{}{}", config.next_uri_prefix, s.step);
    let (resp, end) = response::of_next(next, &next_uri, config.framing);
    s.expected_uri = Some(next_uri);
    s.end = end;
    resp
}
