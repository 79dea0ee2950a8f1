//! The ES9+ client of the LPA: the JSON binding over HTTPS (SGP.22 6.1–6.5).
//!
//! ```text
//! POST https://<SM-DP+ address>/gsma/rsp2/es9plus/<function>
//! Content-Type: application/json;charset=UTF-8
//! X-Admin-Protocol: gsma/rsp/v2.5.0
//! User-Agent: gsma-rsp-lpad
//! ```
//!
//! Answers: `200` with a JSON body whose `header.functionExecutionStatus` says whether the
//! function was executed; `204` without a body for handleNotification (SGP.22 6.3). A `Failed`
//! or `Expired` status becomes [`LpaError::ServerRefused`] with the SM-DP+'s subject and
//! reason codes. No request header is sent: it is optional on ES9+ (lpac sends none).
//! Server-authenticated TLS only: the eUICC is authenticated by its signatures (SGP.22
//! 2.6.6), so no client certificate is presented.

use std::path::PathBuf;
use std::time::Duration;

use std::sync::Arc;

use infra::keep_alive::{KeepAlive, KeepAliveOptions};
use infra::tls::{ServerTrust, client_config};
use infra::trace::{Direction, TraceDir};
use proto::json::es9p::Es9Function;
use proto::json::http::{
    ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_JSON, STATUS_NO_CONTENT, USER_AGENT_LPAD, X_ADMIN_PROTOCOL,
};
use proto::json::{ResponseError, decode_response, encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::endpoint::{Resolve, url};
use super::error::LpaError;
use crate::fault::{AnswerLoss, LOST_ANSWER, lost};
use crate::quirks::{Quirk, Quirks};

/// How the LPA reaches SM-DP+s.
#[derive(Clone)]
pub struct Es9Options {
    /// How the server certificate is checked; `None` is refused when a request is due
    /// (the state-file entry points fill in the eUICC's CI certificates).
    pub trust: Option<ServerTrust>,
    /// Connections to these hosts go elsewhere.
    pub resolve: Vec<Resolve>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Every request and response body is written there.
    pub trace_dir: Option<PathBuf>,
    /// `X-Admin-Protocol` sent.
    pub admin_protocol: String,
    /// `User-Agent` sent.
    pub user_agent: String,
    /// Answers lost after the SM-DP+ processed the request (a lab's fault injection,
    /// [`crate::fault`]).
    pub lose_answer: Option<AnswerLoss>,
    /// The device's departures from the specification ([`crate::quirks`]).
    pub quirks: Quirks,
}

impl Default for Es9Options {
    fn default() -> Self {
        Es9Options {
            trust: None,
            resolve: Vec::new(),
            timeout: Duration::from_secs(60),
            trace_dir: None,
            admin_protocol: ADMIN_PROTOCOL_SGP22.to_string(),
            user_agent: USER_AGENT_LPAD.to_string(),
            lose_answer: None,
            quirks: Quirks::none(),
        }
    }
}

impl std::fmt::Debug for Es9Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let trust = match &self.trust {
            None => "none",
            Some(ServerTrust::Insecure) => "insecure",
            Some(ServerTrust::Roots(_)) => "roots",
        };
        f.debug_struct("Es9Options")
            .field("trust", &trust)
            .field("resolve", &self.resolve)
            .field("timeout", &self.timeout)
            .field("trace_dir", &self.trace_dir)
            .field("lose_answer", &self.lose_answer.is_some())
            .field("quirks", &self.quirks)
            .finish_non_exhaustive()
    }
}

/// An HTTP answer: status and body.
#[derive(Clone, Debug)]
pub struct HttpAnswer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The ES9+ client: one device's connection, kept alive from one call to the next
/// ([`infra::keep_alive`]).
pub struct Es9Client {
    http: KeepAlive,
    resolve: Vec<Resolve>,
    trace: Option<TraceDir>,
    admin_protocol: String,
    user_agent: String,
    lose_answer: Option<AnswerLoss>,
    quirks: Quirks,
}

impl Es9Client {
    /// The quirks this client sends with.
    pub fn quirks(&self) -> &Quirks {
        &self.quirks
    }

