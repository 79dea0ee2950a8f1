//! The HTTPS client of ES12 (SGP.22 5.9, JSON binding 6.5.2.13–14): mutually authenticated
//! TLS with CERT.DP.TLS as the client certificate (the SM-DS names the SM-DP+ by it), the
//! SM-DS's server certificate checked against the CIs (or `[smds] ca_file`).

use std::time::Duration;

use infra::client::{ClientError, ClientOptions, build};
use infra::tls::ServerTrust;
use infra::trace::{Direction, TraceDir};
use proto::json::es12::Es12Function;
use proto::json::http::{ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL};
use proto::json::{ResponseError, StatusCodeData, decode_response};

use crate::config::SmdsClients;
use crate::credentials::Credentials;

/// Why an ES12 call did not succeed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Es12Failure {
    /// No answer: the address does not resolve, nothing listens, TLS failed, time-out.
    #[error("{0}")]
    Unreachable(String),
    /// The SM-DS answered the function as not executed, with its codes.
    #[error("{}/{}{}", .0.subject_code, .0.reason_code,
        .0.message.as_deref().map(|m| format!(" ({m})")).unwrap_or_default())]
    Refused(StatusCodeData),
    /// An answer outside the binding (another HTTP status, a body that is not its JSON).
    #[error("{0}")]
    Answer(String),
}

/// The SM-DP+'s ES12 client, one for every SM-DS.
pub(crate) struct Es12Client {
    http: reqwest::Client,
}

impl Es12Client {
    /// A client presenting the SM-DP+'s TLS credentials.
    pub(crate) fn build(
        creds: &Credentials,
        smds: &SmdsClients,
    ) -> Result<Es12Client, ClientError> {
        let roots = if smds.server_roots.is_empty() {
            creds.cis.iter().map(|c| c.der().to_vec()).collect()
        } else {
            smds.server_roots.clone()
        };
        let mut options = ClientOptions::new(ServerTrust::roots(roots));
        options.identity = Some(creds.tls.clone());
        options.resolve = smds.resolve.clone();
        options.timeout = Duration::from_secs(15);
        Ok(Es12Client {
            http: build(&options)?,
        })
    }

    /// POSTs `body` to `function` of the SM-DS at `smds_address` (`FQDN[:port]`); `Ok` when
    /// the SM-DS executed it.
    pub(crate) async fn call(
        &self,
        smds_address: &str,
        function: Es12Function,
        body: String,
        trace: Option<&TraceDir>,
    ) -> Result<(), Es12Failure> {
        let url = format!("https://{smds_address}{}", function.path());
        if let Some(t) = trace {
            t.write("es12", function.name(), Direction::Request, body.as_bytes());
        }
        let answer = self
            .http
            .post(&url)
            .header(http::header::CONTENT_TYPE, CONTENT_TYPE_JSON)
            .header(X_ADMIN_PROTOCOL, ADMIN_PROTOCOL_SGP22)
            .body(body)
            .send()
            .await
            .map_err(|e| Es12Failure::Unreachable(error_chain(&e)))?;
        let status = answer.status().as_u16();
        let bytes = answer
            .bytes()
            .await
            .map_err(|e| Es12Failure::Unreachable(error_chain(&e)))?;
        if let Some(t) = trace {
            t.write("es12", function.name(), Direction::Response, &bytes);
        }
        match decode_response::<serde_json::Value>(&bytes) {
            Ok(_) if status == 200 => Ok(()),
            Err(ResponseError::Failed(s)) => Err(match s.status_code_data {
                Some(codes) => Es12Failure::Refused(codes),
                None => Es12Failure::Answer(format!("HTTP {status}: {:?} without codes", s.status)),
            }),
            Ok(_) | Err(ResponseError::Json(_)) => Err(Es12Failure::Answer(format!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(&bytes)
                    .chars()
                    .take(200)
                    .collect::<String>()
            ))),
        }
    }
}

/// An error with its causes (reqwest's own text is "error sending request").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
