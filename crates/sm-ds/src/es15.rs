//! ES15 (alternative SM-DS → root SM-DS, SGP.22 5.10): the worker that sends the outbox's
//! registrations and deletions to the root SM-DS's ES12 functions over mutual TLS, with this
//! SM-DS's CERT.DS.TLS as client certificate and the forwarding indicator cleared (the root
//! forwards no further). An entry leaves the outbox when the root has executed it, or
//! answered what makes it moot (a registration it holds already, 8.9.5/3.3; a deletion of
//! an event it does not hold, 8.9.5/3.9); a transport failure or the root's execution error
//! is retried with back-off, and any other refusal keeps the entry as failed, unsent.

use std::sync::Arc;

use proto::json::es12::{DeleteEventRequest, Es12Function, RegisterEventRequest};
use proto::json::{EmptyResponse, RequestHeader, ResponseError, StatusCode};
use tokio::sync::{Notify, watch};

use crate::config::{ForwardPolicy, RootSmds};
use crate::context::Ctx;
use crate::store::outbox::{self, Entry, Forward};
use crate::store::{duration_ms, now_ms};

/// What became of one call.
enum Sent {
    Done,
    Retry(String),
    Failed(String),
}

/// The HTTPS client towards the root, presenting CERT.DS.TLS.
pub(crate) fn client(
    ctx: &Ctx,
    root: &RootSmds,
) -> Result<reqwest::Client, infra::client::ClientError> {
    let roots = if root.server_roots.is_empty() {
        ctx.creds.ci_roots.clone()
    } else {
        root.server_roots.clone()
    };
    let mut o = infra::client::ClientOptions::new(infra::tls::ServerTrust::roots(roots));
    o.identity = Some(ctx.creds.tls.clone());
    if let (Some(addr), Some(host)) = (root.resolve, host_of(&root.url)) {
        o.resolve = vec![(host, addr)];
    }
    infra::client::build(&o)
}

/// The host of `https://host[:port][/...]`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split('/').next()?;
    Some(
        authority
            .rsplit_once(':')
            .map_or(authority, |(h, _)| h)
            .to_string(),
    )
}

/// Sends due entries until `shutdown`; woken by `wakeup` after a commit queued one.
pub(crate) async fn run(
    ctx: Ctx,
    client: reqwest::Client,
    root: RootSmds,
    policy: ForwardPolicy,
    wakeup: Arc<Notify>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        loop {
            let lease = duration_ms(policy.lease);
            let claimed = ctx
                .store
                .write(move |tx| outbox::claim(tx, now_ms(), lease))
                .await;
            let entry = match claimed {
                Ok(Some(e)) => e,
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "ES15 outbox");
                    break;
                }
            };
            let outcome = send(&ctx, &client, &root, &entry).await;
            let id = entry.id.clone();
            let written = match outcome {
                Sent::Done => {
                    tracing::info!(eid = %entry.eid, "forwarded to the root SM-DS");
                    ctx.store.write(move |tx| outbox::done(tx, &id)).await
                }
                Sent::Retry(why) => {
                    let doublings = u64::try_from(entry.attempts).unwrap_or(0);
                    let wait = infra::retry::delay_ms(
                        policy.initial_backoff,
                        policy.max_backoff,
                        doublings,
                    );
                    tracing::info!(error = %why, "ES15 call failed, retried later");
                    ctx.store
                        .write(move |tx| outbox::retry(tx, &id, now_ms() + wait, &why))
                        .await
                }
                Sent::Failed(why) => {
                    tracing::warn!(error = %why, eid = %entry.eid, "the root SM-DS refused a forward");
                    ctx.store.write(move |tx| outbox::fail(tx, &id, &why)).await
                }
            };
            if let Err(e) = written {
                tracing::warn!(error = %e, "ES15 outbox");
                break;
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(policy.poll_interval) => {}
            _ = wakeup.notified() => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// One ES12 call at the root for `e`.
async fn send(ctx: &Ctx, client: &reqwest::Client, root: &RootSmds, e: &Entry) -> Sent {
    let header = RequestHeader::new(ctx.address.clone(), e.id.clone());
    let (f, body) = match &e.forward {
        Forward::Register { rsp_server_address } => (
            Es12Function::RegisterEvent,
            serde_json::to_vec(&RegisterEventRequest {
                header,
                eid: e.eid.clone(),
                rsp_server_address: rsp_server_address.clone(),
                event_id: e.event_id.clone(),
                forwarding_indicator: false,
            }),
        ),
        Forward::Delete => (
            Es12Function::DeleteEvent,
            serde_json::to_vec(&DeleteEventRequest {
                header,
                eid: e.eid.clone(),
                event_id: e.event_id.clone(),
            }),
        ),
    };
    let Ok(body) = body else {
        return Sent::Failed("the request did not encode".into());
    };
    let url = format!("{}{}", root.url.trim_end_matches('/'), f.path());
    let response = client
        .post(url)
        .header("Content-Type", proto::json::http::CONTENT_TYPE_JSON)
        .header(
            proto::json::http::X_ADMIN_PROTOCOL,
            proto::json::http::ADMIN_PROTOCOL_SGP22,
        )
        .body(body)
        .send()
        .await;
    let octets = match response {
        Ok(r) => match r.bytes().await {
            Ok(b) => b,
            Err(err) => return Sent::Retry(infra::client::error_chain(&err)),
        },
        Err(err) => return Sent::Retry(infra::client::error_chain(&err)),
    };
    match proto::json::decode_response::<EmptyResponse>(&octets) {
        Ok(_) => Sent::Done,
        Err(ResponseError::Failed(status)) => {
            let data = status.status_code_data.as_ref();
            let moot = match f {
                Es12Function::RegisterEvent => StatusCode::EVENT_RECORD_ALREADY_IN_USE,
                Es12Function::DeleteEvent => StatusCode::EVENT_RECORD_UNKNOWN,
            };
            let why = ResponseError::Failed(status.clone()).to_string();
            if data.is_some_and(|d| d.is(moot)) {
                Sent::Done
            } else if data.is_some_and(|d| d.is(StatusCode::FUNCTION_EXECUTION_ERROR)) {
                Sent::Retry(why)
            } else {
                Sent::Failed(why)
            }
        }
        Err(err) => Sent::Retry(err.to_string()),
    }
}
