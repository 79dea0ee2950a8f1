//! The operator's endpoint for what the SM-SR (ES4) or the SM-DP (ES2) sends it: the
//! asynchronous responses at a request's `wsa:ReplyTo` (SGP.02 5, `RelatesTo` = the
//! request's `MessageID`, WS-Addressing 1.0 Core 3.4) and the one-way Handle*Notification
//! calls (SGP.02 5.3, 5.5); the messages read as `D` ([`Es4Callback`] by default).
//! HTTPS with the lab PKI's TLS server certificate (CERT.DP.TLS, under the CI the SM-SR's
//! outbox trusts); each POST read as an [`Es4Callback`] is handed over and answered `202`,
//! anything else `400`. Bodies are bounded by the router's default limit (2 MiB).

use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use soap::envelope::Envelope;
use soap::es4::Es4Callback;
use soap::operation::Dispatch;
use soap::status::ResponseHeader;
use tokio::sync::{mpsc, watch};

/// What one POST carried.
pub(crate) struct Received<D = Es4Callback> {
    /// `wsa:RelatesTo`: the request answered, for a response.
    pub relates_to: Option<String>,
    /// The message.
    pub message: D,
}

/// A running endpoint; it stops when dropped.
pub(crate) struct OperatorEndpoint<D = Es4Callback> {
    /// Where it listens.
    pub addr: SocketAddr,
    received: mpsc::Receiver<Received<D>>,
    _stop: watch::Sender<bool>,
}

