//! ES9+ towards the SM-DP+ (SGP.22 5.6, JSON binding 6.5): the eIM relays an IPA's
//! indirect download (SGP.32 v1.2 5.14.1–5.14.4) and forwards notifications (5.14.7).

use infra::keep_alive::KeepAlive;
use infra::trace::{Direction, TraceDir};
use proto::json::es9p::Es9Function;
use serde::Serialize;

use super::turns::Turns;

/// Why an ES9+ call gave no answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Es9CallError {
    #[error("ES9+ transport: {0}")]
    Transport(String),
    #[error("ES9+ HTTP status {0}")]
    Status(u16),
}

/// An ES9+ client (server-authenticated TLS): its calls, for all SM-DP+ addresses
/// together, take turns over the connections it keeps ([`Turns`]).
pub struct Es9Client {
    http: Turns,
    /// Base URL used for every SM-DP+ address; default `https://<address>`.
    base_override: Option<String>,
    trace: Option<TraceDir>,
}

impl Es9Client {
    pub fn new(http: KeepAlive, base_override: Option<String>, trace: Option<TraceDir>) -> Self {
        Es9Client {
            http: Turns::new(http),
            base_override: base_override.map(|b| b.trim_end_matches('/').to_string()),
            trace,
        }
    }

    /// The base URL for an SM-DP+ address.
    pub fn base_for(&self, smdp_address: &str) -> String {
        match &self.base_override {
            Some(b) => b.clone(),
            None => format!("https://{smdp_address}"),
        }
    }

    /// Posts one function; returns the HTTP status and body (204 for a notification).
    pub async fn call<T: Serialize>(
        &self,
        smdp_address: &str,
        f: Es9Function,
        body: &T,
    ) -> Result<(u16, Vec<u8>), Es9CallError> {
        let json = serde_json::to_vec(body).map_err(|e| Es9CallError::Transport(e.to_string()))?;
        if let Some(t) = &self.trace {
            t.write("es9p", f.name(), Direction::Request, &json);
        }
        let url = format!("{}{}", self.base_for(smdp_address), f.path());
        let answer = (self.http)
            .post_json(&url, json)
            .await
            .map_err(|e| Es9CallError::Transport(e.to_string()))?;
        let bytes = answer.body.to_vec();
        if let Some(t) = &self.trace {
            t.write("es9p", f.name(), Direction::Response, &bytes);
        }
        if !(200..300).contains(&answer.status) {
            return Err(Es9CallError::Status(answer.status));
        }
        Ok((answer.status, bytes))
    }
}
