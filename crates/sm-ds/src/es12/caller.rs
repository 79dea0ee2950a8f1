//! Who calls ES12 (SGP.22 5.9, over mutually authenticated TLS): an SM-DP+ by its
//! CERT.DP.TLS, or, over ES15 (5.10), an alternative SM-DS by its CERT.DS.TLS, under one of
//! the CIs the SM-DS trusts. The registrant of an event is named after the certificate.

use infra::serve::PeerCertificates;
use time::OffsetDateTime;

use super::Es12Error;
use crate::context::Context;

/// The verified caller of an ES12 function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registrant {
    /// `dp:<OID>` for an SM-DP+, `ds:<OID>` for an SM-DS (the registeredID of its TLS
    /// certificate, SGP.22 4.5.2.1.0.6), else `dp:<dNSName>`: what its events are stored
    /// under, so only it may delete them.
    pub id: String,
    /// dNSName entries of its certificate.
    pub dns_names: Vec<String>,
    /// Whether it is an SM-DS forwarding over ES15.
    pub is_smds: bool,
}

/// The caller of a request, from the first certificate of its TLS client chain (the
/// handshake already checked that the chain ends at a trusted CI; this checks the role and
/// the validity now).
pub(crate) fn registrant(ctx: &Context, peer: &PeerCertificates) -> Result<Registrant, Es12Error> {
    let leaf = peer
        .0
        .first()
        .ok_or_else(|| Es12Error::RequesterUnknown("no client certificate".into()))?;
    let now = Some(OffsetDateTime::now_utc());
    let (v, prefix) = match certs::verify_cert(&ctx.creds.cis, leaf, certs::CertRole::DpTls, now) {
        Ok(v) => (v, "dp"),
        Err(dp) => match certs::verify_cert(&ctx.creds.cis, leaf, certs::CertRole::DsTls, now) {
            Ok(v) => (v, "ds"),
            Err(_) => return Err(Es12Error::RequesterUnknown(dp.to_string())),
        },
    };
    let name = v
        .smdp_oid
        .clone()
        .or_else(|| v.dns_names.first().cloned())
        .ok_or_else(|| {
            Es12Error::RequesterUnknown("client certificate names no OID and no host".into())
        })?;
    Ok(Registrant {
        id: format!("{prefix}:{name}"),
        dns_names: v.dns_names,
        is_smds: prefix == "ds",
    })
}

/// Whether `address` (`host[:port]`) names one of the caller's hosts.
pub(crate) fn owns_address(r: &Registrant, address: &str) -> bool {
    let host = address
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(address, |(h, _)| h);
    r.dns_names.iter().any(|d| d.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_with_or_without_port_is_matched_by_host() {
        let r = Registrant {
            id: "dp:2.999.10".into(),
            dns_names: vec!["smdp.rsp-lab.test".into()],
            is_smds: false,
        };
        assert!(owns_address(&r, "smdp.rsp-lab.test"));
        assert!(owns_address(&r, "SMDP.rsp-lab.test:8443"));
        assert!(!owns_address(&r, "evil.test"));
        assert!(!owns_address(&r, "smdp.rsp-lab.test.evil.test"));
    }
}
