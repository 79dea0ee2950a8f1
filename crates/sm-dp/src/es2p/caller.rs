//! Who calls ES2+ (SGP.22 5.3, over mutually authenticated TLS): the operator id is the
//! commonName of the TLS client certificate, which must have the operator-client role under
//! the operator CA. It is verified on a connection's first request and kept for the
//! connection's later ones (a TLS 1.3 connection keeps the certificate it was opened with),
//! which check only that the certificate has not expired since.

use infra::serve::{ConnectionState, PeerCertificates};
use time::OffsetDateTime;

use super::Es2Error;
use crate::context::Context;

/// The client certificate chain of a request's TLS connection, and what the connection's
/// requests share.
pub(super) struct Caller {
    pub(super) peer: PeerCertificates,
    pub(super) conn: Option<ConnectionState>,
}

/// The operator a connection's certificate was verified as.
#[derive(Clone)]
struct VerifiedOperator {
    id: String,
    not_after: OffsetDateTime,
}

impl Caller {
    /// The operator this connection was verified as, while its certificate is valid at `now`.
    fn remembered(&self, now: OffsetDateTime) -> Option<String> {
        let v = self.conn.as_ref()?.get::<VerifiedOperator>()?;
        (now <= v.not_after).then_some(v.id)
    }

    /// Keeps the verified operator for the connection's later requests.
    fn remember(&self, id: &str, not_after: OffsetDateTime) {
        if let Some(conn) = &self.conn {
            conn.set(VerifiedOperator {
                id: id.to_string(),
                not_after,
            });
        }
    }
}

/// The operator id of the caller: its client certificate must be an operator certificate
/// under the operator CA (webpki already checked the chain during the handshake; this also
/// checks the role and the validity) with a commonName.
pub(super) fn operator(ctx: &Context, caller: &Caller) -> Result<String, Es2Error> {
    let now = OffsetDateTime::now_utc();
    if let Some(id) = caller.remembered(now) {
        return Ok(id);
    }
    let leaf = caller
        .peer
        .0
        .first()
        .ok_or_else(|| Es2Error::RequesterUnknown("no client certificate".into()))?;
    let v = certs::verify_cert(
        &ctx.creds.operator_anchors,
        leaf,
        certs::CertRole::OperatorClient,
        Some(now),
    )
    .map_err(|e| Es2Error::RequesterUnknown(e.to_string()))?;
    let id = v.subject_cn.filter(|cn| !cn.is_empty()).ok_or_else(|| {
        Es2Error::RequesterUnknown("client certificate without commonName".into())
    })?;
    caller.remember(&id, v.not_after);
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    fn caller(conn: Option<ConnectionState>) -> Caller {
        Caller {
            peer: PeerCertificates::default(),
            conn,
        }
    }

    #[test]
    fn a_connection_remembers_its_operator_until_the_certificate_expires() {
        let now = OffsetDateTime::now_utc();
        let conn = ConnectionState::default();
        let first = caller(Some(conn.clone()));
        assert_eq!(first.remembered(now), None);
        first.remember("operator1", now + Duration::hours(1));
        // A later request of the same connection.
        let later = caller(Some(conn));
        assert_eq!(later.remembered(now).as_deref(), Some("operator1"));
        assert_eq!(later.remembered(now + Duration::hours(2)), None);
        // Another connection knows nothing of it.
        assert_eq!(
            caller(Some(ConnectionState::default())).remembered(now),
            None
        );
    }

    #[test]
    fn without_connection_state_nothing_is_remembered() {
        let now = OffsetDateTime::now_utc();
        let c = caller(None);
        c.remember("operator1", now + Duration::hours(1));
        assert_eq!(c.remembered(now), None);
    }
}
