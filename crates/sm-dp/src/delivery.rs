//! The outbox worker: sends queued HandleDownloadProgressInfo calls (SGP.22 5.3.5) and the
//! SGP.02 SM-DP's ES2 notifications (SGP.02 5.3) to each operator's endpoint, and
//! ES12.DeleteEvent calls (5.9.2) to SM-DSs ([`crate::es12`]), over
//! mutually authenticated TLS (client certificate CERT.DP.TLS, which carries clientAuth), in
//! order per destination, retrying with exponential backoff until the operator answers 2xx
//! (204 per SGP.22 6.3) or the SM-DS executes the deletion (or answers that the Event is
//! already gone, 8.9.5/3.9). Entries live in the database, so a restart
//! resumes where delivery stopped; each delivery attempt is leased first (the entry's next
//! attempt time moves past the send's time-out), so of several instances over one database
//! one sends it, and another takes over when that one dies mid-send. Only the oldest
//! undelivered entry of an operator is ever sent, so its reports arrive in order.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use infra::client::{ClientOptions, build};
use infra::tls::ServerTrust;
use infra::trace::Direction;
use proto::json::StatusCode;
use proto::json::es2p::Es2Function;
use proto::json::es12::Es12Function;
use proto::json::http::{ADMIN_PROTOCOL_SGP22, CONTENT_TYPE_JSON, X_ADMIN_PROTOCOL};
use tokio::sync::watch;

use crate::config::OutboxPolicy;
use crate::context::Ctx;
use crate::es12::Es12Failure;
use crate::store::outbox::OutboxKind;
use crate::store::{StoreError, duration_ms, now_ms, outbox};

/// How long an instance holds an entry it is sending (longer than the client's time-out).
const LEASE: Duration = Duration::from_secs(30);

/// One HTTPS client per operator endpoint: ES2+ progress reports, and the SGP.02 SM-DP's
/// ES2 notifications.
pub(crate) struct Clients {
    progress: BTreeMap<String, (reqwest::Client, String)>,
    es2: BTreeMap<String, (reqwest::Client, String)>,
    /// The SGP.02 SM-DP's responses, to each request's `ReplyTo` (its `[sgp02] resolve`).
    replies: Option<reqwest::Client>,
}

/// Why the client of an operator endpoint could not be built (the SM-DP+ does not start).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientsError {
    /// `notification_url` does not parse as a URL.
    #[error("operator {operator}: notification_url: {source}")]
    Url {
        operator: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// `notification_url` names no host to resolve.
    #[error("operator {operator}: notification_url has no host")]
    NoHost { operator: String },
    /// The TLS client could not be set up.
    #[error("operator {operator}: {source}")]
    Client {
        operator: String,
        #[source]
        source: infra::client::ClientError,
    },
}

