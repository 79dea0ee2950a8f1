//! The SM-DP's ES3 endpoint for what the SM-SR sends it (SGP.02 5.4): the asynchronous
//! responses to its requests, correlated by `wsa:RelatesTo`, and the Handle*Notification
//! calls, which move the profile in the inventory and are forwarded to the profile's
//! operator over ES2 (SGP.02 5.3) through the outbox, when it has an ES2 endpoint
//! (`[sgp02.operators.<id>]`); the SM-SR's call is answered `202` once both are committed. The caller must present a CERT.SR.TLS
//! under the CI; a response is taken only from the SM-SR the request went to (the host of
//! its configured URL is the certificate's commonName).

use axum::http::StatusCode;
use infra::serve::PeerCertificates;
use soap::envelope::Addressing;
use soap::envelope::Envelope;
use soap::es2;
use soap::es3::Es3Callback;
use soap::notify::{ProfileNotification, SmsrChangeNotification};
use soap::operation::Operation;

use super::Sgp02;
use crate::state::ProfileState;
use crate::store::outbox::{self, OutboxKind};
use crate::store::{StoreError, profiles};

/// The path the SM-SRs POST to.
pub const ES3_CALLBACK_PATH: &str = "/gsma/smdp/ES3";

/// One POST: `202` when taken, `403` without an SM-SR's certificate, `400` for what is not
/// an ES3 message.
pub(crate) async fn handle(s: &Sgp02, peer: &PeerCertificates, body: &[u8]) -> StatusCode {
    let Some(host) = smsr_of(s, peer) else {
        return StatusCode::FORBIDDEN;
    };
    let Ok(env) = Envelope::decode(body) else {
        return StatusCode::BAD_REQUEST;
    };
    let Ok(message) = Es3Callback::decode(&env) else {
        return StatusCode::BAD_REQUEST;
    };
    if env.addressing.relates_to.is_some() {
        if !s.es3.awaited.deliver(env, &host) {
            // Late (after the wait ended) or not ours: taken, so the SM-SR stops retrying.
            tracing::info!(smsr = %host, function = message.operation().0.function, "ES3 response not awaited");
        }
        return StatusCode::ACCEPTED;
    }
    let recorded = match &message {
        Es3Callback::ProfileEnabled(n) => follow(s, n, ProfileState::Enabled).await,
        Es3Callback::ProfileDisabled(n) => follow(s, n, ProfileState::Disabled).await,
        Es3Callback::ProfileDeleted(n) => follow(s, n, ProfileState::Deleted).await,
        Es3Callback::SmsrChanged(n) => smsr_changed(s, n).await,
        _ => Ok(()),
    };
    if let Err(e) = recorded {
        tracing::warn!(error = %e, "an ES3 notification could not be recorded");
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    s.outbox_wakeup.notify_one();
    StatusCode::ACCEPTED
}

/// The profile of a notification takes `state` (SGP.02 5.4: HandleProfile*Notification),
/// and its operator is owed the ES2 notification (SGP.02 5.3), in one transaction.
async fn follow(s: &Sgp02, n: &ProfileNotification, state: ProfileState) -> Result<(), StoreError> {
    let (iccid, eid) = (n.iccid.as_str().to_string(), n.eid.as_str().to_string());
    let op = match state {
        ProfileState::Enabled => es2::HANDLE_PROFILE_ENABLED_NOTIFICATION,
        ProfileState::Disabled => es2::HANDLE_PROFILE_DISABLED_NOTIFICATION,
        _ => es2::HANDLE_PROFILE_DELETED_NOTIFICATION,
    };
    let forward = Forward::new(s, op, n.clone());
    s.store
        .write(move |tx| {
            if profiles::profile(tx, &iccid)?.is_none() {
                return Ok(());
            }
            profiles::set_state(tx, &iccid, state, Some(&eid), Some("ES3 notification"))?;
            forward.owe(tx, std::slice::from_ref(&iccid))
        })
        .await
}

/// HandleSMSRChangeNotification: owed to the operators of the EIS's profiles the SM-DP has.
async fn smsr_changed(s: &Sgp02, n: &SmsrChangeNotification) -> Result<(), StoreError> {
    let iccids: Vec<String> = n
        .eis
        .profiles
        .iter()
        .map(|p| p.iccid.as_str().to_string())
        .collect();
    let forward = Forward::new(s, es2::HANDLE_SMSR_CHANGE_NOTIFICATION, n.clone());
    s.store.write(move |tx| forward.owe(tx, &iccids)).await
}

/// An ES2 notification to forward to the operators owning some profiles.
struct Forward<M> {
    op: Operation,
    message: M,
    smdp_id: String,
    /// The operators with an ES2 endpoint, and its URL.
    endpoints: Vec<(String, String)>,
}

impl<M: soap::message::Parts> Forward<M> {
    fn new(s: &Sgp02, op: Operation, message: M) -> Self {
        let endpoints = s
            .config
            .operators
            .iter()
            .map(|(id, e)| (id.clone(), e.notify_url.clone()))
            .collect();
        Forward {
            op,
            message,
            smdp_id: s.smdp_id.clone(),
            endpoints,
        }
    }

    /// Queues the notification once for each operator that owns one of `iccids` and has an
    /// ES2 endpoint (the outbox delivers it, SGP.02 5.3).
    fn owe(&self, tx: &mut crate::store::Tx<'_>, iccids: &[String]) -> Result<(), StoreError> {
        let mut owners = Vec::new();
        for iccid in iccids {
            let Some(p) = profiles::profile(tx, iccid)? else {
                continue;
            };
            if let Some(t) = profiles::profile_type(tx, &p.profile_type)?
                && !owners.contains(&t.operator)
            {
                owners.push(t.operator);
            }
        }
        for owner in owners {
            let Some((_, url)) = self.endpoints.iter().find(|(id, _)| *id == owner) else {
                continue;
            };
            let id = format!("urn:uuid:{}", crate::store::new_id()?);
            let a = Addressing::request(url, &self.smdp_id, id);
            let body = self.op.request(a, &self.message).encode();
            outbox::push_kind(tx, OutboxKind::Es2Notification, &owner, &body)?;
        }
        Ok(())
    }
}

/// The commonName of a CERT.SR.TLS under the CI, valid now.
fn smsr_of(s: &Sgp02, peer: &PeerCertificates) -> Option<String> {
    let leaf = peer.0.first()?;
    let now = time::OffsetDateTime::now_utc();
    let role = certs::CertRole::SmSrTls;
    match certs::verify_cert(&s.creds.ci_anchors, leaf, role, Some(now)) {
        Ok(v) => v.subject_cn.filter(|cn| !cn.is_empty()),
        Err(e) => {
            tracing::info!(error = %e, "not an SM-SR's certificate on ES3");
            None
        }
    }
}
