//! ES7 on the SM-SR's HTTPS listener ([`crate::es4::listener`]), SGP.02 2.3, 5.1: the peer
//! SM-SR authenticated by its TLS client certificate.
//!
//! ```text
//! POST https://<host>/gsma/smsr/ES7   client certificate CERT.SR.TLS under the CI
//!   wsa:To   = https://<host>/gsma/smsr/ES7
//!   wsa:From = the identifier of a [[peer]] whose URL's host is the certificate's
//!              commonName, else Failed 1.1/1.1
//! ```

use infra::serve::PeerCertificates;

/// The path ES7 requests are POSTed to.
pub const ES7_PATH: &str = "/gsma/smsr/ES7";

/// The commonName of the client certificate: a CERT.SR.TLS under the CI (role `SmSrTls`),
/// valid now.
pub(crate) fn smsr_of(anchors: &[certs::CiAnchor], peer: &PeerCertificates) -> Option<String> {
    crate::es3::listener::common_name_of(anchors, peer, certs::CertRole::SmSrTls)
}
