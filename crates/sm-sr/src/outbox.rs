//! The durable outbox of asynchronous responses (SGP.02 5: the function provider calls the
//! requester's `…Response` operation at `ReplyTo`, `RelatesTo` = the request's
//! `MessageID`; WS-Addressing 1.0 Core 3.4). A finished operation with a `ReplyTo` is
//! POSTed there over HTTPS with the SM-SR's client certificate; it is marked sent only on a
//! 2xx, else tried again with exponential backoff and, after `max_attempts`, kept as failed
//! ([`crate::store::replies`]).

use std::time::Duration;

use soap::bodies::{EisResponse, EuiccResponse};
use soap::envelope::{Addressing, EndpointReference, Envelope};
use soap::es3::{self, CreateIsdpResponse};
use soap::es4 as ops;
use soap::http::request_headers;
use soap::message::Hex;
use soap::status::{ResponseHeader, StatusCodeData};
use tokio::sync::watch;

use crate::config::OutboxPolicy;
use crate::context::Ctx;
use crate::operation::{Function, Operation, OperationState};
use crate::store::{now_ms, replies};

/// How many responses one round takes.
const ROUND: i64 = 32;

/// Delivers due responses every `policy.poll` until `stop`.
pub(crate) async fn run(
    ctx: Ctx,
    client: reqwest::Client,
    policy: OutboxPolicy,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        if let Err(e) = round(&ctx, &client, &policy).await {
            tracing::warn!(error = %e, "outbox round failed");
        }
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            _ = tokio::time::sleep(policy.poll) => {}
            _ = ctx.responses_due.notified() => {}
        }
    }
}

/// Waits `poll`; `false` when `stop` came first.
pub(crate) async fn pause(stop: &mut watch::Receiver<bool>, poll: Duration) -> bool {
    tokio::select! {
        _ = stop.wait_for(|s| *s) => false,
        _ = tokio::time::sleep(poll) => true,
    }
}

/// One round: every due response POSTed once, each attempt recorded.
async fn round(
    ctx: &Ctx,
    client: &reqwest::Client,
    policy: &OutboxPolicy,
) -> Result<(), storage::StoreError> {
    let due = ctx
        .store
        .read(move |tx| replies::due(tx, now_ms(), ROUND))
        .await?;
    for op in due {
        let Some(reply_to) = op.requester.reply_to.clone() else {
            continue;
        };
        let found = found(ctx, &op).await;
        let env = callback(&op, &reply_to, found);
        let delivered = post(client, &reply_to, &env).await;
        let id = op.id.clone();
        let limits = (policy.max_attempts, millis(policy.backoff));
        let state = ctx
            .store
            .write(move |tx| replies::attempted(tx, &id, delivered, now_ms(), limits))
            .await?;
        tracing::info!(operation = %op.id, %reply_to, ?state, "asynchronous response");
    }
    Ok(())
}

/// What a response carries beyond the operation: the EIS of an AuditEIS (the requester's
/// view, without keys), the ISD-P AID of a CreateISDP.
#[derive(Default)]
struct Found {
    eis: Option<soap::eis::Eis>,
    isd_p_aid: Option<Vec<u8>>,
}

async fn found(ctx: &Ctx, op: &Operation) -> Found {
    let wanted = matches!(
        op.function,
        Function::AuditEis | Function::Es3AuditEis | Function::CreateIsdp
    );
    if !wanted || op.state != OperationState::Succeeded {
        return Found::default();
    }
    let eid = op.eid.clone();
    let Ok(Some(eis)) = ctx
        .store
        .read(move |tx| crate::store::eis::load(tx, &eid))
        .await
    else {
        return Found::default();
    };
    let who = &op.requester.id;
    match op.function {
        Function::CreateIsdp => Found {
            eis: None,
            isd_p_aid: op
                .iccid
                .as_deref()
                .and_then(|i| eis.profile(i))
                .map(|p| p.isd_p_aid.clone()),
        },
        Function::Es3AuditEis => Found {
            eis: crate::es4::binding_eis::to_binding(&eis.for_smdp(who)),
            isd_p_aid: None,
        },
        _ => Found {
            eis: crate::es4::binding_eis::to_binding(&eis.for_operator(who)),
            isd_p_aid: None,
        },
    }
}