    /// A client; fails when no trust is configured or the TLS setup is refused.
    pub fn new(options: &Es9Options) -> Result<Es9Client, LpaError> {
        let trust = options.trust.clone().ok_or_else(|| {
            LpaError::Setup(
                "no trusted CA for the SM-DP+'s TLS certificate: give --ca FILE (or --insecure)"
                    .into(),
            )
        })?;
        let tls = client_config(&trust, None).map_err(|e| LpaError::Setup(e.to_string()))?;
        let http = KeepAlive::new(KeepAliveOptions {
            resolve: options
                .resolve
                .iter()
                .map(|r| (r.host.clone(), r.addr))
                .collect(),
            timeout: options.timeout,
            ..KeepAliveOptions::new(Arc::new(tls))
        });
        let trace =
            match &options.trace_dir {
                Some(dir) => Some(TraceDir::new(dir).map_err(|e| {
                    LpaError::Setup(format!("trace directory {}: {e}", dir.display()))
                })?),
                None => None,
            };
        Ok(Es9Client {
            http,
            resolve: options.resolve.clone(),
            trace,
            admin_protocol: options.admin_protocol.clone(),
            user_agent: options.user_agent.clone(),
            lose_answer: options.lose_answer.clone(),
            quirks: options.quirks.clone(),
        })
    }

    /// TLS connections opened so far (one per download when the SM-DP+ keeps it open).
    pub fn connections(&self) -> u64 {
        self.http.connections()
    }

    /// POSTs `body` to a function of the server at `address`; any HTTP answer is returned.
    pub async fn post(
        &self,
        address: &str,
        function: Es9Function,
        body: Vec<u8>,
    ) -> Result<HttpAnswer, LpaError> {
        let name = function.name();
        let (url, via) = url(address, &function.path(), &self.resolve);
        if let Some(trace) = &self.trace {
            trace.write("es9p", name, Direction::Request, &body);
        }
        tracing::debug!(%url, via = ?via.map(|r| r.addr), "ES9+ {name}");
        let headers = [
            ("content-type", CONTENT_TYPE_JSON),
            (X_ADMIN_PROTOCOL, self.admin_protocol.as_str()),
            ("user-agent", self.user_agent.as_str()),
        ];
        let answer =
            self.http
                .post(&url, &headers, body)
                .await
                .map_err(|e| LpaError::Connection {
                    function: name,
                    url: url.clone(),
                    detail: e.to_string(),
                })?;
        let (status, body) = (answer.status, answer.body.to_vec());
        if let Some(trace) = &self.trace {
            trace.write("es9p", name, Direction::Response, &body);
        }
        if lost(self.lose_answer.as_ref(), "es9p", name) {
            return Err(LpaError::Connection {
                function: name,
                url,
                detail: LOST_ANSWER.into(),
            });
        }
        Ok(HttpAnswer { status, body })
    }

    /// Calls a function that answers with JSON output data.
    pub async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        address: &str,
        function: Es9Function,
        request: &Req,
    ) -> Result<Resp, LpaError> {
        let name = function.name();
        let body = encode(request).map_err(|e| LpaError::Setup(e.to_string()))?;
        let answer = self.post(address, function, body).await?;
        if answer.status != 200 {
            return Err(refusal_or_status(name, &answer));
        }
        decode_response::<Resp>(&answer.body).map_err(|e| match e {
            ResponseError::Failed(status) => LpaError::ServerRefused {
                function: name,
                status,
            },
            ResponseError::Json(e) => LpaError::ServerAnswer {
                function: name,
                detail: e.to_string(),
            },
        })
    }

    /// ES9+.HandleNotification (SGP.22 5.6.4): `Ok` only for the binding's answer, HTTP
    /// 204.
    pub async fn handle_notification(
        &self,
        address: &str,
        pending_notification: &[u8],
    ) -> Result<(), LpaError> {
        let function = Es9Function::HandleNotification;
        let request = proto::json::es9p::HandleNotificationRequest {
            header: None,
            pending_notification: pending_notification.to_vec(),
        };
        let body = encode(&request).map_err(|e| LpaError::Setup(e.to_string()))?;
        let answer = self.post(address, function, body.clone()).await?;
        if answer.status == STATUS_NO_CONTENT {
            if self.quirks.has(Quirk::NotificationsTwice) {
                // The quirk: the same notification once more; whatever comes back, the
                // first answer stands.
                match self.post(address, function, body).await {
                    Ok(again) => tracing::info!(status = again.status, "notification sent twice"),
                    Err(e) => tracing::info!(error = %e, "notification sent twice"),
                }
            }
            Ok(())
        } else {
            Err(refusal_or_status(function.name(), &answer))
        }
    }
}

/// A non-success HTTP answer: the SM-DP+'s refusal when the body carries one, else the
/// status.
fn refusal_or_status(function: &'static str, answer: &HttpAnswer) -> LpaError {
    if let Err(ResponseError::Failed(status)) = decode_response::<serde_json::Value>(&answer.body) {
        return LpaError::ServerRefused { function, status };
    }
    let body = String::from_utf8_lossy(&answer.body);
    let body: String = body.chars().take(200).collect();
    LpaError::HttpStatus {
        function,
        status: answer.status,
        body,
    }
}
