//! The SM-DS's credentials (SGP.22 4.5.2): CERT.DSauth.ECDSA with its key under each CI it
//! holds one for (one per curve set), CERT.DS.TLS (NIST P-256) for both listeners, and the
//! trusted CIs, which eUICC chains and ES12 callers' certificates chain to.

use certs::{CertRole, CiAnchor, Pki, SmdsSite, verify_cert};
use proto::crypto::SigningKey;

/// CERT.DSauth.ECDSA and its key, under one CI.
pub struct DsAuth {
    /// SKI of the CI it chains to (its `euiccCiPKId`).
    pub ci: Vec<u8>,
    pub cert: Vec<u8>,
    pub key: SigningKey,
}

/// What the SM-DS signs and presents with, and whom it trusts.
pub struct Credentials {
    /// DSauth per CI, NIST P-256 first.
    pub auth: Vec<DsAuth>,
    pub tls: infra::tls::Identity,
    /// dNSName entries of CERT.DS.TLS.
    pub tls_dns_names: Vec<String>,
    pub cis: Vec<CiAnchor>,
    /// The CIs (DER): roots of the ES12 callers' client certificates.
    pub ci_roots: Vec<Vec<u8>>,
}

pub use server::credentials::CredentialError;

impl Credentials {
    /// The credentials of the SM-DS of `site` in `pki`, checked: each DSauth and the DS TLS
    /// chain to one of the PKI's CIs with their role.
    pub fn from_pki(pki: &Pki, site: SmdsSite) -> Result<Credentials, CredentialError> {
        let cis = pki.ci_anchors()?;
        let mut auth = Vec::new();
        for curve in pki.smds_curves(site, CertRole::DsAuth) {
            let (cred, key) = pki.require_smds_key_on(site, CertRole::DsAuth, curve)?;
            let v =
                verify_cert(&cis, &cred.cert_der, CertRole::DsAuth, None).map_err(|source| {
                    CredentialError::Chain {
                        what: "CERT.DSauth.ECDSA",
                        source,
                    }
                })?;
            let key = SigningKey::new(key.clone()).map_err(|e| CredentialError::Key {
                what: "SK.DSauth.ECDSA",
                detail: e.to_string(),
            })?;
            auth.push(DsAuth {
                ci: v.ci_ski,
                cert: cred.cert_der.clone(),
                key,
            });
        }
        let (tls, tls_key) =
            pki.require_smds_key_on(site, CertRole::DsTls, proto::crypto::Curve::NistP256)?;
        let checked =
            verify_cert(&cis, &tls.cert_der, CertRole::DsTls, None).map_err(|source| {
                CredentialError::Chain {
                    what: "CERT.DS.TLS",
                    source,
                }
            })?;
        let key_pem = tls_key.to_sec1_pem().map_err(|e| CredentialError::Key {
            what: "SK.DS.TLS",
            detail: e.to_string(),
        })?;
        let ci_roots = pki
            .curves(CertRole::Ci)
            .into_iter()
            .filter_map(|c| pki.get_on(CertRole::Ci, c).map(|ci| ci.cert_der.clone()))
            .collect();
        Ok(Credentials {
            auth,
            tls: infra::tls::Identity {
                chain: vec![tls.cert_der.clone()],
                key_pem: key_pem.as_bytes().to_vec(),
            },
            tls_dns_names: checked.dns_names,
            cis,
            ci_roots,
        })
    }
}