/// The most octets of a requester's answer read (it has nothing to say but its status).
const MAX_ANSWER: usize = 64 * 1024;

/// POSTs `env` to `url`; whether the requester answered 2xx.
pub(crate) async fn post(client: &reqwest::Client, url: &str, env: &Envelope) -> bool {
    let headers = request_headers(env.addressing.action.as_deref().unwrap_or_default());
    match infra::client::post_bounded(client, url, &headers, env.encode(), MAX_ANSWER).await {
        Ok((status, _)) => (200..300).contains(&status),
        Err(e) => {
            tracing::info!(%url, error = %e, "requester endpoint unreachable");
            false
        }
    }
}

/// The `…Response` callback of a finished operation.
fn callback(op: &Operation, reply_to: &str, found: Found) -> Envelope {
    let request = Addressing {
        message_id: op.requester.message_id.clone(),
        reply_to: Some(EndpointReference::new(reply_to)),
        ..Addressing::default()
    };
    let id = format!("urn:uuid:{}", op.id);
    let header = header_of(op);
    let euicc = |operation: &soap::operation::Operation| {
        let msg = EuiccResponse {
            header: header.clone(),
            euicc_response_data: op.response.clone().map(Hex),
        };
        operation.callback(&request, &id, &msg)
    };
    match op.function {
        Function::EnableProfile => euicc(&ops::ENABLE_PROFILE),
        Function::DisableProfile => euicc(&ops::DISABLE_PROFILE),
        Function::DeleteProfile => euicc(&ops::DELETE_PROFILE),
        Function::SetFallBackAttribute => euicc(&ops::SET_FALLBACK_ATTRIBUTE),
        Function::AuditEis | Function::NotificationConfirmation => {
            let msg = EisResponse {
                header: header.clone(),
                eis: found.eis,
            };
            ops::AUDIT_EIS.callback(&request, &id, &msg)
        }
        Function::Es3AuditEis => {
            let msg = EisResponse {
                header: header.clone(),
                eis: found.eis,
            };
            es3::AUDIT_EIS.callback(&request, &id, &msg)
        }
        Function::CreateIsdp => {
            let msg = CreateIsdpResponse {
                header: header.clone(),
                isd_p_aid: found.isd_p_aid.map(Hex),
                euicc_response_data: op.response.clone().map(Hex),
            };
            es3::CREATE_ISDP.callback(&request, &id, &msg)
        }
        Function::SendData => euicc(&es3::SEND_DATA),
        Function::UpdateConnectivityParameters => euicc(&es3::UPDATE_CONNECTIVITY_PARAMETERS),
        Function::Es3EnableProfile => euicc(&es3::ENABLE_PROFILE),
        Function::Es3DisableProfile => euicc(&es3::DISABLE_PROFILE),
        Function::DeleteIsdp => euicc(&es3::DELETE_ISDP),
        Function::SmsrChange => {
            let msg = soap::bodies::BaseResponse::new(header.clone());
            ops::SMSR_CHANGE.callback(&request, &id, &msg)
        }
        // The SM-SR's own steps of a change: no requester of theirs has a ReplyTo.
        Function::AuthenticateSmsr => euicc(&soap::es7::AUTHENTICATE_SMSR),
        Function::CreateAdditionalKeySet => euicc(&soap::es7::CREATE_ADDITIONAL_KEY_SET),
        Function::FinaliseIsdrHandover => euicc(&soap::es7::HANDOVER_EUICC),
    }
}

/// The FunctionExecutionStatus of a finished operation (SGP.02 5.1.6).
fn header_of(op: &Operation) -> ResponseHeader {
    let data = op.code.as_ref().map(|(s, r)| StatusCodeData {
        subject_code: s.clone(),
        reason_code: r.clone(),
        subject_identifier: None,
        message: None,
    });
    match op.state.status() {
        Some(status) => ResponseHeader::with(status, data),
        None => ResponseHeader::with(crate::status::Status::Failed, data),
    }
}

pub(crate) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl crate::SmSrCore {
    /// Where the asynchronous response of operation `id` stands, with the attempts made;
    /// `None` before the first attempt.
    pub async fn reply_state(
        &self,
        id: &str,
    ) -> Result<Option<(replies::ReplyState, u32)>, storage::StoreError> {
        let id = id.to_string();
        self.ctx.store.read(move |tx| replies::state(tx, &id)).await
    }
}
