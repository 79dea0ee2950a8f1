//! rsp-lab's operator API of an eIM (mutually authenticated TLS, JSON; its
//! `openapi.yaml`): the runner registers its EID, queues an operation and reads the eIM's
//! Configuration Data through it. An eIM without this API is driven by what the runner is
//! told instead (`--registered`, `--eim-config`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use infra::client::{ClientOptions, build};
use infra::tls::Identity;
use serde_json::{Value, json};

use super::EimOptions;
use crate::evidence::Evidence;
use crate::wire::{resolves_on, url_port};
use crate::{ConformError, Stop};

/// Where the operator API is and who calls it.
#[derive(Clone)]
pub struct OperatorApiOptions {
    /// `https://host:port` of the operator API.
    pub url: String,
    /// The operator's TLS client certificate and key.
    pub identity: Identity,
}

impl std::fmt::Debug for OperatorApiOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperatorApiOptions")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

pub(crate) struct OperatorApi {
    http: reqwest::Client,
    base: String,
}

impl OperatorApi {
    pub(crate) fn new(
        o: &OperatorApiOptions,
        run: &EimOptions,
    ) -> Result<OperatorApi, ConformError> {
        let base = o.url.trim_end_matches('/').to_string();
        let mut options = ClientOptions::new(run.trust.clone());
        options.identity = Some(o.identity.clone());
        options.resolve = resolves_on(&run.resolve, url_port(&base))
            .into_iter()
            .map(|r| (r.host.clone(), r.addr))
            .collect();
        options.timeout = run.timeout;
        let http =
            build(&options).map_err(|e| ConformError::Setup(format!("operator API: {e}")))?;
        Ok(OperatorApi { http, base })
    }

    /// `path` with `body` (POST) or none (GET: an empty POST is not used), as JSON; the
    /// status and the answer. A failure is not-applicable: the case lacks its input.
    async fn call(
        &self,
        ev: &mut Evidence,
        label: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<(u16, Value), Stop> {
        let url = format!("{}{path}", self.base);
        let unreachable =
            |e: reqwest::Error| Stop::NotApplicable(format!("operator API {url}: {e}"));
        let request = match body {
            Some(b) => {
                let bytes = b.to_string().into_bytes();
                ev.write(&format!("api-{label}-request.json"), &bytes);
                self.http
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(bytes)
            }
            None => self.http.get(&url),
        };
        let got = request.send().await.map_err(unreachable)?;
        let status = got.status().as_u16();
        let bytes = got.bytes().await.map_err(unreachable)?;
        // bounded: what is kept and parsed of an answer
        let bytes = &bytes[..bytes.len().min(1 << 20)];
        ev.write(&format!("api-{label}-response-http{status}.json"), bytes);
        let v = serde_json::from_slice(bytes).unwrap_or(Value::Null);
        Ok((status, v))
    }

    /// Registers `eid` (`POST /v1/devices`); one already registered is fine.
    pub(crate) async fn register(&self, ev: &mut Evidence, eid: &str) -> Result<(), Stop> {
        let (status, v) = self
            .call(ev, "register", "/v1/devices", Some(json!({ "eid": eid })))
            .await?;
        match status {
            200 | 201 | 409 => Ok(()),
            _ => Err(Stop::NotApplicable(format!(
                "operator API: registering {eid}: HTTP {status} {v}"
            ))),
        }
    }

    /// Queues `operation` for `eid` (`POST /v1/devices/{eid}/operations`); the operation
    /// as the eIM answered it (its `id`).
    pub(crate) async fn queue(
        &self,
        ev: &mut Evidence,
        eid: &str,
        operation: Value,
    ) -> Result<Value, Stop> {
        let path = format!("/v1/devices/{eid}/operations");
        let (status, v) = self.call(ev, "queue", &path, Some(operation)).await?;
        if (200..300).contains(&status) {
            Ok(v)
        } else {
            Err(Stop::NotApplicable(format!(
                "operator API: queueing for {eid}: HTTP {status} {v}"
            )))
        }
    }

    /// The state of operation `id` (`GET /v1/operations/{id}`: `queued`, `sent`, `done`,
    /// `error`, `cancelled`) and the operation.
    pub(crate) async fn operation_state(
        &self,
        ev: &mut Evidence,
        id: &str,
    ) -> Result<(String, Value), Stop> {
        let path = format!("/v1/operations/{id}");
        let (status, v) = self.call(ev, "operation", &path, None).await?;
        match v["state"].as_str().filter(|_| status == 200) {
            Some(state) => Ok((state.to_string(), v)),
            None => Err(Stop::fail(format!(
                "operator API: operation {id}: HTTP {status} {v}"
            ))),
        }
    }

    /// The eIM's Configuration Data (`GET /v1/eim`, `eimConfigurationData` in base64).
    pub(crate) async fn eim_config(&self, ev: &mut Evidence) -> Result<Vec<u8>, Stop> {
        let (status, v) = self.call(ev, "eim", "/v1/eim", None).await?;
        let text = v["eimConfigurationData"].as_str().filter(|_| status == 200);
        text.and_then(|t| STANDARD.decode(t).ok()).ok_or_else(|| {
            Stop::NotApplicable(format!(
                "operator API: no eimConfigurationData (HTTP {status})"
            ))
        })
    }
}
