//! The SM-DP's ES3 client (SGP.02 5.4) over the SOAP binding with mutual TLS: its client
//! certificate CERT.DP.TLS, `wsa:From` the SM-DP-ID (that certificate's commonName). A
//! synchronous function is answered in the HTTP response; an asynchronous one is accepted
//! `202` and its response arrives at the SM-DP's `/gsma/smdp/ES3` ([`super::callbacks`]),
//! correlated by `wsa:RelatesTo` (WS-Addressing 1.0 Core 3.4) with the request's
//! `MessageID`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use soap::bodies::{BaseResponse, EisResponse, EuiccResponse};
use soap::envelope::{Addressing, Envelope};
use soap::es3::CreateIsdpResponse;
use soap::http::request_headers;
use soap::message::Parts;
use soap::operation::Operation;
use soap::status::{RequestHeader, ResponseHeader};
use tokio::sync::oneshot;

use super::config::Sgp02Config;
use super::error::Sgp02Error;
use proto::json::ExecutionStatus;

/// The most octets of an SM-SR's answer read (an EIS with its certificates is a few KiB).
const MAX_ANSWER: usize = 1024 * 1024;

/// The response messages, by their common header.
pub(crate) trait Response: Parts {
    /// The common response fields.
    fn header(&self) -> &ResponseHeader;
}

macro_rules! responses {
    ($($t:ty),*) => {$(
        impl Response for $t {
            fn header(&self) -> &ResponseHeader {
                &self.header
            }
        }
    )*};
}
responses!(
    BaseResponse,
    EisResponse,
    EuiccResponse,
    CreateIsdpResponse,
    soap::es2::DownloadProfileResponse
);

/// Asynchronous responses awaited, by the request's `MessageID`: the host the answering
/// SM-SR's certificate must name, and where the response goes.
#[derive(Default)]
pub(crate) struct Awaited {
    by_id: Mutex<HashMap<String, (String, oneshot::Sender<Envelope>)>>,
}

impl Awaited {
    fn expect(&self, id: &str, host: String) -> oneshot::Receiver<Envelope> {
        let (tx, rx) = oneshot::channel();
        if let Ok(mut m) = self.by_id.lock() {
            m.insert(id.to_string(), (host, tx));
        }
        rx
    }

    fn forget(&self, id: &str) {
        if let Ok(mut m) = self.by_id.lock() {
            m.remove(id);
        }
    }

    /// Hands `env` to whoever awaits its `RelatesTo` when `host` is the SM-SR asked;
    /// whether it was awaited.
    pub(crate) fn deliver(&self, env: Envelope, host: &str) -> bool {
        let Some(id) = env.addressing.relates_to.clone() else {
            return false;
        };
        let Ok(mut m) = self.by_id.lock() else {
            return false;
        };
        match m.get(&id) {
            Some((expected, _)) if expected.eq_ignore_ascii_case(host) => {}
            _ => return false,
        }
        m.remove(&id).is_some_and(|(_, tx)| tx.send(env).is_ok())
    }
}

/// ES3 towards the configured SM-SRs.
pub(crate) struct Es3Client {
    http: reqwest::Client,
    smdp_id: String,
    config: Sgp02Config,
    pub(crate) awaited: Arc<Awaited>,
}

impl Es3Client {
    pub(crate) fn new(http: reqwest::Client, smdp_id: String, config: Sgp02Config) -> Es3Client {
        Es3Client {
            http,
            smdp_id,
            config,
            awaited: Arc::new(Awaited::default()),
        }
    }

    /// A synchronous function (GetEIS, ProfileDownloadCompleted, UpdatePolicyRules): its
    /// response, or the SM-SR's refusal.
    pub(crate) async fn call<R: Response>(
        &self,
        smsr: &str,
        op: Operation,
        msg: &impl Parts,
    ) -> Result<R, Sgp02Error> {
        let (url, id) = (self.url(smsr)?, message_id());
        let addressing = Addressing::request(&url, &self.smdp_id, &id);
        let (status, body) = self.post(&url, op, &op.request(addressing, msg)).await?;
        if status != 200 {
            return Err(transport(op, format!("HTTP {status}")));
        }
        read(op, &body)
    }

