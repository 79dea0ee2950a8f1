//! The ISD-R's admin agent (GP Amendment B 3.4) over PSK-TLS 1.2 (SGP.02 2.4.4), run by
//! the card itself: OpenSSL in non-blocking mode over the in-memory [`Pipe`], resumed
//! whenever RECEIVE DATA brings bytes; the PSK never leaves the card.
//!
//! ```text
//! Handshake ──Finished──▶ Awaiting (first POST sent, no body)
//! Awaiting ──200 + script──▶ Script (the card runs it) ──POST Next-URI + response──▶ Awaiting
//! Awaiting ──204, or 200 without Next-URI──▶ Done (close_notify)
//! any ──TLS alert, malformed response, bounds──▶ Failed
//! ```

use std::io::Write;

use openssl::ssl::{ErrorCode, HandshakeError, MidHandshakeSslStream, SslStream};
use scp81::admin::ScriptStatus;
use scp81::{PskConnector, TlsConfig};

use super::http::{self, Response};
use super::pipe::Pipe;

/// Why the agent stopped short.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum AgentError {
    /// The TLS layer (handshake refused, bad record, unexpected close).
    #[error("TLS: {0}")]
    Tls(String),
    /// The server's response.
    #[error(transparent)]
    Http(#[from] http::HttpError),
    /// A status other than 200 or 204 (Amendment B 3.5).
    #[error("HTTP status {0}")]
    Status(u16),
    /// More bytes than the pipe holds.
    #[error("channel data over the bounds")]
    Overrun,
}

/// What the agent wants from the card next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Waiting for bytes (or sending what it has).
    Continue,
    /// A script for the ISD-R, or for the application `X-Admin-Targeted-Application`
    /// names (Amendment B 3.4.2); its outcome goes back with [`Agent::respond`].
    Script {
        /// The script.
        body: Vec<u8>,
        /// The targeted application's header value, when the server gave one.
        target: Option<String>,
    },
    /// The session is over.
    Done,
}

enum Tls {
    Handshaking(MidHandshakeSslStream<Pipe>),
    Up(SslStream<Pipe>),
    Gone,
}

/// Where the POSTs go and who they come from.
pub(crate) struct Target {
    /// `Host`.
    pub host: String,
    /// The first POST's URI.
    pub admin_uri: String,
    /// `X-Admin-From`.
    pub from: String,
}

/// One admin session.
pub(crate) struct Agent {
    tls: Tls,
    target: Target,
    /// Response octets read and not yet a whole response.
    received: Vec<u8>,
    /// The Next-URI of the script being run.
    next_uri: Option<String>,
    done: bool,
}

impl Agent {
    /// Starts the handshake with `identity` and `psk`: the ClientHello waits in the pipe.
    pub(crate) fn start(identity: &str, psk: &[u8], target: Target) -> Result<Agent, AgentError> {
        let tls_err = |e: &dyn std::fmt::Display| AgentError::Tls(e.to_string());
        let psk = scp81::Psk::new(psk).map_err(|e| tls_err(&e))?;
        let connector = PskConnector::new(&TlsConfig::default(), identity.as_bytes(), psk)
            .map_err(|e| tls_err(&e))?;
        let ssl = connector.session().map_err(|e| tls_err(&e))?;
        let tls = match ssl.connect(Pipe::default()) {
            Ok(up) => Tls::Up(up),
            Err(HandshakeError::WouldBlock(mid)) => Tls::Handshaking(mid),
            Err(e) => return Err(tls_err(&e)),
        };
        let mut agent = Agent {
            tls,
            target,
            received: Vec::new(),
            next_uri: None,
            done: false,
        };
        if matches!(agent.tls, Tls::Up(_)) {
            agent.first_post()?;
        }
        Ok(agent)
    }

    fn pipe(&mut self) -> Option<&mut Pipe> {
        match &mut self.tls {
            Tls::Handshaking(m) => Some(m.get_mut()),
            Tls::Up(s) => Some(s.get_mut()),
            Tls::Gone => None,
        }
    }

