//! The card's admin agent (GP Amendment B 3.4, 3.4.1): it posts to the admin URI, runs
//! each script it receives through the card, and posts the response to the Next-URI, on
//! one keep-alive connection, until the server answers `204` or gives no Next-URI.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};

use super::body::read_bounded;
use super::{
    AdminBody, AdminError, CONTENT_TYPE_RESPONSE, CONTENT_TYPE_SCRIPT, DEFAULT_MAX_BODY,
    NOTIFICATION_PARAMETER, PROTOCOL, ScriptStatus, X_ADMIN_FROM, X_ADMIN_NEXT_URI,
    X_ADMIN_PROTOCOL, X_ADMIN_RESUME, X_ADMIN_SCRIPT_STATUS, X_ADMIN_TARGETED_APPLICATION,
    media_type_is,
};
use crate::aid::Aid;
use crate::trigger::HttpPostParams;

/// The agent's settings, most of them from the trigger's HTTP POST parameters (Amendment
/// B 3.8.4 to 3.8.6).
#[derive(Clone, Debug)]
pub struct AgentConfig {
    /// The `Host` header: the administration host.
    pub host: String,
    /// The URI of the first POST: the administration URI.
    pub admin_uri: String,
    /// `X-Admin-From` (for SGP.02, an [`super::AdminFrom`]).
    pub from: String,
    /// A Default Notification to send on the first POST as `?msg=<hex>` (SGP.02 3.15.2).
    pub notification: Option<Vec<u8>>,
    /// Send `X-Admin-Resume: true` on the first POST.
    pub resume: bool,
    /// The largest script read.
    pub max_body: usize,
    /// The longest wait for a response (a safety net).
    pub idle_timeout: Duration,
}

impl AgentConfig {
    /// Settings for `host`, `admin_uri` and `from`, with the defaults for the rest.
    pub fn new(host: &str, admin_uri: &str, from: &str) -> AgentConfig {
        AgentConfig {
            host: host.to_owned(),
            admin_uri: admin_uri.to_owned(),
            from: from.to_owned(),
            notification: None,
            resume: false,
            max_body: DEFAULT_MAX_BODY,
            idle_timeout: Duration::from_secs(60),
        }
    }

    /// Takes the values a trigger's HTTP POST parameters give (Amendment B 3.8.4 to
    /// 3.8.6); those absent keep the values the card stores.
    pub fn apply(&mut self, params: &HttpPostParams) {
        if let Some(h) = &params.admin_host {
            self.host.clone_from(h);
        }
        if let Some(a) = &params.agent_id {
            self.from.clone_from(a);
        }
        if let Some(u) = &params.admin_uri {
            self.admin_uri.clone_from(u);
        }
    }
}

/// The largest response head read, in octets (hyper's smallest buffer).
const MAX_HEAD: usize = 8192;
/// The most header fields read in a response.
const MAX_HEADERS: usize = 32;

/// A script as the server sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceivedScript<'a> {
    /// The remote command script.
    pub body: &'a [u8],
    /// `X-Admin-Targeted-Application`, when the script is for another security domain.
    pub targeted_application: Option<&'a Aid>,
}

/// How the agent's session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgentEnd {
    /// The server answered `204 No Content`.
    NoContent,
    /// The server sent a last script without a Next-URI; it ran, unreported.
    NoNextUri,
}

/// The outcome of [`run_agent`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgentReport {
    /// The scripts run.
    pub scripts: usize,
    /// How the session ended.
    pub end: AgentEnd,
}

/// One script from a `200`: the script and the Next-URI, if any.
struct Step {
    body: Bytes,
    target: Option<Aid>,
    next_uri: Option<String>,
}

