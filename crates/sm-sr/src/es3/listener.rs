//! ES3 on the SM-SR's HTTPS listener ([`crate::es4::listener`]), SGP.02 2.3, 5.1: the
//! SM-DP authenticated by its TLS client certificate.
//!
//! ```text
//! POST https://<host>/gsma/smsr/ES3   client certificate CERT.DP.TLS under the CI, CN = SM-DP-ID
//!   wsa:To   = https://<host>/gsma/smsr/ES3
//!   wsa:From = the SM-DP-ID of the certificate, else Failed 1.1/1.1
//! ```
//!
//! An operator's certificate on this path (or an SM-DP's on ES4's) names no requester: the
//! request is refused `1.1`/`1.1`, function requester unknown.

use infra::serve::PeerCertificates;

/// The path ES3 requests are POSTed to.
pub const ES3_PATH: &str = "/gsma/smsr/ES3";

/// The SM-DP-ID of the client certificate: a CERT.DP.TLS under the CI (role
/// `DpTls`), valid now, with a commonName.
pub(crate) fn smdp_of(anchors: &[certs::CiAnchor], peer: &PeerCertificates) -> Option<String> {
    common_name_of(anchors, peer, certs::CertRole::DpTls)
}

/// The commonName of the client certificate when it has `role` under `anchors` and is valid
/// now (webpki checked the chain in the handshake; this checks the role and takes the name).
pub(crate) fn common_name_of(
    anchors: &[certs::CiAnchor],
    peer: &PeerCertificates,
    role: certs::CertRole,
) -> Option<String> {
    let leaf = peer.0.first()?;
    let now = time::OffsetDateTime::now_utc();
    match certs::verify_cert(anchors, leaf, role, Some(now)) {
        Ok(v) => v.subject_cn.filter(|cn| !cn.is_empty()),
        Err(e) => {
            tracing::info!(error = %e, ?role, "client certificate not accepted");
            None
        }
    }
}