/// Why an outbox entry was not accepted; stored with the entry and retried.
#[derive(Debug, thiserror::Error)]
enum SendError {
    /// The operator answered with a status other than 2xx.
    #[error("HTTP {0}")]
    Status(reqwest::StatusCode),
    /// No answer: connection, TLS or time-out.
    #[error("{0}")]
    Transport(#[from] reqwest::Error),
    /// No answer, or one too large to read.
    #[error("{0}")]
    Answer(#[from] infra::client::BodyError),
    /// The SM-DS did not execute the deletion.
    #[error("{0}")]
    Es12(#[from] Es12Failure),
}

impl Clients {
    /// Builds the clients of every configured operator endpoint (`sgp02`: the SGP.02 SM-DP's
    /// operators too).
    pub(crate) fn build(
        ctx: &Ctx,
        sgp02: Option<&crate::sgp02::Sgp02Config>,
    ) -> Result<Clients, ClientsError> {
        let mut es2 = BTreeMap::new();
        for (id, ep) in sgp02.map(|c| &c.operators).into_iter().flatten() {
            // An operator's server certificate under the CI or the operator CA.
            let mut roots: Vec<Vec<u8>> = ctx.creds.cis.iter().map(|c| c.der().to_vec()).collect();
            roots.extend(ctx.creds.operator_roots.iter().cloned());
            let operator = crate::config::OperatorEndpoint {
                notification_url: ep.notify_url.clone(),
                server_roots: roots,
                resolve: ep.resolve,
            };
            let (client, _) = client_for(ctx, id, &operator)?;
            es2.insert(id.clone(), (client, ep.notify_url.clone()));
        }
        let replies = match sgp02 {
            Some(c) => Some(replies_client(ctx, c)?),
            None => None,
        };
        let mut progress = BTreeMap::new();
        for (id, ep) in &ctx.operators {
            let (client, url) = client_for(ctx, id, ep)?;
            let url = format!(
                "{}{}",
                url.trim_end_matches('/'),
                Es2Function::HandleDownloadProgressInfo.path()
            );
            progress.insert(id.clone(), (client, url));
        }
        Ok(Clients {
            progress,
            es2,
            replies,
        })
    }
}

/// The client of the SGP.02 SM-DP's responses: CERT.DP.TLS presented, the CIs and the
/// operator CA trusted, the `[sgp02] resolve` hosts on their addresses.
fn replies_client(
    ctx: &Ctx,
    c: &crate::sgp02::Sgp02Config,
) -> Result<reqwest::Client, ClientsError> {
    let mut roots: Vec<Vec<u8>> = ctx.creds.cis.iter().map(|c| c.der().to_vec()).collect();
    roots.extend(ctx.creds.operator_roots.iter().cloned());
    let mut opts = ClientOptions::new(ServerTrust::roots(roots));
    opts.identity = Some(ctx.creds.tls.clone());
    opts.timeout = Duration::from_secs(15);
    opts.resolve = c.resolve.clone();
    build(&opts).map_err(|source| ClientsError::Client {
        operator: "(SGP.02 responses)".into(),
        source,
    })
}

/// The client of operator `id`'s endpoint `ep` (CERT.DP.TLS presented; its server roots,
/// else the CIs, trusted), and the endpoint's URL.
fn client_for(
    ctx: &Ctx,
    id: &str,
    ep: &crate::config::OperatorEndpoint,
) -> Result<(reqwest::Client, String), ClientsError> {
    let roots = if ep.server_roots.is_empty() {
        ctx.creds.cis.iter().map(|c| c.der().to_vec()).collect()
    } else {
        ep.server_roots.clone()
    };
    let mut opts = ClientOptions::new(ServerTrust::roots(roots));
    opts.identity = Some(ctx.creds.tls.clone());
    opts.timeout = Duration::from_secs(15);
    if let Some(addr) = ep.resolve {
        let url = reqwest::Url::parse(&ep.notification_url).map_err(|e| ClientsError::Url {
            operator: id.to_string(),
            source: Box::new(e),
        })?;
        let host = url.host_str().ok_or_else(|| ClientsError::NoHost {
            operator: id.to_string(),
        })?;
        opts.resolve.push((host.to_string(), addr));
    }
    let client = build(&opts).map_err(|source| ClientsError::Client {
        operator: id.to_string(),
        source,
    })?;
    Ok((client, ep.notification_url.clone()))
}

fn backoff(policy: &OutboxPolicy, attempts: i64) -> Duration {
    let doublings = u64::try_from(attempts).unwrap_or(0);
    infra::retry::delay(policy.initial_backoff, policy.max_backoff, doublings)
}

/// Runs until `shutdown` turns true.
pub(crate) async fn run(
    ctx: Ctx,
    clients: Clients,
    policy: OutboxPolicy,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let pause = match deliver_due(&ctx, &clients, &policy).await {
            Ok(next) => pause_until(next, now_ms(), policy.poll_interval),
            Err(e) => {
                tracing::warn!(error = %e, "outbox delivery");
                policy.poll_interval
            }
        };
        tokio::select! {
            _ = ctx.outbox_wakeup.notified() => {}
            _ = tokio::time::sleep(pause) => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// How long the worker sleeps after a pass: until the earliest retry the pass saw due
/// (`next`, ms), at most `interval` (new entries wake it at once anyway).
fn pause_until(next: Option<i64>, now: i64, interval: Duration) -> Duration {
    match next {
        Some(at) => {
            Duration::from_millis(u64::try_from(at.saturating_sub(now)).unwrap_or(0)).min(interval)
        }
        None => interval,
    }
}

/// Sends every due entry, each operator's in order; returns the earliest time (ms) at
/// which an entry it could not send yet falls due, if any.
async fn deliver_due(
    ctx: &Ctx,
    clients: &Clients,
    policy: &OutboxPolicy,
) -> Result<Option<i64>, StoreError> {
    let pending = ctx.store.read(|tx| outbox::pending(tx, 500)).await?;
    let mut blocked = BTreeSet::new();
    let mut next_due: Option<i64> = None;
    let mut due_at = |at: i64| next_due = Some(next_due.map_or(at, |n| n.min(at)));
    for entry in pending {
        if blocked.contains(&entry.operator) {
            continue;
        }
        let now = now_ms();
        if entry.next_attempt_at > now {
            // Not due (or leased by another instance): neither it nor the operator's later
            // reports go now.
            due_at(entry.next_attempt_at);
            blocked.insert(entry.operator.clone());
            continue;
        }
        let reply_to = (entry.kind == OutboxKind::Es2Response)
            .then(|| reply_target(&entry.body))
            .flatten();
        let to_operator = match (entry.kind, &clients.replies, reply_to) {
            (OutboxKind::Progress, ..) => clients.progress.get(&entry.operator).cloned(),
            (OutboxKind::Es2Notification, ..) => clients.es2.get(&entry.operator).cloned(),
            (OutboxKind::Es2Response, Some(client), Some(url)) => Some((client.clone(), url)),
            (OutboxKind::Es2Response, ..) | (OutboxKind::DeleteEvent, ..) => None,
        };
        if to_operator.is_none() && entry.kind != OutboxKind::DeleteEvent {
            // An operator no longer configured: its entries stay queued.
            continue;
        }
        let id = entry.id.clone();
        let until = now + duration_ms(LEASE);
        if !ctx
            .store
            .write(move |tx| outbox::lease(tx, &id, now, until))
            .await?
        {
            blocked.insert(entry.operator.clone());
            continue;
        }
        let outcome = match (entry.kind, &to_operator) {
            (OutboxKind::Es2Notification | OutboxKind::Es2Response, Some((client, url))) => {
                send_es2(client, url, &entry.body).await
            }
            (_, Some((client, url))) => send_progress(ctx, client, url, &entry.body).await,
            (_, None) => send_deletion(ctx, &entry.operator, &entry.body).await,
        };
        let id = entry.id.clone();
        match outcome {
            Ok(()) => {
                ctx.store
                    .write(move |tx| outbox::delivered(tx, &id))
                    .await?;
                tracing::debug!(destination = %entry.operator, kind = ?entry.kind, "outbox entry delivered");
            }
            Err(e) => {
                let next = now_ms() + duration_ms(backoff(policy, entry.attempts));
                let error = e.to_string();
                ctx.store
                    .write(move |tx| outbox::failed(tx, &id, &error, next))
                    .await?;
                tracing::info!(destination = %entry.operator, kind = ?entry.kind, error = %e, attempts = entry.attempts + 1, "outbox entry not accepted; will retry");
                due_at(next);
                blocked.insert(entry.operator.clone());
            }
        }
    }
    Ok(next_due)
}

/// One HandleDownloadProgressInfo call (SGP.22 5.3.5).
async fn send_progress(
    ctx: &Ctx,
    client: &reqwest::Client,
    url: &str,
    body: &str,
) -> Result<(), SendError> {
    if let Some(t) = &ctx.trace {
        t.write(
            "es2p",
            "handleDownloadProgressInfo",
            Direction::Request,
            body.as_bytes(),
        );
    }
    let result = client
        .post(url)
        .header(http::header::CONTENT_TYPE, CONTENT_TYPE_JSON)
        .header(X_ADMIN_PROTOCOL, ADMIN_PROTOCOL_SGP22)
        .body(body.to_string())
        .send()
        .await;
    match result {
        Ok(r) if r.status().is_success() => Ok(()),
        Ok(r) => Err(SendError::Status(r.status())),
        Err(e) => Err(SendError::Transport(e)),
    }
}

/// The `ReplyTo` a queued ES2 response goes to: its `wsa:To`.
fn reply_target(envelope: &str) -> Option<String> {
    soap::envelope::Envelope::decode(envelope.as_bytes())
        .ok()?
        .addressing
        .to
        .filter(|t| !t.is_empty())
}

/// One ES2 Handle*Notification or asynchronous response of the SGP.02 SM-DP (SGP.02 5.3:
/// accepted on any 2xx); `envelope` is the SOAP message as queued.
async fn send_es2(client: &reqwest::Client, url: &str, envelope: &str) -> Result<(), SendError> {
    let action = soap::envelope::Envelope::decode(envelope.as_bytes())
        .ok()
        .and_then(|e| e.addressing.action)
        .unwrap_or_default();
    let headers = soap::http::request_headers(&action);
    let sent = infra::client::post_bounded(client, url, &headers, envelope.to_string(), 64 * 1024);
    match sent.await? {
        (status, _) if (200..300).contains(&status) => Ok(()),
        (status, _) => Err(SendError::Status(
            reqwest::StatusCode::from_u16(status).unwrap_or(reqwest::StatusCode::BAD_GATEWAY),
        )),
    }
}

/// One ES12.DeleteEvent call (SGP.22 5.9.2): done when executed, and when the SM-DS no
/// longer holds the Event (8.9.5/3.9: deleted already, or aged out).
async fn send_deletion(ctx: &Ctx, smds_address: &str, body: &str) -> Result<(), SendError> {
    let result = ctx
        .es12
        .call(
            smds_address,
            Es12Function::DeleteEvent,
            body.to_string(),
            ctx.trace.as_ref(),
        )
        .await;
    match result {
        Ok(()) => Ok(()),
        Err(Es12Failure::Refused(codes)) if codes.is(StatusCode::EVENT_RECORD_UNKNOWN) => Ok(()),
        Err(e) => Err(SendError::Es12(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::pause_until;
    use std::time::Duration;

    #[test]
    fn the_worker_wakes_for_a_retry_due_before_its_interval() {
        let second = Duration::from_secs(1);
        assert_eq!(pause_until(None, 1_000, second), second);
        assert_eq!(
            pause_until(Some(1_250), 1_000, second),
            Duration::from_millis(250)
        );
        assert_eq!(pause_until(Some(9_000), 1_000, second), second);
        assert_eq!(
            pause_until(Some(500), 1_000, second),
            Duration::ZERO,
            "overdue"
        );
    }
}