/// Runs one admin session over `io` (an established PSK-TLS stream), handing each script
/// to `card`, which returns the script status and the response to post.
pub async fn run_agent<S, F>(
    io: S,
    config: &AgentConfig,
    mut card: F,
) -> Result<AgentReport, AdminError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send,
    F: FnMut(&ReceivedScript<'_>) -> (ScriptStatus, Vec<u8>),
{
    let (mut sender, conn) = hyper::client::conn::http1::Builder::new()
        .max_buf_size(MAX_HEAD)
        .max_headers(MAX_HEADERS)
        .handshake(TokioIo::new(io))
        .await?;
    let dialogue = async {
        let mut scripts = 0;
        let mut next = exchange(&mut sender, config, first_post(config)?).await?;
        let report = loop {
            let Some(step) = next else {
                break AgentReport {
                    scripts,
                    end: AgentEnd::NoContent,
                };
            };
            let target = step.target.as_ref();
            let (status, response) = card(&ReceivedScript {
                body: &step.body,
                targeted_application: target,
            });
            scripts += 1;
            let Some(uri) = step.next_uri else {
                break AgentReport {
                    scripts,
                    end: AgentEnd::NoNextUri,
                };
            };
            next = exchange(
                &mut sender,
                config,
                report_post(config, &uri, status, response)?,
            )
            .await?;
        };
        drop(sender);
        Ok::<_, AdminError>(report)
    };
    let (conn, report) = tokio::join!(conn, dialogue);
    let report = report?;
    // The server closing the connection after its last answer is the normal end.
    if let Err(e) = conn {
        tracing::debug!(error = %e, "admin connection ended");
    }
    Ok(report)
}

/// Sends `req` and reads the answer: a script, or `None` for `204`.
async fn exchange(
    sender: &mut SendRequest<AdminBody>,
    config: &AgentConfig,
    req: Request<AdminBody>,
) -> Result<Option<Step>, AdminError> {
    let resp = tokio::time::timeout(config.idle_timeout, sender.send_request(req))
        .await
        .map_err(|_| AdminError::Timeout)??;
    match resp.status() {
        StatusCode::NO_CONTENT => Ok(None),
        StatusCode::OK => script(resp, config).await.map(Some),
        other => Err(AdminError::Status(other.as_u16())),
    }
}

/// The script of a `200` (Amendment B 3.4.2): its media type, target and Next-URI checked.
async fn script(resp: Response<Incoming>, config: &AgentConfig) -> Result<Step, AdminError> {
    let h = resp.headers();
    let typed = h
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| media_type_is(t.as_bytes(), CONTENT_TYPE_SCRIPT));
    if !typed {
        return Err(AdminError::BadHeader("Content-Type"));
    }
    let text = |name: &'static str| {
        h.get(name)
            .map(|v| {
                v.to_str()
                    .map(str::trim)
                    .map_err(|_| AdminError::BadHeader(name))
            })
            .transpose()
    };
    let target = text(X_ADMIN_TARGETED_APPLICATION)?
        .map(|t| {
            t.parse::<Aid>()
                .map_err(|_| AdminError::BadHeader(X_ADMIN_TARGETED_APPLICATION))
        })
        .transpose()?;
    let next_uri = text(X_ADMIN_NEXT_URI)?.map(str::to_owned);
    let body = read_bounded(resp.into_body(), config.max_body, config.idle_timeout).await?;
    Ok(Step {
        body,
        target,
        next_uri,
    })
}

/// The session's first POST: no body, no script status.
fn first_post(config: &AgentConfig) -> Result<Request<AdminBody>, AdminError> {
    let uri = match &config.notification {
        None => config.admin_uri.clone(),
        Some(n) => {
            let sep = if config.admin_uri.contains('?') {
                '&'
            } else {
                '?'
            };
            format!(
                "{}{sep}{NOTIFICATION_PARAMETER}={}",
                config.admin_uri,
                hex::encode_upper(n)
            )
        }
    };
    let mut req = post(config, &uri, AdminBody::empty())?;
    if config.resume {
        req.headers_mut()
            .insert(X_ADMIN_RESUME, HeaderValue::from_static("true"));
    }
    Ok(req)
}

/// A POST reporting a script's run, its response chunked.
fn report_post(
    config: &AgentConfig,
    uri: &str,
    status: ScriptStatus,
    response: Vec<u8>,
) -> Result<Request<AdminBody>, AdminError> {
    let mut req = post(config, uri, AdminBody::chunked(response))?;
    let h = req.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(CONTENT_TYPE_RESPONSE),
    );
    h.insert(
        X_ADMIN_SCRIPT_STATUS,
        HeaderValue::from_static(status.as_str()),
    );
    Ok(req)
}

/// A POST to `uri` with the headers every POST carries.
fn post(
    config: &AgentConfig,
    uri: &str,
    body: AdminBody,
) -> Result<Request<AdminBody>, AdminError> {
    Request::post(uri)
        .header(header::HOST, config.host.as_str())
        .header(X_ADMIN_PROTOCOL, PROTOCOL)
        .header(X_ADMIN_FROM, config.from.as_str())
        .body(body)
        .map_err(|_| AdminError::Uri(uri.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_parameters_override_the_stored_ones() {
        let mut c = AgentConfig::new("stored.host", "/stored", "//se-id/eid/1");
        c.apply(&HttpPostParams {
            admin_host: Some("smsr.example".into()),
            agent_id: None,
            admin_uri: Some("/gp/admin".into()),
        });
        assert_eq!(
            (c.host.as_str(), c.admin_uri.as_str(), c.from.as_str()),
            ("smsr.example", "/gp/admin", "//se-id/eid/1")
        );
    }

    #[test]
    fn the_notification_rides_on_the_first_uri() {
        let mut c = AgentConfig::new("h", "/gp/admin?sd=1", "f");
        c.notification = Some(vec![0xE1, 0x00]);
        c.resume = true;
        let req = first_post(&c).unwrap();
        assert_eq!(req.uri(), "/gp/admin?sd=1&msg=E100");
        assert_eq!(req.headers()[X_ADMIN_RESUME], "true");
        assert_eq!(req.headers()[X_ADMIN_PROTOCOL], PROTOCOL);
        assert!(req.headers().get(X_ADMIN_SCRIPT_STATUS).is_none());
    }
}
