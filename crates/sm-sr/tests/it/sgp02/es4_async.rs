//! SGP.02 5 (asynchronous responses): once an operation requested over HTTPS finishes, its
//! `…Response` is POSTed at the request's `ReplyTo` with `RelatesTo` = its `MessageID`,
//! and kept until the requester takes it (2xx).

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use infra::serve::until_stopped;
use sm_sr::ReplyState;
use sm_sr::es5::NotificationType;
use soap::bodies::EuiccResponse;
use soap::envelope::Envelope;
use soap::es4::ENABLE_PROFILE;
use soap::status::ExecutionStatus;
use tokio::sync::{mpsc, watch};

use super::es4_https::{client, enable_p2, post as post_es4};
use super::notification::{card_answers, notification};
use crate::support::{AID2, EID, Lab, pki, tls_host};

/// Safety net for what must arrive.
pub(crate) const WITHIN: Duration = Duration::from_secs(20);

/// A requester's callback endpoint: HTTPS on `addr` with the test PKI's TLS certificate,
/// every POST body handed over on the channel and answered 202.
pub(crate) struct Requester {
    pub(crate) bodies: mpsc::Receiver<String>,
    _stop: watch::Sender<bool>,
}

pub(crate) async fn requester_on(addr: SocketAddr) -> Requester {
    let creds = sm_sr::config::Es4Credentials::from_pki(pki()).unwrap();
    let tls = infra::tls::server_config(&creds.tls, None).unwrap();
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    let (tx, bodies) = mpsc::channel(8);
    let router = Router::new().route(
        "/cb",
        post(move |body: String| {
            let tx = tx.clone();
            async move {
                let _ = tx.send(body).await;
                axum::http::StatusCode::ACCEPTED
            }
        }),
    );
    let (stop, stopping) = watch::channel(false);
    let serve = infra::serve::serve_tls(listener, tls, router, until_stopped(stopping));
    tokio::spawn(serve);
    Requester {
        bodies,
        _stop: stop,
    }
}

/// A loopback port nothing listens on, below the ephemeral range
/// ([`infra::startup::free_loopback_port`]).
pub(crate) fn free_port() -> SocketAddr {
    infra::startup::free_loopback_port().unwrap()
}

/// Operator A enables P2 over HTTPS with `ReplyTo` on `port`; the card executes it and
/// notifies; the operation's identifier.
async fn enable_to_success(lab: &Lab, port: u16) -> String {
    let reply_to = format!("https://{}:{port}/cb", tls_host());
    let c = client(lab, Some("mno-a"));
    let answer = post_es4(lab, &c, enable_p2(lab, "mno-a", &reply_to)).await;
    assert_eq!(answer.unwrap().0, 202);
    let op = card_answers(lab, "9000").await;
    let n = notification(NotificationType::ProfileChangeSucceeded, 1, AID2);
    lab.smsr.default_notification(EID, &n).await.unwrap();
    op.id
}

/// Waits (within [`WITHIN`]) until the response of `id` is in `want`.
async fn reply_reaches(lab: &Lab, id: &str, want: impl Fn(ReplyState, u32) -> bool) {
    let wait = async {
        loop {
            if let Some((s, n)) = lab.smsr.reply_state(id).await.unwrap()
                && want(s, n)
            {
                return;
            }
            tokio::task::yield_now().await;
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(WITHIN, wait)
        .await
        .expect("reply state");
}

fn assert_enable_success(body: &str) {
    let env = Envelope::decode(body.as_bytes()).unwrap();
    assert_eq!(env.addressing.relates_to.as_deref(), Some("urn:uuid:77"));
    assert_eq!(
        env.addressing.action.as_deref(),
        ENABLE_PROFILE.callback_action
    );
    let r: EuiccResponse = ENABLE_PROFILE.decode_response(&env).unwrap();
    let s = &r.header.function_execution_status;
    assert_eq!(s.status, ExecutionStatus::ExecutedSuccess, "{body}");
}

#[tokio::test]
async fn the_response_is_posted_at_reply_to_once_the_operation_finishes() {
    let lab = Lab::with_eis().await;
    let addr = free_port();
    let mut mno = requester_on(addr).await;
    let id = enable_to_success(&lab, addr.port()).await;
    let body = tokio::time::timeout(WITHIN, mno.bodies.recv()).await;
    assert_enable_success(&body.expect("the response").unwrap());
    reply_reaches(&lab, &id, |s, n| s == ReplyState::Sent && n == 1).await;
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_requester_gets_its_response_when_it_comes_up() {
    let lab = Lab::with_eis().await;
    let addr = free_port();
    let id = enable_to_success(&lab, addr.port()).await;
    reply_reaches(&lab, &id, |s, n| s == ReplyState::Pending && n >= 2).await;
    let mut mno = requester_on(addr).await;
    let body = tokio::time::timeout(WITHIN, mno.bodies.recv()).await;
    assert_enable_success(&body.expect("the response").unwrap());
    reply_reaches(&lab, &id, |s, _| s == ReplyState::Sent).await;
    lab.smsr.shutdown().await;
}

#[tokio::test]
async fn a_response_never_taken_is_kept_as_failed_after_its_attempts() {
    let lab = Lab::with_eis_and_reply_attempts(3).await;
    let addr = free_port();
    let id = enable_to_success(&lab, addr.port()).await;
    reply_reaches(&lab, &id, |s, _| s == ReplyState::Failed).await;
    assert_eq!(
        lab.smsr.reply_state(&id).await.unwrap(),
        Some((ReplyState::Failed, 3))
    );
    let op = lab.smsr.operation(&id).await.unwrap().unwrap();
    assert_eq!(
        op.state,
        sm_sr::OperationState::Succeeded,
        "the operation is kept"
    );
    lab.smsr.shutdown().await;
}