    /// An asynchronous function: accepted `202`, its response awaited at the SM-DP's
    /// callback endpoint for the configured time; a refusal answered at once is returned.
    pub(crate) async fn call_async<R: Response>(
        &self,
        smsr: &str,
        op: Operation,
        msg: &impl Parts,
    ) -> Result<R, Sgp02Error> {
        let (url, id) = (self.url(smsr)?, message_id());
        let host = self
            .config
            .smsr_host(smsr)
            .ok_or_else(|| Sgp02Error::UnknownSmsr(smsr.into()))?;
        let addressing =
            Addressing::request(&url, &self.smdp_id, &id).with_reply_to(&self.config.callback_url);
        let awaited = self.awaited.expect(&id, host);
        let sent = self.post(&url, op, &op.request(addressing, msg)).await;
        let answer = match sent {
            Ok((202, _)) => self.wait(op, &id, awaited).await,
            Ok((200, body)) => read(op, &body),
            Ok((status, _)) => Err(transport(op, format!("HTTP {status}"))),
            Err(e) => Err(e),
        };
        self.awaited.forget(&id);
        answer
    }

    async fn wait<R: Response>(
        &self,
        op: Operation,
        id: &str,
        awaited: oneshot::Receiver<Envelope>,
    ) -> Result<R, Sgp02Error> {
        let wait = self.config.response_wait;
        match tokio::time::timeout(wait, awaited).await {
            Ok(Ok(env)) => checked(op, op.decode_response::<R>(&env)),
            Ok(Err(_)) => Err(transport(op, "the response was dropped".into())),
            Err(_) => Err(transport(op, no_answer(id, wait))),
        }
    }

    fn url(&self, smsr: &str) -> Result<String, Sgp02Error> {
        self.config
            .smsrs
            .get(smsr)
            .map(|s| s.url.clone())
            .ok_or_else(|| Sgp02Error::UnknownSmsr(smsr.into()))
    }

    async fn post(
        &self,
        url: &str,
        op: Operation,
        env: &Envelope,
    ) -> Result<(u16, Vec<u8>), Sgp02Error> {
        let headers = request_headers(op.request_action);
        infra::client::post_bounded(&self.http, url, &headers, env.encode(), MAX_ANSWER)
            .await
            .map_err(|e| transport(op, e.to_string()))
    }

    /// A request header with a fresh call identifier.
    pub(crate) fn header() -> RequestHeader {
        RequestHeader::new(message_id())
    }
}

fn no_answer(id: &str, wait: Duration) -> String {
    format!("no response to {id} within {} s", wait.as_secs())
}

fn message_id() -> String {
    let id = storage::random_bytes::<16>().unwrap_or_default();
    format!("urn:uuid:{}", hex::encode(id))
}

fn transport(op: Operation, detail: String) -> Sgp02Error {
    Sgp02Error::Transport {
        function: op.function,
        detail,
    }
}

fn read<R: Response>(op: Operation, body: &[u8]) -> Result<R, Sgp02Error> {
    let env = Envelope::decode(body).map_err(|e| transport(op, e.to_string()))?;
    checked(op, op.decode_response::<R>(&env))
}

/// The response when it reports success (or a warning), else the SM-SR's refusal.
fn checked<R: Response>(
    op: Operation,
    r: Result<R, soap::message::MessageError>,
) -> Result<R, Sgp02Error> {
    let r = r.map_err(|e| transport(op, e.to_string()))?;
    match r.header().status() {
        ExecutionStatus::ExecutedSuccess | ExecutionStatus::ExecutedWithWarning => Ok(r),
        _ => Err(Sgp02Error::Smsr {
            function: op.function,
            status: r.header().function_execution_status.clone(),
        }),
    }
}
