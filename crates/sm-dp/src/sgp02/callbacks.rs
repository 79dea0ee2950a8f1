//! The SM-DP's ES3 endpoint for what the SM-SR sends it (SGP.02 5.4): the asynchronous
//! responses to its requests, correlated by `wsa:RelatesTo`, and the Handle*Notification
//! calls, which move the profile in the inventory. The caller must present a CERT.SR.TLS
//! under the CI; a response is taken only from the SM-SR the request went to (the host of
//! its configured URL is the certificate's commonName).

use axum::http::StatusCode;
use infra::serve::PeerCertificates;
use soap::envelope::Envelope;
use soap::es3::Es3Callback;
use soap::notify::ProfileNotification;

use super::Sgp02;
use crate::state::ProfileState;
use crate::store::profiles;

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
    let moved = match &message {
        Es3Callback::ProfileEnabled(n) => Some((n, ProfileState::Enabled)),
        Es3Callback::ProfileDisabled(n) => Some((n, ProfileState::Disabled)),
        Es3Callback::ProfileDeleted(n) => Some((n, ProfileState::Deleted)),
        _ => None,
    };
    if let Some((n, state)) = moved {
        if let Err(e) = follow(s, n, state).await {
            tracing::warn!(error = %e, "an ES3 notification could not be recorded");
            return StatusCode::SERVICE_UNAVAILABLE;
        }
    }
    StatusCode::ACCEPTED
}

/// The profile of a notification takes `state` (SGP.02 5.4: HandleProfile*Notification).
async fn follow(
    s: &Sgp02,
    n: &ProfileNotification,
    state: ProfileState,
) -> Result<(), crate::store::StoreError> {
    let (iccid, eid) = (n.iccid.as_str().to_string(), n.eid.as_str().to_string());
    s.store
        .write(move |tx| {
            if profiles::profile(tx, &iccid)?.is_some() {
                profiles::set_state(tx, &iccid, state, Some(&eid), Some("ES3 notification"))?;
            }
            Ok(())
        })
        .await
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