    /// Up to `max` octets for the next SEND DATA.
    pub(crate) fn outgoing(&mut self, max: usize) -> Vec<u8> {
        self.pipe()
            .map(|p| p.take_outbound(max))
            .unwrap_or_default()
    }

    /// Whether the session has ended (the last bytes may still be waiting to go).
    pub(crate) fn is_done(&self) -> bool {
        self.done
    }

    /// Bytes RECEIVE DATA brought; what the agent wants next.
    pub(crate) fn incoming(&mut self, data: &[u8]) -> Result<Step, AgentError> {
        let pipe = self.pipe().ok_or(AgentError::Overrun)?;
        if !pipe.push_inbound(data) {
            return Err(AgentError::Overrun);
        }
        self.advance()
    }

    fn advance(&mut self) -> Result<Step, AgentError> {
        self.tls = match std::mem::replace(&mut self.tls, Tls::Gone) {
            Tls::Handshaking(mid) => match mid.handshake() {
                Ok(up) => {
                    self.tls = Tls::Up(up);
                    self.first_post()?;
                    return self.read_response();
                }
                Err(HandshakeError::WouldBlock(mid)) => Tls::Handshaking(mid),
                Err(e) => return Err(AgentError::Tls(e.to_string())),
            },
            other => other,
        };
        match self.tls {
            Tls::Up(_) => self.read_response(),
            _ => Ok(Step::Continue),
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), AgentError> {
        let Tls::Up(s) = &mut self.tls else {
            return Err(AgentError::Tls("no session".into()));
        };
        s.write_all(bytes)
            .map_err(|e| AgentError::Tls(e.to_string()))
    }

    fn first_post(&mut self) -> Result<(), AgentError> {
        let t = &self.target;
        let post = http::post(&t.admin_uri, &t.host, &t.from, None);
        self.write(&post)
    }

    /// The outcome of the last [`Step::Script`] (its status and, when `ok`, its response
    /// script), POSTed to its Next-URI; without one the session ends (Amendment B 3.5: the
    /// result is not reported).
    pub(crate) fn respond(
        &mut self,
        status: ScriptStatus,
        response: &[u8],
    ) -> Result<Step, AgentError> {
        let Some(uri) = self.next_uri.take() else {
            return self.finish();
        };
        let t = &self.target;
        let post = http::post(&uri, &t.host, &t.from, Some((status, response)));
        self.write(&post)?;
        self.read_response()
    }

    fn read_response(&mut self) -> Result<Step, AgentError> {
        let Tls::Up(s) = &mut self.tls else {
            return Ok(Step::Continue);
        };
        let mut buf = [0u8; 1024];
        loop {
            match s.ssl_read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    self.received
                        .extend_from_slice(buf.get(..n).unwrap_or_default());
                    if self.received.len() > http::MAX_HEAD + scp81::admin::DEFAULT_MAX_BODY {
                        return Err(AgentError::Overrun);
                    }
                }
                Err(e) if matches!(e.code(), ErrorCode::WANT_READ | ErrorCode::WANT_WRITE) => break,
                Err(e) if e.code() == ErrorCode::ZERO_RETURN => break,
                Err(e) => return Err(AgentError::Tls(e.to_string())),
            }
        }
        let Some((response, used)) = http::response(&self.received)? else {
            return Ok(Step::Continue);
        };
        self.received.drain(..used.min(self.received.len()));
        self.on_response(response)
    }

    fn on_response(&mut self, r: Response) -> Result<Step, AgentError> {
        match r.status {
            204 => self.finish(),
            200 => {
                self.next_uri = r.next_uri;
                Ok(Step::Script {
                    body: r.body,
                    target: r.targeted_application,
                })
            }
            other => Err(AgentError::Status(other)),
        }
    }

    /// Ends the session with close_notify (RFC 5246 7.2.1).
    fn finish(&mut self) -> Result<Step, AgentError> {
        if let Tls::Up(s) = &mut self.tls {
            // the alert goes into the pipe; the server's own close_notify is not waited for
            let _ = s.shutdown();
        }
        self.done = true;
        Ok(Step::Done)
    }
}

impl std::fmt::Debug for Agent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Agent")
            .field("admin_uri", &self.target.admin_uri)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