/// Why the endpoint did not open.
#[derive(Debug, thiserror::Error)]
pub(crate) enum EndpointError {
    /// The PKI.
    #[error(transparent)]
    Pki(#[from] certs::PkiError),
    /// The TLS server key in the PKI.
    #[error("TLS server key: {0}")]
    Key(String),
    /// The TLS configuration.
    #[error(transparent)]
    Tls(#[from] infra::tls::TlsError),
    /// The listener.
    #[error("listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl<D: Dispatch + Send + 'static> OperatorEndpoint<D> {
    /// Listens on `listen` with a TLS server certificate of the PKI in `pki` that the
    /// SM-SR's client trusts (under the CI): the lab has no operator server certificate,
    /// so the endpoint presents CERT.DP.TLS (`smdp.rsp-lab.test`, `--reply-host`'s default).
    pub(crate) async fn open(pki: &Path, listen: SocketAddr) -> Result<Self, EndpointError> {
        let pki = certs::Pki::load_dir(pki)?;
        let (cred, key) = pki.require_key(certs::CertRole::DpTls)?;
        let identity = infra::tls::Identity {
            chain: vec![cred.cert_der.clone()],
            key_pem: key
                .to_sec1_pem()
                .map_err(|e| EndpointError::Key(e.to_string()))?
                .as_bytes()
                .to_vec(),
        };
        let tls = infra::tls::server_config(&identity, None)?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|source| EndpointError::Listen {
                addr: listen,
                source,
            })?;
        let addr = listener.local_addr().unwrap_or(listen);
        let (tx, received) = mpsc::channel(64);
        let router = Router::new().fallback(post(move |body: axum::body::Bytes| {
            let tx = tx.clone();
            async move { take(&tx, &body).await }
        }));
        let (stop, stopping) = watch::channel(false);
        let shutdown = infra::serve::until_stopped(stopping);
        tokio::spawn(infra::serve::serve_tls(listener, tls, router, shutdown));
        Ok(OperatorEndpoint {
            addr,
            received,
            _stop: stop,
        })
    }

    /// The next message received.
    pub(crate) async fn next(&mut self) -> Option<Received<D>> {
        self.received.recv().await
    }
}

/// One POST: `202` when it reads as a `D` (a callback or notification), else `400`.
async fn take<D: Dispatch>(tx: &mpsc::Sender<Received<D>>, body: &[u8]) -> StatusCode {
    let Ok(env) = Envelope::decode(body) else {
        return StatusCode::BAD_REQUEST;
    };
    let Ok(message) = D::decode(&env) else {
        return StatusCode::BAD_REQUEST;
    };
    let relates_to = env.addressing.relates_to.clone();
    match tx
        .send(Received {
            relates_to,
            message,
        })
        .await
    {
        Ok(()) => StatusCode::ACCEPTED,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// The response header of a response; `None` for a notification.
pub(crate) fn header(m: &Es4Callback) -> Option<&ResponseHeader> {
    use Es4Callback as C;
    match m {
        C::GetEis(r) | C::AuditEis(r) => Some(&r.header),
        C::EnableProfile(r) | C::DisableProfile(r) | C::DeleteProfile(r) => Some(&r.header),
        C::SetFallBackAttribute(r) => Some(&r.header),
        C::UpdatePolicyRules(r) | C::PrepareSmsrChange(r) | C::SmsrChange(r) => Some(&r.header),
        _ => None,
    }
}

/// The card's answer a response carries (`EuiccResponseData`), upper-case hex.
pub(crate) fn euicc_answer(m: &Es4Callback) -> Option<String> {
    use Es4Callback as C;
    match m {
        C::EnableProfile(r)
        | C::DisableProfile(r)
        | C::DeleteProfile(r)
        | C::SetFallBackAttribute(r) => r
            .euicc_response_data
            .as_ref()
            .map(|h| hex::encode_upper(&h.0)),
        _ => None,
    }
}

/// One JSON line: the function, and its fields (notification) or its outcome (response).
pub(crate) fn to_json(r: &Received) -> serde_json::Value {
    use Es4Callback as C;
    let function = r.message.operation().0.function;
    let profile = |n: &soap::notify::ProfileNotification| {
        serde_json::json!({
            "function": function, "eid": n.eid.as_ref(), "iccid": n.iccid.as_ref(),
            "completionTimeStamp": n.completion_timestamp,
        })
    };
    match &r.message {
        C::ProfileEnabled(n) | C::ProfileDisabled(n) | C::ProfileDeleted(n) => profile(n),
        C::SmsrChanged(n) => serde_json::json!({
            "function": function, "eid": n.eis.eid().as_str(),
            "completionTimeStamp": n.completion_timestamp,
        }),
        m => {
            let s = header(m).map(|h| &h.function_execution_status);
            let code = s.and_then(|s| s.status_code_data.as_ref());
            serde_json::json!({
                "function": format!("{function}Response"), "relatesTo": r.relates_to,
                "status": s.map(|s| soap::status::status_str(s.status)),
                "subjectCode": code.map(|c| &c.subject_code),
                "reasonCode": code.map(|c| &c.reason_code),
                "euiccResponseData": euicc_answer(m),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use soap::envelope::Addressing;
    use soap::notify::ProfileNotification;

    fn notification() -> Vec<u8> {
        let msg = ProfileNotification {
            eid: proto::ids::Eid::parse_lenient("89049032123451234512345678901235").unwrap(),
            iccid: proto::ids::Iccid::parse_lenient("8949449999999990023").unwrap(),
            completion_timestamp: "2026-01-01T00:00:00Z".into(),
        };
        let a = Addressing::request("https://op.test/es4", "sr-1", "urn:uuid:1");
        soap::es4::HANDLE_PROFILE_DELETED_NOTIFICATION
            .request(a, &msg)
            .encode()
            .into_bytes()
    }

    #[tokio::test]
    async fn a_notification_is_taken_202_and_anything_else_refused_400() {
        let (tx, mut rx) = mpsc::channel::<Received>(4);
        assert_eq!(take(&tx, &notification()).await, StatusCode::ACCEPTED);
        let r = rx.recv().await.unwrap();
        let line = to_json(&r);
        assert_eq!(line["function"], "HandleProfileDeletedNotification");
        assert_eq!(line["iccid"], "8949449999999990023");
        assert_eq!(take(&tx, b"<not-soap/>").await, StatusCode::BAD_REQUEST);
        assert_eq!(take(&tx, &[0xFF; 64]).await, StatusCode::BAD_REQUEST);
        assert!(rx.try_recv().is_err(), "nothing handed over for a refusal");
    }
}
