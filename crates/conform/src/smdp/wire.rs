//! The ES9+ wire: the LPA's own client (`lpa::Es9Client`: the headers a device
//! sends, SGP.22 6.5.1) for the functions, and a bare HTTPS client for the binding's cases
//! that send other headers; every exchange kept as evidence. An [`Answer`] holds the HTTP
//! status and body and checks them against what SGP.22 6.5 says of the JSON binding.

use infra::keep_alive::KeepAlive;
use lpa::Es9Client;
use proto::json::StatusCode;
use proto::json::es9p::Es9Function;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::SmdpOptions;
use crate::evidence::Evidence;
use crate::wire::fresh_connections;
use crate::{ConformError, Stop};

/// How the runner reaches the SM-DP+.
pub(crate) struct Wire {
    es9: Es9Client,
    bare: KeepAlive,
}

impl Wire {
    pub(crate) fn new(
        es9: Es9Client,
        options: &SmdpOptions,
        port: u16,
    ) -> Result<Wire, ConformError> {
        let bare = fresh_connections(&options.trust, &options.resolve, port, options.timeout)?;
        Ok(Wire { es9, bare })
    }

    /// POSTs `body` to `function` as the LPA does.
    pub(crate) async fn post(
        &self,
        ev: &mut Evidence,
        address: &str,
        function: Es9Function,
        body: Vec<u8>,
    ) -> Result<Answer, Stop> {
        let name = function.name();
        ev.write(&format!("es9p-{name}-request.json"), &body);
        let answer = self
            .es9
            .post(address, function, body)
            .await
            .map_err(|e| Stop::fail(format!("{name}: no answer: {e}")))?;
        let answer = Answer {
            function: name,
            status: answer.status,
            body: answer.body,
        };
        answer.keep(ev);
        Ok(answer)
    }

    /// POSTs `body` to `path` with exactly `headers` (the binding's cases).
    pub(crate) async fn post_bare(
        &self,
        ev: &mut Evidence,
        address: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Result<Answer, Stop> {
        let name = path.rsplit('/').next().unwrap_or(path).to_string();
        let head: String = headers.iter().map(|(n, v)| format!("{n}: {v}\n")).collect();
        ev.write(&format!("es9p-{name}-request-headers.txt"), head.as_bytes());
        let ext = if body.first() == Some(&b'{') {
            "json"
        } else {
            "der"
        };
        ev.write(&format!("es9p-{name}-request.{ext}"), &body);
        let url = format!("https://{address}{path}");
        let answer = self
            .bare
            .post(&url, headers, body)
            .await
            .map_err(|e| Stop::fail(format!("{url}: no answer: {e}")))?;
        let answer = Answer {
            function: "request",
            status: answer.status,
            body: answer.body.to_vec(),
        };
        answer.keep(ev);
        Ok(answer)
    }
}

/// An HTTP answer of the SM-DP+.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The function asked (for the messages).
    pub function: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// The body as received.
    pub body: Vec<u8>,
}

/// `header.functionExecutionStatus` of a JSON answer (SGP.22 6.5.1.2–3).
struct ExecutionStatus {
    status: String,
    subject: Option<String>,
    reason: Option<String>,
    message: Option<String>,
}

impl Answer {
    fn keep(&self, ev: &mut Evidence) {
        let ext = if self.body.first() == Some(&b'{') {
            "json"
        } else {
            "txt"
        };
        ev.write(
            &format!("es9p-{}-response-http{}.{ext}", self.function, self.status),
            &self.body,
        );
    }

    fn execution_status(&self) -> Option<ExecutionStatus> {
        let v: Value = serde_json::from_slice(&self.body).ok()?;
        let s = v.get("header")?.get("functionExecutionStatus")?;
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let data = s.get("statusCodeData");
        Some(ExecutionStatus {
            status: text(s.get("status"))?,
            subject: text(data.and_then(|d| d.get("subjectCode"))),
            reason: text(data.and_then(|d| d.get("reasonCode"))),
            message: text(data.and_then(|d| d.get("message"))),
        })
    }

    /// What was answered, in one line: `HTTP 200, Failed 8.8.1/3.8 ("…")`.
    pub fn describe(&self) -> String {
        match self.execution_status() {
            Some(s) => {
                let mut out = format!("HTTP {}, {}", self.status, s.status);
                if let (Some(sub), Some(r)) = (&s.subject, &s.reason) {
                    out.push_str(&format!(" {sub}/{r}"));
                }
                if let Some(m) = s.message {
                    let m: String = m.chars().take(120).collect();
                    out.push_str(&format!(" ({m:?})"));
                }
                out
            }
            None => {
                let body = String::from_utf8_lossy(&self.body);
                let body: String = body.chars().take(120).collect();
                if body.is_empty() {
                    format!("HTTP {} without a body", self.status)
                } else {
                    format!("HTTP {}, body {body:?}", self.status)
                }
            }
        }
    }

    /// Executed-Success (or -WithWarning) with HTTP 200 (SGP.22 6.5.1.3), the body decoded
    /// as `T`.
    pub fn success<T: DeserializeOwned>(&self) -> Result<T, Stop> {
        let ok = self.status == 200
            && self
                .execution_status()
                .is_some_and(|s| s.status.starts_with("Executed-"));
        if !ok {
            return Err(Stop::fail(format!(
                "{}: expected Executed-Success, got {}",
                self.function,
                self.describe()
            )));
        }
        proto::json::decode::<T>(&self.body).map_err(|e| {
            Stop::fail(format!(
                "{}: Executed-Success but the body does not decode: {e}",
                self.function
            ))
        })
    }

    /// Refused with `code`: HTTP 200, status Failed, that subject and reason
    /// (SGP.22 6.5.1.3; the codes of 5.6's function tables).
    pub fn refused(&self, code: StatusCode) -> Result<(), Stop> {
        let got = self.execution_status();
        let ok = self.status == 200
            && got.as_ref().is_some_and(|s| {
                s.status == "Failed"
                    && s.subject.as_deref() == Some(code.subject)
                    && s.reason.as_deref() == Some(code.reason)
            });
        if ok {
            Ok(())
        } else {
            Err(Stop::fail(format!(
                "{}: expected Failed {}/{}, got {}",
                self.function,
                code.subject,
                code.reason,
                self.describe()
            )))
        }
    }

    /// Not executed: an HTTP 4xx status, or HTTP 200 with status Failed (any code: SGP.22
    /// 6.5.1 does not give one answer for every fault of the HTTP layer). A 5xx status is
    /// a server fault, not a refusal.
    pub fn not_executed(&self) -> Result<(), Stop> {
        let failed = self.status == 200
            && self
                .execution_status()
                .is_some_and(|s| s.status == "Failed");
        if failed || (400..500).contains(&self.status) {
            Ok(())
        } else {
            Err(Stop::fail(format!(
                "{}: expected a refusal (HTTP 4xx, or Failed), got {}",
                self.function,
                self.describe()
            )))
        }
    }

    /// HTTP 204 without a body (SGP.22 6.5.2.x handleNotification: no response data).
    pub fn no_content(&self) -> Result<(), Stop> {
        if self.status == 204 && self.body.is_empty() {
            Ok(())
        } else {
            Err(Stop::fail(format!(
                "{}: expected HTTP 204 without a body, got {}",
                self.function,
                self.describe()
            )))
        }
    }
}
